package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/partnerd/partnerd/client"
)

// TestOnPremTunnel is the proof of the tunnel: a local PostgreSQL stands
// for the customer's database, reachable only through a real "partnerd
// agent" process that reads a Workato config.yml. A recipe of the
// customer's workspace inserts and selects rows through the agent, whose
// lines name the agent; a
// connection naming a profile the agent lacks fails with the agent's
// refusal; another workspace cannot name the group; and once the agent is
// killed, a step fails after the bounded wait with an error naming the
// group. The agent's HTTP profile reaches a local HTTP service the same
// way, and a path that would leave the profile's base URL is refused. It
// runs when PARTNERD_TEST_POSTGRES names a database.
func TestOnPremTunnel(t *testing.T) {
	db, u, table := customerTable(t, "opa_orders", "id serial PRIMARY KEY, item text NOT NULL, qty int NOT NULL")
	ctx := t.Context()
	if _, err := db.Exec(ctx, `INSERT INTO `+table+` (item, qty) VALUES ('bolt', 3)`); err != nil {
		t.Fatal(err)
	}

	m := MustRunMain(t, tempDB(t), func(m *Main) { m.Config.AgentWait = 300 * time.Millisecond })
	c := newClient(m, bootstrapToken)
	mu := MustCreateCustomer(t, c, "Acme", "acme-opa").Ref()
	other := MustCreateCustomer(t, c, "Other", "other-opa").Ref()
	group, err := c.CreateOnPremGroup(ctx, mu, "Warehouse")
	if err != nil {
		t.Fatal(err)
	}
	a, err := c.CreateOnPremAgent(ctx, mu, client.CreateOnPremAgentParams{Name: "warehouse-1", OS: "linux", OnPremGroupID: group.ID})
	if err != nil {
		t.Fatal(err)
	}
	code, err := c.OnPremActivationCode(ctx, mu, a.ID)
	if err != nil {
		t.Fatal(err)
	}

	// The agent's config.yml, in Workato's format, names the database.
	pass, _ := u.User.Password()
	configYML := fmt.Sprintf("database:\n  warehouse_db:\n    adapter: postgresql\n    host: %s\n    port: %s\n    database: %s\n    username: %s\n    password: %q\n    sslmode: %s\n",
		u.Hostname(), u.Port(), strings.TrimPrefix(u.Path, "/"), u.User.Username(), pass, u.Query().Get("sslmode"))
	erp := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.URL.Path != "/erp/orders" || r.Header.Get("X-Tenant") != "acme" {
			http.Error(w, "outside the base: "+r.URL.Path, http.StatusForbidden)
			return
		}
		json.NewEncoder(w).Encode(map[string]any{"seen": r.Method + " " + r.URL.Path + "?" + r.URL.RawQuery, "body": string(body)})
	}))
	defer erp.Close()
	configYML += "http:\n  erp_api:\n    base_url: " + erp.URL + "/erp\n    headers:\n      X-Tenant: acme\n"
	dir := t.TempDir()
	configPath := filepath.Join(dir, "config.yml")
	if err := os.WriteFile(configPath, []byte(configYML), 0o600); err != nil {
		t.Fatal(err)
	}
	proc := startAgent(t, "--server", m.AgentURL(), "--code", code.Code, "--profiles", configPath, "--state-dir", filepath.Join(dir, "state"))
	eventually(t, "the agent is active", 10*time.Second, func() bool {
		active, err := c.OnPremAgentActive(ctx, mu, a.ID)
		return err == nil && active
	})

	// The connection names the group and the profile; it holds no
	// credentials of the database.
	conn, err := c.CreateConnection(ctx, mu, client.CreateConnectionParams{Provider: "postgresql", Name: "Warehouse DB",
		OnPremGroupID: group.ID, Input: map[string]any{"profile": "warehouse_db"}})
	if err != nil {
		t.Fatal(err)
	}
	item := "=" + datapill("workato_recipe_function", "trigger", "parameters", "item")
	config := []client.RecipeConfig{{Provider: "workato_recipe_function"}, {Provider: "postgresql", AccountID: &conn.ID}}
	code2 := callableCode(
		map[string]any{"number": 1, "keyword": "action", "provider": "postgresql", "name": "insert_row", "as": "ins",
			"input": map[string]any{"table": table, "columns": map[string]any{"item": item, "qty": 7}}},
		map[string]any{"number": 2, "keyword": "action", "provider": "postgresql", "name": "select_rows", "as": "sel",
			"input": map[string]any{"table": table, "where": "item = :item OR id = :id", "order_by": "id",
				"parameters": map[string]any{"item": "bolt", "id": "=" + datapill("postgresql", "ins", "id")}}},
		map[string]any{"number": 3, "keyword": "action", "provider": "workato_recipe_function", "name": "return_result", "as": "reply",
			"input": map[string]any{"result": map[string]any{"rows": "=" + datapill("postgresql", "sel", "rows")}}},
	)
	id, err := c.CreateRecipe(ctx, mu, client.RecipeParams{Name: "Orders", Config: config, Code: code2})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.StartRecipe(ctx, mu, id); err != nil {
		t.Fatal(err)
	}
	const evil = `nut'); DROP TABLE orders; --`
	run := func(recipe int64) *client.JobDetail {
		t.Helper()
		job, err := c.TestTriggerRecipe(ctx, recipe, client.TestTriggerParams{
			Output: map[string]any{"parameters": map[string]any{"item": evil}}, Wait: true, Timeout: "20s"})
		if err != nil {
			t.Fatal(err)
		}
		return job
	}
	job := run(id)
	var result struct {
		Rows []struct {
			Item string
			Qty  int
		}
	}
	json.Unmarshal(job.Result, &result)
	if job.Status != "succeeded" || len(result.Rows) != 2 || result.Rows[0].Item != "bolt" || result.Rows[1].Item != evil || result.Rows[1].Qty != 7 {
		t.Fatalf("job %s %s %s", job.Status, job.Result, errText(job.Error))
	}
	for _, l := range job.Lines {
		if want := l.Provider != nil && *l.Provider == "postgresql"; (l.Agent != nil) != want ||
			want && (l.Agent.ID != a.ID || l.Agent.Name != "warehouse-1") {
			t.Errorf("line %d: agent %+v", l.Number, l.Agent)
		}
	}
	var stored int
	if err := db.QueryRow(ctx, `SELECT count(*) FROM `+table+` WHERE item = $1`, evil).Scan(&stored); err != nil || stored != 1 {
		t.Errorf("rows stored through the agent: %d, %v", stored, err)
	}

	testOnPremHTTP(t, c, mu, group.ID, a.ID)

	if metrics := getMetrics(t, m); !strings.Contains(metrics, "partnerd_agent_operations_in_flight 0") {
		t.Errorf("/metrics does not show the operations in flight:\n%s", grepLines(metrics, "agent"))
	}

	// A connection naming a profile the agent does not have fails with
	// the agent's refusal, which names the profile.
	unknown, err := c.CreateConnection(ctx, mu, client.CreateConnectionParams{Provider: "postgresql", Name: "Elsewhere",
		OnPremGroupID: group.ID, Input: map[string]any{"profile": "payroll_db"}})
	if err != nil {
		t.Fatal(err)
	}
	refused, err := c.CreateRecipe(ctx, mu, client.RecipeParams{Name: "Payroll", Code: code2,
		Config: []client.RecipeConfig{{Provider: "workato_recipe_function"}, {Provider: "postgresql", AccountID: &unknown.ID}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.StartRecipe(ctx, mu, refused); err != nil {
		t.Fatal(err)
	}
	if job := run(refused); job.Status != "failed" || !strings.Contains(errText(job.Error), `"payroll_db"`) {
		t.Errorf("unknown profile: job %s %s", job.Status, errText(job.Error))
	}

	// Another workspace cannot name the group.
	if _, err := c.CreateConnection(ctx, other, client.CreateConnectionParams{Provider: "postgresql", Name: "Theirs",
		OnPremGroupID: group.ID, Input: map[string]any{"profile": "warehouse_db"}}); err == nil {
		t.Error("a connection of another workspace named the group")
	}

	// With no active agent, the step fails after the bounded wait with an
	// error naming the group.
	if err := proc.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the agent is inactive", 10*time.Second, func() bool {
		active, err := c.OnPremAgentActive(ctx, mu, a.ID)
		return err == nil && !active
	})
	if job := run(id); job.Status != "failed" || !strings.Contains(errText(job.Error), `"Warehouse"`) {
		t.Errorf("no agent: job %s %s", job.Status, errText(job.Error))
	}
}

// errText is a job's error, or "".
func errText(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// testOnPremHTTP runs a rest step of a connection naming the group and
// the agent's HTTP profile: the request reaches the profile's base URL with
// the profile's headers, its line names the agent, and a path that would
// leave the base fails with the agent's refusal.
func testOnPremHTTP(t *testing.T, c *client.Client, mu client.WorkspaceRef, groupID, agentID int64) {
	t.Helper()
	ctx := t.Context()
	conn, err := c.CreateConnection(ctx, mu, client.CreateConnectionParams{Provider: "rest", Name: "ERP",
		OnPremGroupID: groupID, Input: map[string]any{"profile": "erp_api"}})
	if err != nil {
		t.Fatal(err)
	}
	path := "=" + datapill("workato_recipe_function", "trigger", "parameters", "item")
	code := callableCode(
		map[string]any{"number": 1, "keyword": "action", "provider": "rest", "name": "make_request_v2", "as": "call",
			"input": map[string]any{"request": map[string]any{"method": "POST", "url": path, "query": map[string]any{"q": "1"},
				"body": map[string]any{"qty": 2}}}},
		map[string]any{"number": 2, "keyword": "action", "provider": "workato_recipe_function", "name": "return_result", "as": "reply",
			"input": map[string]any{"result": map[string]any{"body": "=" + datapill("rest", "call", "body")}}},
	)
	id, err := c.CreateRecipe(ctx, mu, client.RecipeParams{Name: "ERP orders", Code: code,
		Config: []client.RecipeConfig{{Provider: "workato_recipe_function"}, {Provider: "rest", AccountID: &conn.ID}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.StartRecipe(ctx, mu, id); err != nil {
		t.Fatal(err)
	}
	run := func(path string) *client.JobDetail {
		t.Helper()
		job, err := c.TestTriggerRecipe(ctx, id, client.TestTriggerParams{
			Output: map[string]any{"parameters": map[string]any{"item": path}}, Wait: true, Timeout: "20s"})
		if err != nil {
			t.Fatal(err)
		}
		return job
	}
	job := run("/orders")
	var result struct{ Body struct{ Seen, Body string } }
	json.Unmarshal(job.Result, &result)
	if job.Status != "succeeded" || result.Body.Seen != "POST /erp/orders?q=1" || result.Body.Body != `{"qty":2}` {
		t.Fatalf("job %s %s %s", job.Status, job.Result, errText(job.Error))
	}
	for _, l := range job.Lines {
		if l.Provider != nil && *l.Provider == "rest" && (l.Agent == nil || l.Agent.ID != agentID) {
			t.Errorf("line %d: agent %+v", l.Number, l.Agent)
		}
	}
	for _, escape := range []string{"../secret", "%2e%2e/secret", "//evil.example/x"} {
		if job := run(escape); job.Status != "failed" || !strings.Contains(errText(job.Error), "base URL") {
			t.Errorf("%s: job %s %s", escape, job.Status, errText(job.Error))
		}
	}
}
