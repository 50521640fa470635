package main

import (
	"archive/zip"
	"bytes"
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/partnerd/partnerd/client"
)

// TestPackages is the proof of the recipe lifecycle: a template folder of
// customer A, exported and imported into customer B, gives B the same
// assets, ids aside; importing it again changes nothing; a changed package
// updates B in place with new recipe versions; a running recipe that a
// package changes fails the import unless restart_recipes is set; and
// every broken package fails naming its file, with B as it was.
func TestPackages(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	m := MustRunMain(t, tempDB(t), nil)
	c := newClient(m, bootstrapToken)
	MustCreateCustomer(t, c, "Acme", "acme")
	MustCreateCustomer(t, c, "Beta", "beta")
	a, b := client.ExternalID("acme"), client.ExternalID("beta")
	top, recipes := packageTemplate(t, c, a)
	into, err := c.CreateFolder(ctx, b, client.CreateFolderParams{Name: "Integrations"})
	if err != nil {
		t.Fatal(err)
	}

	zipA := exportAll(t, c, a, top.ID)
	filesA := unzip(t, zipA)
	if len(filesA) != 3+5+1+2+1+2 {
		t.Errorf("the package holds %d files", len(filesA))
	}
	p := importInto(t, c, b, into.ID, zipA, false)
	if p.Status != "completed" || len(p.RecipeStatus) != 5 || p.RecipeStatus[0].ImportResult != "no_update_or_updated_without_restart" {
		t.Fatalf("import = %+v", p)
	}
	if filesB := unzip(t, exportAll(t, c, b, into.ID)); !reflect.DeepEqual(filesB, filesA) {
		t.Errorf("B's export differs from A's:\n%v\n%v", filesB, filesA)
	}

	// Again: nothing changes.
	before := dumpCustomer(t, c, b)
	if p := importInto(t, c, b, into.ID, zipA, false); p.Status != "completed" {
		t.Fatalf("import again = %+v", p)
	}
	if after := dumpCustomer(t, c, b); after != before {
		t.Errorf("importing the same package again changed B:\nbefore %s\nafter %s", before, after)
	}

	// A changed package updates B in place and adds a version.
	digest := func(input string) any {
		return map[string]any{"keyword": "trigger", "provider": "clock", "name": "scheduled_event", "input": map[string]any{"every": input},
			"block": []any{map[string]any{"keyword": "action", "provider": "slack", "name": "post_message"}}}
	}
	if err := c.UpdateRecipe(ctx, a, recipes[2], client.RecipeParams{Code: digest("day")}); err != nil {
		t.Fatal(err)
	}
	inB := recipeOf(t, c, b, "Daily digest")
	if p := importInto(t, c, b, into.ID, exportAll(t, c, a, top.ID), false); p.Status != "completed" {
		t.Fatalf("changed import = %+v", p)
	}
	if r := recipeOf(t, c, b, "Daily digest"); r.ID != inB.ID || r.VersionNo != 2 {
		t.Errorf("updated recipe = id %d version %d, was id %d", r.ID, r.VersionNo, inB.ID)
	}

	// A running recipe that the package changes: refused, then restarted.
	conns, err := c.Connections(ctx, b, client.ConnectionListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, cn := range conns {
		if cn.AuthorizationStatus != nil {
			t.Errorf("imported connection %s is %s, want disconnected", cn.Name, *cn.AuthorizationStatus)
		}
		if _, err := c.TestAuthorizeConnection(ctx, cn.ID, "success", ""); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.StartRecipe(ctx, b, inB.ID); err != nil {
		t.Fatal(err)
	}
	if err := c.UpdateRecipe(ctx, a, recipes[2], client.RecipeParams{Code: digest("hour")}); err != nil {
		t.Fatal(err)
	}
	changed := exportAll(t, c, a, top.ID)
	before = dumpCustomer(t, c, b)
	if p := importInto(t, c, b, into.ID, changed, false); p.Status != "failed" || !strings.HasPrefix(p.Error, "daily_digest.recipe.json: ") {
		t.Errorf("import over a running recipe = %+v", p)
	}
	if after := dumpCustomer(t, c, b); after != before {
		t.Errorf("a refused import changed B")
	}
	p = importInto(t, c, b, into.ID, changed, true)
	restarted := false
	for _, rs := range p.RecipeStatus {
		restarted = restarted || (rs.ID == inB.ID && rs.ImportResult == "restarted")
	}
	if r := recipeOf(t, c, b, "Daily digest"); !restarted || !r.Running || r.VersionNo != 3 {
		t.Errorf("restart import = %+v; recipe running %v version %d", p, r.Running, r.VersionNo)
	}

	// Broken packages fail, naming the file, and leave B as it was.
	before = dumpCustomer(t, c, b)
	for _, d := range []struct {
		name string
		zip  []byte
		want string
	}{
		{"not a zip", []byte("hello"), "The package is not a valid zip file"},
		{"climbs out", zipOfFiles(t, "../evil.connection.json", `{"name":"Evil","provider":"slack"}`), "../evil.connection.json: the path climbs out"},
		{"not JSON", zipOfFiles(t, "slack.connection.json", `{"name":`), "slack.connection.json: is not valid JSON"},
		{"unknown type", zipOfFiles(t, "x.widget.json", `{}`), `x.widget.json: has an unknown asset type "widget"`},
		{"dangling", zipOfFiles(t, "r.recipe.json", `{"name":"R","code":{"keyword":"trigger","provider":"clock"},"config":[{"provider":"slack","account_id":{"zip_name":"gone.connection.json"}}]}`),
			`r.recipe.json: config entry 1 account_id refers to "gone.connection.json"`},
		{"zip bomb", zipOfFiles(t, "big.recipe.json", "{"+strings.Repeat(" ", 4<<20)+"}"), "big.recipe.json: expands too much"},
	} {
		if p := importInto(t, c, b, into.ID, d.zip, true); p.Status != "failed" || !strings.HasPrefix(p.Error, d.want) {
			t.Errorf("%s: import = %s %q, want an error starting %q", d.name, p.Status, p.Error, d.want)
		}
	}
	if after := dumpCustomer(t, c, b); after != before {
		t.Errorf("broken packages changed B:\nbefore %s\nafter %s", before, after)
	}
}

// TestPackagesDeveloper exports and imports in the caller's own workspace,
// and checks that another account reaches none of it.
func TestPackagesDeveloper(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db := tempDB(t)
	tokenA, _ := MustCreateAccount(t, db, "Alpha", "a@partner.test")
	tokenB, _ := MustCreateAccount(t, db, "Beta", "b@partner.test")
	m := MustRunMain(t, db, nil)
	c, other := newClient(m, tokenA), newClient(m, tokenB)
	own, err := c.CreateDeveloperFolder(ctx, client.CreateFolderParams{Name: "Own"})
	if err != nil {
		t.Fatal(err)
	}
	zip := zipOfFiles(t, "Nested/slack.connection.json", `{"name":"Slack","provider":"slack"}`, "region.account_property.json", `{"name":"region","value":"eu"}`)
	p, err := c.DeveloperImportPackage(ctx, own.ID, zip, false)
	if err != nil {
		t.Fatal(err)
	}
	if p = waitPackage(t, p, func(ctx2 context.Context) (*client.Package, error) { return c.DeveloperPackage(ctx2, p.ID) }); p.Status != "completed" {
		t.Fatalf("import = %+v", p)
	}
	assets, err := c.DeveloperFolderAssets(ctx, own.ID)
	if err != nil || len(assets) != 2 || assets[0].Folder != "Nested" || assets[1].ID != nil {
		t.Fatalf("assets = %+v, %v", assets, err)
	}
	manifest, err := c.CreateDeveloperExportManifest(ctx, client.ExportManifestParams{Name: "Own", FolderID: own.ID, Assets: assets})
	if err != nil || manifest.ProjectPath != "Own" {
		t.Fatalf("manifest = %+v, %v", manifest, err)
	}
	if manifest, err = c.UpdateDeveloperExportManifest(ctx, manifest.ID, client.ExportManifestParams{Name: "Own, renamed"}); err != nil || manifest.Name != "Own, renamed" {
		t.Errorf("update = %+v, %v", manifest, err)
	}
	p, err = c.DeveloperExportPackage(ctx, manifest.ID)
	if err != nil {
		t.Fatal(err)
	}
	p = waitPackage(t, p, func(ctx2 context.Context) (*client.Package, error) { return c.DeveloperPackage(ctx2, p.ID) })
	out, err := c.DeveloperDownloadPackage(ctx, p.ID)
	if err != nil || !reflect.DeepEqual(keysOf(unzip(t, out)), []string{"Nested/slack.connection.json", "region.account_property.json"}) {
		t.Errorf("download = %v, %v", keysOf(unzip(t, out)), err)
	}

	// Another account reaches none of it.
	if _, err := other.DeveloperPackage(ctx, p.ID); !client.IsNotFound(err) {
		t.Errorf("another account's package: %v", err)
	}
	if _, err := other.DeveloperDownloadPackage(ctx, p.ID); !client.IsNotFound(err) {
		t.Errorf("another account's download: %v", err)
	}
	if _, err := other.DeveloperExportManifest(ctx, manifest.ID); !client.IsNotFound(err) {
		t.Errorf("another account's manifest: %v", err)
	}
	if _, err := other.DeveloperImportPackage(ctx, own.ID, zip, false); !client.IsNotFound(err) {
		t.Errorf("an import into another account's folder: %v", err)
	}
	if err := c.DeleteDeveloperExportManifest(ctx, manifest.ID); err != nil {
		t.Errorf("delete: %v", err)
	}
	if _, err := c.DeveloperExportManifest(ctx, manifest.ID); !client.IsNotFound(err) {
		t.Errorf("a deleted manifest: %v", err)
	}
}

// recipeOf returns the recipe of the workspace with the name.
func recipeOf(t *testing.T, c *client.Client, mu client.WorkspaceRef, name string) *client.Recipe {
	t.Helper()
	list, err := c.Recipes(t.Context(), mu, client.RecipeListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range list {
		if list[i].Name == name {
			return &list[i]
		}
	}
	t.Fatalf("no recipe %q", name)
	return nil
}

// zipOfFiles returns a zip of the files, each a name then its content.
func zipOfFiles(t *testing.T, files ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i < len(files); i += 2 {
		w, err := zw.Create(files[i])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(files[i+1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func keysOf(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
