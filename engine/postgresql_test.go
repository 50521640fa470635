package engine

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/partnerd/partnerd"
)

// postgresInput returns a postgresql connection's input for the database
// of PARTNERD_TEST_POSTGRES, and a fresh table in it that the test drops
// at its end; it skips the test when the variable is not set.
func postgresInput(t *testing.T) (partnerd.ConnectionInput, string) {
	t.Helper()
	dsn := os.Getenv("PARTNERD_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("PARTNERD_TEST_POSTGRES is not set")
	}
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	pass, _ := u.User.Password()
	in := partnerd.ConnectionInput{"host": u.Hostname(), "port": u.Port(), "database": strings.TrimPrefix(u.Path, "/"),
		"username": u.User.Username(), "password": pass, "sslmode": u.Query().Get("sslmode")}
	b := make([]byte, 4)
	rand.Read(b)
	table := "conn_test_" + hex.EncodeToString(b)
	conn, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	_, err = conn.Exec(t.Context(), `CREATE TABLE `+table+` (id serial PRIMARY KEY, email text UNIQUE NOT NULL,
		name text, score numeric, active boolean DEFAULT true, tags jsonb, created timestamptz DEFAULT now())`)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if conn, err := pgx.Connect(context.Background(), dsn); err == nil {
			conn.Exec(context.Background(), `DROP TABLE IF EXISTS `+table)
			conn.Close(context.Background())
		}
	})
	return in, table
}

// TestPostgresActions checks every action against a real table, with a
// value that would break SQL spliced into it stored intact.
func TestPostgresActions(t *testing.T) {
	in, table := postgresInput(t)
	const evil = `Robert'); DROP TABLE students;-- "x" :email $1`
	email := pill("workato_webhooks", "trigger", "email")
	name := pill("workato_webhooks", "trigger", "name")
	pg := func(n int, act, as string, input map[string]any) map[string]any {
		return action(n, "postgresql", act, as, input)
	}
	h := newHarness(t)
	h.withConnections(t, &partnerd.Connection{ID: 5, Name: "DB", Provider: "postgresql", Input: in})
	r := h.addConnected(1, "postgresql", 5, webhookTrigger(
		pg(1, "insert_row", "ins", map[string]any{"table": table, "columns": map[string]any{"email": email, "name": name,
			"score": "=1.5", "tags": map[string]any{"a": "b"}}}),
		pg(2, "select_rows", "sel", map[string]any{"table": table, "where": "email = :email AND name = :name",
			"parameters": map[string]any{"email": email, "name": name}, "order_by": "id desc", "limit": "10"}),
		pg(3, "upsert_row", "ups", map[string]any{"table": table, "unique_key": "email", "email": email, "score": "7", "id": "=nil.presence || skip"}),
		pg(4, "update_rows", "upd", map[string]any{"table": table, "where": "email = :email",
			"parameters": map[string]any{"email": email}, "columns": map[string]any{"active": "=false"}}),
		pg(5, "run_custom_sql", "sql", map[string]any{"sql": "SELECT count(*) AS n, max(score) AS top FROM " + table +
			" WHERE name = :name AND NOT active", "parameters": map[string]any{"name": name}}),
		pg(6, "delete_rows", "del", map[string]any{"table": table, "where": "id = :id AND email = :email",
			"parameters": map[string]any{"email": email, "id": pill("postgresql", "ins", "id")}}),
		pg(7, "run_custom_sql", "count", map[string]any{"sql": "UPDATE " + table + " SET score = 0"}),
	))
	res := h.run(t, r, `{"email":"r@example.com","name":`+jsonString(evil)+`}`)
	wantStatus(t, res, partnerd.JobSucceeded, "")
	ins := stepOutput(t, res, 1)
	if ins["name"] != evil || ins["email"] != "r@example.com" || ins["score"] != 1.5 || ins["active"] != true || ins["id"] == nil {
		t.Errorf("inserted row = %v", ins)
	}
	if tags, _ := ins["tags"].(map[string]any); tags["a"] != "b" {
		t.Errorf("inserted tags = %v", ins["tags"])
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

// TestPostgresErrors checks that failures name the SQL state, and that a
// missing bind variable and a bad name fail before the database.
func TestPostgresErrors(t *testing.T) {
	in, table := postgresInput(t)
	h := newHarness(t)
	h.withConnections(t, &partnerd.Connection{ID: 5, Name: "DB", Provider: "postgresql", Input: in})
	for i, c := range []struct {
		step map[string]any
		want string
	}{
		{map[string]any{"table": table, "columns": map[string]any{"name": "no email"}}, "PostgreSQL error 23502"},
		{map[string]any{"table": table + "_missing", "columns": map[string]any{"email": "x"}}, "PostgreSQL error 42P01"},
		{map[string]any{"table": table, "where": "email = :email"}, "Bind variable :email has no value"},
		{map[string]any{"table": "", "columns": map[string]any{"email": "x"}}, "Table is required"},
	} {
		act := "insert_row"
		if _, ok := c.step["where"]; ok {
			act = "select_rows"
		}
		res := h.run(t, h.addConnected(int64(10+i), "postgresql", 5, webhookTrigger(action(1, "postgresql", act, "x", c.step))), `{}`)
		wantStatus(t, res, partnerd.JobFailed, c.want)
	}
}

func jsonString(s string) string {
	b := strings.Builder{}
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}
