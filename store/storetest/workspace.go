package storetest

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// testCustomerCreate checks that every field of a customer round-trips and
// that it gets its own home folder, and no environments until provisioned.
func testCustomerCreate(t *testing.T, db *store.DB) {
	ctx := t.Context()
	fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "Acme", "owner@acme.example")
	w := &partnerd.Workspace{
		ExternalID:              ptr("cust-1"),
		Name:                    "Customer One",
		NotificationEmail:       "ops@one.example",
		AdminNotificationEmails: ptr("admin@one.example"),
		ErrorNotificationEmails: ptr("errors@one.example"),
		PlanID:                  "pro_plan",
		Trial:                   true,
		InTrial:                 true,
		OriginURL:               ptr("https://app.one.example"),
		FrameAncestors:          ptr("https://one.example"),
		WhitelistedApps:         []string{"salesforce", "slack"},
		TimeZone:                "Berlin",
		TeamName:                "Team One",
		AuthSettings:            map[string]any{"type": "oauth2", "nested": map[string]any{"on": true}},
		FullEmbedding:           true,
		ActiveConnectionLimit:   ptr(7),
	}
	want := *w
	mustOK(t, db.CreateCustomer(ctx, a.ID, w))

	if w.ID == 0 || w.ID == a.ID || w.AccountID != a.ID || w.IsAdmin() {
		t.Fatalf("customer id = %d, account id = %d; want a customer of %d", w.ID, w.AccountID, a.ID)
	}
	if w.RootFolderID == 0 || w.RootFolderID == a.RootFolderID {
		t.Errorf("RootFolderID = %d (account's %d), want its own home folder", w.RootFolderID, a.RootFolderID)
	}
	if !w.CreatedAt.Equal(t0) || !w.UpdatedAt.Equal(t0) {
		t.Errorf("created, updated = %v, %v; want %v", w.CreatedAt, w.UpdatedAt, t0)
	}
	if len(w.Environments) != 0 || w.EnvironmentType != "" {
		t.Errorf("environments = %v (%q), want none before they are provisioned", w.Environments, w.EnvironmentType)
	}
	want.ID, want.AccountID, want.RootFolderID, want.Environments = w.ID, a.ID, w.RootFolderID, w.Environments
	want.CreatedAt, want.UpdatedAt = w.CreatedAt, w.UpdatedAt
	if !reflect.DeepEqual(w, &want) {
		t.Errorf("created customer = %+v\nwant %+v", w, &want)
	}

	found, err := db.FindCustomerByID(ctx, a.ID, w.ID)
	mustOK(t, err)
	if !reflect.DeepEqual(found, w) {
		t.Errorf("FindCustomerByID = %+v\nwant %+v", found, w)
	}
	ws, err := db.FindWorkspaceByID(ctx, w.ID)
	mustOK(t, err)
	if !reflect.DeepEqual(ws, w) {
		t.Errorf("FindWorkspaceByID = %+v\nwant %+v", ws, w)
	}

	// A minimal customer reads back with empty lists and nil pointers.
	minimal := MustCreateCustomer(t, db, a.ID, "Minimal")
	if minimal.ExternalID != nil || minimal.ActiveConnectionLimit != nil || minimal.OriginURL != nil ||
		minimal.WhitelistedApps == nil || len(minimal.WhitelistedApps) != 0 || minimal.AuthSettings != nil {
		t.Errorf("minimal customer = %+v", minimal)
	}
	// The customer's built-in client role is its own.
	roles, total, err := db.FindClientRoles(ctx, w.ID, page(1, 10))
	mustOK(t, err)
	if total != 1 || roles[0].Name != partnerd.AdminRoleName || roles[0].WorkspaceID != w.ID {
		t.Errorf("customer client roles = %d %+v", total, roles)
	}
}

// testCustomerCreateInvalid checks that an invalid customer is not stored.
func testCustomerCreateInvalid(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "Acme", "owner@acme.example")
	for field, change := range map[string]func(*partnerd.Workspace){
		"name":                    func(w *partnerd.Workspace) { w.Name = " " },
		"notification_email":      func(w *partnerd.Workspace) { w.NotificationEmail = "nope" },
		"external_id":             func(w *partnerd.Workspace) { w.ExternalID = ptr("") },
		"active_connection_limit": func(w *partnerd.Workspace) { w.ActiveConnectionLimit = ptr(-1) },
		"time_zone":               func(w *partnerd.Workspace) { w.TimeZone = "" },
	} {
		w := newCustomer("Customer")
		change(w)
		wantField(t, db.CreateCustomer(ctx, a.ID, w), partnerd.EINVALID, field)
	}
	list, total, err := db.FindCustomers(ctx, a.ID, page(1, 10))
	mustOK(t, err)
	if total != 0 || len(list) != 0 {
		t.Errorf("customers = %d of %d, want none", len(list), total)
	}
}

// testCustomerFindByExternalID checks the lookup by external id.
func testCustomerFindByExternalID(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "Acme", "owner@acme.example")
	MustCreateCustomer(t, db, a.ID, "No external id")
	w := newCustomer("Customer")
	w.ExternalID = ptr("ext-42")
	mustOK(t, db.CreateCustomer(ctx, a.ID, w))

	found, err := db.FindCustomerByExternalID(ctx, a.ID, "ext-42")
	mustOK(t, err)
	if !reflect.DeepEqual(found, w) {
		t.Errorf("FindCustomerByExternalID = %+v\nwant %+v", found, w)
	}
	for _, ext := range []string{"ext-4", "EXT-42", ""} {
		_, err := db.FindCustomerByExternalID(ctx, a.ID, ext)
		wantCode(t, err, partnerd.ENOTFOUND)
	}
}

// testCustomerExternalIDConflict checks that an external id is unique within
// an account, on create and on update, and free across accounts.
func testCustomerExternalIDConflict(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	first := newCustomer("First")
	first.ExternalID = ptr("shared")
	mustOK(t, db.CreateCustomer(ctx, a.ID, first))

	dup := newCustomer("Duplicate")
	dup.ExternalID = ptr("shared")
	err := db.CreateCustomer(ctx, a.ID, dup)
	wantField(t, err, partnerd.ECONFLICT, "external_id")
	var perr *partnerd.Error
	if !errors.As(err, &perr) {
		t.Fatalf("error %T is not a *partnerd.Error", err)
	}

	inB := newCustomer("In B")
	inB.ExternalID = ptr("shared")
	mustOK(t, db.CreateCustomer(ctx, b.ID, inB))

	second := MustCreateCustomer(t, db, a.ID, "Second")
	_, err = db.UpdateCustomer(ctx, a.ID, second.ID, func(w *partnerd.Workspace) error {
		w.ExternalID = ptr("shared")
		return nil
	})
	wantField(t, err, partnerd.ECONFLICT, "external_id")
	got, err := db.FindCustomerByID(ctx, a.ID, second.ID)
	mustOK(t, err)
	if got.ExternalID != nil {
		t.Errorf("external id after a conflict = %q, want none", *got.ExternalID)
	}
	// Customers without an external id never conflict.
	MustCreateCustomer(t, db, a.ID, "Third")
	_, total, err := db.FindCustomers(ctx, a.ID, page(1, 10))
	mustOK(t, err)
	if total != 3 {
		t.Errorf("customers of A = %d, want 3", total)
	}
}

// testCustomerList checks paging, order and totals, scoped to the account.
func testCustomerList(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	var ids []int64
	for _, name := range []string{"c1", "c2", "c3", "c4", "c5"} {
		ids = append(ids, MustCreateCustomer(t, db, a.ID, name).ID)
		MustCreateCustomer(t, db, b.ID, "b-"+name)
	}
	for _, tt := range []struct {
		page, per int
		want      []int64
	}{
		{1, 2, ids[0:2]},
		{2, 2, ids[2:4]},
		{3, 2, ids[4:5]},
		{4, 2, nil},
		{1, 100, ids},
	} {
		list, total, err := db.FindCustomers(ctx, a.ID, page(tt.page, tt.per))
		mustOK(t, err)
		if total != 5 {
			t.Errorf("page %d/%d: total = %d, want 5", tt.page, tt.per, total)
		}
		if list == nil {
			t.Errorf("page %d/%d: list is nil, want empty", tt.page, tt.per)
		}
		var got []int64
		for _, w := range list {
			got = append(got, w.ID)
			if w.AccountID != a.ID || len(w.Environments) != 0 || w.RootFolderID == 0 {
				t.Errorf("listed customer = %+v", w)
			}
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("page %d/%d: ids = %v, want %v", tt.page, tt.per, got, tt.want)
		}
	}
}

// testCustomerUpdate checks that only the applied fields change.
func testCustomerUpdate(t *testing.T, db *store.DB) {
	ctx := t.Context()
	now := fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "Acme", "owner@acme.example")
	w := newCustomer("Before")
	w.ExternalID = ptr("ext-1")
	w.OriginURL = ptr("https://before.example")
	w.WhitelistedApps = []string{"slack"}
	mustOK(t, db.CreateCustomer(ctx, a.ID, w))

	*now = t0.Add(time.Hour)
	got, err := db.UpdateCustomer(ctx, a.ID, w.ID, func(u *partnerd.Workspace) error {
		seen := *u
		seen.Environments = w.Environments // apply does not need them
		if !reflect.DeepEqual(&seen, w) {
			t.Errorf("apply got %+v\nwant %+v", u, w)
		}
		u.Name = "After"
		u.ActiveConnectionLimit = ptr(3)
		u.OriginURL = nil
		return nil
	})
	mustOK(t, err)
	if !got.UpdatedAt.Equal(t0.Add(time.Hour)) || !got.CreatedAt.Equal(t0) {
		t.Errorf("created, updated = %v, %v; want %v, %v", got.CreatedAt, got.UpdatedAt, t0, t0.Add(time.Hour))
	}
	want := *w
	want.Name, want.ActiveConnectionLimit, want.OriginURL, want.UpdatedAt = "After", ptr(3), nil, got.UpdatedAt
	if !reflect.DeepEqual(got, &want) {
		t.Errorf("updated = %+v\nwant %+v", got, &want)
	}
	found, err := db.FindCustomerByID(ctx, a.ID, w.ID)
	mustOK(t, err)
	if !reflect.DeepEqual(found, &want) {
		t.Errorf("stored = %+v\nwant %+v", found, &want)
	}
}

// testCustomerUpdateInvalid checks that a failed update changes nothing.
func testCustomerUpdateInvalid(t *testing.T, db *store.DB) {
	ctx := t.Context()
	now := fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "Acme", "owner@acme.example")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	*now = t0.Add(time.Hour)

	_, err := db.UpdateCustomer(ctx, a.ID, w.ID, func(u *partnerd.Workspace) error {
		u.TeamName = "changed too"
		u.NotificationEmail = "not an email"
		return nil
	})
	wantField(t, err, partnerd.EINVALID, "notification_email")

	stop := partnerd.Errorf(partnerd.ESTATE, "stop")
	_, err = db.UpdateCustomer(ctx, a.ID, w.ID, func(u *partnerd.Workspace) error {
		u.Name = "changed"
		return stop
	})
	if !errors.Is(err, stop) {
		t.Errorf("apply's error = %v, want %v", err, stop)
	}

	found, err := db.FindCustomerByID(ctx, a.ID, w.ID)
	mustOK(t, err)
	if !reflect.DeepEqual(found, w) {
		t.Errorf("after failed updates = %+v\nwant %+v", found, w)
	}
	_, err = db.UpdateCustomer(ctx, a.ID, w.ID+1000, func(*partnerd.Workspace) error {
		t.Error("apply called for a missing customer")
		return nil
	})
	wantCode(t, err, partnerd.ENOTFOUND)
}

// testCustomerDelete checks that deleting a customer deletes what is in it.
func testCustomerDelete(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "Acme", "owner@acme.example")
	w := MustCreateCustomer(t, db, a.ID, "Doomed")
	keep := MustCreateCustomer(t, db, a.ID, "Kept")
	m := mustCreateMember(t, db, w.ID, "Member")
	kept := mustCreateMember(t, db, keep.ID, "Kept member")
	r := mustCreateRole(t, db, w.ID, "Custom")
	c := mustCreateDevAPIClient(t, db, w.ID, "Customer client")

	mustOK(t, db.DeleteCustomer(ctx, a.ID, w.ID))

	_, err := db.FindCustomerByID(ctx, a.ID, w.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.FindWorkspaceByID(ctx, w.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.FindMemberByID(ctx, w.ID, m.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.FindMemberInAccount(ctx, a.ID, m.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	if _, total, err := db.FindMembers(ctx, w.ID, page(1, 10)); err != nil || total != 0 {
		t.Errorf("members of the deleted customer = %d, %v; want none", total, err)
	}
	_, err = db.FindRoleByID(ctx, w.ID, r.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	if _, total, err := db.FindRoles(ctx, w.ID, partnerd.RoleFilter{Page: page(1, 10)}); err != nil || total != 0 {
		t.Errorf("roles of the deleted customer = %d, %v; want none", total, err)
	}
	_, err = db.AuthenticateToken(ctx, c.TokenHash)
	wantCode(t, err, partnerd.EUNAUTHORIZED)

	wantCode(t, db.DeleteCustomer(ctx, a.ID, w.ID), partnerd.ENOTFOUND)
	if _, err := db.FindMemberByID(ctx, keep.ID, kept.ID); err != nil {
		t.Errorf("member of another customer: %v", err)
	}
	list, total, err := db.FindCustomers(ctx, a.ID, page(1, 10))
	mustOK(t, err)
	if total != 1 || list[0].ID != keep.ID {
		t.Errorf("customers after delete = %d, want only %d", total, keep.ID)
	}
	if _, err := db.FindWorkspaceByID(ctx, a.ID); err != nil {
		t.Errorf("account after deleting a customer: %v", err)
	}
}

// testCustomerCrossTenant checks that no account reaches another's customers.
func testCustomerCrossTenant(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	w := newCustomer("A's customer")
	w.ExternalID = ptr("ext-a")
	mustOK(t, db.CreateCustomer(ctx, a.ID, w))

	_, err := db.FindCustomerByID(ctx, b.ID, w.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.FindCustomerByExternalID(ctx, b.ID, "ext-a")
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.UpdateCustomer(ctx, b.ID, w.ID, func(u *partnerd.Workspace) error {
		t.Error("apply called across tenants")
		u.Name = "stolen"
		return nil
	})
	wantCode(t, err, partnerd.ENOTFOUND)
	wantCode(t, db.DeleteCustomer(ctx, b.ID, w.ID), partnerd.ENOTFOUND)
	if list, total, err := db.FindCustomers(ctx, b.ID, page(1, 10)); err != nil || total != 0 || len(list) != 0 {
		t.Errorf("B's customers = %d of %d, %v; want none", len(list), total, err)
	}

	// An account is not a customer of itself or of another account.
	for _, acct := range []int64{a.ID, b.ID} {
		for _, id := range []int64{a.ID, b.ID} {
			_, err = db.FindCustomerByID(ctx, acct, id)
			wantCode(t, err, partnerd.ENOTFOUND)
			wantCode(t, db.DeleteCustomer(ctx, acct, id), partnerd.ENOTFOUND)
		}
	}
	// A customer is not an account either.
	_, err = db.FindCustomerByID(ctx, w.ID, w.ID)
	wantCode(t, err, partnerd.ENOTFOUND)

	found, err := db.FindCustomerByID(ctx, a.ID, w.ID)
	mustOK(t, err)
	if !reflect.DeepEqual(found, w) {
		t.Errorf("customer after cross-tenant attempts = %+v\nwant %+v", found, w)
	}
	if _, err := db.FindWorkspaceByID(ctx, b.ID); err != nil {
		t.Errorf("account B: %v", err)
	}
}

// testCustomerUsage checks that usage lists every customer of the account,
// and only those, in ascending id.
func testCustomerUsage(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	w1 := newCustomer("One")
	w1.ExternalID = ptr("ext-1")
	mustOK(t, db.CreateCustomer(ctx, a.ID, w1))
	w2 := MustCreateCustomer(t, db, a.ID, "Two")
	MustCreateCustomer(t, db, b.ID, "B's")

	usage, err := db.FindUsage(ctx, a.ID, t0.AddDate(0, -3, 0))
	mustOK(t, err)
	if len(usage) != 2 {
		t.Fatalf("usage rows = %d, want 2", len(usage))
	}
	if u := usage[0]; u.CustomerID != w1.ID || u.Name != "One" || u.ExternalID == nil || *u.ExternalID != "ext-1" {
		t.Errorf("usage[0] = %+v", u)
	}
	if u := usage[1]; u.CustomerID != w2.ID || u.Name != "Two" || u.ExternalID != nil {
		t.Errorf("usage[1] = %+v", u)
	}
	for _, u := range usage {
		for _, m := range u.Months {
			if m.TaskCount != 0 {
				t.Errorf("usage of %d in %s = %d, want none without jobs", u.CustomerID, m.Month, m.TaskCount)
			}
		}
	}
}
