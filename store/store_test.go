package store_test

import (
	"path/filepath"
	"testing"

	"github.com/partnerd/partnerd/store"
	"github.com/partnerd/partnerd/store/storetest"
)

// TestStore runs the suite on SQLite, on a file and in memory, and on
// PostgreSQL when PARTNERD_TEST_POSTGRES holds a URL. Under the race
// detector it leaves out SQLite in memory, whose code the file's run
// covers, as the suite is the slowest part of CI there.
func TestStore(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		storetest.Run(t, func(tb testing.TB) *store.DB {
			return mustOpen(tb, filepath.Join(tb.TempDir(), "partnerd.db"))
		})
	})
	t.Run("sqlite-memory", func(t *testing.T) {
		if raceDetector {
			t.Skip("the file's run covers it under the race detector")
		}
		storetest.Run(t, func(tb testing.TB) *store.DB { return mustOpen(tb, ":memory:") })
	})
	t.Run("postgres", func(t *testing.T) {
		if _, ok := storetest.PostgresURL(t); !ok {
			t.Skip(storetest.PostgresEnv + " is not set")
		}
		storetest.Run(t, func(tb testing.TB) *store.DB {
			dsn, _ := storetest.PostgresURL(tb)
			return mustOpen(tb, dsn)
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
