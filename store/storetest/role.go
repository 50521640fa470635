package storetest

import (
	"reflect"
	"testing"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// recipeRunner is a small set of custom role privileges.
var recipeRunner = map[string][]string{
	"Recipes":     {"read", "run"},
	"Connections": {"all"},
}

// mustCreateRole creates a custom role of a customer workspace.
func mustCreateRole(tb testing.TB, db *store.DB, workspaceID int64, name string) *partnerd.Role {
	tb.Helper()
	r := &partnerd.Role{Name: name, Privileges: recipeRunner}
	if err := db.CreateRole(tb.Context(), workspaceID, r); err != nil {
		tb.Fatalf("create role %q: %v", name, err)
	}
	return r
}

// testRoleCreate checks that every field of a custom role round-trips.
func testRoleCreate(t *testing.T, db *store.DB) {
	ctx := t.Context()
	fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	f := mustCreateFolder(t, db, w.ID, nil, "Runs")
	r := &partnerd.Role{Name: "Runner", Inheritable: true, FolderIDs: []int64{w.RootFolderID, f.ID}, Privileges: recipeRunner}
	mustOK(t, db.CreateRole(ctx, w.ID, r))
	want := &partnerd.Role{ID: r.ID, WorkspaceID: w.ID, Name: "Runner", Inheritable: true,
		FolderIDs: []int64{w.RootFolderID, f.ID}, Privileges: recipeRunner, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	if r.ID == 0 || !reflect.DeepEqual(r, want) {
		t.Errorf("created role = %+v\nwant %+v", r, want)
	}
	if !r.CreatedAt.Equal(t0) || !r.UpdatedAt.Equal(t0) {
		t.Errorf("role times = %v, %v; want %v", r.CreatedAt, r.UpdatedAt, t0)
	}
	found, err := db.FindRoleByID(ctx, w.ID, r.ID)
	mustOK(t, err)
	if !reflect.DeepEqual(found, want) {
		t.Errorf("FindRoleByID = %+v\nwant %+v", found, want)
	}
	empty := &partnerd.Role{Name: "Empty"}
	mustOK(t, db.CreateRole(ctx, w.ID, empty))
	if empty.FolderIDs == nil || len(empty.FolderIDs) != 0 || empty.Privileges == nil || len(empty.Privileges) != 0 {
		t.Errorf("empty role = %+v, want empty lists", empty)
	}
	_, err = db.FindRoleByID(ctx, w.ID, empty.ID+1000)
	wantCode(t, err, partnerd.ENOTFOUND)
}

// testRoleCreateInvalid checks names and privileges of custom roles, and
// that a name is unique within a workspace only.
func testRoleCreateInvalid(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	other := MustCreateCustomer(t, db, a.ID, "Other")
	for field, r := range map[string]*partnerd.Role{
		"name":       {Name: "Admin"},
		"privileges": {Name: "Bad", Privileges: map[string][]string{"Recipes": {"fly"}}},
	} {
		wantField(t, db.CreateRole(ctx, w.ID, r), partnerd.EINVALID, field)
	}
	wantField(t, db.CreateRole(ctx, w.ID, &partnerd.Role{Name: ""}), partnerd.EINVALID, "name")
	wantField(t, db.CreateRole(ctx, w.ID, &partnerd.Role{Name: "X", Privileges: map[string][]string{"Moon": {"read"}}}),
		partnerd.EINVALID, "privileges")

	mustCreateRole(t, db, w.ID, "Runner")
	wantField(t, db.CreateRole(ctx, w.ID, &partnerd.Role{Name: "Runner"}), partnerd.ECONFLICT, "name")
	mustCreateRole(t, db, other.ID, "Runner")
	if _, total, err := db.FindRoles(ctx, w.ID, partnerd.RoleFilter{Page: page(1, 10)}); err != nil || total != 1 {
		t.Errorf("roles = %d, %v; want 1", total, err)
	}
}

// testRoleFind checks paging and the filter by name.
func testRoleFind(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	other := MustCreateCustomer(t, db, a.ID, "Other")
	var ids []int64
	for _, name := range []string{"R1", "R2", "R3"} {
		ids = append(ids, mustCreateRole(t, db, w.ID, name).ID)
		mustCreateRole(t, db, other.ID, name)
	}
	for _, tt := range []struct {
		name      *string
		page, per int
		total     int
		want      []int64
	}{
		{nil, 1, 2, 3, ids[0:2]},
		{nil, 2, 2, 3, ids[2:3]},
		{nil, 3, 2, 3, nil},
		{ptr("R2"), 1, 10, 1, ids[1:2]},
		{ptr("r2"), 1, 10, 0, nil},
		{ptr("R"), 1, 10, 0, nil},
	} {
		list, total, err := db.FindRoles(ctx, w.ID, partnerd.RoleFilter{Name: tt.name, Page: page(tt.page, tt.per)})
		mustOK(t, err)
		var got []int64
		for _, r := range list {
			got = append(got, r.ID)
			if r.WorkspaceID != w.ID {
				t.Errorf("listed role of workspace %d", r.WorkspaceID)
			}
		}
		if total != tt.total || list == nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("name %v page %d/%d = %v of %d, want %v of %d", tt.name, tt.page, tt.per, got, total, tt.want, tt.total)
		}
	}
}

// testRoleCopy checks that a copy keeps the privileges under a new name.
func testRoleCopy(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	f1, f2 := mustCreateFolder(t, db, w.ID, nil, "One"), mustCreateFolder(t, db, w.ID, nil, "Two")
	src := &partnerd.Role{Name: "Source", Inheritable: true, FolderIDs: []int64{f1.ID, f2.ID}, Privileges: recipeRunner}
	mustOK(t, db.CreateRole(ctx, w.ID, src))

	same, err := db.CopyRole(ctx, w.ID, src.ID, "Same folders", nil)
	mustOK(t, err)
	if same.ID == src.ID || same.Name != "Same folders" || same.WorkspaceID != w.ID || !same.Inheritable ||
		!reflect.DeepEqual(same.FolderIDs, []int64{f1.ID, f2.ID}) || !reflect.DeepEqual(same.Privileges, recipeRunner) {
		t.Errorf("copy without folders = %+v", same)
	}
	moved, err := db.CopyRole(ctx, w.ID, src.ID, "New folders", []int64{w.RootFolderID})
	mustOK(t, err)
	if moved.Name != "New folders" || !reflect.DeepEqual(moved.FolderIDs, []int64{w.RootFolderID}) ||
		!reflect.DeepEqual(moved.Privileges, recipeRunner) {
		t.Errorf("copy with folders = %+v", moved)
	}
	cleared, err := db.CopyRole(ctx, w.ID, src.ID, "No folders", []int64{})
	mustOK(t, err)
	if cleared.FolderIDs == nil || len(cleared.FolderIDs) != 0 {
		t.Errorf("copy with empty folders = %v, want none", cleared.FolderIDs)
	}
	found, err := db.FindRoleByID(ctx, w.ID, moved.ID)
	mustOK(t, err)
	if !reflect.DeepEqual(found, moved) {
		t.Errorf("FindRoleByID of the copy = %+v\nwant %+v", found, moved)
	}
	orig, err := db.FindRoleByID(ctx, w.ID, src.ID)
	mustOK(t, err)
	if !reflect.DeepEqual(orig, src) {
		t.Errorf("source after copies = %+v\nwant %+v", orig, src)
	}

	_, err = db.CopyRole(ctx, w.ID, src.ID, "Source", nil)
	wantField(t, err, partnerd.ECONFLICT, "name")
	_, err = db.CopyRole(ctx, w.ID, src.ID, "New folders", nil)
	wantField(t, err, partnerd.ECONFLICT, "name")
	_, err = db.CopyRole(ctx, w.ID, src.ID, " ", nil)
	wantField(t, err, partnerd.EINVALID, "name")
	_, err = db.CopyRole(ctx, w.ID, src.ID+1000, "Missing", nil)
	wantCode(t, err, partnerd.ENOTFOUND)
	if _, total, err := db.FindRoles(ctx, w.ID, partnerd.RoleFilter{Page: page(1, 10)}); err != nil || total != 4 {
		t.Errorf("roles after copies = %d, %v; want 4", total, err)
	}
}

// testRoleCrossTenant checks that no workspace reaches another's roles.
func testRoleCrossTenant(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	w := MustCreateCustomer(t, db, a.ID, "A1")
	sibling := MustCreateCustomer(t, db, a.ID, "A2")
	wb := MustCreateCustomer(t, db, b.ID, "B1")
	r := mustCreateRole(t, db, w.ID, "Runner")

	for _, ws := range []int64{sibling.ID, wb.ID, a.ID, b.ID} {
		_, err := db.FindRoleByID(ctx, ws, r.ID)
		wantCode(t, err, partnerd.ENOTFOUND)
		_, err = db.CopyRole(ctx, ws, r.ID, "Stolen", nil)
		wantCode(t, err, partnerd.ENOTFOUND)
		if _, total, err := db.FindRoles(ctx, ws, partnerd.RoleFilter{Page: page(1, 10)}); err != nil || total != 0 {
			t.Errorf("roles of workspace %d = %d, %v; want none", ws, total, err)
		}
	}
	if _, total, err := db.FindRoles(ctx, w.ID, partnerd.RoleFilter{Page: page(1, 10)}); err != nil || total != 1 {
		t.Errorf("roles of A1 = %d, %v; want 1", total, err)
	}
}
