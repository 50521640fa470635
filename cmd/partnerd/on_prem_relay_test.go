package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/partnerd/partnerd/client"
	"github.com/partnerd/partnerd/store/storetest"
)

// TestOnPremRelay runs two replicas on one PostgreSQL database with a real
// "partnerd agent" connected to the second only. Jobs that run on the
// first (a test trigger that waits runs its job on the replica it asks)
// insert and select rows through the agent, by way of the database the
// replicas share, and their lines name the agent; the relayed operations
// leave no rows behind. A third replica, without an agent listener, relays
// its steps the same way. Once the agent is gone, a step on the first
// replica fails after the bounded wait with the error naming the group.
func TestOnPremRelay(t *testing.T) {
	dsn, ok := storetest.PostgresURL(t)
	if !ok {
		t.Skip(storetest.PostgresEnv + " is not set")
	}
	base := os.Getenv(storetest.PostgresEnv)
	ctx := t.Context()
	db, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close(context.Background())
	table := fmt.Sprintf("opa_relay_%d", time.Now().UnixNano())
	if _, err := db.Exec(ctx, `CREATE TABLE `+table+` (id serial PRIMARY KEY, item text NOT NULL, qty int NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	defer db.Exec(context.Background(), `DROP TABLE `+table)

	var one, two *Main
	var wg sync.WaitGroup
	wg.Add(2)
	for _, m := range []**Main{&one, &two} {
		go func() {
			defer wg.Done()
			*m = MustRunMain(t, dsn, func(m *Main) { m.Config.AgentWait = time.Second })
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	c := newClient(one, bootstrapToken)
	mu := MustCreateCustomer(t, c, "Relayed", "relayed").Ref()
	group, err := c.CreateOnPremGroup(ctx, mu, "Warehouse")
	if err != nil {
		t.Fatal(err)
	}
	a, err := c.CreateOnPremAgent(ctx, mu, client.CreateOnPremAgentParams{Name: "warehouse-b", OS: "linux", OnPremGroupID: group.ID})
	if err != nil {
		t.Fatal(err)
	}
	code, err := c.OnPremActivationCode(ctx, mu, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	proc := startAgent(t, "--server", two.AgentURL(), "--code", code.Code, "--profiles", writeAgentConfig(t, base),
		"--state-dir", filepath.Join(t.TempDir(), "state"))
	eventually(t, "the agent is active", 15*time.Second, func() bool {
		active, err := c.OnPremAgentActive(ctx, mu, a.ID)
		return err == nil && active
	})
	if one.agents.Connected() != 0 || two.agents.Connected() != 1 {
		t.Fatalf("agents connected: %d to the first replica, %d to the second", one.agents.Connected(), two.agents.Connected())
	}

	conn, err := c.CreateConnection(ctx, mu, client.CreateConnectionParams{Provider: "postgresql", Name: "Warehouse DB",
		OnPremGroupID: group.ID, Input: map[string]any{"profile": "warehouse_db"}})
	if err != nil {
		t.Fatal(err)
	}
	item := "=" + datapill("workato_recipe_function", "trigger", "parameters", "item")
	id, err := c.CreateRecipe(ctx, mu, client.RecipeParams{Name: "Orders",
		Config: []client.RecipeConfig{{Provider: "workato_recipe_function"}, {Provider: "postgresql", AccountID: &conn.ID}},
		Code: callableCode(
			map[string]any{"number": 1, "keyword": "action", "provider": "postgresql", "name": "insert_row", "as": "ins",
				"input": map[string]any{"table": table, "columns": map[string]any{"item": item, "qty": 7}}},
			map[string]any{"number": 2, "keyword": "action", "provider": "postgresql", "name": "select_rows", "as": "sel",
				"input": map[string]any{"table": table, "where": "id = :id", "parameters": map[string]any{"id": "=" + datapill("postgresql", "ins", "id")}}},
			map[string]any{"number": 3, "keyword": "action", "provider": "workato_recipe_function", "name": "return_result", "as": "reply",
				"input": map[string]any{"result": map[string]any{"rows": "=" + datapill("postgresql", "sel", "rows")}}},
		)})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.StartRecipe(ctx, mu, id); err != nil {
		t.Fatal(err)
	}
	run := func(item string) *client.JobDetail {
		t.Helper()
		job, err := c.TestTriggerRecipe(ctx, id, client.TestTriggerParams{
			Output: map[string]any{"parameters": map[string]any{"item": item}}, Wait: true, Timeout: "30s"})
		if err != nil {
			t.Fatal(err)
		}
		return job
	}
	for i := range 3 {
		job := run(fmt.Sprintf("bolt-%d", i))
		var result struct {
			Rows []struct {
				Item string
				Qty  int
			}
		}
		json.Unmarshal(job.Result, &result)
		if job.Status != "succeeded" || len(result.Rows) != 1 || result.Rows[0].Item != fmt.Sprintf("bolt-%d", i) || result.Rows[0].Qty != 7 {
			t.Fatalf("job %d: %s %s %s", i, job.Status, job.Result, errText(job.Error))
		}
		for _, l := range job.Lines {
			if want := l.Provider != nil && *l.Provider == "postgresql"; (l.Agent != nil) != want ||
				want && (l.Agent.ID != a.ID || l.Agent.Name != "warehouse-b") {
				t.Errorf("job %d line %d: agent %+v", i, l.Number, l.Agent)
			}
		}
	}
	// A replica without an agent listener relays its steps too.
	bare := MustRunMain(t, dsn, func(m *Main) { m.Config.AgentAddr = "" })
	job, err := newClient(bare, bootstrapToken).TestTriggerRecipe(ctx, id, client.TestTriggerParams{
		Output: map[string]any{"parameters": map[string]any{"item": "washer"}}, Wait: true, Timeout: "30s"})
	if err != nil {
		t.Fatal(err)
	}
	if job.Status != "succeeded" || !strings.Contains(string(job.Result), "washer") {
		t.Errorf("a job on the replica without an agent listener: %s %s %s", job.Status, job.Result, errText(job.Error))
	}
	var stored int
	if err := db.QueryRow(ctx, `SELECT count(*) FROM `+table).Scan(&stored); err != nil || stored != 4 {
		t.Errorf("rows stored through the agent: %d, %v", stored, err)
	}
	replicaDB, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer replicaDB.Close(context.Background())
	var left int
	if err := replicaDB.QueryRow(ctx, `SELECT count(*) FROM on_prem_relays`).Scan(&left); err != nil || left != 0 {
		t.Errorf("relayed operations left: %d, %v", left, err)
	}

	if err := proc.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the agent is inactive", 15*time.Second, func() bool {
		active, err := c.OnPremAgentActive(ctx, mu, a.ID)
		return err == nil && !active
	})
	if job := run("nut"); job.Status != "failed" || !strings.Contains(errText(job.Error), `"Warehouse"`) ||
		!strings.Contains(errText(job.Error), "no active agent") {
		t.Errorf("no agent: job %s %s", job.Status, errText(job.Error))
	}
}
