package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/partnerd/partnerd"
)

var _ partnerd.RoleService = (*DB)(nil)

const roleColumns = `id, workspace_id, name, inheritable, folder_ids, privileges, created_at, updated_at`

func scanRole(row interface{ Scan(...any) error }) (*partnerd.Role, error) {
	var r partnerd.Role
	var created, updated int64
	err := row.Scan(&r.ID, &r.WorkspaceID, &r.Name, &r.Inheritable, jsonColumn{&r.FolderIDs}, jsonColumn{&r.Privileges}, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, partnerd.ErrNotFound()
	} else if err != nil {
		return nil, err
	}
	if r.FolderIDs == nil {
		r.FolderIDs = []int64{}
	}
	if r.Privileges == nil {
		r.Privileges = map[string][]string{}
	}
	r.CreatedAt, r.UpdatedAt = fromMS(created), fromMS(updated)
	return &r, nil
}

// CreateRole stores a custom role of the workspace.
func (db *DB) CreateRole(ctx context.Context, workspaceID int64, r *partnerd.Role) error {
	if err := r.Validate(); err != nil {
		return err
	}
	err := db.inTx(ctx, func(tx conn) error {
		if err := checkFolderIDs(ctx, tx, workspaceID, "folder_ids", r.FolderIDs); err != nil {
			return err
		}
		return insertRole(ctx, tx, workspaceID, r, db.now())
	})
	if err != nil {
		return err
	}
	created, err := db.FindRoleByID(ctx, workspaceID, r.ID)
	if err == nil {
		*r = *created
	}
	return err
}

func insertRole(ctx context.Context, tx conn, workspaceID int64, r *partnerd.Role, now int64) error {
	folderIDs, privileges := r.FolderIDs, r.Privileges
	if folderIDs == nil {
		folderIDs = []int64{}
	}
	if privileges == nil {
		privileges = map[string][]string{}
	}
	return tx.queryRow(ctx, `INSERT INTO roles (workspace_id, name, inheritable, folder_ids, privileges, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		workspaceID, r.Name, r.Inheritable, jsonText(folderIDs), jsonText(privileges), now, now).Scan(&r.ID)
}

// FindRoleByID returns a custom role of the workspace.
func (db *DB) FindRoleByID(ctx context.Context, workspaceID, id int64) (*partnerd.Role, error) {
	return scanRole(db.reader().queryRow(ctx, `SELECT `+roleColumns+` FROM roles WHERE workspace_id = ? AND id = ?`, workspaceID, id))
}

// FindRoles returns a page of the workspace's custom roles.
func (db *DB) FindRoles(ctx context.Context, workspaceID int64, f partnerd.RoleFilter) ([]*partnerd.Role, int, error) {
	where, args := `workspace_id = ?`, []any{workspaceID}
	if f.Name != nil {
		where, args = where+` AND name = ?`, append(args, *f.Name)
	}
	var total int
	if err := db.reader().queryRow(ctx, `SELECT COUNT(*) FROM roles WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := db.reader().query(ctx, `SELECT `+roleColumns+` FROM roles WHERE `+where+` ORDER BY id LIMIT ? OFFSET ?`,
		append(args, f.Page.PerPage, f.Page.Offset())...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	list := []*partnerd.Role{}
	for rows.Next() {
		r, err := scanRole(rows)
		if err != nil {
			return nil, 0, err
		}
		list = append(list, r)
	}
	return list, total, rows.Err()
}

// CopyRole copies a custom role under a new name.
func (db *DB) CopyRole(ctx context.Context, workspaceID, id int64, name string, folderIDs []int64) (*partnerd.Role, error) {
	var copied *partnerd.Role
	err := db.inTx(ctx, func(tx conn) error {
		r, err := scanRole(tx.queryRow(ctx, `SELECT `+roleColumns+` FROM roles WHERE workspace_id = ? AND id = ?`, workspaceID, id))
		if err != nil {
			return err
		}
		r.Name = name
		if folderIDs != nil {
			r.FolderIDs = folderIDs
		}
		if err := r.Validate(); err != nil {
			return err
		}
		if folderIDs != nil {
			if err := checkFolderIDs(ctx, tx, workspaceID, "folder_ids", folderIDs); err != nil {
				return err
			}
		}
		copied = r
		return insertRole(ctx, tx, workspaceID, r, db.now())
	})
	if err != nil {
		return nil, err
	}
	return db.FindRoleByID(ctx, workspaceID, copied.ID)
}
