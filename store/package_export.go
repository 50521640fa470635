package store

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"slices"

	"github.com/partnerd/partnerd"
)

// FindFolderAssets returns the assets an export of the folder can write.
func (db *DB) FindFolderAssets(ctx context.Context, workspaceID, folderID int64) ([]*partnerd.Asset, error) {
	return db.folderAssets(ctx, db.reader(), workspaceID, folderID)
}

// folderTree returns the package directory of the folder and of every
// folder beneath it (the folder's own is ""), and their paths in the
// workspace (see folderPath).
func folderTree(ctx context.Context, c conn, workspaceID, folderID int64) (dirs, paths map[int64]string, err error) {
	root, err := folderPath(ctx, c, workspaceID, folderID)
	if err != nil {
		return nil, nil, err
	}
	rows, err := c.query(ctx, `WITH RECURSIVE tree (id, parent_id, name, depth) AS (
		SELECT id, parent_id, name, 0 FROM folders WHERE workspace_id = ? AND id = ?
		UNION ALL SELECT f.id, f.parent_id, f.name, t.depth + 1 FROM folders f JOIN tree t ON f.parent_id = t.id)
		SELECT id, parent_id, name FROM tree ORDER BY depth, id`, workspaceID, folderID)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	dirs, paths = map[int64]string{}, map[int64]string{}
	for rows.Next() {
		var id int64
		var parentID *int64
		var name string
		if err := rows.Scan(&id, &parentID, &name); err != nil {
			return nil, nil, err
		}
		if id == folderID {
			dirs[id], paths[id] = "", root
			continue
		}
		dirs[id] = partnerd.PackagePath(dirs[*parentID], partnerd.DirName(name))
		paths[id] = partnerd.PackagePath(paths[*parentID], name)
	}
	return dirs, paths, rows.Err()
}

// folderAssets lists the assets of a folder's tree, on tx or the reader,
// each with its directory and file name in a package of that folder (home
// when zero):
// recipes, connections and lookup tables of the tree, the API collections
// whose folder it is with their endpoints, and the account properties.
func (db *DB) folderAssets(ctx context.Context, c conn, workspaceID, folderID int64) ([]*partnerd.Asset, error) {
	if folderID == 0 {
		home, err := homeFolderID(ctx, c, workspaceID)
		if err != nil {
			return nil, err
		}
		folderID = home
	}
	if _, err := db.findFolder(ctx, c, workspaceID, folderID); err != nil {
		return nil, err
	}
	dirs, paths, err := folderTree(ctx, c, workspaceID, folderID)
	if err != nil {
		return nil, err
	}
	names := partnerd.ZipNames{}
	var assets []*partnerd.Asset
	list := func(typ, column, query string, args ...any) error {
		scope, scopeArgs := folderScope(ctx, workspaceID, column)
		rows, err := c.query(ctx, query+scope+` ORDER BY 1`, append(args, scopeArgs...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			a := &partnerd.Asset{Type: typ}
			var folder int64
			if err := rows.Scan(&a.ID, &a.Name, &a.Version, &folder); err != nil {
				return err
			}
			a.Folder, a.AbsolutePath = dirs[folder], paths[folder]
			a.ZipName = names.Name(a.Folder, a.Name, typ)
			assets = append(assets, a)
		}
		return rows.Err()
	}
	inTree := ` WHERE x.workspace_id = ? AND x.folder_id IN ` + treeFolders
	err = errors.Join(
		list(partnerd.AssetRecipe, "x.folder_id", `SELECT x.id, x.name, x.version_no, x.folder_id FROM recipes x`+inTree, workspaceID, folderID),
		list(partnerd.AssetConnection, "x.folder_id", `SELECT x.id, x.name, 1, x.folder_id FROM connections x`+inTree, workspaceID, folderID),
		list(partnerd.AssetLookupTable, "x.folder_id", `SELECT x.id, x.name, 1, x.folder_id FROM lookup_tables x`+inTree, workspaceID, folderID),
		list(partnerd.AssetAPIGroup, "x.folder_id", `SELECT x.id, x.name, 1, x.folder_id FROM api_collections x
			WHERE x.workspace_id = ? AND x.folder_id = ?`, workspaceID, folderID),
		list(partnerd.AssetAPIEndpoint, "c.folder_id", `SELECT e.id, e.name, 1, c.folder_id FROM api_endpoints e
			JOIN api_collections c ON c.id = e.api_collection_id WHERE e.workspace_id = ? AND c.folder_id = ?`, workspaceID, folderID),
	)
	if err != nil {
		return nil, err
	}
	props, err := findProperties(ctx, c, workspaceID)
	if err != nil {
		return nil, err
	}
	for _, name := range slices.Sorted(maps.Keys(props)) {
		assets = append(assets, &partnerd.Asset{Name: name, Type: partnerd.AssetAccountProperty, Version: 1,
			ZipName: names.Name("", name, partnerd.AssetAccountProperty)})
	}
	return assets, nil
}

// findProperties returns every account property of the workspace, on tx
// or the reader.
func findProperties(ctx context.Context, c conn, workspaceID int64) (map[string]string, error) {
	rows, err := c.query(ctx, `SELECT name, value FROM properties WHERE workspace_id = ?`, workspaceID)
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

// ExportPackage writes the zip of an export and records it.
func (db *DB) ExportPackage(ctx context.Context, workspaceID, packageID int64) error {
	p, err := db.FindPackageByID(ctx, workspaceID, packageID)
	if err != nil {
		return err
	}
	if p.Operation != partnerd.PackageExport || p.Status != partnerd.PackageInProgress {
		return errors.New("store: package is not an export in progress")
	}
	zip, err := db.exportZip(ctx, workspaceID, p)
	return db.finishPackage(ctx, workspaceID, p, err, nil, zip)
}

// exportZip writes the assets of an export's manifest that are still in
// its folder's tree into a zip. A reference to an asset the package does
// not hold is written null; an endpoint without its collection is left out.
func (db *DB) exportZip(ctx context.Context, workspaceID int64, p *partnerd.Package) ([]byte, error) {
	if p.ExportManifestID == nil {
		return nil, partnerd.ErrNotFound() // Its manifest is gone.
	}
	m, err := db.findExportManifest(ctx, db.reader(), workspaceID, *p.ExportManifestID, "")
	if err != nil {
		return nil, err
	}
	assets, err := db.folderAssets(ctx, db.reader(), workspaceID, m.FolderID)
	if err != nil {
		return nil, err
	}
	wanted := map[partnerd.AssetRef]bool{}
	for _, a := range m.Assets {
		wanted[a] = true
	}
	chosen := map[partnerd.AssetRef]*partnerd.Asset{}
	for _, a := range assets {
		if ref := assetRef(a); wanted[ref] {
			chosen[ref] = a
		}
	}
	return db.zipAssets(ctx, workspaceID, assets, chosen)
}

// zipAssets writes the chosen assets of a folder's tree (assets, as
// folderAssets lists them) into a zip.
func (db *DB) zipAssets(ctx context.Context, workspaceID int64, assets []*partnerd.Asset, chosen map[partnerd.AssetRef]*partnerd.Asset) ([]byte, error) {
	ref := func(typ string, id *int64) *partnerd.PackageRef {
		if id == nil || chosen[partnerd.AssetRef{Type: typ, ID: *id}] == nil {
			return nil
		}
		a := chosen[partnerd.AssetRef{Type: typ, ID: *id}]
		return &partnerd.PackageRef{ZipName: a.ZipName, Name: a.Name, Folder: a.Folder}
	}
	props, err := findProperties(ctx, db.reader(), workspaceID)
	if err != nil {
		return nil, err
	}
	var files []*partnerd.PackageFile
	for _, a := range assets {
		if chosen[assetRef(a)] == nil {
			continue
		}
		f := &partnerd.PackageFile{Path: a.Path(), Folder: a.Folder, Type: a.Type}
		err := db.exportFile(ctx, workspaceID, a, f, props, ref)
		if partnerd.ErrorCode(err) == partnerd.ENOTFOUND {
			continue // Deleted since the list was read.
		} else if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	var buf bytes.Buffer
	if err := partnerd.WritePackage(&buf, files, db.Now.Now()); err != nil {
		return nil, err
	}
	if buf.Len() > partnerd.MaxPackageSize {
		return nil, partnerd.Errorf(partnerd.EINVALID, "The package would be larger than %d MiB", partnerd.MaxPackageSize>>20)
	}
	return buf.Bytes(), nil
}

// assetRef returns the manifest entry that names an asset.
func assetRef(a *partnerd.Asset) partnerd.AssetRef {
	if a.Type == partnerd.AssetAccountProperty {
		return partnerd.AssetRef{Type: a.Type, Name: a.Name}
	}
	return partnerd.AssetRef{Type: a.Type, ID: a.ID}
}

// exportFile reads an asset into f, each reference given by ref.
func (db *DB) exportFile(ctx context.Context, workspaceID int64, a *partnerd.Asset, f *partnerd.PackageFile,
	props map[string]string, ref func(typ string, id *int64) *partnerd.PackageRef) error {
	switch a.Type {
	case partnerd.AssetRecipe:
		r, err := db.FindRecipeByID(ctx, workspaceID, a.ID)
		if err != nil {
			return err
		}
		config := []partnerd.RecipeFileConfig{}
		for _, c := range r.Config {
			config = append(config, partnerd.RecipeFileConfig{Keyword: c.Keyword, Name: c.Name, Provider: c.Provider,
				SkipValidation: c.SkipValidation, AccountID: ref(partnerd.AssetConnection, c.AccountID)})
		}
		f.Recipe = &partnerd.RecipeFile{Name: r.Name, Description: r.Description, Version: r.VersionNo, Private: &r.Private,
			Concurrency: r.Concurrency, Code: []byte(r.Code), Config: config}
	case partnerd.AssetConnection:
		c, err := db.FindConnectionByID(ctx, workspaceID, a.ID)
		if err != nil {
			return err
		}
		f.Connection = &partnerd.ConnectionFile{Name: c.Name, Provider: c.Provider, Description: c.Description}
	case partnerd.AssetLookupTable:
		t, err := db.FindLookupTableByID(ctx, workspaceID, a.ID)
		if err != nil {
			return err
		}
		rows, err := lookupRowsOf(ctx, db.reader(), t)
		if err != nil {
			return err
		}
		lf := &partnerd.LookupTableFile{Name: t.Name, Schema: []partnerd.LookupColumnFile{}, Rows: []map[string]*string{}}
		for _, c := range t.Columns {
			lf.Schema = append(lf.Schema, partnerd.LookupColumnFile{Label: c.Label, Type: c.Type})
		}
		for _, r := range rows {
			data := map[string]*string{}
			for _, cell := range r.Data {
				if cell.Value != nil {
					data[cell.Label] = cell.Value
				}
			}
			lf.Rows = append(lf.Rows, data)
		}
		f.LookupTable = lf
	case partnerd.AssetAccountProperty:
		value, ok := props[a.Name]
		if !ok {
			return partnerd.ErrNotFound()
		}
		f.AccountProperty = &partnerd.AccountPropertyFile{Name: a.Name, Value: value}
	case partnerd.AssetAPIGroup:
		c, err := db.findAPICollection(ctx, db.reader(), workspaceID, a.ID)
		if err != nil {
			return err
		}
		f.APIGroup = &partnerd.APIGroupFile{Name: c.Name, Version: c.Version}
	case partnerd.AssetAPIEndpoint:
		scope, args := folderScope(ctx, workspaceID, "c.folder_id")
		e, err := scanAPIEndpoint(db.reader().queryRow(ctx, `SELECT `+apiEndpointColumns+apiEndpointFrom+`
			WHERE e.workspace_id = ? AND e.id = ?`+scope, append([]any{workspaceID, a.ID}, args...)...))
		if err != nil {
			return err
		}
		group := ref(partnerd.AssetAPIGroup, &e.CollectionID)
		if group == nil {
			return partnerd.ErrNotFound() // An endpoint goes with its collection.
		}
		f.APIEndpoint = &partnerd.APIEndpointFile{Name: e.Name, Method: e.Method, Path: e.Path,
			APIGroup: group, Flow: ref(partnerd.AssetRecipe, e.FlowID), ValidateRequest: e.ValidateRequest}
	}
	return nil
}

// lookupRowsOf returns every row of a table in ascending id, on tx or the
// reader.
func lookupRowsOf(ctx context.Context, c conn, t *partnerd.LookupTable) ([]*partnerd.LookupRow, error) {
	rows, err := c.query(ctx, `SELECT `+lookupRowColumns+` FROM lookup_rows r WHERE r.table_id = ? ORDER BY r.id`, t.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []*partnerd.LookupRow
	for rows.Next() {
		r, err := scanLookupRow(rows, t)
		if err != nil {
			return nil, err
		}
		list = append(list, r)
	}
	return list, rows.Err()
}
