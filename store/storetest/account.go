package storetest

import (
	"reflect"
	"testing"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// testAccountCreate checks that a new account has its built-in Admin client
// role, three environments, a home folder and a first client whose token
// authenticates.
func testAccountCreate(t *testing.T, db *store.DB) {
	ctx := t.Context()
	fixClock(db, t0)
	token, hash := partnerd.NewToken()
	w, c, err := db.CreateAccount(ctx, &partnerd.NewAccount{Name: "Acme", Email: "Owner@Acme.example",
		APIKeyHash: partnerd.HashSecret("key"), ClientName: "First client", TokenHash: hash})
	mustOK(t, err)

	if w.ID == 0 || w.AccountID != w.ID || !w.IsAdmin() {
		t.Fatalf("account id = %d, account id = %d: want an admin workspace", w.ID, w.AccountID)
	}
	if w.Name != "Acme" || w.NotificationEmail != "Owner@Acme.example" || w.ExternalID != nil {
		t.Errorf("account = %q %q %v", w.Name, w.NotificationEmail, w.ExternalID)
	}
	if w.PlanID != partnerd.DefaultPlanID || w.TimeZone != partnerd.DefaultTimeZone {
		t.Errorf("plan, time zone = %q, %q; want the defaults", w.PlanID, w.TimeZone)
	}
	if w.RootFolderID == 0 {
		t.Error("RootFolderID = 0, want the home folder")
	}
	if !w.CreatedAt.Equal(t0) || !w.UpdatedAt.Equal(t0) {
		t.Errorf("created, updated = %v, %v; want %v", w.CreatedAt, w.UpdatedAt, t0)
	}
	wantEnvironments(t, w)

	roles, total, err := db.FindClientRoles(ctx, w.ID, page(1, 100))
	mustOK(t, err)
	if total != 1 || len(roles) != 1 {
		t.Fatalf("client roles = %d of %d, want the built-in one", len(roles), total)
	}
	admin := roles[0]
	if admin.Name != partnerd.AdminRoleName || !admin.BuiltIn || admin.WorkspaceID != w.ID {
		t.Errorf("built-in role = %+v", admin)
	}
	if !reflect.DeepEqual(admin.Privileges, partnerd.AdminPrivileges()) {
		t.Errorf("built-in privileges = %v, want every family", admin.Privileges)
	}

	if c.ID == 0 || c.RoleID != admin.ID || !c.AllFolders || c.TokenHash != hash {
		t.Errorf("first client = %+v, want the Admin role over all folders", c)
	}
	stored, err := db.FindDevAPIClientByID(ctx, w.ID, c.ID)
	mustOK(t, err)
	if stored.Name != "First client" || stored.WorkspaceID != w.ID || stored.RoleID != admin.ID ||
		stored.Environment == nil || stored.Environment.Type != "DEV" {
		t.Errorf("stored first client = %+v", stored)
	}

	caller, err := db.AuthenticateToken(ctx, partnerd.HashSecret(token))
	mustOK(t, err)
	if caller.WorkspaceID != w.ID || caller.AccountID != w.ID || caller.ClientID != c.ID ||
		caller.ClientName != "First client" || !caller.AllFolders || !caller.IsAdminWorkspace() {
		t.Errorf("caller = %+v", caller)
	}
	if !caller.Privileges.Allows(partnerd.FamilyCustomers, partnerd.VerbWrite) {
		t.Errorf("caller privileges = %v, want admin", caller.Privileges)
	}

	found, err := db.FindWorkspaceByID(ctx, w.ID)
	mustOK(t, err)
	if !reflect.DeepEqual(found, w) {
		t.Errorf("FindWorkspaceByID = %+v, want %+v", found, w)
	}
	_, err = db.FindWorkspaceByID(ctx, w.ID+1000)
	wantCode(t, err, partnerd.ENOTFOUND)
}

// wantEnvironments checks that w has Development, Test and Production.
func wantEnvironments(tb testing.TB, w *partnerd.Workspace) {
	tb.Helper()
	if len(w.Environments) != len(partnerd.EnvironmentTypes) {
		tb.Fatalf("environments = %d, want %d", len(w.Environments), len(partnerd.EnvironmentTypes))
	}
	for i, env := range w.Environments {
		want := partnerd.EnvironmentTypes[i]
		if env.ID == 0 || env.Name != want[0] || env.Type != want[1] {
			tb.Errorf("environment %d = %+v, want %s %s", i, env, want[0], want[1])
		}
	}
}

// testAccountCreateInvalid checks that an account needs a name and a valid,
// unique owner email, compared without case.
func testAccountCreateInvalid(t *testing.T, db *store.DB) {
	ctx := t.Context()
	for _, a := range []*partnerd.NewAccount{
		{Name: "", Email: "owner@example.com"},
		{Name: "Acme", Email: "not an email"},
	} {
		_, hash := partnerd.NewToken()
		a.TokenHash = hash
		_, _, err := db.CreateAccount(ctx, a)
		wantCode(t, err, partnerd.EINVALID)
	}
	MustCreateAccount(t, db, "Acme", "owner@example.com")
	_, hash := partnerd.NewToken()
	_, _, err := db.CreateAccount(ctx, &partnerd.NewAccount{Name: "Acme 2", Email: "OWNER@example.com", TokenHash: hash})
	wantField(t, err, partnerd.ECONFLICT, "owner_email")
	if n, err := db.CountAccounts(ctx); err != nil || n != 1 {
		t.Errorf("CountAccounts = %d, %v; want 1", n, err)
	}
}

// testAccountCount checks that CountAccounts counts admin workspaces only.
func testAccountCount(t *testing.T, db *store.DB) {
	ctx := t.Context()
	if n, err := db.CountAccounts(ctx); err != nil || n != 0 {
		t.Fatalf("CountAccounts of an empty store = %d, %v; want 0", n, err)
	}
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	MustCreateAccount(t, db, "B", "b@example.com")
	MustCreateCustomer(t, db, a.ID, "A1")
	MustCreateCustomer(t, db, a.ID, "A2")
	if n, err := db.CountAccounts(ctx); err != nil || n != 2 {
		t.Fatalf("CountAccounts = %d, %v; want 2", n, err)
	}
}

// testAuthenticateAPIKey checks the legacy email and API key.
func testAuthenticateAPIKey(t *testing.T, db *store.DB) {
	ctx := t.Context()
	_, hash := partnerd.NewToken()
	w, _, err := db.CreateAccount(ctx, &partnerd.NewAccount{Name: "Acme", Email: "owner@acme.example",
		APIKeyHash: partnerd.HashSecret("legacy-key"), ClientName: "c", TokenHash: hash})
	mustOK(t, err)
	MustCreateAccount(t, db, "Other", "owner@other.example")

	for _, email := range []string{"owner@acme.example", "Owner@ACME.example"} {
		caller, err := db.AuthenticateAPIKey(ctx, email, "legacy-key")
		mustOK(t, err)
		if caller.WorkspaceID != w.ID || caller.AccountID != w.ID || caller.ClientID != 0 || !caller.AllFolders {
			t.Errorf("caller of %s = %+v", email, caller)
		}
		if !caller.Privileges.Allows(partnerd.FamilyDevAPIClients, partnerd.VerbWrite) {
			t.Errorf("caller of %s privileges = %v, want admin", email, caller.Privileges)
		}
	}
	for _, tt := range []struct{ email, key string }{
		{"owner@acme.example", "wrong-key"},
		{"owner@acme.example", ""},
		{"nobody@acme.example", "legacy-key"},
		{"", "legacy-key"},
		{"owner@other.example", "legacy-key"},
	} {
		caller, err := db.AuthenticateAPIKey(ctx, tt.email, tt.key)
		if partnerd.ErrorCode(err) != partnerd.EUNAUTHORIZED {
			t.Errorf("AuthenticateAPIKey(%q, %q) = %+v, %v; want unauthorized", tt.email, tt.key, caller, err)
		}
	}
}

// testAuthenticateTokenUnknown checks that an unknown token hash is unauthorized.
func testAuthenticateTokenUnknown(t *testing.T, db *store.DB) {
	_, c := MustCreateAccount(t, db, "Acme", "owner@acme.example")
	for _, hash := range []string{"", c.Token, partnerd.HashSecret("wrkaus-unknown")} {
		_, err := db.AuthenticateToken(t.Context(), hash)
		wantCode(t, err, partnerd.EUNAUTHORIZED)
	}
}
