package engine

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net"
	"os"
	"testing"

	"github.com/go-sql-driver/mysql"
	"github.com/partnerd/partnerd"
)

// mysqlInput returns a mysql connection's input for the database of
// PARTNERD_TEST_MYSQL (a go-sql-driver DSN such as
// root@tcp(127.0.0.1:3307)/partnerd_test), and a fresh table in it that
// the test drops at its end; it skips the test when the variable is not
// set.
func mysqlInput(t *testing.T) (partnerd.ConnectionInput, string) {
	t.Helper()
	dsn := os.Getenv("PARTNERD_TEST_MYSQL")
	if dsn == "" {
		t.Skip("PARTNERD_TEST_MYSQL is not set")
	}
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		t.Fatal(err)
	}
	host, port, _ := net.SplitHostPort(cfg.Addr)
	in := partnerd.ConnectionInput{"host": host, "port": port, "database": cfg.DBName,
		"username": cfg.User, "password": cfg.Passwd, "tls": "false"}
	b := make([]byte, 4)
	rand.Read(b)
	table := "conn_test_" + hex.EncodeToString(b)
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.Exec("DROP TABLE IF EXISTS " + table)
		db.Close()
	})
	_, err = db.ExecContext(t.Context(), "CREATE TABLE "+table+` (id int AUTO_INCREMENT PRIMARY KEY, email varchar(100) UNIQUE NOT NULL,
		name text, score decimal(10,2), active boolean DEFAULT true, tags json, created timestamp DEFAULT CURRENT_TIMESTAMP)`)
	if err != nil {
		t.Fatal(err)
	}
	return in, table
}

// TestMySQLActions checks every action against a real table, with a value
// that would break SQL spliced into it stored intact.
func TestMySQLActions(t *testing.T) {
	in, table := mysqlInput(t)
	const evil = `Robert'); DROP TABLE students;-- "x" \' :email ? #`
	email := pill("workato_webhooks", "trigger", "email")
	name := pill("workato_webhooks", "trigger", "name")
	my := func(n int, act, as string, input map[string]any) map[string]any {
		return action(n, "mysql", act, as, input)
	}
	h := newHarness(t)
	h.withConnections(t, &partnerd.Connection{ID: 5, Name: "DB", Provider: "mysql", Input: in})
	r := h.addConnected(1, "mysql", 5, webhookTrigger(
		my(1, "insert_row", "ins", map[string]any{"table": table, "columns": map[string]any{"email": email, "name": name,
			"score": "=1.5", "tags": map[string]any{"a": "b"}}}),
		my(2, "select_rows", "sel", map[string]any{"table": table, "where": "email = :email AND name = :name AND `name` <> ':name'",
			"parameters": map[string]any{"email": email, "name": name}, "order_by": "id desc", "limit": "10"}),
		my(3, "upsert_row", "ups", map[string]any{"table": table, "unique_key": "email", "email": email, "score": "7", "id": "=nil.presence || skip"}),
		my(4, "update_rows", "upd", map[string]any{"table": table, "where": "email = :email",
			"parameters": map[string]any{"email": email}, "columns": map[string]any{"active": "=false"}}),
		my(5, "run_custom_sql", "sql", map[string]any{"sql": "/* count */ SELECT count(*) AS n, max(score) AS top FROM " + table +
			" WHERE name = :name AND NOT active", "parameters": map[string]any{"name": name}}),
		my(6, "delete_rows", "del", map[string]any{"table": table, "where": "id = :id AND email = :email",
			"parameters": map[string]any{"email": email, "id": pill("mysql", "ins", "id")}}),
		my(7, "run_custom_sql", "count", map[string]any{"sql": "UPDATE " + table + " SET score = 0"}),
	))
	res := h.run(t, r, `{"email":"r@example.com","name":`+jsonString(evil)+`}`)
	wantStatus(t, res, partnerd.JobSucceeded, "")
	ins := stepOutput(t, res, 1)
	if ins["name"] != evil || ins["email"] != "r@example.com" || ins["score"] != 1.5 || ins["active"] != float64(1) || ins["id"] == nil {
		t.Errorf("inserted row = %v", ins)
	}
	sel := stepOutput(t, res, 2)
	rows, _ := sel["rows"].([]any)
	if sel["rows_count"] != float64(1) || len(rows) != 1 || rows[0].(map[string]any)["name"] != evil {
		t.Errorf("selected = %v", sel)
	}
	if ups := stepOutput(t, res, 3); ups["score"] != float64(7) || ups["name"] != evil || ups["id"] != ins["id"] {
		t.Errorf("upserted row = %v", ups)
	}
	if upd := stepOutput(t, res, 4); upd["rows_count"] != float64(1) {
		t.Errorf("updated = %v", upd)
	}
	sql := stepOutput(t, res, 5)
	if rows, _ := sql["rows"].([]any); len(rows) != 1 || rows[0].(map[string]any)["n"] != float64(1) || rows[0].(map[string]any)["top"] != float64(7) {
		t.Errorf("custom sql = %v", sql)
	}
	if del := stepOutput(t, res, 6); del["rows_count"] != float64(1) {
		t.Errorf("deleted = %v", del)
	}
	if count := stepOutput(t, res, 7); count["rows_count"] != float64(0) || count["rows"] != nil {
		t.Errorf("custom update = %v", count)
	}
}

// TestMySQLErrors checks that failures name the error number and SQL
// state, and that a missing bind variable and a bad name fail before the
// database.
func TestMySQLErrors(t *testing.T) {
	in, table := mysqlInput(t)
	h := newHarness(t)
	h.withConnections(t, &partnerd.Connection{ID: 5, Name: "DB", Provider: "mysql", Input: in})
	for i, c := range []struct {
		step map[string]any
		want string
	}{
		{map[string]any{"table": table, "columns": map[string]any{"name": "no email"}}, "MySQL error 1364 (SQL state HY000)"},
		{map[string]any{"table": table + "_missing", "columns": map[string]any{"email": "x"}}, "MySQL error 1146 (SQL state 42S02)"},
		{map[string]any{"table": table, "where": "email = :email"}, "Bind variable :email has no value"},
		{map[string]any{"table": "", "columns": map[string]any{"email": "x"}}, "Table is required"},
	} {
		act := "insert_row"
		if _, ok := c.step["where"]; ok {
			act = "select_rows"
		}
		res := h.run(t, h.addConnected(int64(10+i), "mysql", 5, webhookTrigger(action(1, "mysql", act, "x", c.step))), `{}`)
		wantStatus(t, res, partnerd.JobFailed, c.want)
	}
}
