package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/partnerd/partnerd"
)

var _ partnerd.PackageService = (*DB)(nil)

// keptZips is the number of the newest exports of a workspace whose zips
// are kept: older ones are dropped, and their downloads are not found.
const keptZips = 10

// packageStale is the age past which a package still in progress has
// failed: its work is bounded by partnerd.PackageTimeout, so the replica
// that ran it stopped.
const packageStale = partnerd.PackageTimeout + time.Minute

// storedRecipeImport is a result of recipe_status as its JSON text keeps it.
type storedRecipeImport struct {
	ID     int64  `json:"id"`
	Result string `json:"result"`
}

const packageColumns = `p.id, p.workspace_id, p.operation_type, p.status, p.error, p.folder_id, p.export_manifest_id,
	p.recipe_status, p.created_at, p.updated_at`

// scanPackage reads packageColumns; a package in progress for longer than
// packageStale is answered failed.
func (db *DB) scanPackage(row interface{ Scan(...any) error }) (*partnerd.Package, error) {
	var p partnerd.Package
	var message sql.NullString
	var manifestID sql.NullInt64
	var results []storedRecipeImport
	var created, updated int64
	err := row.Scan(&p.ID, &p.WorkspaceID, &p.Operation, &p.Status, &message, &p.FolderID, &manifestID,
		jsonColumn{&results}, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, partnerd.ErrNotFound()
	} else if err != nil {
		return nil, err
	}
	p.Error, p.ExportManifestID = stringPtr(message), int64Ptr(manifestID)
	p.CreatedAt, p.UpdatedAt = fromMS(created), fromMS(updated)
	for _, r := range results {
		p.RecipeStatus = append(p.RecipeStatus, partnerd.RecipeImport{ID: r.ID, Result: r.Result})
	}
	if p.Status == partnerd.PackageInProgress && db.Now.Now().Sub(p.UpdatedAt) > packageStale {
		interrupted := "The " + p.Operation + " was interrupted before it completed; try again"
		p.Status, p.Error = partnerd.PackageFailed, &interrupted
	}
	return &p, nil
}

// CreatePackage records an import or an export in progress.
func (db *DB) CreatePackage(ctx context.Context, workspaceID int64, p *partnerd.Package) error {
	now := db.now()
	err := db.inTx(ctx, func(tx conn) error {
		// Locking the workspace makes concurrent imports count in turn.
		var id int64
		err := tx.queryRow(ctx, `SELECT id FROM workspaces WHERE id = ?`+db.dialect.forUpdate, workspaceID).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return partnerd.ErrNotFound()
		} else if err != nil {
			return err
		}
		switch p.Operation {
		case partnerd.PackageImport:
			if p.FolderID == 0 {
				if p.FolderID, err = homeFolderID(ctx, tx, workspaceID); err != nil {
					return err
				}
			}
			if _, err := db.findFolder(ctx, tx, workspaceID, p.FolderID); err != nil {
				return err
			}
			var n int
			err := tx.queryRow(ctx, `SELECT COUNT(*) FROM packages WHERE workspace_id = ? AND operation_type = ?
				AND status = ? AND updated_at >= ?`, workspaceID, partnerd.PackageImport, partnerd.PackageInProgress,
				now-packageStale.Milliseconds()).Scan(&n)
			if err != nil {
				return err
			} else if n > 0 {
				return partnerd.ErrImportInProgress()
			}
		case partnerd.PackageExport:
			if p.ExportManifestID == nil {
				return partnerd.ErrNotFound()
			}
			m, err := db.findExportManifest(ctx, tx, workspaceID, *p.ExportManifestID, "")
			if err != nil {
				return err
			}
			p.FolderID = m.FolderID
		default:
			return partnerd.Errorf(partnerd.EINVALID, "Unknown package operation %q", p.Operation)
		}
		return tx.queryRow(ctx, `INSERT INTO packages (workspace_id, operation_type, status, folder_id, export_manifest_id,
			created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, workspaceID, p.Operation,
			partnerd.PackageInProgress, p.FolderID, nullInt64(p.ExportManifestID), now, now).Scan(&p.ID)
	})
	if err != nil {
		return err
	}
	created, err := db.FindPackageByID(ctx, workspaceID, p.ID)
	if err == nil {
		*p = *created
	}
	return err
}

// FindPackageByID returns a package of the workspace within the caller's
// folder scope.
func (db *DB) FindPackageByID(ctx context.Context, workspaceID, id int64) (*partnerd.Package, error) {
	scope, args := folderScope(ctx, workspaceID, "p.folder_id")
	return db.scanPackage(db.reader().queryRow(ctx, `SELECT `+packageColumns+` FROM packages p
		WHERE p.workspace_id = ? AND p.id = ?`+scope, append([]any{workspaceID, id}, args...)...))
}

// FindPackageZip returns the zip of a completed export.
func (db *DB) FindPackageZip(ctx context.Context, workspaceID, id int64) ([]byte, error) {
	scope, args := folderScope(ctx, workspaceID, "p.folder_id")
	var zip []byte
	err := db.reader().queryRow(ctx, `SELECT p.zip FROM packages p WHERE p.workspace_id = ? AND p.id = ?
		AND p.operation_type = ? AND p.status = ? AND p.zip IS NOT NULL`+scope,
		append([]any{workspaceID, id, partnerd.PackageExport, partnerd.PackageCompleted}, args...)...).Scan(&zip)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, partnerd.ErrNotFound()
	}
	return zip, err
}

// finishPackage records how a package in progress ended: completed, with
// the results of an import or the zip of an export, when outcome is nil,
// else failed with outcome's message. It records even when ctx has ended,
// and returns outcome when it is internal, for the caller to log.
func (db *DB) finishPackage(ctx context.Context, workspaceID int64, p *partnerd.Package, outcome error, results []partnerd.RecipeImport, zip []byte) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	status, message := partnerd.PackageCompleted, sql.NullString{}
	switch {
	case errors.Is(outcome, context.DeadlineExceeded):
		status, message = partnerd.PackageFailed, sql.NullString{String: "The " + p.Operation + " took longer than " +
			partnerd.PackageTimeout.String() + " and was stopped", Valid: true}
	case outcome != nil:
		status, message = partnerd.PackageFailed, sql.NullString{String: partnerd.ErrorMessage(outcome), Valid: true}
	}
	stored := []storedRecipeImport{}
	for _, r := range results {
		stored = append(stored, storedRecipeImport{ID: r.ID, Result: r.Result})
	}
	var zipArg any // NULL, not an empty blob, without a zip
	if zip != nil {
		zipArg = zip
	}
	now := db.now()
	err := db.inTx(ctx, func(tx conn) error {
		_, err := tx.exec(ctx, `UPDATE packages SET status = ?, error = ?, recipe_status = ?, zip = ?, updated_at = ?
			WHERE workspace_id = ? AND id = ? AND status = ?`, status, message, jsonText(stored), zipArg, now,
			workspaceID, p.ID, partnerd.PackageInProgress)
		if err != nil || zip == nil {
			return err
		}
		if p.ExportManifestID != nil {
			if _, err := tx.exec(ctx, `UPDATE export_manifests SET last_exported_at = ? WHERE workspace_id = ? AND id = ?`,
				now, workspaceID, *p.ExportManifestID); err != nil {
				return err
			}
		}
		_, err = tx.exec(ctx, `UPDATE packages SET zip = NULL WHERE workspace_id = ? AND zip IS NOT NULL AND id NOT IN (
			SELECT id FROM packages WHERE workspace_id = ? AND zip IS NOT NULL ORDER BY id DESC LIMIT ?)`,
			workspaceID, workspaceID, keptZips)
		return err
	})
	if err != nil {
		return errors.Join(outcome, err)
	}
	if partnerd.ErrorCode(outcome) == partnerd.EINTERNAL && !errors.Is(outcome, context.DeadlineExceeded) {
		return outcome
	}
	return nil
}

// folderPath returns the path of a folder in the workspace: the names of
// the folders from the project's top folder down, joined by "/"; "" for
// the home folder.
func folderPath(ctx context.Context, c conn, workspaceID, folderID int64) (string, error) {
	rows, err := c.query(ctx, `WITH RECURSIVE up (id, parent_id, name, depth) AS (
		SELECT id, parent_id, name, 0 FROM folders WHERE workspace_id = ? AND id = ?
		UNION ALL SELECT f.id, f.parent_id, f.name, u.depth + 1 FROM folders f JOIN up u ON f.id = u.parent_id)
		SELECT name FROM up WHERE parent_id IS NOT NULL ORDER BY depth DESC`, workspaceID, folderID)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return "", err
		}
		names = append(names, name)
	}
	return strings.Join(names, "/"), rows.Err()
}

// treeFolders is the subquery of the ids of a folder (its one argument)
// and of every folder beneath it.
const treeFolders = `(WITH RECURSIVE tree (id) AS (SELECT CAST(? AS BIGINT)
	UNION SELECT f.id FROM folders f JOIN tree t ON f.parent_id = t.id) SELECT id FROM tree)`
