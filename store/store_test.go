package store_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/partnerd/partnerd/store"
	"github.com/partnerd/partnerd/store/storetest"
)

// TestStore runs the suite on SQLite, on a file and in memory, and on
// PostgreSQL when PARTNERD_TEST_POSTGRES holds a URL.
func TestStore(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		storetest.Run(t, func(tb testing.TB) *store.DB {
			return mustOpen(tb, filepath.Join(tb.TempDir(), "partnerd.db"))
		})
	})
	t.Run("sqlite-memory", func(t *testing.T) {
		storetest.Run(t, func(tb testing.TB) *store.DB { return mustOpen(tb, ":memory:") })
	})
	t.Run("postgres", func(t *testing.T) {
		base := os.Getenv("PARTNERD_TEST_POSTGRES")
		if base == "" {
			t.Skip("PARTNERD_TEST_POSTGRES is not set")
		}
		admin, err := sql.Open("pgx", base)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { admin.Close() })
		if err := admin.PingContext(t.Context()); err != nil {
			t.Fatalf("connect to PARTNERD_TEST_POSTGRES: %v", err)
		}
		storetest.Run(t, func(tb testing.TB) *store.DB {
			return mustOpen(tb, freshSchema(tb, admin, base))
		})
	})
}

// mustOpen opens and migrates the store at dsn and closes it when tb ends.
func mustOpen(tb testing.TB, dsn string) *store.DB {
	tb.Helper()
	db, err := store.Open(tb.Context(), dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Error(err)
		}
	})
	if err := db.Migrate(tb.Context()); err != nil {
		tb.Fatal(err)
	}
	return db
}

// freshSchema creates a schema of its own for tb, dropped when tb ends, and
// returns base with search_path set to it. The drop is registered before the
// store opens, so it runs after the store is closed.
func freshSchema(tb testing.TB, admin *sql.DB, base string) string {
	tb.Helper()
	b := make([]byte, 8)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(tb.Context(), `CREATE SCHEMA `+schema); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if _, err := admin.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`); err != nil {
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
	return u.String()
}
