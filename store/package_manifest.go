package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"

	"github.com/partnerd/partnerd"
)

const exportManifestColumns = `m.id, m.workspace_id, m.folder_id, m.name, m.last_exported_at, m.created_at, m.updated_at`

// findExportManifest reads a manifest within the caller's scope with its
// assets and project path, on tx or the reader; suffix ends the statement
// (a row lock).
func (db *DB) findExportManifest(ctx context.Context, c conn, workspaceID, id int64, suffix string) (*partnerd.ExportManifest, error) {
	scope, args := folderScope(ctx, workspaceID, "m.folder_id")
	var m partnerd.ExportManifest
	var exported sql.NullInt64
	var created, updated int64
	err := c.queryRow(ctx, `SELECT `+exportManifestColumns+` FROM export_manifests m WHERE m.workspace_id = ? AND m.id = ?`+
		scope+suffix, append([]any{workspaceID, id}, args...)...).Scan(&m.ID, &m.WorkspaceID, &m.FolderID, &m.Name,
		&exported, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, partnerd.ErrNotFound()
	} else if err != nil {
		return nil, err
	}
	m.LastExportedAt, m.CreatedAt, m.UpdatedAt = nullTime(exported), fromMS(created), fromMS(updated)
	if m.ProjectPath, err = folderPath(ctx, c, workspaceID, m.FolderID); err != nil {
		return nil, err
	}
	rows, err := c.query(ctx, `SELECT asset_type, asset_id, asset_name FROM export_manifest_assets
		WHERE export_manifest_id = ? ORDER BY ordinal`, m.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m.Assets = []partnerd.AssetRef{}
	for rows.Next() {
		var a partnerd.AssetRef
		var assetID sql.NullInt64
		var name sql.NullString
		if err := rows.Scan(&a.Type, &assetID, &name); err != nil {
			return nil, err
		}
		a.ID, a.Name = assetID.Int64, name.String
		m.Assets = append(m.Assets, a)
	}
	return &m, rows.Err()
}

// checkManifest validates a manifest, resolves its folder (home when
// zero) and checks that each of its assets is one of the folder's, and
// that each endpoint goes with its collection.
func (db *DB) checkManifest(ctx context.Context, tx conn, workspaceID int64, m *partnerd.ExportManifest) error {
	if err := m.Validate(); err != nil {
		return err
	}
	if m.FolderID == 0 {
		home, err := homeFolderID(ctx, tx, workspaceID)
		if err != nil {
			return err
		}
		m.FolderID = home
	}
	assets, err := db.folderAssets(ctx, tx, workspaceID, m.FolderID)
	if partnerd.ErrorCode(err) == partnerd.ENOTFOUND {
		return partnerd.FieldError("folder_id", "is invalid")
	} else if err != nil {
		return err
	}
	present := map[partnerd.AssetRef]bool{}
	for _, a := range assets {
		present[assetRef(a)] = true
	}
	v := partnerd.Validation{}
	for _, a := range m.Assets {
		what := a.Type + " " + strconv.FormatInt(a.ID, 10)
		if a.Type == partnerd.AssetAccountProperty {
			what = a.Type + " " + strconv.Quote(a.Name)
		}
		if !present[a] {
			v.Add("assets", what+" is not an asset of the folder")
			continue
		}
		if a.Type != partnerd.AssetAPIEndpoint {
			continue
		}
		var collectionID int64
		if err := tx.queryRow(ctx, `SELECT api_collection_id FROM api_endpoints WHERE workspace_id = ? AND id = ?`,
			workspaceID, a.ID).Scan(&collectionID); err != nil {
			return err
		}
		if !slices.Contains(m.Assets, partnerd.AssetRef{Type: partnerd.AssetAPIGroup, ID: collectionID}) {
			v.Add("assets", what+" needs its api_group "+strconv.FormatInt(collectionID, 10))
		}
	}
	return v.Err()
}

// setManifestAssets replaces the assets of a manifest.
func setManifestAssets(ctx context.Context, tx conn, m *partnerd.ExportManifest) error {
	if _, err := tx.exec(ctx, `DELETE FROM export_manifest_assets WHERE export_manifest_id = ?`, m.ID); err != nil {
		return err
	}
	for i, a := range m.Assets {
		var id, name any
		if a.Type == partnerd.AssetAccountProperty {
			name = a.Name
		} else {
			id = a.ID
		}
		if _, err := tx.exec(ctx, `INSERT INTO export_manifest_assets (export_manifest_id, ordinal, asset_type, asset_id, asset_name)
			VALUES (?, ?, ?, ?, ?)`, m.ID, i, a.Type, id, name); err != nil {
			return err
		}
	}
	return nil
}

// CreateExportManifest stores a manifest of assets of its folder's tree.
func (db *DB) CreateExportManifest(ctx context.Context, workspaceID int64, m *partnerd.ExportManifest) error {
	now := db.now()
	err := db.inTx(ctx, func(tx conn) error {
		if err := db.checkManifest(ctx, tx, workspaceID, m); err != nil {
			return err
		}
		err := tx.queryRow(ctx, `INSERT INTO export_manifests (workspace_id, folder_id, name, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, workspaceID, m.FolderID, m.Name, now, now).Scan(&m.ID)
		if err != nil {
			return err
		}
		return setManifestAssets(ctx, tx, m)
	})
	if err != nil {
		return err
	}
	created, err := db.FindExportManifestByID(ctx, workspaceID, m.ID)
	if err == nil {
		*m = *created
	}
	return err
}

// FindExportManifestByID returns a manifest of the workspace.
func (db *DB) FindExportManifestByID(ctx context.Context, workspaceID, id int64) (*partnerd.ExportManifest, error) {
	return db.findExportManifest(ctx, db.reader(), workspaceID, id, "")
}

// UpdateExportManifest applies changes to a manifest in one transaction.
func (db *DB) UpdateExportManifest(ctx context.Context, workspaceID, id int64, apply func(*partnerd.ExportManifest) error) (*partnerd.ExportManifest, error) {
	err := db.inTx(ctx, func(tx conn) error {
		m, err := db.findExportManifest(ctx, tx, workspaceID, id, db.dialect.forUpdate)
		if err != nil {
			return err
		}
		if err := apply(m); err != nil {
			return err
		}
		if err := db.checkManifest(ctx, tx, workspaceID, m); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE export_manifests SET folder_id = ?, name = ?, updated_at = ? WHERE workspace_id = ? AND id = ?`,
			m.FolderID, m.Name, db.now(), workspaceID, id); err != nil {
			return err
		}
		return setManifestAssets(ctx, tx, m)
	})
	if err != nil {
		return nil, err
	}
	return db.FindExportManifestByID(ctx, workspaceID, id)
}

// DeleteExportManifest deletes a manifest and returns it.
func (db *DB) DeleteExportManifest(ctx context.Context, workspaceID, id int64) (*partnerd.ExportManifest, error) {
	var m *partnerd.ExportManifest
	err := db.inTx(ctx, func(tx conn) error {
		var err error
		if m, err = db.findExportManifest(ctx, tx, workspaceID, id, db.dialect.forUpdate); err != nil {
			return err
		}
		_, err = tx.exec(ctx, `DELETE FROM export_manifests WHERE workspace_id = ? AND id = ?`, workspaceID, id)
		return err
	})
	return m, err
}
