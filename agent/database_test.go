package agent

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/partnerd/partnerd"
)

// connectDatabaseAgent runs an agent whose profile db names the database
// of PARTNERD_TEST_POSTGRES, and returns a connection of the test to that
// database; it skips the test when the variable is not set.
func connectDatabaseAgent(t *testing.T, e *testEnv) *pgx.Conn {
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
	config := fmt.Sprintf("database:\n  db:\n    adapter: postgresql\n    host: %s\n    port: %s\n    database: %s\n    username: %s\n    password: %q\n    sslmode: %s\n",
		u.Hostname(), u.Port(), strings.TrimPrefix(u.Path, "/"), u.User.Username(), pass, u.Query().Get("sslmode"))
	a := e.newAgent(t)
	if a.Databases, err = ParseDatabases([]byte(config)); err != nil {
		t.Fatal(err)
	}
	if err := a.Enrol(t.Context(), e.code(t)); err != nil {
		t.Fatal(err)
	}
	run(t, a)
	waitFor(t, "the agent is live", 10*time.Second, func() bool {
		_, ok := e.server.InFlight()[e.agent.ID]
		return ok
	})
	db, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close(context.Background()) })
	return db
}

// TestAgentStreamsRows checks that a statement's rows reach the server
// whole through rows messages, that the request's limit holds, and that a
// result past partnerd.OnPremMaxResult fails with the error asking for
// fewer rows. It runs when PARTNERD_TEST_POSTGRES names a database.
func TestAgentStreamsRows(t *testing.T) {
	e := newTestEnv(t, patient)
	connectDatabaseAgent(t, e)
	ctx := t.Context()
	op := partnerd.OnPremOperation{Action: "select_rows", SQL: "SELECT g AS id, 'row ' || g AS body FROM generate_series(1, $1::int) g",
		Args: []any{int64(10_000)}, MaxRows: 10_000}
	res, err := e.server.Exec(ctx, e.ws, e.agent.GroupID, "db", op)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 10_000 || len(res.Columns) != 2 || res.Rows[9999][1] != "row 10000" {
		t.Fatalf("%d rows, columns %v", len(res.Rows), res.Columns)
	}
	for i, row := range res.Rows {
		if row[1] != fmt.Sprintf("row %d", i+1) {
			t.Fatalf("row %d = %v", i, row)
		}
	}
	op.MaxRows = 2500
	if res, err := e.server.Exec(ctx, e.ws, e.agent.GroupID, "db", op); err != nil || len(res.Rows) != 2500 {
		t.Fatalf("at most 2,500 rows: %v", err)
	}
	big := partnerd.OnPremOperation{Action: "select_rows", SQL: "SELECT repeat('x', 1000000) FROM generate_series(1, 40)", MaxRows: 100}
	_, err = e.server.Exec(ctx, e.ws, e.agent.GroupID, "db", big)
	if err == nil || !strings.Contains(err.Error(), "select fewer rows or columns") {
		t.Errorf("a result of 40 MB: %v", err)
	}
	if res, err := e.server.Exec(ctx, e.ws, e.agent.GroupID, "db", op); err != nil || len(res.Rows) != 2500 {
		t.Fatalf("after the large result: %v", err)
	}
}

// TestAgentCancelStopsStatement checks that a step that ends while its
// statement runs stops the statement in the customer's database, not only
// the wait for it: pg_sleep(30) is gone from pg_stat_activity long before
// 30 s. It runs when PARTNERD_TEST_POSTGRES names a database.
func TestAgentCancelStopsStatement(t *testing.T) {
	e := newTestEnv(t, patient)
	db := connectDatabaseAgent(t, e)
	marker := fmt.Sprintf("cancel_%d", time.Now().UnixNano())
	running := func() bool {
		var n int
		if err := db.QueryRow(t.Context(), `SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%'||$1||'%' AND pid <> pg_backend_pid()`,
			marker).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n > 0
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	start := time.Now()
	go func() {
		_, err := e.server.Exec(ctx, e.ws, e.agent.GroupID, "db", partnerd.OnPremOperation{Action: "select_rows",
			SQL: "SELECT pg_sleep(30) /* " + marker + " */", MaxRows: 1})
		done <- err
	}()
	waitFor(t, "the statement runs", 10*time.Second, running)
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Exec = %v", err)
	}
	waitFor(t, "the statement stops", 15*time.Second, func() bool { return !running() })
	t.Logf("pg_sleep(30) stopped %v after it started", time.Since(start).Round(time.Millisecond))
}
