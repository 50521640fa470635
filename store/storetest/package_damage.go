package storetest

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// recipeNamed returns the recipe of the workspace with the name.
func recipeNamed(t *testing.T, db *store.DB, workspaceID int64, name string) *partnerd.Recipe {
	t.Helper()
	list, _, err := db.FindRecipes(t.Context(), workspaceID, partnerd.RecipeFilter{Page: page(1, 100)})
	mustOK(t, err)
	for _, r := range list {
		if r.Name == name {
			return r
		}
	}
	t.Fatalf("no recipe %q", name)
	return nil
}

// testPackageRestart checks that a running recipe that a package changes
// fails the import, unless restart_recipes is set: then it is stopped,
// updated and started again, or left stopped when it cannot start.
func testPackageRestart(t *testing.T, db *store.DB) {
	ctx := t.Context()
	now := fixClock(db, t0)
	acc, _ := MustCreateAccount(t, db, "A", "a@example.com")
	a, b := MustCreateCustomer(t, db, acc.ID, "Customer A"), MustCreateCustomer(t, db, acc.ID, "Customer B")
	tp := mustCreateTemplate(t, db, a.ID)
	into := mustCreateFolder(t, db, b.ID, nil, "Integrations")
	mustImport(t, db, b.ID, into.ID, mustExport(t, db, a.ID, tp.folder.ID), false)
	conns, _, err := db.FindConnections(ctx, b.ID, partnerd.ConnectionFilter{Page: page(1, 100)})
	mustOK(t, err)
	for _, c := range conns {
		_, err := db.UpdateConnection(ctx, b.ID, c.ID, func(c *partnerd.Connection) error {
			c.MarkAuthorized(*now)
			return nil
		})
		mustOK(t, err)
	}
	digest, lead := recipeNamed(t, db, b.ID, "Daily digest"), recipeNamed(t, db, b.ID, "New lead")
	mustStartRecipe(t, db, b.ID, digest.ID)
	mustStartRecipe(t, db, b.ID, lead.ID)

	hourly := strings.Replace(digestCode, `"name":"scheduled_event"`, `"name":"scheduled_event","input":{"every":"hour"}`, 1)
	_, err = db.UpdateRecipe(ctx, a.ID, tp.recipes[2].ID, func(r *partnerd.Recipe) error { r.Code = hourly; return nil })
	mustOK(t, err)
	changed := mustExport(t, db, a.ID, tp.folder.ID)

	before := DumpWorkspace(t, db, b.ID)
	*now = now.Add(time.Hour)
	p := importZip(t, db, b.ID, into.ID, changed, false)
	if p.Status != partnerd.PackageFailed || p.Error == nil || !strings.HasPrefix(*p.Error, "daily_digest.recipe.json: ") ||
		!strings.Contains(*p.Error, "restart_recipes=true") {
		t.Errorf("import over a running recipe = %s %v", p.Status, p.Error)
	}
	if after := DumpWorkspace(t, db, b.ID); after != before {
		t.Errorf("a failed import changed B:\nbefore %s\nafter %s", before, after)
	}

	p = mustImport(t, db, b.ID, into.ID, changed, true)
	results := map[int64]string{}
	for _, r := range p.RecipeStatus {
		results[r.ID] = r.Result
	}
	if results[digest.ID] != partnerd.ImportRestarted || results[lead.ID] != partnerd.ImportNoUpdate || len(results) != 5 {
		t.Errorf("recipe status = %+v", p.RecipeStatus)
	}
	if r := recipeNamed(t, db, b.ID, "Daily digest"); !r.Running || r.VersionNo != 2 || r.Code != hourly || r.ID != digest.ID {
		t.Errorf("restarted recipe = running %v version %d", r.Running, r.VersionNo)
	}
	if r := recipeNamed(t, db, b.ID, "New lead"); !r.Running || r.VersionNo != 1 {
		t.Errorf("unchanged running recipe = running %v version %d", r.Running, r.VersionNo)
	}

	// A change that leaves the recipe unable to start leaves it stopped.
	_, err = db.UpdateRecipe(ctx, a.ID, tp.recipes[2].ID, func(r *partnerd.Recipe) error { r.Code = syncCode; return nil })
	mustOK(t, err)
	p = mustImport(t, db, b.ID, into.ID, mustExport(t, db, a.ID, tp.folder.ID), true)
	for _, r := range p.RecipeStatus {
		if r.ID == digest.ID && r.Result != partnerd.ImportStopped {
			t.Errorf("recipe status of a recipe that cannot start = %s", r.Result)
		}
	}
	if r := recipeNamed(t, db, b.ID, "Daily digest"); r.Running || r.VersionNo != 3 {
		t.Errorf("recipe that cannot start = running %v version %d", r.Running, r.VersionNo)
	}
}

// damagedPackages are packages that every import must refuse whole, each
// with the start of the error that names the file at fault; a package
// built on good holds the good package's files with these changed (""
// removes one).
func damagedPackages(t *testing.T, good []byte) []struct {
	name string
	zip  []byte
	want string
} {
	files := zipFiles(t, good)
	with := func(changes map[string]string) []byte {
		out := map[string]string{}
		for k, v := range files {
			out[k] = v
		}
		for k, v := range changes {
			if v == "" {
				delete(out, k)
			} else {
				out[k] = v
			}
		}
		return zipOf(t, out)
	}
	recipe := files["new_lead.recipe.json"]
	var bomb, damaged, twice bytes.Buffer
	zw := zip.NewWriter(&bomb)
	w, _ := zw.Create("big.recipe.json")
	w.Write([]byte("{" + strings.Repeat(" ", 4<<20) + "}"))
	zw.Close()
	zw = zip.NewWriter(&damaged)
	w, _ = zw.CreateHeader(&zip.FileHeader{Name: "slack.connection.json", Method: zip.Store})
	w.Write([]byte(`{"name":"Slack","provider":"slack"}`))
	zw.Close()
	broken := bytes.Replace(damaged.Bytes(), []byte(`"Slack"`), []byte(`"Slick"`), 1)
	zw = zip.NewWriter(&twice)
	for range 2 {
		w, _ = zw.Create("slack.connection.json")
		w.Write([]byte(`{"name":"Slack","provider":"slack"}`))
	}
	zw.Close()
	return []struct {
		name string
		zip  []byte
		want string
	}{
		{"not a zip", []byte("hello, world"), "The package is not a valid zip file"},
		{"empty", nil, "The package is not a valid zip file"},
		{"truncated", good[:len(good)/2], "The package is not a valid zip file"},
		{"not JSON", with(map[string]string{"new_lead.recipe.json": recipe[:len(recipe)/2]}), "new_lead.recipe.json: is not valid JSON"},
		{"not an object", with(map[string]string{"slack.connection.json": `["Slack"]`}), "slack.connection.json: is not a JSON object"},
		{"wrong field type", with(map[string]string{"slack.connection.json": `{"name":["Slack"],"provider":"slack"}`}), "slack.connection.json: name must be"},
		{"unknown type", with(map[string]string{"Sync/widget.gadget.json": `{}`}), `Sync/widget.gadget.json: has an unknown asset type "gadget"`},
		{"not an asset file", with(map[string]string{"README.md": "hello"}), "README.md: is not an asset file"},
		{"climbs out", with(map[string]string{"../evil.recipe.json": recipe}), "../evil.recipe.json: the path climbs out of the package"},
		{"climbs out deeper", with(map[string]string{"Sync/../../evil.recipe.json": recipe}), "Sync/../../evil.recipe.json: the path climbs out"},
		{"absolute", with(map[string]string{"/etc/evil.recipe.json": recipe}), "/etc/evil.recipe.json: the path is absolute"},
		{"drive", with(map[string]string{"C:/evil.recipe.json": recipe}), "C:/evil.recipe.json: the path is absolute"},
		{"backslash", with(map[string]string{`Sync\evil.recipe.json`: recipe}), `Sync\evil.recipe.json: the path holds a backslash`},
		{"dangling reference", with(map[string]string{"salesforce.connection.json": ""}),
			`Sync/lead_to_ticket.recipe.json: config entry 1 account_id refers to "salesforce.connection.json", which is not a connection file`},
		{"reference of the wrong type", with(map[string]string{"get_order.api_endpoint.json": strings.Replace(files["get_order.api_endpoint.json"],
			`"orders_api.api_group.json"`, `"new_lead.recipe.json"`, 1)}), `get_order.api_endpoint.json: api_group refers to "new_lead.recipe.json"`},
		{"zip bomb", bomb.Bytes(), "big.recipe.json: expands too much when unzipped (a zip bomb?)"},
		{"damaged data", broken, "slack.connection.json: is damaged"},
		{"twice", twice.Bytes(), "slack.connection.json: is in the package twice"},
		{"recipe code not an object", with(map[string]string{"new_lead.recipe.json": `{"name":"New lead","code":[1]}`}), "new_lead.recipe.json: code must be an object"},
		{"unknown column", with(map[string]string{"Sync/codes.lookup_table.json": `{"name":"Codes","schema":[{"label":"code","type":"string"}],"rows":[{"colour":"red"}]}`}),
			"Sync/codes.lookup_table.json: row 1: colour is not a column of the lookup table"},
		{"unknown provider", with(map[string]string{"slack.connection.json": `{"name":"Slack","provider":"nope"}`}), "slack.connection.json: provider is not a connector of the catalogue"},
		{"one property twice", with(map[string]string{"again.account_property.json": `{"name":"region","value":"us"}`}), `region.account_property.json: holds the account property "region"`},
		{"table in another folder", with(map[string]string{"Sync/codes.lookup_table.json": "", "Other/codes.lookup_table.json": files["Sync/codes.lookup_table.json"],
			"Other/extra.connection.json": `{"name":"Extra","provider":"slack"}`}), `Other/codes.lookup_table.json: a lookup table named "Codes" is in another folder`},
	}
}

// testPackageDamaged checks that each damaged package fails with an error
// naming the file at fault and leaves the workspace exactly as it was.
func testPackageDamaged(t *testing.T, db *store.DB) {
	now := fixClock(db, t0)
	acc, _ := MustCreateAccount(t, db, "A", "a@example.com")
	a, b := MustCreateCustomer(t, db, acc.ID, "Customer A"), MustCreateCustomer(t, db, acc.ID, "Customer B")
	tp := mustCreateTemplate(t, db, a.ID)
	into := mustCreateFolder(t, db, b.ID, nil, "Integrations")
	good := mustExport(t, db, a.ID, tp.folder.ID)
	mustImport(t, db, b.ID, into.ID, good, false)
	for _, d := range damagedPackages(t, good) {
		before := DumpWorkspace(t, db, b.ID)
		*now = now.Add(time.Minute)
		p := importZip(t, db, b.ID, into.ID, d.zip, true)
		if p.Status != partnerd.PackageFailed || p.Error == nil || !strings.HasPrefix(*p.Error, d.want) {
			t.Errorf("%s: import = %s %q, want an error starting %q", d.name, p.Status, errorOf(p), d.want)
		}
		if after := DumpWorkspace(t, db, b.ID); after != before {
			t.Errorf("%s: a failed import changed the workspace:\nbefore %s\nafter %s", d.name, before, after)
		}
	}
	// The workspace still takes a good package.
	mustImport(t, db, b.ID, into.ID, good, false)
}

// errorOf returns the error of a package, "" when it has none.
func errorOf(p *partnerd.Package) string {
	if p.Error == nil {
		return ""
	}
	return *p.Error
}
