package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/partnerd/partnerd/client"
)

// TestRecipeMySQLStep runs a recipe that writes a row to MySQL and reads
// it back, with a value that would break SQL spliced into it; it runs when
// PARTNERD_TEST_MYSQL names a database.
func TestRecipeMySQLStep(t *testing.T) {
	dsn := os.Getenv("PARTNERD_TEST_MYSQL")
	if dsn == "" {
		t.Skip("PARTNERD_TEST_MYSQL is not set")
	}
	t.Parallel()
	ctx := t.Context()
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Passwd == "" {
		t.Skip("PARTNERD_TEST_MYSQL has no password, which a connection needs")
	}
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	table := fmt.Sprintf("e2e_notes_%d", time.Now().UnixNano())
	if _, err := db.ExecContext(ctx, `CREATE TABLE `+table+` (id int AUTO_INCREMENT PRIMARY KEY, body text NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	defer db.Exec(`DROP TABLE ` + table)

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
