package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"sync"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// PostgresEnv names the variable that holds the URL of the test database.
const PostgresEnv = "PARTNERD_TEST_POSTGRES"

var (
	adminOnce sync.Once
	adminDB   *sql.DB
	adminErr  error
)

// PostgresURL returns the URL of a fresh schema of the PostgreSQL database
// named by PARTNERD_TEST_POSTGRES, dropped when tb ends, and false when the
// variable is not set. Several stores may open the URL at once, as
// replicas of one database do.
func PostgresURL(tb testing.TB) (string, bool) {
	tb.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		return "", false
	}
	adminOnce.Do(func() {
		if adminDB, adminErr = sql.Open("pgx", base); adminErr == nil {
			adminErr = adminDB.PingContext(context.Background())
		}
	})
	if adminErr != nil {
		tb.Fatalf("connect to %s: %v", PostgresEnv, adminErr)
	}
	b := make([]byte, 8)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	if _, err := adminDB.ExecContext(tb.Context(), `CREATE SCHEMA `+schema); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if _, err := adminDB.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), true
}
