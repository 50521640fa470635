package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// mustCreateMember creates an Analyst member of a customer workspace.
func mustCreateMember(tb testing.TB, db *store.DB, workspaceID int64, name string) *partnerd.Member {
	tb.Helper()
	m := &partnerd.Member{Name: name, RoleName: "Analyst", TimeZone: partnerd.DefaultTimeZone}
	if err := db.CreateMember(tb.Context(), workspaceID, m); err != nil {
		tb.Fatalf("create member %q: %v", name, err)
	}
	return m
}

// testMemberCreate checks that every field of a member round-trips.
func testMemberCreate(t *testing.T, db *store.DB) {
	ctx := t.Context()
	fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	m := &partnerd.Member{
		RoleName:   "Custom",
		EnvRoles:   []partnerd.EnvRole{{EnvironmentType: "dev", Name: "Admin"}, {EnvironmentType: "prod", Name: "Analyst"}},
		ExternalID: ptr("m-1"),
		Name:       "Jo Member",
		Email:      ptr("jo@customer.example"),
		TimeZone:   "Berlin",
		OAuthID:    ptr("oauth-1"),
	}
	mustOK(t, db.CreateMember(ctx, w.ID, m))
	want := &partnerd.Member{ID: m.ID, WorkspaceID: w.ID, GrantType: partnerd.GrantTypeTeamMember, RoleName: "Custom",
		EnvRoles:   []partnerd.EnvRole{{EnvironmentType: "dev", Name: "Admin"}, {EnvironmentType: "prod", Name: "Analyst"}},
		ExternalID: ptr("m-1"), Name: "Jo Member", Email: ptr("jo@customer.example"), TimeZone: "Berlin",
		OAuthID: ptr("oauth-1"), CreatedAt: m.CreatedAt, UpdatedAt: m.UpdatedAt}
	if m.ID == 0 || !reflect.DeepEqual(m, want) {
		t.Errorf("created member = %+v\nwant %+v", m, want)
	}
	if !m.CreatedAt.Equal(t0) || !m.UpdatedAt.Equal(t0) {
		t.Errorf("member times = %v, %v; want %v", m.CreatedAt, m.UpdatedAt, t0)
	}
	found, err := db.FindMemberByID(ctx, w.ID, m.ID)
	mustOK(t, err)
	if !reflect.DeepEqual(found, want) {
		t.Errorf("FindMemberByID = %+v\nwant %+v", found, want)
	}

	// A minimal member has no pointers set and empty environment roles.
	minimal := mustCreateMember(t, db, w.ID, "Minimal")
	if minimal.ExternalID != nil || minimal.Email != nil || minimal.OAuthID != nil || len(minimal.EnvRoles) != 0 ||
		minimal.GrantType != partnerd.GrantTypeTeamMember {
		t.Errorf("minimal member = %+v", minimal)
	}
	if minimal.ID == m.ID {
		t.Errorf("two members share id %d", m.ID)
	}
}

// testMemberCreateInvalid checks that an invalid member is not stored.
func testMemberCreateInvalid(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	for field, m := range map[string]*partnerd.Member{
		"name":      {Name: " ", RoleName: "Analyst", TimeZone: "UTC"},
		"role_name": {Name: "Jo", TimeZone: "UTC"},
		"email":     {Name: "Jo", RoleName: "Analyst", TimeZone: "UTC", Email: ptr("jo at example")},
		"time_zone": {Name: "Jo", RoleName: "Analyst"},
	} {
		wantField(t, db.CreateMember(ctx, w.ID, m), partnerd.EINVALID, field)
	}
	if _, total, err := db.FindMembers(ctx, w.ID, page(1, 10)); err != nil || total != 0 {
		t.Errorf("members = %d, %v; want none", total, err)
	}
}

// testMemberList checks paging, order and totals, scoped to the workspace.
func testMemberList(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	other := MustCreateCustomer(t, db, a.ID, "Other")
	var ids []int64
	for _, name := range []string{"m1", "m2", "m3"} {
		ids = append(ids, mustCreateMember(t, db, w.ID, name).ID)
		mustCreateMember(t, db, other.ID, name)
	}
	for _, tt := range []struct {
		page, per int
		want      []int64
	}{
		{1, 2, ids[0:2]},
		{2, 2, ids[2:3]},
		{3, 2, nil},
		{1, 50, ids},
	} {
		list, total, err := db.FindMembers(ctx, w.ID, page(tt.page, tt.per))
		mustOK(t, err)
		var got []int64
		for _, m := range list {
			got = append(got, m.ID)
			if m.WorkspaceID != w.ID {
				t.Errorf("listed member of workspace %d", m.WorkspaceID)
			}
		}
		if total != 3 || list == nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("page %d/%d = %v of %d, want %v of 3", tt.page, tt.per, got, total, tt.want)
		}
	}
}

// testMemberUpdate checks that only the applied fields change and that an
// invalid change changes nothing.
func testMemberUpdate(t *testing.T, db *store.DB) {
	ctx := t.Context()
	now := fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	m := &partnerd.Member{Name: "Jo", RoleName: "Analyst", TimeZone: "UTC", Email: ptr("jo@example.com"),
		ExternalID: ptr("m-1"), OAuthID: ptr("oauth-1")}
	mustOK(t, db.CreateMember(ctx, w.ID, m))

	*now = t0.Add(time.Minute)
	got, err := db.UpdateMember(ctx, w.ID, m.ID, func(u *partnerd.Member) error {
		if !reflect.DeepEqual(u, m) {
			t.Errorf("apply got %+v\nwant %+v", u, m)
		}
		u.RoleName = "Operator"
		u.EnvRoles = []partnerd.EnvRole{{EnvironmentType: "test", Name: "Operator"}}
		u.Email = nil
		return nil
	})
	mustOK(t, err)
	want := *m
	want.RoleName, want.EnvRoles, want.Email, want.UpdatedAt = "Operator",
		[]partnerd.EnvRole{{EnvironmentType: "test", Name: "Operator"}}, nil, got.UpdatedAt
	if !reflect.DeepEqual(got, &want) {
		t.Errorf("updated = %+v\nwant %+v", got, &want)
	}
	if !got.UpdatedAt.Equal(t0.Add(time.Minute)) || !got.CreatedAt.Equal(t0) {
		t.Errorf("member times = %v, %v", got.CreatedAt, got.UpdatedAt)
	}

	*now = t0.Add(2 * time.Minute)
	_, err = db.UpdateMember(ctx, w.ID, m.ID, func(u *partnerd.Member) error {
		u.Name = "Changed"
		u.Email = ptr("bad")
		return nil
	})
	wantField(t, err, partnerd.EINVALID, "email")
	found, err := db.FindMemberByID(ctx, w.ID, m.ID)
	mustOK(t, err)
	if !reflect.DeepEqual(found, got) {
		t.Errorf("after a failed update = %+v\nwant %+v", found, got)
	}
	_, err = db.UpdateMember(ctx, w.ID, m.ID+1000, func(*partnerd.Member) error { return nil })
	wantCode(t, err, partnerd.ENOTFOUND)
}

// testMemberDelete checks that a deleted member is gone and others stay.
func testMemberDelete(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	m := mustCreateMember(t, db, w.ID, "Doomed")
	keep := mustCreateMember(t, db, w.ID, "Kept")
	mustOK(t, db.DeleteMember(ctx, w.ID, m.ID))
	_, err := db.FindMemberByID(ctx, w.ID, m.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	wantCode(t, db.DeleteMember(ctx, w.ID, m.ID), partnerd.ENOTFOUND)
	list, total, err := db.FindMembers(ctx, w.ID, page(1, 10))
	mustOK(t, err)
	if total != 1 || list[0].ID != keep.ID {
		t.Errorf("members after delete = %d, want only %d", total, keep.ID)
	}
}

// testMemberFindInAccount checks that FindMemberInAccount finds members of
// any customer of the account and of no other.
func testMemberFindInAccount(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	w1 := MustCreateCustomer(t, db, a.ID, "A1")
	w2 := MustCreateCustomer(t, db, a.ID, "A2")
	wb := MustCreateCustomer(t, db, b.ID, "B1")
	m1 := mustCreateMember(t, db, w1.ID, "In A1")
	m2 := mustCreateMember(t, db, w2.ID, "In A2")
	mb := mustCreateMember(t, db, wb.ID, "In B1")

	for _, m := range []*partnerd.Member{m1, m2} {
		found, err := db.FindMemberInAccount(ctx, a.ID, m.ID)
		mustOK(t, err)
		if !reflect.DeepEqual(found, m) {
			t.Errorf("FindMemberInAccount = %+v\nwant %+v", found, m)
		}
		_, err = db.FindMemberInAccount(ctx, b.ID, m.ID)
		wantCode(t, err, partnerd.ENOTFOUND)
	}
	_, err := db.FindMemberInAccount(ctx, a.ID, mb.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	// The lookup takes the account, not a customer.
	_, err = db.FindMemberInAccount(ctx, w1.ID, m1.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.FindMemberInAccount(ctx, a.ID, mb.ID+1000)
	wantCode(t, err, partnerd.ENOTFOUND)
}

// testMemberCrossTenant checks that no workspace reaches another's members,
// even within one account.
func testMemberCrossTenant(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	w := MustCreateCustomer(t, db, a.ID, "A1")
	sibling := MustCreateCustomer(t, db, a.ID, "A2")
	wb := MustCreateCustomer(t, db, b.ID, "B1")
	m := mustCreateMember(t, db, w.ID, "Jo")

	for _, ws := range []int64{sibling.ID, wb.ID, a.ID, b.ID} {
		_, err := db.FindMemberByID(ctx, ws, m.ID)
		wantCode(t, err, partnerd.ENOTFOUND)
		_, err = db.UpdateMember(ctx, ws, m.ID, func(u *partnerd.Member) error {
			t.Error("apply called across tenants")
			return nil
		})
		wantCode(t, err, partnerd.ENOTFOUND)
		wantCode(t, db.DeleteMember(ctx, ws, m.ID), partnerd.ENOTFOUND)
		list, _, err := db.FindMembers(ctx, ws, page(1, 10))
		mustOK(t, err)
		for _, other := range list {
			if other.ID == m.ID {
				t.Errorf("workspace %d lists another's member", ws)
			}
		}
	}
	// An admin workspace holds its owner alone.
	for ws, email := range map[int64]string{a.ID: "a@example.com", b.ID: "b@example.com"} {
		list, total, err := db.FindMembers(ctx, ws, page(1, 10))
		mustOK(t, err)
		if total != 1 || list[0].Email == nil || *list[0].Email != email || list[0].RoleName != partnerd.AdminRoleName {
			t.Errorf("members of the admin workspace %d = %d %+v, want its owner", ws, total, list)
		}
	}
	found, err := db.FindMemberByID(ctx, w.ID, m.ID)
	mustOK(t, err)
	if !reflect.DeepEqual(found, m) {
		t.Errorf("member after cross-tenant attempts = %+v\nwant %+v", found, m)
	}
}
