package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/partnerd/partnerd"
)

// UpdateClientRole applies changes to a client role of the workspace. A
// built-in role cannot be changed.
func (db *DB) UpdateClientRole(ctx context.Context, workspaceID, id int64, apply func(*partnerd.ClientRole) error) (*partnerd.ClientRole, error) {
	err := db.inTx(ctx, func(tx conn) error {
		r, err := scanClientRole(tx.queryRow(ctx, `SELECT `+clientRoleColumns+` FROM client_roles
			WHERE workspace_id = ? AND id = ?`+db.dialect.forUpdate, workspaceID, id))
		if err != nil {
			return err
		}
		if r.BuiltIn {
			return partnerd.Errorf(partnerd.EINVALID, "The role %s is built in and cannot be changed", r.Name)
		}
		if err := apply(r); err != nil {
			return err
		}
		r.Name = strings.TrimSpace(r.Name)
		if r.Name == "" {
			return partnerd.FieldError("name", "can't be blank")
		}
		if err := r.Privileges.Validate(); err != nil {
			return err
		}
		_, err = tx.exec(ctx, `UPDATE client_roles SET name = ?, privileges = ?, updated_at = ?
			WHERE workspace_id = ? AND id = ?`, r.Name, jsonText(r.Privileges), db.now(), workspaceID, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return db.FindClientRoleByID(ctx, workspaceID, id)
}

// DeleteClientRole deletes a client role of the workspace. A built-in role,
// or one that a developer API client has, cannot be deleted.
func (db *DB) DeleteClientRole(ctx context.Context, workspaceID, id int64) error {
	return db.inTx(ctx, func(tx conn) error {
		r, err := scanClientRole(tx.queryRow(ctx, `SELECT `+clientRoleColumns+` FROM client_roles
			WHERE workspace_id = ? AND id = ?`+db.dialect.forUpdate, workspaceID, id))
		if err != nil {
			return err
		}
		if r.BuiltIn {
			return partnerd.Errorf(partnerd.EINVALID, "The role %s is built in and cannot be deleted", r.Name)
		}
		var client string
		err = tx.queryRow(ctx, `SELECT name FROM dev_api_clients WHERE workspace_id = ? AND role_id = ?
			ORDER BY id LIMIT 1`, workspaceID, id).Scan(&client)
		if err == nil {
			return partnerd.Errorf(partnerd.EINVALID, "The role %s is in use by the API client %s", r.Name, client)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		_, err = tx.exec(ctx, `DELETE FROM client_roles WHERE workspace_id = ? AND id = ?`, workspaceID, id)
		return err
	})
}
