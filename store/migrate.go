package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

//go:embed migrations
var migrations embed.FS

// migrationLock is the PostgreSQL advisory lock that keeps replicas starting
// together from migrating at once.
const migrationLock = 7264534

// Migrate applies every embedded migration of the dialect that the database
// has not recorded, each in its own transaction. A shipped file is never
// edited: a change is a new file.
func (db *DB) Migrate(ctx context.Context) error {
	if db.IsPostgres() {
		// Replicas that start together take turns, the lock held by one
		// connection for the whole run.
		lock, err := db.write.Conn(ctx)
		if err != nil {
			return err
		}
		defer lock.Close()
		if _, err := lock.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
			return fmt.Errorf("lock migrations: %w", err)
		}
		defer lock.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, migrationLock)
	}
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	dir := "migrations/" + db.dialect.name
	names, err := fs.Glob(migrations, dir+"/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		if err := db.migrateFile(ctx, name); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}

func (db *DB) migrateFile(ctx context.Context, path string) error {
	name := path[strings.LastIndexByte(path, '/')+1:]
	body, err := migrations.ReadFile(path)
	if err != nil {
		return err
	}
	return db.inTx(ctx, func(tx conn) error {
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE name = ?`, name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		if _, err := tx.q.ExecContext(ctx, string(body)); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `INSERT INTO schema_migrations (name) VALUES (?)`, name)
		return err
	})
}
