package storetest

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// testClientRoleUpdate checks that a role's name and privileges change,
// and that its clients hold the new privileges at once.
func testClientRoleUpdate(t *testing.T, db *store.DB) {
	ctx := t.Context()
	clock := fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	r := mustCreateClientRole(t, db, a.ID, "Readers", readOnly)
	token, hash := partnerd.NewToken()
	mustOK(t, db.CreateDevAPIClient(ctx, a.ID, &partnerd.DevAPIClient{Name: "CI", RoleID: r.ID,
		AllFolders: true, Token: token, TokenHash: hash}))

	*clock = t0.Add(time.Hour)
	writers := partnerd.Privileges{partnerd.FamilyRecipes: {partnerd.VerbRead, partnerd.VerbWrite}}
	got, err := db.UpdateClientRole(ctx, a.ID, r.ID, func(r *partnerd.ClientRole) error {
		r.Name, r.Privileges = " Writers ", writers
		return nil
	})
	mustOK(t, err)
	if !got.CreatedAt.Equal(t0) || !got.UpdatedAt.Equal(t0.Add(time.Hour)) {
		t.Errorf("updated role times = %v, %v; want %v, %v", got.CreatedAt, got.UpdatedAt, t0, t0.Add(time.Hour))
	}
	want := &partnerd.ClientRole{ID: r.ID, WorkspaceID: a.ID, Name: "Writers", Privileges: writers,
		CreatedAt: got.CreatedAt, UpdatedAt: got.UpdatedAt}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("updated role = %+v\nwant %+v", got, want)
	}
	caller, err := db.AuthenticateToken(ctx, hash)
	mustOK(t, err)
	if !reflect.DeepEqual(caller.Privileges, writers) {
		t.Errorf("client privileges after the update = %v, want %v", caller.Privileges, writers)
	}

	// A failed apply, a blank name, bad privileges and a taken name change nothing.
	_, err = db.UpdateClientRole(ctx, a.ID, r.ID, func(r *partnerd.ClientRole) error {
		r.Name = "Changed"
		return partnerd.FieldError("name", "is bad")
	})
	wantCode(t, err, partnerd.EINVALID)
	_, err = db.UpdateClientRole(ctx, a.ID, r.ID, func(r *partnerd.ClientRole) error { r.Name = " "; return nil })
	wantField(t, err, partnerd.EINVALID, "name")
	_, err = db.UpdateClientRole(ctx, a.ID, r.ID, func(r *partnerd.ClientRole) error {
		r.Privileges = partnerd.Privileges{"Spaceships": {partnerd.VerbRead}}
		return nil
	})
	wantCode(t, err, partnerd.EINVALID)
	mustCreateClientRole(t, db, a.ID, "Others", nil)
	_, err = db.UpdateClientRole(ctx, a.ID, r.ID, func(r *partnerd.ClientRole) error { r.Name = "Others"; return nil })
	wantField(t, err, partnerd.ECONFLICT, "name")
	found, err := db.FindClientRoleByID(ctx, a.ID, r.ID)
	mustOK(t, err)
	if !reflect.DeepEqual(found, want) {
		t.Errorf("role after failed updates = %+v\nwant %+v", found, want)
	}

	// The built-in Admin cannot be changed.
	admin := mustAdminRole(t, db, a.ID)
	_, err = db.UpdateClientRole(ctx, a.ID, admin.ID, func(r *partnerd.ClientRole) error { r.Name = "Boss"; return nil })
	wantCode(t, err, partnerd.EINVALID)
	if !strings.Contains(err.Error(), "built in") {
		t.Errorf("built-in update error = %v", err)
	}
	_, err = db.UpdateClientRole(ctx, a.ID, r.ID+1000, func(*partnerd.ClientRole) error { return nil })
	wantCode(t, err, partnerd.ENOTFOUND)
}

// testClientRoleDelete checks that a role is deleted unless it is built in
// or a client has it.
func testClientRoleDelete(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	r := mustCreateClientRole(t, db, a.ID, "Readers", readOnly)
	token, hash := partnerd.NewToken()
	c := &partnerd.DevAPIClient{Name: "CI bot", RoleID: r.ID, AllFolders: true, Token: token, TokenHash: hash}
	mustOK(t, db.CreateDevAPIClient(ctx, a.ID, c))

	err := db.DeleteClientRole(ctx, a.ID, r.ID)
	wantCode(t, err, partnerd.EINVALID)
	if !strings.Contains(err.Error(), "Readers") || !strings.Contains(err.Error(), "CI bot") {
		t.Errorf("in-use delete error = %v, want it to name the role and the client", err)
	}
	err = db.DeleteClientRole(ctx, a.ID, mustAdminRole(t, db, a.ID).ID)
	wantCode(t, err, partnerd.EINVALID)

	mustOK(t, db.DeleteDevAPIClient(ctx, a.ID, c.ID))
	mustOK(t, db.DeleteClientRole(ctx, a.ID, r.ID))
	_, err = db.FindClientRoleByID(ctx, a.ID, r.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	wantCode(t, db.DeleteClientRole(ctx, a.ID, r.ID), partnerd.ENOTFOUND)
	// The name is free again.
	mustCreateClientRole(t, db, a.ID, "Readers", nil)
}

// testClientRoleChangeCrossTenant checks that no workspace changes or
// deletes another's roles.
func testClientRoleChangeCrossTenant(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	r := mustCreateClientRole(t, db, a.ID, "Readers", readOnly)
	_, err := db.UpdateClientRole(ctx, b.ID, r.ID, func(r *partnerd.ClientRole) error { r.Name = "Stolen"; return nil })
	wantCode(t, err, partnerd.ENOTFOUND)
	wantCode(t, db.DeleteClientRole(ctx, b.ID, r.ID), partnerd.ENOTFOUND)
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	wantCode(t, db.DeleteClientRole(ctx, w.ID, r.ID), partnerd.ENOTFOUND)
	found, err := db.FindClientRoleByID(ctx, a.ID, r.ID)
	mustOK(t, err)
	if found.Name != "Readers" {
		t.Errorf("role after another workspace's update = %+v", found)
	}
}
