package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/partnerd/partnerd/client"
)

// TestOnPremMySQL is the proof of MySQL through the tunnel: a MariaDB
// stands for the customer's database, reachable through a real "partnerd
// agent" process whose Workato config.yml names it with adapter mysql. A
// recipe of the customer's workspace inserts, upserts and selects rows
// through the agent, a value full of quotes, escapes, placeholders and
// comment marks is stored intact, and a row of decimals, times, a
// boolean, bytes and JSON reads back through the agent as it does over a
// direct mysql connection. A profile the agent lacks is refused, and so
// is a postgresql step on the mysql profile. It runs when
// PARTNERD_TEST_MYSQL names a database.
func TestOnPremMySQL(t *testing.T) {
	db, cfg, table := customerMySQLTable(t, "opa_items", `id int AUTO_INCREMENT PRIMARY KEY, code varchar(40) UNIQUE NOT NULL,
		body text, price decimal(10,2), flag tinyint(1), seen datetime(6), data blob, doc json`)
	ctx := t.Context()
	raw := []byte{0xff, 0x00, 'a', 0x80, '\'', 0x5c}
	if _, err := db.ExecContext(ctx, `INSERT INTO `+table+` (code, body, price, flag, seen, data, doc) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		"typed", "plain", "1234.50", true, time.Date(2026, 3, 4, 5, 6, 7, 891000000, time.UTC), raw, `{"n": 1.5, "list": [1, "two", null], "ok": true}`); err != nil {
		t.Fatal(err)
	}

	m := MustRunMain(t, tempDB(t), func(m *Main) { m.Config.AgentWait = 300 * time.Millisecond })
	c := newClient(m, bootstrapToken)
	mu := MustCreateCustomer(t, c, "Shop", "shop-opm").Ref()
	group, err := c.CreateOnPremGroup(ctx, mu, "Shop floor")
	if err != nil {
		t.Fatal(err)
	}
	a, err := c.CreateOnPremAgent(ctx, mu, client.CreateOnPremAgentParams{Name: "shop-1", OS: "linux", OnPremGroupID: group.ID})
	if err != nil {
		t.Fatal(err)
	}
	code, err := c.OnPremActivationCode(ctx, mu, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	host, port, _ := net.SplitHostPort(cfg.Addr)
	configYML := fmt.Sprintf("database:\n  shop_db:\n    adapter: mysql\n    host: %s\n    port: %s\n    database: %s\n    username: %s\n    password: %q\n",
		host, port, cfg.DBName, cfg.User, cfg.Passwd)
	dir := t.TempDir()
	configPath := filepath.Join(dir, "config.yml")
	if err := os.WriteFile(configPath, []byte(configYML), 0o600); err != nil {
		t.Fatal(err)
	}
	startAgent(t, "--server", m.AgentURL(), "--code", code.Code, "--profiles", configPath, "--state-dir", filepath.Join(dir, "state"))
	eventually(t, "the agent is active", 10*time.Second, func() bool {
		active, err := c.OnPremAgentActive(ctx, mu, a.ID)
		return err == nil && active
	})

	connect := func(provider, name string, input map[string]any, onPrem bool) int64 {
		t.Helper()
		p := client.CreateConnectionParams{Provider: provider, Name: name, Input: input}
		if onPrem {
			p.OnPremGroupID = group.ID
		}
		conn, err := c.CreateConnection(ctx, mu, p)
		if err != nil {
			t.Fatal(err)
		}
		return conn.ID
	}
	viaAgent := connect("mysql", "Shop DB", map[string]any{"profile": "shop_db"}, true)
	direct := connect("mysql", "Shop DB direct", map[string]any{"host": host, "port": port, "database": cfg.DBName,
		"username": cfg.User, "password": cfg.Passwd, "tls": "false"}, false)
	param := func(name string) string {
		return "=" + datapill("workato_recipe_function", "trigger", "parameters", name)
	}
	recipe := func(name, provider string, conn int64, steps ...any) int64 {
		t.Helper()
		config := []client.RecipeConfig{{Provider: "workato_recipe_function"}, {Provider: provider, AccountID: &conn}}
		id, err := c.CreateRecipe(ctx, mu, client.RecipeParams{Name: name, Config: config, Code: callableCode(steps...)})
		if err != nil {
			t.Fatal(err)
		}
		if err := c.StartRecipe(ctx, mu, id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	run := func(recipe int64, params map[string]any) *client.JobDetail {
		t.Helper()
		job, err := c.TestTriggerRecipe(ctx, recipe, client.TestTriggerParams{
			Output: map[string]any{"parameters": params}, Wait: true, Timeout: "30s"})
		if err != nil {
			t.Fatal(err)
		}
		return job
	}
	reply := func(n int, result map[string]any) map[string]any {
		return map[string]any{"number": n, "keyword": "action", "provider": "workato_recipe_function", "name": "return_result",
			"as": "reply", "input": map[string]any{"result": result}}
	}

	// A recipe writes through the agent: an insert, an upsert on the
	// unique code, and a select of the row by the id the insert answered.
	const evil = `it's "quoted" \' \\' ? ?? :code :name # hash -- dash /* c */ '); DROP TABLE items; --`
	writer := recipe("Write through the agent", "mysql", viaAgent,
		map[string]any{"number": 1, "keyword": "action", "provider": "mysql", "name": "insert_row", "as": "ins",
			"input": map[string]any{"table": table, "columns": map[string]any{"code": param("code"), "body": param("body"),
				"price": "=2.5", "flag": "=true", "seen": "=\"2026-01-02T03:04:05Z\".to_time"}}},
		map[string]any{"number": 2, "keyword": "action", "provider": "mysql", "name": "upsert_row", "as": "ups",
			"input": map[string]any{"table": table, "unique_key": "code", "code": param("code"), "price": "7.25"}},
		map[string]any{"number": 3, "keyword": "action", "provider": "mysql", "name": "select_rows", "as": "sel",
			"input": map[string]any{"table": table, "where": "id = :id AND body = :body AND code <> ':code'",
				"parameters": map[string]any{"id": "=" + datapill("mysql", "ins", "id"), "body": param("body")}}},
		reply(4, map[string]any{"ins": "=" + datapill("mysql", "ins"), "ups": "=" + datapill("mysql", "ups"),
			"rows": "=" + datapill("mysql", "sel", "rows")}),
	)
	job := run(writer, map[string]any{"code": "w-1", "body": evil})
	var written struct {
		Ins, Ups struct {
			ID    int64
			Body  string
			Price float64
		}
		Rows []struct {
			Body  string
			Price float64
			Flag  int
			Seen  string
		}
	}
	json.Unmarshal(job.Result, &written)
	if job.Status != "succeeded" || written.Ins.ID == 0 || written.Ins.Body != evil || written.Ins.Price != 2.5 ||
		written.Ups.ID != written.Ins.ID || written.Ups.Price != 7.25 || written.Ups.Body != evil ||
		len(written.Rows) != 1 || written.Rows[0].Body != evil || written.Rows[0].Flag != 1 || !strings.HasPrefix(written.Rows[0].Seen, "2026-01-02T03:04:05") {
		t.Fatalf("job %s %s %s", job.Status, job.Result, errText(job.Error))
	}
	for _, l := range job.Lines {
		if want := l.Provider != nil && *l.Provider == "mysql"; (l.Agent != nil) != want ||
			want && (l.Agent.ID != a.ID || l.Agent.Name != "shop-1") {
			t.Errorf("line %d: agent %+v", l.Number, l.Agent)
		}
	}
	var stored string
	if err := db.QueryRowContext(ctx, `SELECT body FROM `+table+` WHERE code = 'w-1'`).Scan(&stored); err != nil || stored != evil {
		t.Errorf("stored through the agent: %q, %v", stored, err)
	}

	// The typed row reads back through the agent as over a direct
	// connection, its bytes exactly.
	readSteps := []any{
		map[string]any{"number": 1, "keyword": "action", "provider": "mysql", "name": "run_custom_sql", "as": "sel",
			"input": map[string]any{"sql": "SELECT *, data AS bytes_again, 1.50 AS literal, NOW() > seen AS later FROM " + table +
				" WHERE code = :code # the code\n-- and only it", "parameters": map[string]any{"code": param("code")}}},
		reply(2, map[string]any{"rows": "=" + datapill("mysql", "sel", "rows"),
			"data64": "=" + datapill("mysql", "sel", "rows") + ".first['data'].encode_base64"}),
	}
	through := run(recipe("Read through the agent", "mysql", viaAgent, readSteps...), map[string]any{"code": "typed"})
	straight := run(recipe("Read directly", "mysql", direct, readSteps...), map[string]any{"code": "typed"})
	if through.Status != "succeeded" || straight.Status != "succeeded" || !bytes.Equal(through.Result, straight.Result) {
		t.Fatalf("through the agent: %s %s %s\ndirectly: %s %s %s", through.Status, through.Result, errText(through.Error),
			straight.Status, straight.Result, errText(straight.Error))
	}
	var typed struct{ Data64 string }
	json.Unmarshal(through.Result, &typed)
	if typed.Data64 != base64.StdEncoding.EncodeToString(raw) {
		t.Errorf("bytes through the agent = %q, want %q (%s)", typed.Data64, base64.StdEncoding.EncodeToString(raw), through.Result)
	}
	for _, want := range []string{`"price":1234.5`, `"seen":"2026-03-04T05:06:07.891`, `"flag":1`, `"literal":1.5`} {
		if !strings.Contains(string(through.Result), want) {
			t.Errorf("result through the agent lacks %s: %s", want, through.Result)
		}
	}

	// A connection naming a profile the agent lacks fails with the
	// agent's refusal, which names the profile.
	unknown := recipe("Unknown profile", "mysql", connect("mysql", "Elsewhere", map[string]any{"profile": "payroll_db"}, true), readSteps...)
	if job := run(unknown, map[string]any{"code": "typed"}); job.Status != "failed" || !strings.Contains(errText(job.Error), `"payroll_db"`) {
		t.Errorf("unknown profile: job %s %s", job.Status, errText(job.Error))
	}

	// A postgresql step on the mysql profile is refused by the agent
	// before any statement runs.
	pgOnMySQL := recipe("PostgreSQL on MySQL", "postgresql", connect("postgresql", "Wrong adapter", map[string]any{"profile": "shop_db"}, true),
		map[string]any{"number": 1, "keyword": "action", "provider": "postgresql", "name": "select_rows", "as": "sel",
			"input": map[string]any{"table": table}})
	if job := run(pgOnMySQL, map[string]any{}); job.Status != "failed" || !strings.Contains(errText(job.Error), `"shop_db" is a mysql database: a postgresql step cannot run on it`) {
		t.Errorf("postgresql on the mysql profile: job %s %s", job.Status, errText(job.Error))
	}
}
