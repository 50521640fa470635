package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/partnerd/partnerd"
)

var _ partnerd.FolderService = (*DB)(nil)

// folderContents lists every table whose rows live in a folder, with the
// column naming it: a folder with a row in any of them is not empty. Each
// resource's file adds its own table with folderContent.
var folderContents = [][2]string{{"folders", "parent_id"}}

// folderContent records a table of rows that live in folders and returns
// its name; a resource's file calls it in a package-level declaration.
func folderContent(table, column string) string {
	folderContents = append(folderContents, [2]string{table, column})
	return table
}

const folderColumns = `f.id, f.workspace_id, f.name, f.parent_id, f.project_id,
	EXISTS (SELECT 1 FROM projects p WHERE p.folder_id = f.id), f.created_at, f.updated_at`

func scanFolder(row interface{ Scan(...any) error }) (*partnerd.Folder, error) {
	var f partnerd.Folder
	var parentID, projectID sql.NullInt64
	var created, updated int64
	err := row.Scan(&f.ID, &f.WorkspaceID, &f.Name, &parentID, &projectID, &f.IsProject, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, partnerd.ErrNotFound()
	} else if err != nil {
		return nil, err
	}
	f.ParentID, f.ProjectID = int64Ptr(parentID), int64Ptr(projectID)
	f.CreatedAt, f.UpdatedAt = fromMS(created), fromMS(updated)
	return &f, nil
}

// findFolder reads a folder within the caller's scope, on tx or the reader.
func (db *DB) findFolder(ctx context.Context, c conn, workspaceID, id int64) (*partnerd.Folder, error) {
	scope, args := folderScope(ctx, workspaceID, "f.id")
	return scanFolder(c.queryRow(ctx, `SELECT `+folderColumns+` FROM folders f
		WHERE f.workspace_id = ? AND f.id = ?`+scope, append([]any{workspaceID, id}, args...)...))
}

// lockTree makes the transaction the only writer of the workspace's folder
// tree until it ends, by locking the home folder's row; SQLite has a single
// writer already. Tree changes call it before they read anything.
func (db *DB) lockTree(ctx context.Context, tx conn, workspaceID int64) error {
	var id int64
	err := tx.queryRow(ctx, `SELECT id FROM folders WHERE workspace_id = ? AND parent_id IS NULL`+db.dialect.forUpdate, workspaceID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return partnerd.ErrNotFound()
	}
	return err
}

// contentFolder resolves the folder a row is put in (home when id is 0)
// within the caller's scope, and holds a share lock on it until the
// transaction ends, so that a concurrent delete of the folder either waits
// and counts the row or is seen to have removed the folder. An unknown or
// unreachable folder is EINVALID naming folder_id.
func (db *DB) contentFolder(ctx context.Context, tx conn, workspaceID, id int64) (int64, error) {
	if id == 0 {
		home, err := homeFolderID(ctx, tx, workspaceID)
		if err != nil {
			return 0, err
		}
		id = home
	}
	if db.dialect.forShare != "" {
		var locked int64
		err := tx.queryRow(ctx, `SELECT id FROM folders WHERE workspace_id = ? AND id = ?`+db.dialect.forShare, workspaceID, id).Scan(&locked)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, partnerd.FieldError("folder_id", "is invalid")
		} else if err != nil {
			return 0, err
		}
	}
	f, err := db.findFolder(ctx, tx, workspaceID, id)
	if partnerd.ErrorCode(err) == partnerd.ENOTFOUND {
		return 0, partnerd.FieldError("folder_id", "is invalid")
	} else if err != nil {
		return 0, err
	}
	return f.ID, nil
}

// checkFolderIDs checks that every id names a folder of the workspace, or
// is EINVALID naming field: an id of another workspace answers as one that
// does not exist.
func checkFolderIDs(ctx context.Context, c conn, workspaceID int64, field string, ids []int64) error {
	unique := uniqueIDs(ids)
	if len(unique) == 0 {
		return nil
	}
	args := []any{workspaceID}
	for id := range unique {
		args = append(args, id)
	}
	var found int
	if err := c.queryRow(ctx, `SELECT COUNT(*) FROM folders WHERE workspace_id = ? AND id IN (`+
		placeholders(len(unique))+`)`, args...).Scan(&found); err != nil {
		return err
	}
	if found != len(unique) {
		return partnerd.FieldError(field, "is invalid")
	}
	return nil
}

// homeFolderID returns the id of the workspace's home folder.
func homeFolderID(ctx context.Context, c conn, workspaceID int64) (int64, error) {
	var id int64
	err := c.queryRow(ctx, `SELECT id FROM folders WHERE workspace_id = ? AND parent_id IS NULL`, workspaceID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, partnerd.ErrNotFound()
	}
	return id, err
}

// parentFolder resolves a parent: home when nil, else a folder in scope.
func (db *DB) parentFolder(ctx context.Context, tx conn, workspaceID int64, parentID *int64) (*partnerd.Folder, error) {
	id := int64(0)
	if parentID != nil {
		id = *parentID
	} else {
		home, err := homeFolderID(ctx, tx, workspaceID)
		if err != nil {
			return nil, err
		}
		id = home
	}
	parent, err := db.findFolder(ctx, tx, workspaceID, id)
	if partnerd.ErrorCode(err) == partnerd.ENOTFOUND {
		return nil, partnerd.FieldError("parent_id", "is invalid")
	}
	return parent, err
}

// CreateFolder creates a folder; one right under home starts a project.
func (db *DB) CreateFolder(ctx context.Context, workspaceID int64, f *partnerd.Folder) error {
	if err := f.Validate(); err != nil {
		return err
	}
	now := db.now()
	err := db.inTx(ctx, func(tx conn) error {
		if err := db.lockTree(ctx, tx, workspaceID); err != nil {
			return err
		}
		parent, err := db.parentFolder(ctx, tx, workspaceID, f.ParentID)
		if err != nil {
			return err
		}
		err = tx.queryRow(ctx, `INSERT INTO folders (workspace_id, parent_id, project_id, name, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, workspaceID, parent.ID, nullInt64(parent.ProjectID), f.Name, now, now).Scan(&f.ID)
		if err != nil || parent.ParentID != nil {
			return err
		}
		return startProject(ctx, tx, workspaceID, f.ID, now)
	})
	if err != nil {
		return err
	}
	created, err := db.FindFolderByID(ctx, workspaceID, f.ID)
	if err == nil {
		*f = *created
	}
	return err
}

// startProject makes a top folder a project: a project row, and its id on
// every folder of the tree.
func startProject(ctx context.Context, tx conn, workspaceID, folderID, now int64) error {
	var projectID int64
	err := tx.queryRow(ctx, `INSERT INTO projects (workspace_id, folder_id, created_at, updated_at)
		VALUES (?, ?, ?, ?) RETURNING id`, workspaceID, folderID, now, now).Scan(&projectID)
	if err != nil {
		return err
	}
	return setTreeProject(ctx, tx, workspaceID, folderID, &projectID)
}

// setTreeProject sets the project of a folder and of everything beneath it.
func setTreeProject(ctx context.Context, tx conn, workspaceID, folderID int64, projectID *int64) error {
	_, err := tx.exec(ctx, `UPDATE folders SET project_id = ? WHERE workspace_id = ? AND id IN (WITH RECURSIVE tree (id) AS (
		SELECT CAST(? AS BIGINT) UNION SELECT f.id FROM folders f JOIN tree t ON f.parent_id = t.id) SELECT id FROM tree)`,
		nullInt64(projectID), workspaceID, folderID)
	return err
}

// FindFolderByID returns a folder of the workspace.
func (db *DB) FindFolderByID(ctx context.Context, workspaceID, id int64) (*partnerd.Folder, error) {
	return db.findFolder(ctx, db.reader(), workspaceID, id)
}

// FindFolders returns a page of a folder's children.
func (db *DB) FindFolders(ctx context.Context, workspaceID int64, flt partnerd.FolderFilter) ([]*partnerd.Folder, int, error) {
	parentID := int64(0)
	if flt.ParentID != nil {
		parentID = *flt.ParentID
	} else {
		home, err := homeFolderID(ctx, db.reader(), workspaceID)
		if err != nil {
			return nil, 0, err
		}
		parentID = home
	}
	scope, scopeArgs := folderScope(ctx, workspaceID, "f.id")
	where := `f.workspace_id = ? AND f.parent_id = ?` + scope
	args := append([]any{workspaceID, parentID}, scopeArgs...)
	var total int
	if err := db.reader().queryRow(ctx, `SELECT COUNT(*) FROM folders f WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := db.reader().query(ctx, `SELECT `+folderColumns+` FROM folders f WHERE `+where+
		` ORDER BY f.id LIMIT ? OFFSET ?`, append(args, flt.Page.PerPage, flt.Page.Offset())...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	list := []*partnerd.Folder{}
	for rows.Next() {
		f, err := scanFolder(rows)
		if err != nil {
			return nil, 0, err
		}
		list = append(list, f)
	}
	return list, total, rows.Err()
}

// UpdateFolder renames or moves a folder.
func (db *DB) UpdateFolder(ctx context.Context, workspaceID, id int64, upd partnerd.FolderUpdate) (*partnerd.Folder, error) {
	err := db.inTx(ctx, func(tx conn) error {
		if err := db.lockTree(ctx, tx, workspaceID); err != nil {
			return err
		}
		f, err := db.findFolder(ctx, tx, workspaceID, id)
		if err != nil {
			return err
		}
		now := db.now()
		if upd.Name != nil && *upd.Name != f.Name {
			f.Name = *upd.Name
			if err := f.Validate(); err != nil {
				return err
			}
			if _, err := tx.exec(ctx, `UPDATE folders SET name = ?, updated_at = ? WHERE workspace_id = ? AND id = ?`,
				f.Name, now, workspaceID, f.ID); err != nil {
				return err
			}
		}
		if upd.ParentID == nil || (f.ParentID != nil && *f.ParentID == *upd.ParentID) {
			return nil
		}
		return db.moveFolder(ctx, tx, workspaceID, f, *upd.ParentID, now)
	})
	if err != nil {
		return nil, err
	}
	return db.FindFolderByID(ctx, workspaceID, id)
}

// moveFolder moves f under the folder parentID, keeping the tree acyclic
// and projects at the top.
func (db *DB) moveFolder(ctx context.Context, tx conn, workspaceID int64, f *partnerd.Folder, parentID, now int64) error {
	if f.ParentID == nil {
		return partnerd.FieldError("parent_id", "the home folder cannot be moved")
	}
	parent, err := db.parentFolder(ctx, tx, workspaceID, &parentID)
	if err != nil {
		return err
	}
	var cycle int
	err = tx.queryRow(ctx, `WITH RECURSIVE tree (id) AS (SELECT CAST(? AS BIGINT)
		UNION SELECT c.id FROM folders c JOIN tree t ON c.parent_id = t.id)
		SELECT COUNT(*) FROM tree WHERE id = ?`, f.ID, parent.ID).Scan(&cycle)
	if err != nil {
		return err
	}
	if cycle > 0 {
		return partnerd.FieldError("parent_id", "cannot be the folder itself or one inside it")
	}
	if f.IsProject {
		return partnerd.FieldError("parent_id", "a project cannot be moved into a folder")
	}
	if _, err := tx.exec(ctx, `UPDATE folders SET parent_id = ?, updated_at = ? WHERE workspace_id = ? AND id = ?`,
		parent.ID, now, workspaceID, f.ID); err != nil {
		return err
	}
	if parent.ParentID == nil {
		return startProject(ctx, tx, workspaceID, f.ID, now)
	}
	return setTreeProject(ctx, tx, workspaceID, f.ID, parent.ProjectID)
}

// DeleteFolder deletes an empty folder.
func (db *DB) DeleteFolder(ctx context.Context, workspaceID, id int64) error {
	return db.inTx(ctx, func(tx conn) error {
		if err := db.lockTree(ctx, tx, workspaceID); err != nil {
			return err
		}
		f, err := db.findFolder(ctx, tx, workspaceID, id)
		if err != nil {
			return err
		}
		refused := partnerd.Errorf(partnerd.EFORBIDDEN, "Cannot destroy folder")
		if f.ParentID == nil || f.IsProject {
			return refused
		}
		// A write that puts a row into the folder holds a share lock on it
		// (contentFolder): this lock waits for such writes to end, so the
		// count below sees their rows.
		if err := tx.queryRow(ctx, `SELECT id FROM folders WHERE id = ?`+db.dialect.forUpdate, f.ID).Scan(&f.ID); err != nil {
			return err
		}
		for _, c := range folderContents {
			var n int
			if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM `+c[0]+` WHERE workspace_id = ? AND `+c[1]+` = ?`,
				workspaceID, f.ID).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return refused
			}
		}
		_, err = tx.exec(ctx, `DELETE FROM folders WHERE workspace_id = ? AND id = ?`, workspaceID, f.ID)
		return err
	})
}

const projectColumns = `p.id, p.workspace_id, f.name, p.description, p.folder_id, p.created_at, p.updated_at`

// FindProjects returns a page of the workspace's projects.
func (db *DB) FindProjects(ctx context.Context, workspaceID int64, pg partnerd.Page) ([]*partnerd.Project, int, error) {
	scope, scopeArgs := folderScope(ctx, workspaceID, "p.folder_id")
	from := ` FROM projects p JOIN folders f ON f.id = p.folder_id WHERE p.workspace_id = ?` + scope
	args := append([]any{workspaceID}, scopeArgs...)
	var total int
	if err := db.reader().queryRow(ctx, `SELECT COUNT(*)`+from, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := db.reader().query(ctx, `SELECT `+projectColumns+from+` ORDER BY p.id LIMIT ? OFFSET ?`,
		append(args, pg.PerPage, pg.Offset())...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	list := []*partnerd.Project{}
	for rows.Next() {
		var p partnerd.Project
		var description sql.NullString
		var created, updated int64
		if err := rows.Scan(&p.ID, &p.WorkspaceID, &p.Name, &description, &p.FolderID, &created, &updated); err != nil {
			return nil, 0, err
		}
		p.Description = stringPtr(description)
		p.CreatedAt, p.UpdatedAt = fromMS(created), fromMS(updated)
		list = append(list, &p)
	}
	return list, total, rows.Err()
}

// DeleteProject deletes a project's top folder, and by cascade its tree
// and everything in it.
func (db *DB) DeleteProject(ctx context.Context, workspaceID, id int64) error {
	return db.inTx(ctx, func(tx conn) error {
		if err := db.lockTree(ctx, tx, workspaceID); err != nil {
			return err
		}
		scope, args := folderScope(ctx, workspaceID, "folder_id")
		var folderID int64
		err := tx.queryRow(ctx, `SELECT folder_id FROM projects WHERE workspace_id = ? AND id = ?`+scope,
			append([]any{workspaceID, id}, args...)...).Scan(&folderID)
		if errors.Is(err, sql.ErrNoRows) {
			return partnerd.ErrNotFound()
		} else if err != nil {
			return err
		}
		_, err = tx.exec(ctx, `DELETE FROM folders WHERE workspace_id = ? AND id = ?`, workspaceID, folderID)
		return err
	})
}
