package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"github.com/partnerd/partnerd"
)

var _ partnerd.PropertyService = (*DB)(nil)

// FindProperties returns the workspace's properties whose names start with
// prefix.
func (db *DB) FindProperties(ctx context.Context, workspaceID int64, prefix string) (map[string]string, error) {
	if !partnerd.ValidText(prefix) {
		return nil, partnerd.FieldError("prefix", "is invalid")
	}
	rows, err := db.reader().query(ctx, `SELECT name, value FROM properties
		WHERE workspace_id = ? AND substr(name, 1, ?) = ?`, workspaceID, len([]rune(prefix)), prefix)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	props := map[string]string{}
	for rows.Next() {
		var name, value string
		if err := rows.Scan(&name, &value); err != nil {
			return nil, err
		}
		props[name] = value
	}
	return props, rows.Err()
}

// UpsertProperties sets every property of props in one transaction.
func (db *DB) UpsertProperties(ctx context.Context, workspaceID int64, props map[string]string) error {
	if err := partnerd.ValidateProperties(props); err != nil {
		return err
	}
	now := db.now()
	return db.inTx(ctx, func(tx conn) error {
		// Locking the workspace makes concurrent upserts count in turn.
		var id int64
		err := tx.queryRow(ctx, `SELECT id FROM workspaces WHERE id = ?`+db.dialect.forUpdate, workspaceID).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return partnerd.ErrNotFound()
		} else if err != nil {
			return err
		}
		for name, value := range props {
			_, err := tx.exec(ctx, `INSERT INTO properties (workspace_id, name, value, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?) ON CONFLICT (workspace_id, name) DO UPDATE SET value = excluded.value,
				updated_at = excluded.updated_at`, workspaceID, name, value, now, now)
			if err != nil {
				return err
			}
		}
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM properties WHERE workspace_id = ?`, workspaceID).Scan(&n); err != nil {
			return err
		}
		if n > partnerd.MaxProperties {
			return partnerd.FieldError("properties", "a workspace holds at most "+strconv.Itoa(partnerd.MaxProperties)+
				" properties ("+strconv.Itoa(n)+" with these)")
		}
		return nil
	})
}
