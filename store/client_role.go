package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/partnerd/partnerd"
)

const clientRoleColumns = `id, workspace_id, name, built_in, privileges, created_at, updated_at`

func scanClientRole(row interface{ Scan(...any) error }) (*partnerd.ClientRole, error) {
	var r partnerd.ClientRole
	var created, updated int64
	err := row.Scan(&r.ID, &r.WorkspaceID, &r.Name, &r.BuiltIn, jsonColumn{&r.Privileges}, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, partnerd.ErrNotFound()
	} else if err != nil {
		return nil, err
	}
	if r.Privileges == nil {
		r.Privileges = partnerd.Privileges{}
	}
	r.CreatedAt, r.UpdatedAt = fromMS(created), fromMS(updated)
	return &r, nil
}

// FindClientRoles returns a page of the workspace's client roles.
func (db *DB) FindClientRoles(ctx context.Context, workspaceID int64, p partnerd.Page) ([]*partnerd.ClientRole, int, error) {
	var total int
	if err := db.reader().queryRow(ctx, `SELECT COUNT(*) FROM client_roles WHERE workspace_id = ?`, workspaceID).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := db.reader().query(ctx, `SELECT `+clientRoleColumns+` FROM client_roles
		WHERE workspace_id = ? ORDER BY id LIMIT ? OFFSET ?`, workspaceID, p.PerPage, p.Offset())
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	list := []*partnerd.ClientRole{}
	for rows.Next() {
		r, err := scanClientRole(rows)
		if err != nil {
			return nil, 0, err
		}
		list = append(list, r)
	}
	return list, total, rows.Err()
}

// FindClientRoleByID returns a client role of the workspace.
func (db *DB) FindClientRoleByID(ctx context.Context, workspaceID, id int64) (*partnerd.ClientRole, error) {
	return scanClientRole(db.reader().queryRow(ctx, `SELECT `+clientRoleColumns+` FROM client_roles
		WHERE workspace_id = ? AND id = ?`, workspaceID, id))
}

// CreateClientRole stores a client role.
func (db *DB) CreateClientRole(ctx context.Context, workspaceID int64, r *partnerd.ClientRole) error {
	if strings.TrimSpace(r.Name) == "" {
		return partnerd.FieldError("name", "can't be blank")
	}
	if err := r.Privileges.Validate(); err != nil {
		return err
	}
	now := db.now()
	err := db.inTx(ctx, func(tx conn) error {
		return tx.queryRow(ctx, `INSERT INTO client_roles (workspace_id, name, built_in, privileges, created_at, updated_at)
			VALUES (?, ?, FALSE, ?, ?, ?) RETURNING id`, workspaceID, r.Name, jsonText(r.Privileges), now, now).Scan(&r.ID)
	})
	if err != nil {
		return err
	}
	created, err := db.FindClientRoleByID(ctx, workspaceID, r.ID)
	if err == nil {
		*r = *created
	}
	return err
}
