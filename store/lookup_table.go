package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"

	"github.com/partnerd/partnerd"
)

var _ partnerd.LookupTableService = (*DB)(nil)

// Lookup tables live in folders: a folder with one is not empty.
var _ = folderContent("lookup_tables", "folder_id")

// storedColumn is a column as the columns JSON text keeps it.
type storedColumn struct {
	Label string `json:"label"`
	Type  string `json:"type"`
}

const lookupTableColumns = `t.id, t.workspace_id, t.name, t.columns, t.folder_id, f.project_id, t.created_at, t.updated_at`

// lookupTableFrom joins a table with its folder, for the project.
const lookupTableFrom = ` FROM lookup_tables t JOIN folders f ON f.id = t.folder_id`

// tableSchemas holds the stored columns of lookup tables, decoded once.
var tableSchemas decodedTexts[[]storedColumn]

func scanLookupTable(row interface{ Scan(...any) error }) (*partnerd.LookupTable, error) {
	var t partnerd.LookupTable
	var schema string
	var projectID sql.NullInt64
	var created, updated int64
	err := row.Scan(&t.ID, &t.WorkspaceID, &t.Name, &schema, &t.FolderID, &projectID, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, partnerd.ErrNotFound()
	} else if err != nil {
		return nil, err
	}
	columns, err := tableSchemas.decode(schema)
	if err != nil {
		return nil, err
	}
	t.Columns = make([]partnerd.LookupColumn, len(columns))
	for i, c := range columns {
		t.Columns[i] = partnerd.LookupColumn{Label: c.Label, Type: c.Type}
	}
	t.ProjectID = int64Ptr(projectID)
	t.CreatedAt, t.UpdatedAt = fromMS(created), fromMS(updated)
	return &t, nil
}

// findLookupTable reads a table of the workspace within the caller's
// scope, on tx or the reader.
func (db *DB) findLookupTable(ctx context.Context, c conn, workspaceID, id int64) (*partnerd.LookupTable, error) {
	scope, args := folderScope(ctx, workspaceID, "t.folder_id")
	return scanLookupTable(c.queryRow(ctx, `SELECT `+lookupTableColumns+lookupTableFrom+`
		WHERE t.workspace_id = ? AND t.id = ?`+scope, append([]any{workspaceID, id}, args...)...))
}

// lookupTableFolder resolves the folder of a new table: t.FolderID, else
// the top folder of the project t.ProjectID, else home; each must be in the
// workspace and the caller's scope, or it is EINVALID naming its field.
func (db *DB) lookupTableFolder(ctx context.Context, tx conn, workspaceID int64, t *partnerd.LookupTable) (int64, error) {
	field, id := "folder_id", t.FolderID
	switch {
	case id != 0:
	case t.ProjectID != nil:
		field = "project_id"
		err := tx.queryRow(ctx, `SELECT folder_id FROM projects WHERE workspace_id = ? AND id = ?`,
			workspaceID, *t.ProjectID).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, partnerd.FieldError(field, "is invalid")
		} else if err != nil {
			return 0, err
		}
	default:
		home, err := homeFolderID(ctx, tx, workspaceID)
		if err != nil {
			return 0, err
		}
		id = home
	}
	f, err := db.findFolder(ctx, tx, workspaceID, id)
	if partnerd.ErrorCode(err) == partnerd.ENOTFOUND {
		return 0, partnerd.FieldError(field, "is invalid")
	} else if err != nil {
		return 0, err
	}
	return f.ID, nil
}

// CreateLookupTable creates a lookup table.
func (db *DB) CreateLookupTable(ctx context.Context, workspaceID int64, t *partnerd.LookupTable) error {
	if err := t.Validate(); err != nil {
		return err
	}
	columns := make([]storedColumn, len(t.Columns))
	for i, c := range t.Columns {
		columns[i] = storedColumn{Label: c.Label, Type: c.Type}
	}
	now := db.now()
	err := db.inTx(ctx, func(tx conn) error {
		folderID, err := db.lookupTableFolder(ctx, tx, workspaceID, t)
		if err != nil {
			return err
		}
		return tx.queryRow(ctx, `INSERT INTO lookup_tables (workspace_id, folder_id, name, columns, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, workspaceID, folderID, t.Name, jsonText(columns), now, now).Scan(&t.ID)
	})
	if err != nil {
		return err
	}
	created, err := db.FindLookupTableByID(ctx, workspaceID, t.ID)
	if err == nil {
		*t = *created
	}
	return err
}

// FindLookupTableByID returns a lookup table of the workspace.
func (db *DB) FindLookupTableByID(ctx context.Context, workspaceID, id int64) (*partnerd.LookupTable, error) {
	scope, args := folderScope(ctx, workspaceID, "t.folder_id")
	key := keyOfQuery("lookup table"+scope, append([]any{workspaceID, id}, args...))
	t, err := cached(db, key, func() (*partnerd.LookupTable, error) { return db.findLookupTable(ctx, db.reader(), workspaceID, id) })
	if err != nil {
		return nil, err
	}
	copied := *t
	return &copied, nil
}

// FindLookupTables returns a page of the workspace's lookup tables.
func (db *DB) FindLookupTables(ctx context.Context, workspaceID int64, p partnerd.Page) ([]*partnerd.LookupTable, int, error) {
	scope, scopeArgs := folderScope(ctx, workspaceID, "t.folder_id")
	where := ` WHERE t.workspace_id = ?` + scope
	args := append([]any{workspaceID}, scopeArgs...)
	var total int
	if err := db.reader().queryRow(ctx, `SELECT COUNT(*) FROM lookup_tables t`+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := db.reader().query(ctx, `SELECT `+lookupTableColumns+lookupTableFrom+where+` ORDER BY t.id LIMIT ? OFFSET ?`,
		append(args, p.PerPage, p.Offset())...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	list := []*partnerd.LookupTable{}
	for rows.Next() {
		t, err := scanLookupTable(rows)
		if err != nil {
			return nil, 0, err
		}
		list = append(list, t)
	}
	return list, total, rows.Err()
}

// DeleteLookupTables deletes tables with their rows, all or none.
func (db *DB) DeleteLookupTables(ctx context.Context, workspaceID int64, ids []int64) error {
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	switch {
	case len(ids) == 0:
		return partnerd.FieldError("ids", "can't be blank")
	case len(ids) > partnerd.MaxLookupBatchDelete:
		return partnerd.FieldError("ids", "must have at most 1000 ids")
	}
	return db.inTx(ctx, func(tx conn) error {
		scope, scopeArgs := folderScope(ctx, workspaceID, "folder_id")
		args := []any{workspaceID}
		for _, id := range ids {
			args = append(args, id)
		}
		res, err := tx.exec(ctx, `DELETE FROM lookup_tables WHERE workspace_id = ? AND id IN (`+placeholders(len(ids))+`)`+scope,
			append(args, scopeArgs...)...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n != int64(len(ids)) {
			return partnerd.ErrNotFound() // Rolls the deletes back.
		}
		return nil
	})
}
