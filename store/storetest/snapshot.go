package storetest

import (
	"slices"
	"testing"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// testSnapshotCoversSchema fails when a table of the schema is neither in
// snapshots nor recorded as global: a table added by a migration must hold
// a NOT NULL foreign key toward the workspaces of its account, or be
// recorded with globalTable in its resource's file.
func testSnapshotCoversSchema(t *testing.T, db *store.DB) {
	tables, err := db.SnapshotTables(t.Context())
	mustOK(t, err)
	if len(tables) == 0 || tables[0] != "workspaces" {
		t.Fatalf("snapshot tables = %v, want workspaces first", tables)
	}
	for _, want := range []string{"environments", "folders", "projects", "client_roles", "dev_api_clients", "roles",
		"members", "custom_connectors", "custom_connector_versions", "connections", "recipes", "recipe_versions",
		"recipe_applications", "recipe_connections", "recipe_jobs", "lookup_tables", "lookup_rows", "properties",
		"api_collections", "api_endpoints", "api_clients", "api_client_collections", "api_access_profiles",
		"api_access_profile_collections"} {
		if !slices.Contains(tables, want) {
			t.Errorf("snapshot tables %v lack %s", tables, want)
		}
	}
	for _, global := range []string{"schema_migrations", "rate_counters", "settings", "snapshots"} {
		if slices.Contains(tables, global) {
			t.Errorf("snapshot tables %v hold the global table %s", tables, global)
		}
	}
	// Each table comes after the ones it depends on.
	if slices.Index(tables, "lookup_rows") < slices.Index(tables, "lookup_tables") ||
		slices.Index(tables, "dev_api_clients") < slices.Index(tables, "client_roles") {
		t.Errorf("snapshot tables %v are out of order", tables)
	}
}

// fullAccount gives an account objects of its admin workspace and a
// customer with an object of every resource, and returns the customer.
func fullAccount(t *testing.T, db *store.DB, accountID int64, name string) *partnerd.Workspace {
	mustCreateCustomConnector(t, db, accountID, name+" connector")
	mustCreateClientRole(t, db, accountID, name+" readers", readOnly)
	return fullCustomer(t, db, accountID, name)
}

// fullCustomer gives an account a customer with an object of every
// resource, among them a folder whose parent has a higher id.
func fullCustomer(t *testing.T, db *store.DB, accountID int64, name string) *partnerd.Workspace {
	ctx := t.Context()
	w := MustCreateCustomer(t, db, accountID, name+" customer")
	project := mustCreateFolder(t, db, w.ID, nil, "Project")
	late := mustCreateFolder(t, db, w.ID, &project.ID, "Early")
	parent := mustCreateFolder(t, db, w.ID, &project.ID, "Parent")
	_, err := db.UpdateFolder(ctx, w.ID, late.ID, partnerd.FolderUpdate{ParentID: &parent.ID})
	mustOK(t, err)
	mustCreateConnection(t, db, w.ID, "CRM", "salesforce")
	r := mustCreateRecipe(t, db, w.ID, late.ID, "Sync")
	_, err = db.UpdateRecipe(ctx, w.ID, r.ID, func(r *partnerd.Recipe) error { r.Name = "Sync v2"; r.Code = clockCode + " "; return nil })
	mustOK(t, err)
	_, err = db.RecordJobs(ctx, accountID, r.ID, &partnerd.NewJobs{Status: partnerd.JobSucceeded, Count: 2, TaskCount: 3})
	mustOK(t, err)
	table := mustCreateLookupTable(t, db, w.ID, 0, "Codes", "code")
	code := "a1"
	mustAddLookupRow(t, db, w.ID, table.ID, partnerd.LookupData{"code": &code})
	mustOK(t, db.UpsertProperties(ctx, w.ID, map[string]string{"region": "eu"}))
	mustCreateMember(t, db, w.ID, "Jo")
	mustCreateRole(t, db, w.ID, "Auditor")
	mustCreateDevAPIClient(t, db, w.ID, "inside")
	mustCreateAPICollection(t, db, w.ID, parent.ProjectID, "Orders", r.ID)
	c := mustCreateAPIClient(t, db, w.ID, "Portal")
	mustCreateAccessProfile(t, db, w.ID, &partnerd.AccessProfile{Name: "Key", ClientID: c.ID, Auth: partnerd.APIAuth{Type: "token"}, Active: true})
	return w
}

// testSnapshotRestore checks that a restore returns every row of the
// account, ids included, with the tokens of that time, and leaves another
// account alone.
func testSnapshotRestore(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, admin := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	cu := fullAccount(t, db, a.ID, "A")
	fullAccount(t, db, b.ID, "B")
	before, beforeB := mustDump(t, db, a.ID), mustDump(t, db, b.ID)
	snap, err := db.CreateSnapshot(ctx, a.ID)
	mustOK(t, err)
	if snap.ID == 0 || snap.AccountID != a.ID {
		t.Fatalf("snapshot = %+v", snap)
	}

	// Changes of every kind in A, and some in B.
	mustOK(t, db.DeleteCustomer(ctx, a.ID, cu.ID))
	other := fullAccount(t, db, a.ID, "A2")
	later := mustCreateDevAPIClient(t, db, a.ID, "later")
	_, err = db.UpdateCustomer(ctx, b.ID, MustCreateCustomer(t, db, b.ID, "B late").ID,
		func(w *partnerd.Workspace) error { w.Name = "B later"; return nil })
	mustOK(t, err)
	afterB := mustDump(t, db, b.ID)

	mustOK(t, db.RestoreSnapshot(ctx, a.ID, snap.ID))
	if got := withoutCredentials(t, mustDump(t, db, a.ID)); got != withoutCredentials(t, before) {
		t.Errorf("restored account differs:\n got %s\nwant %s", got, before)
	}
	if got := mustDump(t, db, b.ID); got != afterB || got == beforeB {
		t.Errorf("the other account changed on restore:\n got %s\nwant %s", got, afterB)
	}
	if _, err := db.FindCustomerByID(ctx, a.ID, other.ID); partnerd.ErrorCode(err) != partnerd.ENOTFOUND {
		t.Errorf("a customer created after the snapshot: %v, want ENOTFOUND", err)
	}
	restored, err := db.FindCustomerByID(ctx, a.ID, cu.ID)
	mustOK(t, err)
	if restored.Name != cu.Name || restored.RootFolderID != cu.RootFolderID {
		t.Errorf("restored customer = %+v, want %+v", restored, cu)
	}
	for token, want := range map[string]string{admin.Token: "", later.Token: partnerd.EUNAUTHORIZED} {
		if _, err := db.AuthenticateToken(ctx, partnerd.HashSecret(token)); partnerd.ErrorCode(err) != want {
			t.Errorf("token after restore: %v, want code %q", err, want)
		}
	}

	// New objects take ids past every id given before, restored or not.
	again := MustCreateCustomer(t, db, a.ID, "Again")
	if again.ID <= other.ID {
		t.Errorf("a customer after restore has id %d, not past %d", again.ID, other.ID)
	}
	f := mustCreateFolder(t, db, cu.ID, nil, "New")
	if f.ID <= other.RootFolderID {
		t.Errorf("a folder after restore has id %d, not past %d", f.ID, other.RootFolderID)
	}

	// A snapshot restores as many times as asked.
	mustOK(t, db.RestoreSnapshot(ctx, a.ID, snap.ID))
	if got := withoutCredentials(t, mustDump(t, db, a.ID)); got != withoutCredentials(t, before) {
		t.Errorf("second restore differs:\n got %s\nwant %s", got, before)
	}
}

// testSnapshotCrossTenant checks that an account cannot restore another's
// snapshot, and that a reset or a restore touches one account only.
func testSnapshotCrossTenant(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	fullAccount(t, db, a.ID, "A")
	fullAccount(t, db, b.ID, "B")
	snapA, err := db.CreateSnapshot(ctx, a.ID)
	mustOK(t, err)
	dumpA := mustDump(t, db, a.ID)
	wantCode(t, db.RestoreSnapshot(ctx, b.ID, snapA.ID), partnerd.ENOTFOUND)
	wantCode(t, db.RestoreSnapshot(ctx, a.ID, snapA.ID+1000), partnerd.ENOTFOUND)
	snapB, err := db.CreateSnapshot(ctx, b.ID)
	mustOK(t, err)
	mustOK(t, db.ResetAccount(ctx, b.ID))
	if got := mustDump(t, db, a.ID); got != dumpA {
		t.Errorf("account A changed when B reset:\n got %s\nwant %s", got, dumpA)
	}
	mustOK(t, db.RestoreSnapshot(ctx, b.ID, snapB.ID))
	if got := mustDump(t, db, a.ID); got != dumpA {
		t.Errorf("account A changed when B restored:\n got %s\nwant %s", got, dumpA)
	}
}

// testSnapshotKept checks that only the newest snapshots of an account are
// kept, whatever other accounts take.
func testSnapshotKept(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	first, err := db.CreateSnapshot(ctx, a.ID)
	mustOK(t, err)
	firstB, err := db.CreateSnapshot(ctx, b.ID)
	mustOK(t, err)
	for range store.SnapshotsKept {
		_, err := db.CreateSnapshot(ctx, a.ID)
		mustOK(t, err)
	}
	wantCode(t, db.RestoreSnapshot(ctx, a.ID, first.ID), partnerd.ENOTFOUND)
	mustOK(t, db.RestoreSnapshot(ctx, b.ID, firstB.ID))
}

// testResetAccount checks that a reset deletes the customers of one
// account and everything in them, and keeps its admin workspace's objects.
func testResetAccount(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, admin := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	mustCreateCustomConnector(t, db, a.ID, "A connector")
	mustCreateDevAPIClient(t, db, a.ID, "A second client")
	empty := mustDump(t, db, a.ID)
	fullCustomer(t, db, a.ID, "A")
	fullCustomer(t, db, a.ID, "A2")
	fullAccount(t, db, b.ID, "B")
	dumpB := mustDump(t, db, b.ID)

	mustOK(t, db.ResetAccount(ctx, a.ID))
	if got := mustDump(t, db, a.ID); got != empty {
		t.Errorf("account after reset:\n got %s\nwant %s", got, empty)
	}
	list, total, err := db.FindCustomers(ctx, a.ID, page(1, 100))
	mustOK(t, err)
	if total != 0 || len(list) != 0 {
		t.Errorf("customers after reset = %d", total)
	}
	usage, err := db.FindUsage(ctx, a.ID, t0)
	mustOK(t, err)
	if len(usage) != 0 {
		t.Errorf("usage after reset = %+v", usage)
	}
	if _, err := db.AuthenticateToken(ctx, partnerd.HashSecret(admin.Token)); err != nil {
		t.Errorf("the admin token after reset: %v", err)
	}
	if got := mustDump(t, db, b.ID); got != dumpB {
		t.Errorf("account B changed when A reset")
	}
	mustOK(t, db.ResetAccount(ctx, a.ID)) // An empty account resets too.
}

// mustDump returns every row of the account as the store reads it for a
// snapshot: a restore must give back exactly the same text.
func mustDump(tb testing.TB, db *store.DB, accountID int64) string {
	tb.Helper()
	s, err := db.DumpAccount(tb.Context(), accountID)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}
