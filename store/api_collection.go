package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"github.com/partnerd/partnerd"
)

var _ partnerd.APIPlatformService = (*DB)(nil)

// API collections live in folders (a project's top folder, or home): a
// folder with one is not empty.
var _ = folderContent("api_collections", "folder_id")

const apiCollectionColumns = `c.id, c.workspace_id, c.name, c.project_id, c.folder_id, c.version, c.created_at, c.updated_at`

func scanAPICollection(row interface{ Scan(...any) error }) (*partnerd.APICollection, error) {
	var c partnerd.APICollection
	var projectID sql.NullInt64
	var created, updated int64
	err := row.Scan(&c.ID, &c.WorkspaceID, &c.Name, &projectID, &c.FolderID, &c.Version, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, partnerd.ErrNotFound()
	} else if err != nil {
		return nil, err
	}
	c.ProjectID = int64Ptr(projectID)
	c.CreatedAt, c.UpdatedAt = fromMS(created), fromMS(updated)
	return &c, nil
}

// findAPICollection reads a collection within the caller's scope.
func (db *DB) findAPICollection(ctx context.Context, c conn, workspaceID, id int64) (*partnerd.APICollection, error) {
	scope, args := folderScope(ctx, workspaceID, "c.folder_id")
	return scanAPICollection(c.queryRow(ctx, `SELECT `+apiCollectionColumns+` FROM api_collections c
		WHERE c.workspace_id = ? AND c.id = ?`+scope, append([]any{workspaceID, id}, args...)...))
}

// apiCollectionFolder resolves the folder of a collection: its project's
// top folder, or home without a project; either within the caller's scope.
func (db *DB) apiCollectionFolder(ctx context.Context, tx conn, workspaceID int64, projectID *int64) (int64, error) {
	if projectID == nil {
		home, err := homeFolderID(ctx, tx, workspaceID)
		if err != nil {
			return 0, err
		}
		if _, err := db.findFolder(ctx, tx, workspaceID, home); partnerd.ErrorCode(err) == partnerd.ENOTFOUND {
			return 0, partnerd.FieldError("project_id", "can't be blank")
		} else if err != nil {
			return 0, err
		}
		return home, nil
	}
	scope, args := folderScope(ctx, workspaceID, "p.folder_id")
	var folderID int64
	err := tx.queryRow(ctx, `SELECT p.folder_id FROM projects p WHERE p.workspace_id = ? AND p.id = ?`+scope,
		append([]any{workspaceID, *projectID}, args...)...).Scan(&folderID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, partnerd.FieldError("project_id", "is invalid")
	}
	return folderID, err
}

// CreateAPICollection stores a collection with its endpoints.
func (db *DB) CreateAPICollection(ctx context.Context, workspaceID int64, c *partnerd.APICollection, endpoints []*partnerd.APIEndpoint) error {
	if err := c.Validate(); err != nil {
		return err
	}
	for _, e := range endpoints {
		if err := e.Validate(); err != nil {
			return err
		}
	}
	now := db.now()
	err := db.inTx(ctx, func(tx conn) error {
		folderID, err := db.apiCollectionFolder(ctx, tx, workspaceID, c.ProjectID)
		if err != nil {
			return err
		}
		err = tx.queryRow(ctx, `INSERT INTO api_collections (workspace_id, project_id, folder_id, name, version, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, workspaceID, nullInt64(c.ProjectID), folderID, c.Name, c.Version, now, now).Scan(&c.ID)
		if err != nil {
			return err
		}
		for _, e := range endpoints {
			if err := db.checkEndpointRecipe(ctx, tx, workspaceID, e); err != nil {
				return err
			}
			err := tx.queryRow(ctx, `INSERT INTO api_endpoints (workspace_id, api_collection_id, flow_id, name, method, path, active, validate_request, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, FALSE, ?, ?, ?) RETURNING id`, workspaceID, c.ID, nullInt64(e.FlowID), e.Name, e.Method, e.Path, e.ValidateRequest, now, now).Scan(&e.ID)
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	created, err := db.findAPICollection(ctx, db.reader(), workspaceID, c.ID)
	if err != nil {
		return err
	}
	*c = *created
	for _, e := range endpoints {
		e.WorkspaceID, e.CollectionID, e.CollectionPath = workspaceID, c.ID, c.BasePath()
		e.Active, e.CreatedAt, e.UpdatedAt = false, c.CreatedAt, c.CreatedAt
	}
	return nil
}

// checkEndpointRecipe checks that an endpoint's recipe, if it names one, is
// a recipe of the workspace within the caller's scope.
func (db *DB) checkEndpointRecipe(ctx context.Context, tx conn, workspaceID int64, e *partnerd.APIEndpoint) error {
	if e.FlowID == nil {
		return nil
	}
	n, err := countRecipes(ctx, tx, workspaceID, *e.FlowID, false)
	if err != nil || n > 0 {
		return err
	}
	return partnerd.FieldError("openapi_spec", "operation "+e.Method+" /"+e.Path+": recipe "+
		strconv.FormatInt(*e.FlowID, 10)+" is not a recipe of the workspace")
}

// countRecipes counts the recipes of the workspace with the id within the
// caller's scope, only the running ones when running is set.
func countRecipes(ctx context.Context, c conn, workspaceID, id int64, running bool) (int, error) {
	scope, args := folderScope(ctx, workspaceID, "r.folder_id")
	if running {
		scope += ` AND r.running = TRUE`
	}
	var n int
	err := c.queryRow(ctx, `SELECT COUNT(*) FROM recipes r WHERE r.workspace_id = ? AND r.id = ?`+scope,
		append([]any{workspaceID, id}, args...)...).Scan(&n)
	return n, err
}

// FindAPICollections returns a page of the workspace's collections.
func (db *DB) FindAPICollections(ctx context.Context, workspaceID int64, pg partnerd.Page) ([]*partnerd.APICollection, int, error) {
	scope, scopeArgs := folderScope(ctx, workspaceID, "c.folder_id")
	where := ` FROM api_collections c WHERE c.workspace_id = ?` + scope
	args := append([]any{workspaceID}, scopeArgs...)
	var total int
	if err := db.reader().queryRow(ctx, `SELECT COUNT(*)`+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := db.reader().query(ctx, `SELECT `+apiCollectionColumns+where+` ORDER BY c.id LIMIT ? OFFSET ?`,
		append(args, pg.PerPage, pg.Offset())...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	list := []*partnerd.APICollection{}
	for rows.Next() {
		c, err := scanAPICollection(rows)
		if err != nil {
			return nil, 0, err
		}
		list = append(list, c)
	}
	return list, total, rows.Err()
}

const apiEndpointColumns = `e.id, e.workspace_id, e.api_collection_id, e.flow_id, e.name, e.method, e.path, e.active,
	e.created_at, e.updated_at, c.name, c.version, e.validate_request`

const apiEndpointFrom = ` FROM api_endpoints e JOIN api_collections c ON c.id = e.api_collection_id`

func scanAPIEndpoint(row interface{ Scan(...any) error }) (*partnerd.APIEndpoint, error) {
	var e partnerd.APIEndpoint
	var flowID sql.NullInt64
	var created, updated int64
	var collection, version string
	err := row.Scan(&e.ID, &e.WorkspaceID, &e.CollectionID, &flowID, &e.Name, &e.Method, &e.Path, &e.Active,
		&created, &updated, &collection, &version, &e.ValidateRequest)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, partnerd.ErrNotFound()
	} else if err != nil {
		return nil, err
	}
	e.FlowID = int64Ptr(flowID)
	e.CollectionPath = partnerd.APICollectionBasePath(e.WorkspaceID, collection, version)
	e.CreatedAt, e.UpdatedAt = fromMS(created), fromMS(updated)
	return &e, nil
}

// FindAPIEndpoints returns a page of the workspace's endpoints.
func (db *DB) FindAPIEndpoints(ctx context.Context, workspaceID int64, f partnerd.APIEndpointFilter) ([]*partnerd.APIEndpoint, int, error) {
	scope, scopeArgs := folderScope(ctx, workspaceID, "c.folder_id")
	where := apiEndpointFrom + ` WHERE e.workspace_id = ?` + scope
	args := append([]any{workspaceID}, scopeArgs...)
	if f.CollectionID != 0 {
		where += ` AND e.api_collection_id = ?`
		args = append(args, f.CollectionID)
	}
	var total int
	if err := db.reader().queryRow(ctx, `SELECT COUNT(*)`+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := db.reader().query(ctx, `SELECT `+apiEndpointColumns+where+` ORDER BY e.id LIMIT ? OFFSET ?`,
		append(args, f.Page.PerPage, f.Page.Offset())...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	list := []*partnerd.APIEndpoint{}
	for rows.Next() {
		e, err := scanAPIEndpoint(rows)
		if err != nil {
			return nil, 0, err
		}
		list = append(list, e)
	}
	return list, total, rows.Err()
}

// SetAPIEndpointActive enables an endpoint whose recipe runs, or disables one.
func (db *DB) SetAPIEndpointActive(ctx context.Context, workspaceID, id int64, active bool) error {
	return db.inTx(ctx, func(tx conn) error {
		scope, args := folderScope(ctx, workspaceID, "c.folder_id")
		e, err := scanAPIEndpoint(tx.queryRow(ctx, `SELECT `+apiEndpointColumns+apiEndpointFrom+`
			WHERE e.workspace_id = ? AND e.id = ?`+scope+db.dialect.forUpdate, append([]any{workspaceID, id}, args...)...))
		if err != nil {
			return err
		}
		if active {
			if e.FlowID == nil {
				return partnerd.ErrEndpointRecipe(false)
			}
			if n, err := countRecipes(ctx, tx, workspaceID, *e.FlowID, true); err != nil {
				return err
			} else if n == 0 {
				return partnerd.ErrEndpointRecipe(true)
			}
		}
		if e.Active == active {
			return nil
		}
		_, err = tx.exec(ctx, `UPDATE api_endpoints SET active = ?, updated_at = ? WHERE id = ?`, active, db.now(), e.ID)
		return err
	})
}
