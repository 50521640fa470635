package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// mustAdminRole returns the built-in Admin client role of a workspace.
func mustAdminRole(tb testing.TB, db *store.DB, workspaceID int64) *partnerd.ClientRole {
	tb.Helper()
	roles, _, err := db.FindClientRoles(tb.Context(), workspaceID, page(1, 100))
	if err != nil {
		tb.Fatal(err)
	}
	for _, r := range roles {
		if r.BuiltIn && r.Name == partnerd.AdminRoleName {
			return r
		}
	}
	tb.Fatalf("workspace %d has no built-in Admin client role", workspaceID)
	return nil
}

// mustCreateDevAPIClient creates a client of the workspace with its Admin
// role and a fresh token, which the returned client carries in Token.
func mustCreateDevAPIClient(tb testing.TB, db *store.DB, workspaceID int64, name string) *partnerd.DevAPIClient {
	tb.Helper()
	token, hash := partnerd.NewToken()
	c := &partnerd.DevAPIClient{Name: name, RoleID: mustAdminRole(tb, db, workspaceID).ID,
		AllFolders: true, Token: token, TokenHash: hash}
	if err := db.CreateDevAPIClient(tb.Context(), workspaceID, c); err != nil {
		tb.Fatalf("create client %q: %v", name, err)
	}
	return c
}

// mustCreateClientRole creates a client role of the workspace.
func mustCreateClientRole(tb testing.TB, db *store.DB, workspaceID int64, name string, p partnerd.Privileges) *partnerd.ClientRole {
	tb.Helper()
	r := &partnerd.ClientRole{Name: name, Privileges: p}
	if err := db.CreateClientRole(tb.Context(), workspaceID, r); err != nil {
		tb.Fatalf("create client role %q: %v", name, err)
	}
	return r
}

// readOnly is a small set of client privileges.
var readOnly = partnerd.Privileges{
	partnerd.FamilyCustomers: {partnerd.VerbRead},
	partnerd.FamilyRecipes:   {partnerd.VerbRead, partnerd.VerbWrite},
}

// testDevAPIClientCreate checks that every field of a client round-trips
// and that its token authenticates with its role's privileges.
func testDevAPIClientCreate(t *testing.T, db *store.DB) {
	ctx := t.Context()
	fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "Acme", "owner@acme.example")
	role := mustCreateClientRole(t, db, a.ID, "Readers", readOnly)
	token, hash := partnerd.NewToken()
	c := &partnerd.DevAPIClient{
		Name:        "CI",
		RoleID:      role.ID,
		AllFolders:  false,
		FolderIDs:   []int64{a.RootFolderID},
		Environment: &partnerd.Environment{Type: "TEST"},
		IPAllowList: "10.0.0.0/8, 192.0.2.1",
		Token:       token,
		TokenHash:   hash,
	}
	mustOK(t, db.CreateDevAPIClient(ctx, a.ID, c))

	want := &partnerd.DevAPIClient{
		ID: c.ID, WorkspaceID: a.ID, Name: "CI", RoleID: role.ID, FolderIDs: []int64{a.RootFolderID},
		Environment: a.Environments[1], IPAllowList: "10.0.0.0/8, 192.0.2.1", Token: token, TokenHash: hash,
		TokenUpdatedAt: c.TokenUpdatedAt, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt,
	}
	if c.ID == 0 || !reflect.DeepEqual(c, want) {
		t.Errorf("created client = %+v\nwant %+v", c, want)
	}
	for _, at := range []time.Time{c.TokenUpdatedAt, c.CreatedAt, c.UpdatedAt} {
		if !at.Equal(t0) {
			t.Errorf("client times = %v, %v, %v; want %v", c.TokenUpdatedAt, c.CreatedAt, c.UpdatedAt, t0)
			break
		}
	}
	found, err := db.FindDevAPIClientByID(ctx, a.ID, c.ID)
	mustOK(t, err)
	want.Token = ""
	if !reflect.DeepEqual(found, want) {
		t.Errorf("FindDevAPIClientByID = %+v\nwant %+v", found, want)
	}

	caller, err := db.AuthenticateToken(ctx, partnerd.HashSecret(token))
	mustOK(t, err)
	wantCaller := &partnerd.Caller{WorkspaceID: a.ID, AccountID: a.ID, ClientID: c.ID, ClientName: "CI",
		Privileges: readOnly, FolderIDs: []int64{a.RootFolderID}, IPAllowList: "10.0.0.0/8, 192.0.2.1"}
	if !reflect.DeepEqual(caller, wantCaller) {
		t.Errorf("caller = %+v\nwant %+v", caller, wantCaller)
	}

	// A client without an environment lives in Development.
	dev := mustCreateDevAPIClient(t, db, a.ID, "Dev")
	if dev.Environment == nil || dev.Environment.Type != "DEV" || dev.FolderIDs == nil || !dev.AllFolders {
		t.Errorf("default client = %+v", dev)
	}
	// A client of a customer authenticates into the customer, under its account.
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	cc := mustCreateDevAPIClient(t, db, w.ID, "Customer client")
	caller, err = db.AuthenticateToken(ctx, partnerd.HashSecret(cc.Token))
	mustOK(t, err)
	if caller.WorkspaceID != w.ID || caller.AccountID != a.ID || caller.ClientID != cc.ID || caller.IsAdminWorkspace() {
		t.Errorf("customer caller = %+v", caller)
	}
}

// testDevAPIClientCreateInvalid checks that a client needs a name, a token,
// a valid allow list, and a role, environment and folders of its own workspace.
func testDevAPIClientCreateInvalid(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	w := MustCreateCustomer(t, db, a.ID, "A's customer")
	adminA := mustAdminRole(t, db, a.ID)
	for _, roleID := range []int64{mustAdminRole(t, db, b.ID).ID, mustAdminRole(t, db, w.ID).ID,
		mustCreateClientRole(t, db, b.ID, "B role", readOnly).ID, 0, adminA.ID + 1000} {
		_, hash := partnerd.NewToken()
		c := &partnerd.DevAPIClient{Name: "Bad role", RoleID: roleID, AllFolders: true, TokenHash: hash}
		wantField(t, db.CreateDevAPIClient(ctx, a.ID, c), partnerd.EINVALID, "api_privilege_group_id")
	}
	_, hash := partnerd.NewToken()
	c := &partnerd.DevAPIClient{Name: "Bad environment", RoleID: adminA.ID, AllFolders: true, TokenHash: hash,
		Environment: &partnerd.Environment{Type: "STAGING"}}
	wantField(t, db.CreateDevAPIClient(ctx, a.ID, c), partnerd.EINVALID, "environment_name")
	for _, folders := range [][]int64{{w.RootFolderID}, {b.RootFolderID}, {a.RootFolderID, 1 << 40}, nil} {
		_, hash := partnerd.NewToken()
		c := &partnerd.DevAPIClient{Name: "Bad folders", RoleID: adminA.ID, FolderIDs: folders, TokenHash: hash}
		wantField(t, db.CreateDevAPIClient(ctx, a.ID, c), partnerd.EINVALID, "folder_ids")
	}
	for field, c := range map[string]*partnerd.DevAPIClient{
		"name":          {Name: " ", RoleID: adminA.ID, AllFolders: true, TokenHash: "h1"},
		"ip_allow_list": {Name: "Bad list", RoleID: adminA.ID, AllFolders: true, TokenHash: "h2", IPAllowList: "not an ip"},
		"token":         {Name: "No token", RoleID: adminA.ID, AllFolders: true},
	} {
		wantField(t, db.CreateDevAPIClient(ctx, a.ID, c), partnerd.EINVALID, field)
	}

	_, total, err := db.FindDevAPIClients(ctx, a.ID, page(1, 10))
	mustOK(t, err)
	if total != 1 {
		t.Errorf("clients of A = %d, want only the first", total)
	}
}

// testDevAPIClientList checks paging, order and totals, scoped to the workspace.
func testDevAPIClientList(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, first := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	ids := []int64{first.ID}
	for _, name := range []string{"c2", "c3", "c4"} {
		ids = append(ids, mustCreateDevAPIClient(t, db, a.ID, name).ID)
		mustCreateDevAPIClient(t, db, b.ID, name)
	}
	for _, tt := range []struct {
		page, per int
		want      []int64
	}{
		{1, 3, ids[0:3]},
		{2, 3, ids[3:4]},
		{3, 3, nil},
		{1, 10, ids},
	} {
		list, total, err := db.FindDevAPIClients(ctx, a.ID, page(tt.page, tt.per))
		mustOK(t, err)
		var got []int64
		for _, c := range list {
			got = append(got, c.ID)
			if c.WorkspaceID != a.ID || c.Token != "" || c.TokenHash == "" || c.Environment == nil {
				t.Errorf("listed client = %+v", c)
			}
		}
		if total != 4 || list == nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("page %d/%d = %v of %d, want %v of 4", tt.page, tt.per, got, total, tt.want)
		}
	}
}

// testDevAPIClientUpdate checks that only the applied fields change and
// that an invalid change changes nothing.
func testDevAPIClientUpdate(t *testing.T, db *store.DB) {
	ctx := t.Context()
	now := fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	c := mustCreateDevAPIClient(t, db, a.ID, "Before")
	role := mustCreateClientRole(t, db, a.ID, "Readers", readOnly)

	*now = t0.Add(time.Minute)
	got, err := db.UpdateDevAPIClient(ctx, a.ID, c.ID, func(u *partnerd.DevAPIClient) error {
		u.Name = "After"
		u.RoleID = role.ID
		u.AllFolders = false
		u.FolderIDs = []int64{a.RootFolderID}
		u.Environment = &partnerd.Environment{Type: "PROD"}
		u.TokenHash = "ignored"
		return nil
	})
	mustOK(t, err)
	want := *c
	want.Token, want.Name, want.RoleID, want.AllFolders, want.FolderIDs = "", "After", role.ID, false, []int64{a.RootFolderID}
	want.Environment, want.UpdatedAt = a.Environments[2], got.UpdatedAt
	if !reflect.DeepEqual(got, &want) {
		t.Errorf("updated = %+v\nwant %+v", got, &want)
	}
	if !got.UpdatedAt.Equal(t0.Add(time.Minute)) || !got.TokenUpdatedAt.Equal(t0) || !got.CreatedAt.Equal(t0) {
		t.Errorf("times = %v %v %v", got.TokenUpdatedAt, got.CreatedAt, got.UpdatedAt)
	}
	caller, err := db.AuthenticateToken(ctx, c.TokenHash)
	mustOK(t, err)
	if !reflect.DeepEqual(caller.Privileges, readOnly) || caller.ClientName != "After" {
		t.Errorf("caller after update = %+v", caller)
	}

	*now = t0.Add(2 * time.Minute)
	adminB := mustAdminRole(t, db, b.ID)
	_, err = db.UpdateDevAPIClient(ctx, a.ID, c.ID, func(u *partnerd.DevAPIClient) error {
		u.Name = "Stolen role"
		u.RoleID = adminB.ID
		return nil
	})
	wantField(t, err, partnerd.EINVALID, "api_privilege_group_id")
	_, err = db.UpdateDevAPIClient(ctx, a.ID, c.ID, func(u *partnerd.DevAPIClient) error {
		u.Name = "Bad environment"
		u.Environment = &partnerd.Environment{Type: "QA"}
		return nil
	})
	wantField(t, err, partnerd.EINVALID, "environment_name")
	found, err := db.FindDevAPIClientByID(ctx, a.ID, c.ID)
	mustOK(t, err)
	if !reflect.DeepEqual(found, got) {
		t.Errorf("after failed updates = %+v\nwant %+v", found, got)
	}
	_, err = db.UpdateDevAPIClient(ctx, a.ID, c.ID+1000, func(*partnerd.DevAPIClient) error { return nil })
	wantCode(t, err, partnerd.ENOTFOUND)
}

// testDevAPIClientDelete checks that a deleted client's token stops working.
func testDevAPIClientDelete(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, first := MustCreateAccount(t, db, "A", "a@example.com")
	c := mustCreateDevAPIClient(t, db, a.ID, "Doomed")
	mustOK(t, db.DeleteDevAPIClient(ctx, a.ID, c.ID))

	_, err := db.FindDevAPIClientByID(ctx, a.ID, c.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.AuthenticateToken(ctx, c.TokenHash)
	wantCode(t, err, partnerd.EUNAUTHORIZED)
	wantCode(t, db.DeleteDevAPIClient(ctx, a.ID, c.ID), partnerd.ENOTFOUND)
	_, err = db.RegenerateDevAPIClientToken(ctx, a.ID, c.ID, partnerd.HashSecret("x"))
	wantCode(t, err, partnerd.ENOTFOUND)

	if _, err := db.AuthenticateToken(ctx, first.TokenHash); err != nil {
		t.Errorf("the first client after another's delete: %v", err)
	}
	list, total, err := db.FindDevAPIClients(ctx, a.ID, page(1, 10))
	mustOK(t, err)
	if total != 1 || list[0].ID != first.ID {
		t.Errorf("clients after delete = %d, want only the first", total)
	}
}

// testDevAPIClientRegenerate checks that a new token replaces the old one.
func testDevAPIClientRegenerate(t *testing.T, db *store.DB) {
	ctx := t.Context()
	now := fixClock(db, t0)
	a, c := MustCreateAccount(t, db, "A", "a@example.com")

	*now = t0.Add(time.Hour)
	token, hash := partnerd.NewToken()
	got, err := db.RegenerateDevAPIClientToken(ctx, a.ID, c.ID, hash)
	mustOK(t, err)
	if got.TokenHash != hash || got.Token != "" || !got.TokenUpdatedAt.Equal(t0.Add(time.Hour)) ||
		!got.UpdatedAt.Equal(t0.Add(time.Hour)) || !got.CreatedAt.Equal(t0) {
		t.Errorf("regenerated = %+v", got)
	}
	if got.Name != c.Name || got.RoleID != c.RoleID || got.AllFolders != c.AllFolders {
		t.Errorf("regenerated client changed: %+v, was %+v", got, c)
	}
	_, err = db.AuthenticateToken(ctx, partnerd.HashSecret(c.Token))
	wantCode(t, err, partnerd.EUNAUTHORIZED)
	caller, err := db.AuthenticateToken(ctx, partnerd.HashSecret(token))
	mustOK(t, err)
	if caller.ClientID != c.ID || caller.WorkspaceID != a.ID {
		t.Errorf("caller with the new token = %+v", caller)
	}
}

// testDevAPIClientCrossTenant checks that no workspace reaches another's clients.
func testDevAPIClientCrossTenant(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, c := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	w := MustCreateCustomer(t, db, a.ID, "A's customer")

	for _, ws := range []int64{b.ID, w.ID} {
		_, err := db.FindDevAPIClientByID(ctx, ws, c.ID)
		wantCode(t, err, partnerd.ENOTFOUND)
		_, err = db.UpdateDevAPIClient(ctx, ws, c.ID, func(u *partnerd.DevAPIClient) error {
			t.Error("apply called across tenants")
			return nil
		})
		wantCode(t, err, partnerd.ENOTFOUND)
		_, err = db.RegenerateDevAPIClientToken(ctx, ws, c.ID, partnerd.HashSecret("stolen"))
		wantCode(t, err, partnerd.ENOTFOUND)
		wantCode(t, db.DeleteDevAPIClient(ctx, ws, c.ID), partnerd.ENOTFOUND)
		for _, l := range mustDevAPIClients(t, db, ws) {
			if l.ID == c.ID {
				t.Errorf("workspace %d lists A's client", ws)
			}
		}
	}
	found, err := db.FindDevAPIClientByID(ctx, a.ID, c.ID)
	mustOK(t, err)
	if found.TokenHash != c.TokenHash || found.Name != c.Name {
		t.Errorf("client after cross-tenant attempts = %+v", found)
	}
	if _, err := db.AuthenticateToken(ctx, c.TokenHash); err != nil {
		t.Errorf("token after cross-tenant attempts: %v", err)
	}
}

func mustDevAPIClients(tb testing.TB, db *store.DB, workspaceID int64) []*partnerd.DevAPIClient {
	tb.Helper()
	list, _, err := db.FindDevAPIClients(tb.Context(), workspaceID, page(1, 100))
	if err != nil {
		tb.Fatal(err)
	}
	return list
}

// testClientRoleCreate checks that a client role's privileges round-trip.
func testClientRoleCreate(t *testing.T, db *store.DB) {
	ctx := t.Context()
	fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	admin := mustAdminRole(t, db, a.ID)
	r := mustCreateClientRole(t, db, a.ID, "Readers", readOnly)
	want := &partnerd.ClientRole{ID: r.ID, WorkspaceID: a.ID, Name: "Readers", Privileges: readOnly,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	if r.ID == 0 || r.ID == admin.ID || !reflect.DeepEqual(r, want) {
		t.Errorf("created role = %+v\nwant %+v", r, want)
	}
	if !r.CreatedAt.Equal(t0) || !r.UpdatedAt.Equal(t0) {
		t.Errorf("role times = %v, %v; want %v", r.CreatedAt, r.UpdatedAt, t0)
	}
	found, err := db.FindClientRoleByID(ctx, a.ID, r.ID)
	mustOK(t, err)
	if !reflect.DeepEqual(found, want) {
		t.Errorf("FindClientRoleByID = %+v\nwant %+v", found, want)
	}
	none := mustCreateClientRole(t, db, a.ID, "Nothing", nil)
	if none.Privileges == nil || len(none.Privileges) != 0 {
		t.Errorf("role without privileges = %v, want empty", none.Privileges)
	}

	list, total, err := db.FindClientRoles(ctx, a.ID, page(1, 10))
	mustOK(t, err)
	if total != 3 || len(list) != 3 || list[0].ID != admin.ID || list[1].ID != r.ID || list[2].ID != none.ID {
		t.Errorf("client roles = %d of %d, want Admin, Readers, Nothing", len(list), total)
	}
	list, total, err = db.FindClientRoles(ctx, a.ID, page(2, 2))
	mustOK(t, err)
	if total != 3 || len(list) != 1 || list[0].ID != none.ID {
		t.Errorf("client roles page 2 = %d of %d, want Nothing", len(list), total)
	}
	_, err = db.FindClientRoleByID(ctx, a.ID, none.ID+1000)
	wantCode(t, err, partnerd.ENOTFOUND)
}

// testClientRoleCreateInvalid checks names and privileges of client roles.
func testClientRoleCreateInvalid(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	for _, r := range []*partnerd.ClientRole{
		{Name: " ", Privileges: readOnly},
		{Name: "Bad family", Privileges: partnerd.Privileges{"Spaceships": {partnerd.VerbRead}}},
		{Name: "Bad verb", Privileges: partnerd.Privileges{partnerd.FamilyRecipes: {"launch"}}},
	} {
		wantCode(t, db.CreateClientRole(ctx, a.ID, r), partnerd.EINVALID)
	}
	mustCreateClientRole(t, db, a.ID, "Readers", readOnly)
	err := db.CreateClientRole(ctx, a.ID, &partnerd.ClientRole{Name: "Readers", Privileges: readOnly})
	wantField(t, err, partnerd.ECONFLICT, "name")
	mustCreateClientRole(t, db, b.ID, "Readers", readOnly)
	if _, total, err := db.FindClientRoles(ctx, a.ID, page(1, 10)); err != nil || total != 2 {
		t.Errorf("client roles of A = %d, %v; want Admin and Readers", total, err)
	}
}

// testClientRoleCrossTenant checks that no workspace reaches another's roles.
func testClientRoleCrossTenant(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	r := mustCreateClientRole(t, db, a.ID, "Readers", readOnly)
	_, err := db.FindClientRoleByID(ctx, b.ID, r.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.FindClientRoleByID(ctx, b.ID, mustAdminRole(t, db, a.ID).ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	list, total, err := db.FindClientRoles(ctx, b.ID, page(1, 10))
	mustOK(t, err)
	if total != 1 || list[0].WorkspaceID != b.ID {
		t.Errorf("client roles of B = %d %+v, want its Admin only", total, list)
	}
}
