package store_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/partnerd/partnerd/store"
	"github.com/partnerd/partnerd/store/storetest"
)

// TestSnapshotSchema checks on each database that snapshots cover a table
// added later by construction, when it reaches the workspaces of its
// account through NOT NULL foreign keys, and refuse a schema with a table
// that belongs to no account and is not recorded as global.
func TestSnapshotSchema(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		testSnapshotSchema(t, mustOpen(t, filepath.Join(t.TempDir(), "partnerd.db")))
	})
	t.Run("postgres", func(t *testing.T) {
		dsn, ok := storetest.PostgresURL(t)
		if !ok {
			t.Skip(storetest.PostgresEnv + " is not set")
		}
		testSnapshotSchema(t, mustOpen(t, dsn))
	})
}

func testSnapshotSchema(t *testing.T, db *store.DB) {
	ctx := t.Context()
	for _, stmt := range []string{
		`CREATE TABLE widgets (id BIGINT PRIMARY KEY, workspace_id BIGINT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE, name TEXT)`,
		`CREATE TABLE widget_parts (widget_id BIGINT NOT NULL REFERENCES widgets (id) ON DELETE CASCADE, part TEXT, PRIMARY KEY (widget_id, part))`,
		`CREATE TABLE widget_notes (id BIGINT PRIMARY KEY, widget_id BIGINT REFERENCES widgets (id), note TEXT)`,
		`CREATE TABLE catalogue (id BIGINT PRIMARY KEY, name TEXT)`,
	} {
		if err := db.ExecSchema(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	_, err := db.SnapshotTables(ctx)
	if err == nil || !strings.Contains(err.Error(), "catalogue, widget_notes belong to no account") {
		t.Fatalf("SnapshotTables = %v, want an error naming catalogue and widget_notes (a nullable key does not reach an account)", err)
	}
	if _, err := db.CreateSnapshot(ctx, 1); err == nil {
		t.Fatal("a snapshot of a schema with stray tables succeeded")
	}
	for _, stmt := range []string{`DROP TABLE widget_notes`, `DROP TABLE catalogue`} {
		if err := db.ExecSchema(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	tables, err := db.SnapshotTables(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if i, j := slices.Index(tables, "widgets"), slices.Index(tables, "widget_parts"); i < 0 || j < i {
		t.Errorf("snapshot tables %v lack widgets before widget_parts", tables)
	}
}
