package store

import (
	"database/sql"
	"errors"

	"github.com/partnerd/partnerd"
)

// lookupTable imports a lookup table with its rows: a match whose columns
// or rows differ gets the package's, its rows replaced.
func (im *importer) lookupTable(f *partnerd.PackageFile) error {
	t, rows, err := f.LookupTable.Table()
	if err != nil {
		return err
	}
	folderID, err := im.folder(f.Folder)
	if err != nil {
		return err
	}
	scope, args := folderScope(im.ctx, im.ws, "x.folder_id")
	id, found, err := im.match(partnerd.AssetLookupTable, `SELECT x.id FROM lookup_tables x WHERE x.workspace_id = ? AND x.name = ?`+
		scope+` ORDER BY x.id`, append([]any{im.ws, t.Name}, args...)...)
	if err != nil {
		return err
	}
	if !found {
		err := im.tx.queryRow(im.ctx, `INSERT INTO lookup_tables (workspace_id, folder_id, name, columns, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, im.ws, folderID, t.Name, columnsText(t), im.now, im.now).Scan(&id)
		if err != nil {
			return err
		}
		im.ids[f.Path] = id
		return im.fillLookupTable(id, rows)
	}
	im.ids[f.Path] = id
	old, err := im.db.findLookupTable(im.ctx, im.tx, im.ws, id)
	if err != nil {
		return err
	}
	if old.FolderID != folderID {
		return partnerd.Errorf(partnerd.EINVALID, "a lookup table named %q is in another folder, and a workspace holds one table of a name", t.Name)
	}
	oldRows, err := lookupRowsOf(im.ctx, im.tx, old)
	if err != nil {
		return err
	}
	if columnsText(old) == columnsText(t) && sameRows(oldRows, rows) {
		return nil
	}
	if _, err := im.tx.exec(im.ctx, `UPDATE lookup_tables SET columns = ?, row_count = 0, updated_at = ? WHERE id = ?`,
		columnsText(t), im.now, id); err != nil {
		return err
	}
	if _, err := im.tx.exec(im.ctx, `DELETE FROM lookup_rows WHERE table_id = ?`, id); err != nil {
		return err
	}
	return im.fillLookupTable(id, rows)
}

// fillLookupTable adds rows to an empty table.
func (im *importer) fillLookupTable(id int64, rows [][]*string) error {
	if err := im.db.reserveLookupRows(im.ctx, im.tx, id, len(rows)); err != nil {
		return err
	}
	return insertLookupRows(im.ctx, im.tx, id, rows, im.now)
}

// columnsText returns the columns of a table as the store keeps them.
func columnsText(t *partnerd.LookupTable) string {
	columns := make([]storedColumn, len(t.Columns))
	for i, c := range t.Columns {
		columns[i] = storedColumn{Label: c.Label, Type: c.Type}
	}
	return jsonText(columns)
}

// sameRows reports whether stored rows hold the cells of rows, in order.
func sameRows(stored []*partnerd.LookupRow, rows [][]*string) bool {
	if len(stored) != len(rows) {
		return false
	}
	for i, r := range stored {
		for k, cell := range r.Data {
			if k >= len(rows[i]) || !sameString(cell.Value, rows[i][k]) {
				return false
			}
		}
	}
	return true
}

// property imports an account property.
func (im *importer) property(f *partnerd.PackageFile) error {
	p := f.AccountProperty
	var value string
	err := im.tx.queryRow(im.ctx, `SELECT value FROM properties WHERE workspace_id = ? AND name = ?`, im.ws, p.Name).Scan(&value)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		_, err = im.tx.exec(im.ctx, `INSERT INTO properties (workspace_id, name, value, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
			im.ws, p.Name, p.Value, im.now, im.now)
	case err == nil && value != p.Value:
		_, err = im.tx.exec(im.ctx, `UPDATE properties SET value = ?, updated_at = ? WHERE workspace_id = ? AND name = ?`,
			p.Value, im.now, im.ws, p.Name)
	}
	return err
}

// recipe imports a recipe, its config naming the connections the package
// imported. A change of code or config adds a version; a running recipe
// that the package changes is stopped for a restart, or fails the import.
func (im *importer) recipe(f *partnerd.PackageFile) error {
	r, err := f.Recipe.Recipe(func(ref *partnerd.PackageRef) *int64 {
		id := im.ids[im.contents.File(ref).Path]
		return &id
	})
	if err != nil {
		return err
	}
	if r.FolderID, err = im.folder(f.Folder); err != nil {
		return err
	}
	query, args := im.inFolder("recipes", r.FolderID, r.Name)
	id, found, err := im.match(partnerd.AssetRecipe, query, args...)
	if err != nil {
		return err
	}
	if !found {
		if err := insertRecipe(im.ctx, im.tx, im.ws, r, im.now); err != nil {
			return err
		}
		im.ids[f.Path] = r.ID
		im.results = append(im.results, partnerd.RecipeImport{ID: r.ID, Result: partnerd.ImportNoUpdate})
		return nil
	}
	r.ID, im.ids[f.Path] = id, id
	running, err := im.db.recipeState(im.ctx, im.tx, im.ws, id, im.db.dialect.forUpdate)
	if err != nil {
		return err
	}
	old, err := im.db.findRecipe(im.ctx, im.tx, im.ws, id)
	if err != nil {
		return err
	}
	result := partnerd.RecipeImport{ID: id, Result: partnerd.ImportNoUpdate}
	newVersion := old.Code != r.Code || jsonText(old.Config) != jsonText(r.Config)
	if !newVersion && sameString(old.Description, r.Description) && old.Private == r.Private && old.Concurrency == r.Concurrency {
		im.results = append(im.results, result)
		return nil
	}
	if running {
		if !im.restart {
			return partnerd.Errorf(partnerd.EINVALID, "the package changes the running recipe %q: import with restart_recipes=true to stop, update and start it again", r.Name)
		}
		if _, err := im.tx.exec(im.ctx, `UPDATE recipes SET running = FALSE, stopped_at = ?, updated_at = ?, revision = ? WHERE id = ?`,
			im.now, im.now, newRevision(), id); err != nil {
			return err
		}
		result.Result = partnerd.ImportRestarted
	}
	version := old.VersionNo
	if newVersion {
		version++
		if err := addRecipeVersion(im.ctx, im.tx, im.ws, id, version, im.now); err != nil {
			return err
		}
		if err := setRecipeLinks(im.ctx, im.tx, r); err != nil {
			return err
		}
	}
	_, err = im.tx.exec(im.ctx, `UPDATE recipes SET description = ?, code = ?, config = ?, trigger_application = ?,
		action_applications = ?, private = ?, concurrency = ?, version_no = ?, updated_at = ?, revision = ? WHERE workspace_id = ? AND id = ?`,
		nullString(r.Description), r.Code, jsonText(r.Config), nullString(r.TriggerApplication), jsonText(r.ActionApplications),
		r.Private, r.Concurrency, version, im.now, newRevision(), im.ws, id)
	im.results = append(im.results, result)
	return err
}

// apiGroup imports an API collection into the project of its folder, or
// home at the top of the workspace.
func (im *importer) apiGroup(f *partnerd.PackageFile) error {
	c := f.APIGroup.Collection()
	if err := c.Validate(); err != nil {
		return err
	}
	folderID, err := im.folder(f.Folder)
	if err != nil {
		return err
	}
	folder, err := im.db.findFolder(im.ctx, im.tx, im.ws, folderID)
	if err != nil {
		return err
	}
	if folder.ParentID != nil {
		c.ProjectID = folder.ProjectID
	}
	if c.FolderID, err = im.db.apiCollectionFolder(im.ctx, im.tx, im.ws, c.ProjectID); partnerd.ErrorCode(err) == partnerd.EINVALID {
		return partnerd.Errorf(partnerd.EINVALID, "its project is out of the caller's reach")
	} else if err != nil {
		return err
	}
	scope, args := folderScope(im.ctx, im.ws, "x.folder_id")
	id, found, err := im.match(partnerd.AssetAPIGroup, `SELECT x.id FROM api_collections x WHERE x.workspace_id = ? AND x.name = ?`+
		scope+` ORDER BY x.id`, append([]any{im.ws, c.Name}, args...)...)
	if err != nil {
		return err
	}
	if !found {
		err := im.tx.queryRow(im.ctx, `INSERT INTO api_collections (workspace_id, project_id, folder_id, name, version, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, im.ws, nullInt64(c.ProjectID), c.FolderID, c.Name, c.Version, im.now, im.now).Scan(&id)
		im.ids[f.Path] = id
		return err
	}
	im.ids[f.Path] = id
	var oldFolder int64
	var version string
	if err := im.tx.queryRow(im.ctx, `SELECT folder_id, version FROM api_collections WHERE id = ?`, id).Scan(&oldFolder, &version); err != nil {
		return err
	}
	if oldFolder != c.FolderID {
		return partnerd.Errorf(partnerd.EINVALID, "an API collection named %q is in another project, and a workspace holds one collection of a name", c.Name)
	}
	if version == c.Version {
		return nil
	}
	_, err = im.tx.exec(im.ctx, `UPDATE api_collections SET version = ?, updated_at = ? WHERE id = ?`, c.Version, im.now, id)
	return err
}

// apiEndpoint imports an endpoint of a collection the package imported,
// calling a recipe it imported; a new one is inactive, a match keeps
// whether it is.
func (im *importer) apiEndpoint(f *partnerd.PackageFile) error {
	ef := f.APIEndpoint
	e := ef.Endpoint()
	e.CollectionID = im.ids[im.contents.File(ef.APIGroup).Path]
	if ef.Flow != nil {
		flow := im.ids[im.contents.File(ef.Flow).Path]
		e.FlowID = &flow
	}
	scope, args := folderScope(im.ctx, im.ws, "c.folder_id")
	id, found, err := im.match(partnerd.AssetAPIEndpoint, `SELECT e.id FROM api_endpoints e JOIN api_collections c ON c.id = e.api_collection_id
		WHERE e.workspace_id = ? AND e.api_collection_id = ? AND e.name = ?`+scope+` ORDER BY e.id`,
		append([]any{im.ws, e.CollectionID, e.Name}, args...)...)
	if err != nil {
		return err
	}
	if !found {
		_, err := im.tx.exec(im.ctx, `INSERT INTO api_endpoints (workspace_id, api_collection_id, flow_id, name, method, path, active,
			validate_request, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, FALSE, ?, ?, ?)`, im.ws, e.CollectionID, nullInt64(e.FlowID),
			e.Name, e.Method, e.Path, e.ValidateRequest, im.now, im.now)
		return err
	}
	var method, path string
	var flowID sql.NullInt64
	var validate bool
	if err := im.tx.queryRow(im.ctx, `SELECT method, path, flow_id, validate_request FROM api_endpoints WHERE id = ?`, id).
		Scan(&method, &path, &flowID, &validate); err != nil {
		return err
	}
	old := int64Ptr(flowID)
	if method == e.Method && path == e.Path && (old == nil) == (e.FlowID == nil) && (old == nil || *old == *e.FlowID) &&
		validate == e.ValidateRequest {
		return nil
	}
	_, err = im.tx.exec(im.ctx, `UPDATE api_endpoints SET method = ?, path = ?, flow_id = ?, validate_request = ?, updated_at = ? WHERE id = ?`,
		e.Method, e.Path, nullInt64(e.FlowID), e.ValidateRequest, im.now, id)
	return err
}
