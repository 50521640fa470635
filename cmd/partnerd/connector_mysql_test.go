package main

import (
	"encoding/json"
	"net"
	"testing"

	"github.com/partnerd/partnerd/client"
)

// TestRecipeMySQLStep runs a recipe that writes a row to MySQL and reads
// it back, with a value that would break SQL spliced into it; it runs when
// PARTNERD_TEST_MYSQL names a database.
func TestRecipeMySQLStep(t *testing.T) {
	db, cfg, table := customerMySQLTable(t, "e2e_notes", "id int AUTO_INCREMENT PRIMARY KEY, body text NOT NULL")
	ctx := t.Context()

	m := MustRunMain(t, tempDB(t), nil)
	c := newClient(m, bootstrapToken)
	mu := MustCreateCustomer(t, c, "MySQL Inc", "my-1").Ref()
	host, port, _ := net.SplitHostPort(cfg.Addr)
	conn, err := c.CreateConnection(ctx, mu, client.CreateConnectionParams{Provider: "mysql", Name: "DB",
		Input: map[string]any{"host": host, "port": port, "database": cfg.DBName, "username": cfg.User, "password": cfg.Passwd, "tls": "false"}})
	if err != nil {
		t.Fatal(err)
	}
	body := "=" + datapill("workato_recipe_function", "trigger", "parameters", "body")
	config := []client.RecipeConfig{{Provider: "workato_recipe_function"}, {Provider: "mysql", AccountID: &conn.ID}}
	id, err := c.CreateRecipe(ctx, mu, client.RecipeParams{Name: "Notes", Config: config, Code: callableCode(
		map[string]any{"number": 1, "keyword": "action", "provider": "mysql", "name": "insert_row", "as": "ins",
			"input": map[string]any{"table": table, "columns": map[string]any{"body": body}}},
		map[string]any{"number": 2, "keyword": "action", "provider": "mysql", "name": "select_rows", "as": "sel",
			"input": map[string]any{"table": table, "where": "id = :id",
				"parameters": map[string]any{"id": "=" + datapill("mysql", "ins", "id")}}},
		map[string]any{"number": 3, "keyword": "action", "provider": "workato_recipe_function", "name": "return_result", "as": "reply",
			"input": map[string]any{"result": map[string]any{"rows": "=" + datapill("mysql", "sel", "rows")}}},
	)})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.StartRecipe(ctx, mu, id); err != nil {
		t.Fatal(err)
	}
	const evil = `x'); DROP TABLE notes; -- \' ? :id`
	job, err := c.TestTriggerRecipe(ctx, id, client.TestTriggerParams{
		Output: map[string]any{"parameters": map[string]any{"body": evil}}, Wait: true, Timeout: "20s"})
	if err != nil {
		t.Fatal(err)
	}
	var result struct{ Rows []struct{ Body string } }
	json.Unmarshal(job.Result, &result)
	if job.Status != "succeeded" || len(result.Rows) != 1 || result.Rows[0].Body != evil {
		t.Fatalf("job %s %s %v", job.Status, job.Result, *job.Error)
	}
	var stored string
	if err := db.QueryRowContext(ctx, `SELECT body FROM `+table).Scan(&stored); err != nil || stored != evil {
		t.Errorf("stored %q, %v", stored, err)
	}
}
