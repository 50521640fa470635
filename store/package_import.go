package store

import (
	"cmp"
	"context"
	"crypto/cipher"
	"database/sql"
	"errors"
	"slices"
	"strings"

	"github.com/partnerd/partnerd"
)

// ImportPackage reads an import's zip, applies it in one transaction, and
// records the outcome on the package.
func (db *DB) ImportPackage(ctx context.Context, workspaceID, packageID int64, zip []byte, restart bool) error {
	p, err := db.FindPackageByID(ctx, workspaceID, packageID)
	if err != nil {
		return err
	}
	if p.Operation != partnerd.PackageImport || p.Status != partnerd.PackageInProgress {
		return errors.New("store: package is not an import in progress")
	}
	results, err := db.importZip(ctx, workspaceID, p.FolderID, zip, restart)
	return db.finishPackage(ctx, workspaceID, p, err, results, nil)
}

// importZip applies a zip to the folder, then starts again the running
// recipes it stopped, and returns what it did to each recipe.
func (db *DB) importZip(ctx context.Context, workspaceID, folderID int64, zip []byte, restart bool) ([]partnerd.RecipeImport, error) {
	contents, err := partnerd.ReadPackage(zip)
	if err != nil {
		return nil, err
	}
	im := &importer{db: db, ctx: ctx, ws: workspaceID, contents: contents, restart: restart,
		providers: map[string]string{}, folders: map[string]int64{}, ids: map[string]int64{}, matched: map[partnerd.AssetRef]bool{}}
	if err := im.prepare(); err != nil {
		return nil, err
	}
	err = db.inTx(ctx, func(tx conn) error {
		im.tx, im.now = tx, db.now()
		return im.apply(folderID)
	})
	if err != nil {
		return nil, err
	}
	for i, r := range im.results {
		if r.Result != partnerd.ImportRestarted {
			continue
		}
		problems, err := db.StartRecipe(ctx, workspaceID, r.ID)
		if err != nil {
			im.results[i].Result = partnerd.ImportRestartFailed
		} else if problems != nil {
			im.results[i].Result = partnerd.ImportStopped
		}
	}
	slices.SortFunc(im.results, func(a, b partnerd.RecipeImport) int { return cmp.Compare(a.ID, b.ID) })
	return im.results, nil
}

// importer applies the files of a package to a workspace in one
// transaction. Each existing asset is matched by one file at most.
type importer struct {
	db       *DB
	ctx      context.Context
	tx       conn
	ws       int64
	now      int64
	contents *partnerd.PackageContents
	restart  bool
	aead     cipher.AEAD

	providers map[string]string          // connection file → the connector's name
	folders   map[string]int64           // package directory → folder
	ids       map[string]int64           // file → the id of its asset
	matched   map[partnerd.AssetRef]bool // existing assets a file matched
	results   []partnerd.RecipeImport    // by recipe; ImportRestarted until restarted
}

// prepare reads what the transaction must not read on the reader: the
// connectors of the connection files, and the cipher of their input.
func (im *importer) prepare() error {
	var found int64
	err := im.db.reader().queryRow(im.ctx, `SELECT id FROM workspaces WHERE id = ?`, im.ws).Scan(&found)
	if errors.Is(err, sql.ErrNoRows) {
		return partnerd.ErrNotFound()
	} else if err != nil {
		return err
	}
	names := map[string]string{} // provider → the connector's name
	for _, f := range im.contents.Files {
		if f.Type != partnerd.AssetConnection {
			continue
		}
		provider := f.Connection.Connection().Provider
		if _, ok := names[provider]; !ok {
			c, err := im.db.FindConnector(im.ctx, im.ws, provider)
			if partnerd.ErrorCode(err) == partnerd.ENOTFOUND {
				return partnerd.PackageFileError(f.Path, partnerd.FieldError("provider", "is not a connector of the catalogue"))
			} else if err != nil {
				return err
			}
			names[provider] = c.Name
		}
		im.providers[f.Path] = names[provider]
	}
	im.aead, err = im.db.aead(im.ctx)
	return err
}

// apply imports every file, each type after those it refers to.
func (im *importer) apply(folderID int64) error {
	if err := im.db.lockTree(im.ctx, im.tx, im.ws); err != nil {
		return err
	}
	if _, err := im.db.findFolder(im.ctx, im.tx, im.ws, folderID); partnerd.ErrorCode(err) == partnerd.ENOTFOUND {
		return partnerd.Errorf(partnerd.EINVALID, "The folder to import into no longer exists")
	} else if err != nil {
		return err
	}
	im.folders[""] = folderID
	steps := []struct {
		typ string
		fn  func(*partnerd.PackageFile) error
	}{
		{partnerd.AssetConnection, im.connection},
		{partnerd.AssetLookupTable, im.lookupTable},
		{partnerd.AssetAccountProperty, im.property},
		{partnerd.AssetRecipe, im.recipe},
		{partnerd.AssetAPIGroup, im.apiGroup},
		{partnerd.AssetAPIEndpoint, im.apiEndpoint},
	}
	var last *partnerd.PackageFile
	for _, step := range steps {
		for _, f := range im.contents.Files {
			if f.Type != step.typ {
				continue
			}
			if err := step.fn(f); err != nil {
				return partnerd.PackageFileError(f.Path, im.db.dialect.mapError(err))
			}
			if f.Type == partnerd.AssetAccountProperty {
				last = f
			}
		}
	}
	if last == nil {
		return nil
	}
	var n int
	if err := im.tx.queryRow(im.ctx, `SELECT COUNT(*) FROM properties WHERE workspace_id = ?`, im.ws).Scan(&n); err != nil {
		return err
	}
	if n > partnerd.MaxProperties {
		return partnerd.PackageFileError(last.Path, partnerd.Errorf(partnerd.EINVALID,
			"the workspace would hold more than %d account properties", partnerd.MaxProperties))
	}
	return nil
}

// folder returns the folder of a package directory, creating the folders
// it lacks; a folder right under home starts a project.
func (im *importer) folder(dir string) (int64, error) {
	if id, ok := im.folders[dir]; ok {
		return id, nil
	}
	parentDir, name := "", dir
	if i := strings.LastIndexByte(dir, '/'); i >= 0 {
		parentDir, name = dir[:i], dir[i+1:]
	}
	parentID, err := im.folder(parentDir)
	if err != nil {
		return 0, err
	}
	scope, args := folderScope(im.ctx, im.ws, "f.id")
	var id int64
	err = im.tx.queryRow(im.ctx, `SELECT f.id FROM folders f WHERE f.workspace_id = ? AND f.parent_id = ? AND f.name = ?`+
		scope+` ORDER BY f.id LIMIT 1`, append([]any{im.ws, parentID, name}, args...)...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		id, err = im.createFolder(parentID, name)
	}
	if err != nil {
		return 0, err
	}
	im.folders[dir] = id
	return id, nil
}

// createFolder creates a folder of a package directory.
func (im *importer) createFolder(parentID int64, name string) (int64, error) {
	f := &partnerd.Folder{Name: name}
	if err := f.Validate(); err != nil {
		return 0, partnerd.Errorf(partnerd.EINVALID, "the name of its folder is too long (maximum is 255 characters)")
	}
	parent, err := im.db.findFolder(im.ctx, im.tx, im.ws, parentID)
	if err != nil {
		return 0, err
	}
	err = im.tx.queryRow(im.ctx, `INSERT INTO folders (workspace_id, parent_id, project_id, name, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, im.ws, parent.ID, nullInt64(parent.ProjectID), name, im.now, im.now).Scan(&f.ID)
	if err != nil || parent.ParentID != nil {
		return f.ID, err
	}
	return f.ID, startProject(im.ctx, im.tx, im.ws, f.ID, im.now)
}

// match returns the first asset of the type, among the ids the query
// lists in ascending order, that no file has matched yet.
func (im *importer) match(typ, query string, args ...any) (int64, bool, error) {
	rows, err := im.tx.query(im.ctx, query, args...)
	if err != nil {
		return 0, false, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return 0, false, err
		}
		if ref := (partnerd.AssetRef{Type: typ, ID: id}); !im.matched[ref] {
			im.matched[ref] = true
			return id, true, nil
		}
	}
	return 0, false, rows.Err()
}

// inFolder returns a query of the ids of the assets of table named name in
// a folder, within the caller's scope, in ascending id, and its arguments.
func (im *importer) inFolder(table string, folderID int64, name string) (string, []any) {
	scope, args := folderScope(im.ctx, im.ws, "x.folder_id")
	return `SELECT x.id FROM ` + table + ` x WHERE x.workspace_id = ? AND x.folder_id = ? AND x.name = ?` + scope +
		` ORDER BY x.id`, append([]any{im.ws, folderID, name}, args...)
}

// connection imports a connection: a new one is disconnected; a match
// keeps its credentials and authorization.
func (im *importer) connection(f *partnerd.PackageFile) error {
	c := f.Connection.Connection()
	c.Provider = im.providers[f.Path]
	folderID, err := im.folder(f.Folder)
	if err != nil {
		return err
	}
	query, args := im.inFolder("connections", folderID, c.Name)
	id, found, err := im.match(partnerd.AssetConnection, query, args...)
	if err != nil {
		return err
	}
	if !found {
		input, err := sealInput(im.aead, partnerd.ConnectionInput{})
		if err != nil {
			return err
		}
		err = im.tx.queryRow(im.ctx, `INSERT INTO connections (workspace_id, folder_id, name, provider, description, input,
			created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, im.ws, folderID, c.Name, c.Provider,
			nullString(c.Description), input, im.now, im.now).Scan(&id)
		im.ids[f.Path] = id
		return err
	}
	im.ids[f.Path] = id
	var provider string
	var description sql.NullString
	if err := im.tx.queryRow(im.ctx, `SELECT provider, description FROM connections WHERE id = ?`, id).Scan(&provider, &description); err != nil {
		return err
	}
	if provider != c.Provider {
		return partnerd.Errorf(partnerd.EINVALID, "its folder holds a connection named %q of another provider, %s", c.Name, provider)
	}
	if sameString(stringPtr(description), c.Description) {
		return nil
	}
	_, err = im.tx.exec(im.ctx, `UPDATE connections SET description = ?, updated_at = ? WHERE id = ?`, nullString(c.Description), im.now, id)
	return err
}

// sameString reports whether two optional strings are equal.
func sameString(a, b *string) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
