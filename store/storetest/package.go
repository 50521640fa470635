package storetest

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"sort"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// template is the folder of a template workspace that the package tests
// export: Integrations (a project) with the folder Sync in it, three
// connections, five recipes that use them, a lookup table with rows, two
// account properties, and an API collection whose endpoints call recipes.
type template struct {
	folder, sync *partnerd.Folder
	connections  []*partnerd.Connection
	recipes      []*partnerd.Recipe
	table        *partnerd.LookupTable
	collection   *partnerd.APICollection
}

// Recipe codes of the template: text with & and < travels as it is.
const (
	leadCode   = `{"number":0,"keyword":"trigger","provider":"salesforce","name":"new_object","input":{"q":"a < b & c"},"block":[{"number":1,"keyword":"action","provider":"slack","name":"post_message"}]}`
	ticketCode = `{"number":0,"keyword":"trigger","provider":"salesforce","name":"new_object","block":[{"number":1,"keyword":"action","provider":"jira","name":"create_issue"}]}`
	digestCode = `{"number":0,"keyword":"trigger","provider":"clock","name":"scheduled_event","block":[{"number":1,"keyword":"action","provider":"slack","name":"post_message"}]}`
	syncCode   = `{"number":0,"keyword":"trigger","provider":"jira","name":"new_issue","block":[{"number":1,"keyword":"action","provider":"salesforce","name":"update_object"}]}`
)

// mustCreateTemplate builds the template in the workspace.
func mustCreateTemplate(t *testing.T, db *store.DB, workspaceID int64) *template {
	t.Helper()
	ctx := t.Context()
	tp := &template{folder: mustCreateFolder(t, db, workspaceID, nil, "Integrations")}
	tp.sync = mustCreateFolder(t, db, workspaceID, &tp.folder.ID, "Sync")
	for _, c := range []*partnerd.Connection{
		{Name: "Salesforce", Provider: "salesforce", FolderID: tp.folder.ID, Description: ptr("CRM")},
		{Name: "Slack", Provider: "slack", FolderID: tp.folder.ID},
		{Name: "Jira", Provider: "jira", FolderID: tp.sync.ID, Input: partnerd.ConnectionInput{"host_name": "acme.atlassian.net"}},
	} {
		mustOK(t, db.CreateConnection(ctx, workspaceID, c))
		tp.connections = append(tp.connections, c)
	}
	sf, slack, jira := &tp.connections[0].ID, &tp.connections[1].ID, &tp.connections[2].ID
	config := func(pairs ...any) []partnerd.RecipeConfig {
		var out []partnerd.RecipeConfig
		for i := 0; i < len(pairs); i += 2 {
			out = append(out, partnerd.RecipeConfig{Provider: pairs[i].(string), AccountID: pairs[i+1].(*int64)})
		}
		return out
	}
	for _, r := range []*partnerd.Recipe{
		{Name: "New lead", FolderID: tp.folder.ID, Code: leadCode, Config: config("salesforce", sf, "slack", slack), Description: ptr("Leads <to> Slack & more")},
		{Name: "Lead to ticket", FolderID: tp.sync.ID, Code: ticketCode, Config: config("salesforce", sf, "jira", jira), Private: true},
		{Name: "Daily digest", FolderID: tp.folder.ID, Code: digestCode, Config: config("clock", (*int64)(nil), "slack", slack), Private: true},
		{Name: "Ticket sync", FolderID: tp.sync.ID, Code: syncCode, Config: config("jira", jira, "salesforce", sf), Private: true},
		{Name: "Get order", FolderID: tp.folder.ID, Code: digestCode, Config: config("clock", (*int64)(nil), "slack", slack), Private: true},
	} {
		mustOK(t, db.CreateRecipe(ctx, workspaceID, r))
		tp.recipes = append(tp.recipes, r)
	}
	tp.table = mustCreateLookupTable(t, db, workspaceID, tp.sync.ID, "Codes", "code", "<a&b>")
	for _, row := range [][2]*string{{ptr("A1"), ptr("x & y")}, {ptr("B2"), nil}, {ptr("C3"), ptr("<z>")}} {
		mustAddLookupRow(t, db, workspaceID, tp.table.ID, partnerd.LookupData{"code": row[0], "<a&b>": row[1]})
	}
	mustOK(t, db.UpsertProperties(ctx, workspaceID, map[string]string{"api.base_url": "https://api.test/?a=1&b=<2>", "region": "eu"}))
	eps := []*partnerd.APIEndpoint{{Name: "Get order", Method: "GET", Path: "orders/:id", FlowID: &tp.recipes[4].ID},
		{Name: "List orders", Method: "GET", Path: "orders", ValidateRequest: true}}
	tp.collection = &partnerd.APICollection{Name: "Orders API", ProjectID: tp.folder.ProjectID, Version: "2.1"}
	mustOK(t, db.CreateAPICollection(ctx, workspaceID, tp.collection, eps))
	return tp
}

// importZip imports a zip into the folder and returns the package as it ended.
func importZip(t *testing.T, db *store.DB, workspaceID, folderID int64, zip []byte, restart bool) *partnerd.Package {
	t.Helper()
	ctx := t.Context()
	p := &partnerd.Package{Operation: partnerd.PackageImport, FolderID: folderID}
	mustOK(t, db.CreatePackage(ctx, workspaceID, p))
	if p.Status != partnerd.PackageInProgress {
		t.Fatalf("new import = %+v", p)
	}
	mustOK(t, db.ImportPackage(ctx, workspaceID, p.ID, zip, restart))
	p, err := db.FindPackageByID(ctx, workspaceID, p.ID)
	mustOK(t, err)
	return p
}

// mustImport imports a zip that must import.
func mustImport(t *testing.T, db *store.DB, workspaceID, folderID int64, zip []byte, restart bool) *partnerd.Package {
	t.Helper()
	p := importZip(t, db, workspaceID, folderID, zip, restart)
	if p.Status != partnerd.PackageCompleted || p.Error != nil {
		t.Fatalf("import = %s: %v", p.Status, *p.Error)
	}
	return p
}

// mustExport exports every asset of the folder and returns the zip.
func mustExport(t *testing.T, db *store.DB, workspaceID, folderID int64) []byte {
	t.Helper()
	ctx := t.Context()
	assets, err := db.FindFolderAssets(ctx, workspaceID, folderID)
	mustOK(t, err)
	m := &partnerd.ExportManifest{Name: "Everything", FolderID: folderID}
	for _, a := range assets {
		m.Assets = append(m.Assets, partnerd.AssetRef{Type: a.Type, ID: a.ID, Name: a.Name})
	}
	mustOK(t, db.CreateExportManifest(ctx, workspaceID, m))
	p := &partnerd.Package{Operation: partnerd.PackageExport, ExportManifestID: &m.ID}
	mustOK(t, db.CreatePackage(ctx, workspaceID, p))
	mustOK(t, db.ExportPackage(ctx, workspaceID, p.ID))
	if p, err = db.FindPackageByID(ctx, workspaceID, p.ID); err != nil || p.Status != partnerd.PackageCompleted {
		t.Fatalf("export = %+v, %v", p, err)
	}
	zip, err := db.FindPackageZip(ctx, workspaceID, p.ID)
	mustOK(t, err)
	return zip
}

// zipFiles returns the files of a zip by path.
func zipFiles(t *testing.T, b []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	mustOK(t, err)
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		mustOK(t, err)
		data, err := io.ReadAll(rc)
		rc.Close()
		mustOK(t, err)
		out[f.Name] = string(data)
	}
	return out
}

// zipOf returns a zip of the files, by path, in path order.
func zipOf(t testing.TB, files map[string]string) []byte {
	t.Helper()
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range names {
		w, err := zw.Create(name)
		mustOK(t, err)
		_, err = w.Write([]byte(files[name]))
		mustOK(t, err)
	}
	mustOK(t, zw.Close())
	return buf.Bytes()
}

// DumpWorkspace returns everything the services read of a workspace, ids
// and times included, as JSON text: two dumps are equal only when nothing
// of the workspace changed.
func DumpWorkspace(t testing.TB, db *store.DB, workspaceID int64) string {
	t.Helper()
	ctx := t.Context()
	all := partnerd.Page{Page: 1, PerPage: 1000}
	dump := map[string]any{}
	var folders []*partnerd.Folder
	var walk func(parent *int64)
	walk = func(parent *int64) {
		list, _, err := db.FindFolders(ctx, workspaceID, partnerd.FolderFilter{ParentID: parent, Page: all})
		mustOK(t, err)
		for _, f := range list {
			folders = append(folders, f)
			walk(&f.ID)
		}
	}
	walk(nil)
	dump["folders"] = folders
	projects, _, err := db.FindProjects(ctx, workspaceID, all)
	mustOK(t, err)
	dump["projects"] = projects
	recipes, _, err := db.FindRecipes(ctx, workspaceID, partnerd.RecipeFilter{Page: all})
	mustOK(t, err)
	dump["recipes"] = recipes
	for _, r := range recipes {
		versions, _, err := db.FindRecipeVersions(ctx, workspaceID, r.ID, all)
		mustOK(t, err)
		dump["versions of "+itoa(r.ID)] = versions
	}
	connections, _, err := db.FindConnections(ctx, workspaceID, partnerd.ConnectionFilter{Page: all})
	mustOK(t, err)
	dump["connections"] = connections
	tables, _, err := db.FindLookupTables(ctx, workspaceID, all)
	mustOK(t, err)
	dump["lookup tables"] = tables
	for _, lt := range tables {
		rows, err := db.FindLookupRows(ctx, workspaceID, lt.ID, partnerd.LookupRowFilter{Page: all})
		mustOK(t, err)
		dump["rows of "+itoa(lt.ID)] = rows
	}
	dump["properties"], err = db.FindProperties(ctx, workspaceID, "")
	mustOK(t, err)
	dump["collections"], _, err = db.FindAPICollections(ctx, workspaceID, all)
	mustOK(t, err)
	dump["endpoints"], _, err = db.FindAPIEndpoints(ctx, workspaceID, partnerd.APIEndpointFilter{Page: all})
	mustOK(t, err)
	b, err := json.MarshalIndent(dump, "", " ")
	mustOK(t, err)
	return string(b)
}

// testPackageRoundTrip exports the template of customer A and imports it
// into customer B: B gets the same assets, ids aside; importing it again
// changes nothing; a changed package updates B in place, with new
// versions of the recipes whose code changed.
func testPackageRoundTrip(t *testing.T, db *store.DB) {
	ctx := t.Context()
	now := fixClock(db, t0)
	acc, _ := MustCreateAccount(t, db, "A", "a@example.com")
	a, b := MustCreateCustomer(t, db, acc.ID, "Customer A"), MustCreateCustomer(t, db, acc.ID, "Customer B")
	tp := mustCreateTemplate(t, db, a.ID)
	into := mustCreateFolder(t, db, b.ID, nil, "Integrations")

	zipA := mustExport(t, db, a.ID, tp.folder.ID)
	files := zipFiles(t, zipA)
	if len(files) != 3+5+1+2+1+2 {
		t.Errorf("the package holds %d files: %v", len(files), keys(files))
	}
	var lead partnerd.RecipeFile
	mustOK(t, json.Unmarshal([]byte(files["new_lead.recipe.json"]), &lead))
	if c := lead.Config[0].AccountID; c == nil || *c != (partnerd.PackageRef{ZipName: "salesforce.connection.json", Name: "Salesforce"}) {
		t.Errorf("config of new_lead = %+v", lead.Config)
	}
	if files["Sync/jira.connection.json"] == "" || files["orders_api.api_group.json"] == "" ||
		files["Sync/codes.lookup_table.json"] == "" || files["api_base_url.account_property.json"] == "" {
		t.Errorf("files = %v", keys(files))
	}

	now2 := t0.Add(time.Hour)
	*now = now2
	p := mustImport(t, db, b.ID, into.ID, zipA, false)
	if len(p.RecipeStatus) != 5 || p.RecipeStatus[0].Result != partnerd.ImportNoUpdate {
		t.Errorf("recipe status = %+v", p.RecipeStatus)
	}
	var list partnerd.APIEndpointFile
	mustOK(t, json.Unmarshal([]byte(files["list_orders.api_endpoint.json"]), &list))
	if !list.ValidateRequest {
		t.Errorf("list_orders.api_endpoint.json = %s, want validate_request", files["list_orders.api_endpoint.json"])
	}
	eps, _, err := db.FindAPIEndpoints(ctx, b.ID, partnerd.APIEndpointFilter{Page: page(1, 100)})
	mustOK(t, err)
	for _, e := range eps {
		if e.ValidateRequest != (e.Name == "List orders") {
			t.Errorf("imported endpoint %q validates requests: %v", e.Name, e.ValidateRequest)
		}
	}
	zipB := mustExport(t, db, b.ID, into.ID)
	if got, want := zipFiles(t, zipB), files; !equalMaps(got, want) {
		t.Errorf("B's export differs from A's:\n%v\n%v", got, want)
	}
	conns, _, err := db.FindConnections(ctx, b.ID, partnerd.ConnectionFilter{Page: page(1, 100)})
	mustOK(t, err)
	for _, c := range conns {
		if c.AuthorizationStatus != nil || c.WorkspaceID != b.ID {
			t.Errorf("imported connection = %+v, want a shell of B", c)
		}
	}

	// The same package again changes nothing, even later.
	before := DumpWorkspace(t, db, b.ID)
	*now = now2.Add(time.Hour)
	mustImport(t, db, b.ID, into.ID, zipA, false)
	if after := DumpWorkspace(t, db, b.ID); after != before {
		t.Errorf("a second import changed B:\nbefore %s\nafter %s", before, after)
	}

	// A changed package: one recipe's code, a row, a property, a new recipe.
	_, err = db.UpdateRecipe(ctx, a.ID, tp.recipes[2].ID, func(r *partnerd.Recipe) error {
		r.Code = syncCode
		return nil
	})
	mustOK(t, err)
	mustAddLookupRow(t, db, a.ID, tp.table.ID, partnerd.LookupData{"code": ptr("D4")})
	mustOK(t, db.UpsertProperties(ctx, a.ID, map[string]string{"region": "us"}))
	mustCreateRecipe(t, db, a.ID, tp.sync.ID, "Brand new")
	recipesBefore, _, err := db.FindRecipes(ctx, b.ID, partnerd.RecipeFilter{Page: page(1, 100)})
	mustOK(t, err)
	mustImport(t, db, b.ID, into.ID, mustExport(t, db, a.ID, tp.folder.ID), false)
	recipesAfter, _, err := db.FindRecipes(ctx, b.ID, partnerd.RecipeFilter{Page: page(1, 100)})
	mustOK(t, err)
	if len(recipesAfter) != 6 || recipesAfter[0].Name != "Brand new" {
		t.Fatalf("recipes after = %d", len(recipesAfter))
	}
	for i, r := range recipesAfter[1:] {
		old := recipesBefore[i]
		wantVersion := 1
		if r.Name == "Daily digest" {
			wantVersion = 2
		}
		if r.ID != old.ID || r.VersionNo != wantVersion {
			t.Errorf("recipe %q: id %d version %d, was id %d: want version %d", r.Name, r.ID, r.VersionNo, old.ID, wantVersion)
		}
	}
	props, err := db.FindProperties(ctx, b.ID, "")
	mustOK(t, err)
	if props["region"] != "us" {
		t.Errorf("properties = %v", props)
	}
	if got, want := zipFiles(t, mustExport(t, db, b.ID, into.ID)), zipFiles(t, mustExport(t, db, a.ID, tp.folder.ID)); !equalMaps(got, want) {
		t.Errorf("after the update B's export differs from A's:\n%v\n%v", got, want)
	}
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || v != w {
			return false
		}
	}
	return true
}
