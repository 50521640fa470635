package storetest

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// testFolderAssets checks the assets of a folder: each type in ascending
// id, with its directory, path and file name in a package of the folder.
func testFolderAssets(t *testing.T, db *store.DB) {
	ctx := t.Context()
	fixClock(db, t0)
	acc, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, acc.ID, "Customer")
	tp := mustCreateTemplate(t, db, w.ID)
	same := mustCreateRecipe(t, db, w.ID, tp.folder.ID, "new lead!")

	assets, err := db.FindFolderAssets(ctx, w.ID, tp.folder.ID)
	mustOK(t, err)
	var got []string
	for _, a := range assets {
		got = append(got, a.Type+" "+a.Name+" @"+a.Folder+" ["+a.AbsolutePath+"] "+a.ZipName)
	}
	want := []string{
		"recipe New lead @ [Integrations] new_lead.recipe.json",
		"recipe Lead to ticket @Sync [Integrations/Sync] lead_to_ticket.recipe.json",
		"recipe Daily digest @ [Integrations] daily_digest.recipe.json",
		"recipe Ticket sync @Sync [Integrations/Sync] ticket_sync.recipe.json",
		"recipe Get order @ [Integrations] get_order.recipe.json",
		"recipe new lead! @ [Integrations] new_lead_2.recipe.json",
		"connection Salesforce @ [Integrations] salesforce.connection.json",
		"connection Slack @ [Integrations] slack.connection.json",
		"connection Jira @Sync [Integrations/Sync] jira.connection.json",
		"lookup_table Codes @Sync [Integrations/Sync] codes.lookup_table.json",
		"api_group Orders API @ [Integrations] orders_api.api_group.json",
		"api_endpoint Get order @ [Integrations] get_order.api_endpoint.json",
		"api_endpoint List orders @ [Integrations] list_orders.api_endpoint.json",
		"account_property api.base_url @ [] api_base_url.account_property.json",
		"account_property region @ [] region.account_property.json",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("assets =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if assets[5].ID != same.ID || assets[5].Version != 1 || assets[13].ID != 0 {
		t.Errorf("assets = %+v, %+v", assets[5], assets[13])
	}

	// The tree of Sync alone; home holds every folder but no collection.
	assets, err = db.FindFolderAssets(ctx, w.ID, tp.sync.ID)
	mustOK(t, err)
	if len(assets) != 6 || assets[0].Folder != "" || assets[0].AbsolutePath != "Integrations/Sync" {
		t.Errorf("assets of Sync = %d, %+v", len(assets), assets[0])
	}
	assets, err = db.FindFolderAssets(ctx, w.ID, 0)
	mustOK(t, err)
	if len(assets) != 6+3+1+2 || assets[0].Folder != "Integrations" || assets[0].AbsolutePath != "Integrations" {
		t.Errorf("assets of home = %d, %+v", len(assets), assets[0])
	}
	_, err = db.FindFolderAssets(ctx, w.ID, 999)
	wantCode(t, err, partnerd.ENOTFOUND)
}

// testExportManifest checks that a manifest keeps its assets, checked
// against its folder, and that an export writes those alone.
func testExportManifest(t *testing.T, db *store.DB) {
	ctx := t.Context()
	now := fixClock(db, t0)
	acc, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, acc.ID, "Customer")
	tp := mustCreateTemplate(t, db, w.ID)
	lead, order := tp.recipes[0], tp.recipes[4]
	assets, err := db.FindFolderAssets(ctx, w.ID, tp.folder.ID)
	mustOK(t, err)
	var getOrder int64
	for _, a := range assets {
		if a.Type == partnerd.AssetAPIEndpoint && a.Name == "Get order" {
			getOrder = a.ID
		}
	}
	refs := []partnerd.AssetRef{{Type: partnerd.AssetRecipe, ID: lead.ID}, {Type: partnerd.AssetAPIGroup, ID: tp.collection.ID},
		{Type: partnerd.AssetAPIEndpoint, ID: getOrder}, {Type: partnerd.AssetAccountProperty, Name: "region"},
		{Type: partnerd.AssetRecipe, ID: lead.ID}}
	m := &partnerd.ExportManifest{Name: "Some", FolderID: tp.folder.ID, Assets: refs}
	mustOK(t, db.CreateExportManifest(ctx, w.ID, m))
	if m.ID == 0 || m.ProjectPath != "Integrations" || len(m.Assets) != 4 || m.LastExportedAt != nil || !m.CreatedAt.Equal(t0) {
		t.Errorf("manifest = %+v", m)
	}

	for _, bad := range []struct {
		m     partnerd.ExportManifest
		field string
	}{
		{partnerd.ExportManifest{Name: " "}, "name"},
		{partnerd.ExportManifest{Name: "X", FolderID: tp.sync.ID, Assets: []partnerd.AssetRef{{Type: partnerd.AssetRecipe, ID: lead.ID}}}, "assets"},
		{partnerd.ExportManifest{Name: "X", Assets: []partnerd.AssetRef{{Type: partnerd.AssetRecipe, ID: 999}}}, "assets"},
		{partnerd.ExportManifest{Name: "X", Assets: []partnerd.AssetRef{{Type: "widget", ID: 1}}}, "assets"},
		{partnerd.ExportManifest{Name: "X", Assets: []partnerd.AssetRef{{Type: partnerd.AssetAccountProperty, Name: "nope"}}}, "assets"},
		{partnerd.ExportManifest{Name: "X", FolderID: tp.folder.ID, Assets: []partnerd.AssetRef{{Type: partnerd.AssetAPIEndpoint, ID: getOrder}}}, "assets"},
		{partnerd.ExportManifest{Name: "X", FolderID: 999}, "folder_id"},
	} {
		wantField(t, db.CreateExportManifest(ctx, w.ID, &bad.m), partnerd.EINVALID, bad.field)
	}

	// The export writes the manifest's assets; a reference to an asset it
	// leaves out is null.
	p := &partnerd.Package{Operation: partnerd.PackageExport, ExportManifestID: &m.ID}
	mustOK(t, db.CreatePackage(ctx, w.ID, p))
	*now = t0.Add(time.Minute)
	mustOK(t, db.ExportPackage(ctx, w.ID, p.ID))
	p, err = db.FindPackageByID(ctx, w.ID, p.ID)
	mustOK(t, err)
	if p.Status != partnerd.PackageCompleted || p.FolderID != tp.folder.ID || *p.ExportManifestID != m.ID {
		t.Errorf("export = %+v", p)
	}
	zip, err := db.FindPackageZip(ctx, w.ID, p.ID)
	mustOK(t, err)
	files := zipFiles(t, zip)
	if got := keys(files); !reflect.DeepEqual(got, []string{"get_order.api_endpoint.json", "new_lead.recipe.json",
		"orders_api.api_group.json", "region.account_property.json"}) {
		t.Errorf("files = %v", got)
	}
	var endpoint partnerd.APIEndpointFile
	var recipe partnerd.RecipeFile
	mustOK(t, json.Unmarshal([]byte(files["get_order.api_endpoint.json"]), &endpoint))
	mustOK(t, json.Unmarshal([]byte(files["new_lead.recipe.json"]), &recipe))
	if endpoint.Flow != nil || recipe.Config[0].AccountID != nil || endpoint.APIGroup.ZipName != "orders_api.api_group.json" {
		t.Errorf("references to assets left out: %+v, %+v", endpoint, recipe.Config)
	}
	if m, err = db.FindExportManifestByID(ctx, w.ID, m.ID); err != nil || m.LastExportedAt == nil || !m.LastExportedAt.Equal(*now) {
		t.Errorf("manifest after export = %+v, %v", m, err)
	}

	// Update, then delete.
	_, err = db.UpdateExportManifest(ctx, w.ID, m.ID, func(m *partnerd.ExportManifest) error {
		m.Name, m.FolderID = "Sync only", tp.sync.ID
		m.Assets = []partnerd.AssetRef{{Type: partnerd.AssetLookupTable, ID: tp.table.ID}, {Type: partnerd.AssetRecipe, ID: order.ID}}
		return nil
	})
	wantField(t, err, partnerd.EINVALID, "assets")
	m, err = db.UpdateExportManifest(ctx, w.ID, m.ID, func(m *partnerd.ExportManifest) error {
		m.Name, m.FolderID = "Sync only", tp.sync.ID
		m.Assets = []partnerd.AssetRef{{Type: partnerd.AssetLookupTable, ID: tp.table.ID}}
		return nil
	})
	mustOK(t, err)
	if m.Name != "Sync only" || m.ProjectPath != "Integrations/Sync" || len(m.Assets) != 1 || !m.UpdatedAt.Equal(*now) {
		t.Errorf("updated manifest = %+v", m)
	}
	deleted, err := db.DeleteExportManifest(ctx, w.ID, m.ID)
	if err != nil || deleted.ID != m.ID {
		t.Errorf("delete = %+v, %v", deleted, err)
	}
	_, err = db.FindExportManifestByID(ctx, w.ID, m.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.DeleteExportManifest(ctx, w.ID, m.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	p = &partnerd.Package{Operation: partnerd.PackageExport, ExportManifestID: &m.ID}
	wantCode(t, db.CreatePackage(ctx, w.ID, p), partnerd.ENOTFOUND)
}

// testPackageOneImport checks that a workspace runs one import at a time,
// and that an import whose replica stopped fails after the time limit.
func testPackageOneImport(t *testing.T, db *store.DB) {
	ctx := t.Context()
	now := fixClock(db, t0)
	acc, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w, other := MustCreateCustomer(t, db, acc.ID, "Customer"), MustCreateCustomer(t, db, acc.ID, "Other")
	first := &partnerd.Package{Operation: partnerd.PackageImport}
	mustOK(t, db.CreatePackage(ctx, w.ID, first))
	second := &partnerd.Package{Operation: partnerd.PackageImport}
	if err := db.CreatePackage(ctx, w.ID, second); partnerd.ErrorMessage(err) != "An import is already in progress" {
		t.Fatalf("second import: %v", err)
	}
	mustOK(t, db.CreatePackage(ctx, other.ID, &partnerd.Package{Operation: partnerd.PackageImport}))

	mustOK(t, db.ImportPackage(ctx, w.ID, first.ID, []byte("not a zip"), false))
	mustOK(t, db.CreatePackage(ctx, w.ID, second))
	*now = t0.Add(partnerd.PackageTimeout + 2*time.Minute)
	p, err := db.FindPackageByID(ctx, w.ID, second.ID)
	mustOK(t, err)
	if p.Status != partnerd.PackageFailed || !strings.Contains(errorOf(p), "interrupted") {
		t.Errorf("an import past its time = %s %q", p.Status, errorOf(p))
	}
	third := &partnerd.Package{Operation: partnerd.PackageImport}
	mustOK(t, db.CreatePackage(ctx, w.ID, third))
	wantCode(t, db.CreatePackage(ctx, w.ID, &partnerd.Package{Operation: partnerd.PackageImport, FolderID: 999}), partnerd.ENOTFOUND)
	_, err = db.FindPackageZip(ctx, w.ID, third.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
}

// testPackageCrossTenant checks that packages and manifests of one
// workspace are not found from another, and that an import cannot name a
// folder of another workspace.
func testPackageCrossTenant(t *testing.T, db *store.DB) {
	ctx := t.Context()
	fixClock(db, t0)
	accA, _ := MustCreateAccount(t, db, "A", "a@example.com")
	accB, _ := MustCreateAccount(t, db, "B", "b@example.com")
	a, b := MustCreateCustomer(t, db, accA.ID, "Customer A"), MustCreateCustomer(t, db, accB.ID, "Customer B")
	tp := mustCreateTemplate(t, db, a.ID)
	zip := mustExport(t, db, a.ID, tp.folder.ID)
	exported := &partnerd.Package{Operation: partnerd.PackageExport}
	m := &partnerd.ExportManifest{Name: "M", FolderID: tp.folder.ID}
	mustOK(t, db.CreateExportManifest(ctx, a.ID, m))
	exported.ExportManifestID = &m.ID
	mustOK(t, db.CreatePackage(ctx, a.ID, exported))
	mustOK(t, db.ExportPackage(ctx, a.ID, exported.ID))

	_, err := db.FindPackageByID(ctx, b.ID, exported.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.FindPackageZip(ctx, b.ID, exported.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.FindExportManifestByID(ctx, b.ID, m.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.UpdateExportManifest(ctx, b.ID, m.ID, func(*partnerd.ExportManifest) error { return nil })
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.DeleteExportManifest(ctx, b.ID, m.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	wantCode(t, db.CreatePackage(ctx, b.ID, &partnerd.Package{Operation: partnerd.PackageExport, ExportManifestID: &m.ID}), partnerd.ENOTFOUND)
	wantCode(t, db.CreatePackage(ctx, b.ID, &partnerd.Package{Operation: partnerd.PackageImport, FolderID: tp.folder.ID}), partnerd.ENOTFOUND)
	_, err = db.FindFolderAssets(ctx, b.ID, tp.folder.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	wantField(t, db.CreateExportManifest(ctx, b.ID, &partnerd.ExportManifest{Name: "X", FolderID: tp.folder.ID}), partnerd.EINVALID, "folder_id")

	// B imports A's package into its own home: A does not change.
	before := DumpWorkspace(t, db, a.ID)
	mustImport(t, db, b.ID, 0, zip, false)
	if after := DumpWorkspace(t, db, a.ID); after != before {
		t.Errorf("B's import changed A")
	}
	wantCode(t, db.ImportPackage(ctx, b.ID, exported.ID, zip, false), partnerd.ENOTFOUND)
}

// testPackageFolderScope checks that a client limited to some folders
// reaches the packages, manifests and assets of those folders alone.
func testPackageFolderScope(t *testing.T, db *store.DB) {
	ctx := t.Context()
	fixClock(db, t0)
	tr := newScopeTree(t, db)
	mustCreateRecipe(t, db, tr.w.ID, tr.f1.ID, "Inside")
	mustCreateRecipe(t, db, tr.w.ID, tr.q.ID, "Outside")
	limited := tr.as(ctx, tr.f.ID)

	assets, err := db.FindFolderAssets(limited, tr.w.ID, tr.f.ID)
	if err != nil || len(assets) != 1 || assets[0].Name != "Inside" || assets[0].Folder != "F1" {
		t.Errorf("assets of F = %+v, %v", assets, err)
	}
	_, err = db.FindFolderAssets(limited, tr.w.ID, tr.q.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	wantCode(t, db.CreatePackage(limited, tr.w.ID, &partnerd.Package{Operation: partnerd.PackageImport, FolderID: tr.q.ID}), partnerd.ENOTFOUND)

	outside := &partnerd.Package{Operation: partnerd.PackageImport, FolderID: tr.q.ID}
	mustOK(t, db.CreatePackage(ctx, tr.w.ID, outside))
	_, err = db.FindPackageByID(limited, tr.w.ID, outside.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	mustOK(t, db.ImportPackage(ctx, tr.w.ID, outside.ID, nil, false))

	m := &partnerd.ExportManifest{Name: "Q", FolderID: tr.q.ID}
	mustOK(t, db.CreateExportManifest(ctx, tr.w.ID, m))
	_, err = db.FindExportManifestByID(limited, tr.w.ID, m.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	wantField(t, db.CreateExportManifest(limited, tr.w.ID, &partnerd.ExportManifest{Name: "Q", FolderID: tr.q.ID}), partnerd.EINVALID, "folder_id")

	// An import within the scope creates its folders there.
	zip := zipOf(t, map[string]string{"Deep/x.connection.json": `{"name":"X","provider":"slack"}`})
	mustImport(t, db, tr.w.ID, tr.f2.ID, zip, false)
	p := &partnerd.Package{Operation: partnerd.PackageImport, FolderID: tr.f2.ID}
	mustOK(t, db.CreatePackage(limited, tr.w.ID, p))
	mustOK(t, db.ImportPackage(limited, tr.w.ID, p.ID, zip, false))
	if p, err = db.FindPackageByID(limited, tr.w.ID, p.ID); err != nil || p.Status != partnerd.PackageCompleted {
		t.Errorf("import within the scope = %+v, %v", p, err)
	}
}
