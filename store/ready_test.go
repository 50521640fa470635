package store_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store/storetest"
)

// TestWritesStopWithTheFile checks that once the SQLite file is deleted
// or replaced under a running store, readiness fails and every write is
// refused rather than acknowledged into a file no later start opens, while
// reads go on.
func TestWritesStopWithTheFile(t *testing.T) {
	for how, change := range map[string]func(path string) error{
		"deleted": os.Remove,
		"replaced": func(path string) error {
			if err := os.WriteFile(path+".new", nil, 0o600); err != nil {
				return err
			}
			return os.Rename(path+".new", path)
		},
		"moved": func(path string) error { return os.Rename(path, path+".moved") },
	} {
		t.Run(how, func(t *testing.T) {
			ctx := t.Context()
			path := filepath.Join(t.TempDir(), "partnerd.db")
			db := mustOpen(t, path)
			storetest.MustCreateAccount(t, db, "A", "a@example.com")
			if err := db.Ready(ctx); err != nil {
				t.Fatalf("ready before: %v", err)
			}
			if err := change(path); err != nil {
				t.Fatal(err)
			}
			if err := db.Ready(ctx); partnerd.ErrorCode(err) != partnerd.EUNAVAILABLE {
				t.Errorf("ready after the file was %s: %v, want EUNAVAILABLE", how, err)
			}
			_, _, err := db.CreateAccount(ctx, &partnerd.NewAccount{Name: "B", Email: "b@example.com", ClientName: "B",
				TokenHash: partnerd.HashSecret("b")})
			if partnerd.ErrorCode(err) != partnerd.EUNAVAILABLE {
				t.Errorf("a write after the file was %s: %v, want EUNAVAILABLE", how, err)
			}
			if n, err := db.CountAccounts(ctx); err != nil || n != 1 {
				t.Errorf("a read after the file was %s: %d, %v", how, n, err)
			}
		})
	}
}

// TestReady checks that a store that takes writes is ready, in memory too.
func TestReady(t *testing.T) {
	for _, dsn := range []string{":memory:", filepath.Join(t.TempDir(), "partnerd.db")} {
		db := mustOpen(t, dsn)
		for range 2 {
			if err := db.Ready(t.Context()); err != nil {
				t.Errorf("%s: %v", dsn, err)
			}
		}
	}
}
