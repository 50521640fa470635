package storetest

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// mustCreateConnection creates a shell connection in the workspace's home folder.
func mustCreateConnection(tb testing.TB, db *store.DB, workspaceID int64, name, provider string) *partnerd.Connection {
	tb.Helper()
	c := &partnerd.Connection{Name: name, Provider: provider}
	if err := db.CreateConnection(tb.Context(), workspaceID, c); err != nil {
		tb.Fatalf("create connection %q: %v", name, err)
	}
	return c
}

// connectionIDs returns the ids of a list of connections.
func connectionIDs(list []*partnerd.Connection) []int64 {
	out := make([]int64, len(list))
	for i, c := range list {
		out[i] = c.ID
	}
	return out
}

// testConnectionCreate checks that every field of a connection round-trips
// but its input, which is never read back, and that a connection without a
// folder goes to the home folder.
func testConnectionCreate(t *testing.T, db *store.DB) {
	ctx := t.Context()
	fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	folder := mustCreateFolder(t, db, w.ID, nil, "Integrations")
	group := mustCreateOnPremGroup(t, db, w.ID, "Office")
	authorized := t0.Add(-time.Minute)
	c := &partnerd.Connection{Name: "Prod Salesforce", Provider: "salesforce", Description: ptr("CRM"),
		AuthorizedAt: &authorized, AuthorizationStatus: ptr(partnerd.AuthorizationSuccess), ExternalID: ptr("user-1"),
		FolderID: folder.ID, OnPremGroupID: &group.ID, Input: partnerd.ConnectionInput{"user": "u", "password": "p"}}
	mustOK(t, db.CreateConnection(ctx, w.ID, c))
	want := &partnerd.Connection{ID: c.ID, WorkspaceID: w.ID, Name: "Prod Salesforce", Provider: "salesforce",
		Description: ptr("CRM"), AuthorizedAt: c.AuthorizedAt, AuthorizationStatus: ptr(partnerd.AuthorizationSuccess),
		ExternalID: ptr("user-1"), FolderID: folder.ID, OnPremGroupID: &group.ID,
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
	if c.ID == 0 || !reflect.DeepEqual(c, want) {
		t.Errorf("created connection = %+v\nwant %+v", c, want)
	}
	if !c.CreatedAt.Equal(t0) || !c.UpdatedAt.Equal(t0) || c.AuthorizedAt == nil || !c.AuthorizedAt.Equal(authorized) {
		t.Errorf("connection times = %v, %v, %v", c.CreatedAt, c.UpdatedAt, c.AuthorizedAt)
	}
	found, err := db.FindConnectionByID(ctx, w.ID, c.ID)
	mustOK(t, err)
	if !reflect.DeepEqual(found, want) {
		t.Errorf("FindConnectionByID = %+v\nwant %+v", found, want)
	}

	shell := mustCreateConnection(t, db, w.ID, "Shell", "jira")
	if shell.FolderID != w.RootFolderID || shell.ParentID != nil || shell.AuthorizationStatus != nil ||
		shell.AuthorizedAt != nil || shell.ExternalID != nil || shell.OnPremGroupID != nil || shell.ID == c.ID {
		t.Errorf("shell connection = %+v, want one in the home folder %d", shell, w.RootFolderID)
	}
	child := &partnerd.Connection{Name: "Child", Provider: "salesforce", ParentID: &c.ID}
	mustOK(t, db.CreateConnection(ctx, w.ID, child))
	if child.ParentID == nil || *child.ParentID != c.ID {
		t.Errorf("child parent = %v, want %d", child.ParentID, c.ID)
	}
	_, err = db.FindConnectionByID(ctx, w.ID, child.ID+100)
	wantCode(t, err, partnerd.ENOTFOUND)
}

// testConnectionCreateInvalid checks that an invalid connection, a folder
// or a parent out of the workspace, and a parent of another provider are
// refused naming their field, and that nothing is stored.
func testConnectionCreateInvalid(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	other := MustCreateCustomer(t, db, a.ID, "Other")
	theirFolder := mustCreateFolder(t, db, other.ID, nil, "Theirs")
	theirs := mustCreateConnection(t, db, other.ID, "Theirs", "jira")
	jira := mustCreateConnection(t, db, w.ID, "Jira", "jira")
	for field, c := range map[string]*partnerd.Connection{
		"name":             {Name: " ", Provider: "jira"},
		"provider":         {Name: "No provider"},
		"on_prem_group_id": {Name: "Bad group", Provider: "jira", OnPremGroupID: ptr(int64(-1))},
		"folder_id":        {Name: "Their folder", Provider: "jira", FolderID: theirFolder.ID},
		"parent_id":        {Name: "Their parent", Provider: "jira", ParentID: &theirs.ID},
	} {
		wantField(t, db.CreateConnection(ctx, w.ID, c), partnerd.EINVALID, field)
	}
	wantField(t, db.CreateConnection(ctx, w.ID, &partnerd.Connection{Name: "Other provider", Provider: "slack", ParentID: &jira.ID}),
		partnerd.EINVALID, "parent_id")
	wantField(t, db.CreateConnection(ctx, w.ID, &partnerd.Connection{Name: "Long", Provider: "jira", ExternalID: ptr(string(make([]byte, 256)))}),
		partnerd.EINVALID, "external_id")
	if _, total, err := db.FindConnections(ctx, w.ID, partnerd.ConnectionFilter{Page: page(1, 10)}); err != nil || total != 1 {
		t.Errorf("connections = %d, %v; want only Jira", total, err)
	}
}

// testConnectionList checks the filters, the order and the pages.
func testConnectionList(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	folder := mustCreateFolder(t, db, w.ID, nil, "P")
	sf := mustCreateConnection(t, db, w.ID, "SF", "salesforce")
	jira := mustCreateConnection(t, db, w.ID, "Jira", "jira")
	child := &partnerd.Connection{Name: "SF child", Provider: "salesforce", ParentID: &sf.ID, ExternalID: ptr("u1"), FolderID: folder.ID}
	mustOK(t, db.CreateConnection(ctx, w.ID, child))
	slack := &partnerd.Connection{Name: "Slack", Provider: "slack", ExternalID: ptr("u1"), FolderID: folder.ID}
	mustOK(t, db.CreateConnection(ctx, w.ID, slack))
	mustCreateConnection(t, db, MustCreateCustomer(t, db, a.ID, "Other").ID, "Not mine", "salesforce")

	for name, tc := range map[string]struct {
		f    partnerd.ConnectionFilter
		want []int64
	}{
		"all":         {partnerd.ConnectionFilter{}, []int64{sf.ID, jira.ID, child.ID, slack.ID}},
		"provider":    {partnerd.ConnectionFilter{Provider: ptr("salesforce")}, []int64{sf.ID, child.ID}},
		"folder":      {partnerd.ConnectionFilter{FolderID: &folder.ID}, []int64{child.ID, slack.ID}},
		"home":        {partnerd.ConnectionFilter{FolderID: &w.RootFolderID}, []int64{sf.ID, jira.ID}},
		"parent":      {partnerd.ConnectionFilter{ParentID: &sf.ID}, []int64{child.ID}},
		"external id": {partnerd.ConnectionFilter{ExternalID: ptr("u1")}, []int64{child.ID, slack.ID}},
		"combined":    {partnerd.ConnectionFilter{ExternalID: ptr("u1"), Provider: ptr("slack")}, []int64{slack.ID}},
		"none":        {partnerd.ConnectionFilter{Provider: ptr("zendesk")}, []int64{}},
	} {
		tc.f.Page = page(1, 100)
		list, total, err := db.FindConnections(ctx, w.ID, tc.f)
		mustOK(t, err)
		if got := connectionIDs(list); !slices.Equal(got, tc.want) || total != len(tc.want) {
			t.Errorf("%s: ids %v of %d, want %v", name, got, total, tc.want)
		}
	}
	list, total, err := db.FindConnections(ctx, w.ID, partnerd.ConnectionFilter{Page: page(2, 3)})
	mustOK(t, err)
	if got := connectionIDs(list); !slices.Equal(got, []int64{slack.ID}) || total != 4 {
		t.Errorf("page 2 of 3 = %v of %d, want [%d] of 4", got, total, slack.ID)
	}
}

// testConnectionUpdate checks that apply sees the stored input, that
// changes are kept, and that a connection moves between folders.
func testConnectionUpdate(t *testing.T, db *store.DB) {
	ctx := t.Context()
	now := fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	folder := mustCreateFolder(t, db, w.ID, nil, "P")
	parent := mustCreateConnection(t, db, w.ID, "Parent", "salesforce")
	group := mustCreateOnPremGroup(t, db, w.ID, "Office")
	c := &partnerd.Connection{Name: "SF", Provider: "salesforce", Input: partnerd.ConnectionInput{"user": "u", "port": 443}}
	mustOK(t, db.CreateConnection(ctx, w.ID, c))

	*now = t0.Add(time.Hour)
	authorized := *now
	var seen partnerd.ConnectionInput
	updated, err := db.UpdateConnection(ctx, w.ID, c.ID, func(c *partnerd.Connection) error {
		seen = c.Input
		partnerd.ConnectionUpdate{Name: ptr(" SF prod "), FolderID: &folder.ID, ParentID: &parent.ID,
			ExternalID: ptr("u1"), OnPremGroupID: &group.ID, Input: partnerd.ConnectionInput{"password": "p"},
		}.Apply(c, &partnerd.Connector{InputFields: []partnerd.InputField{{Name: "user"}, {Name: "password"}}}, authorized)
		return nil
	})
	mustOK(t, err)
	if !reflect.DeepEqual(seen, partnerd.ConnectionInput{"user": "u", "port": json.Number("443")}) {
		t.Errorf("apply saw input %#v", map[string]any(seen))
	}
	if updated.Name != "SF prod" || updated.FolderID != folder.ID || updated.ParentID == nil || *updated.ParentID != parent.ID ||
		updated.ExternalID == nil || *updated.ExternalID != "u1" || updated.OnPremGroupID == nil || *updated.OnPremGroupID != group.ID ||
		!updated.IsAuthorized() || !updated.AuthorizedAt.Equal(authorized) || updated.Input != nil {
		t.Errorf("updated = %+v", updated)
	}
	if !updated.UpdatedAt.Equal(*now) || !updated.CreatedAt.Equal(t0) {
		t.Errorf("times = %v, %v", updated.CreatedAt, updated.UpdatedAt)
	}

	_, err = db.UpdateConnection(ctx, w.ID, c.ID, func(c *partnerd.Connection) error {
		seen = c.Input
		partnerd.ConnectionUpdate{ParentID: ptr(int64(0)), ExternalID: ptr(""), OnPremGroupID: ptr(int64(0))}.Apply(c, nil, *now)
		c.Disconnect()
		return nil
	})
	mustOK(t, err)
	if !reflect.DeepEqual(seen, partnerd.ConnectionInput{"user": "u", "port": json.Number("443"), "password": "p"}) {
		t.Errorf("the merged input was not kept: apply saw %d fields", len(seen))
	}
	cleared, err := db.FindConnectionByID(ctx, w.ID, c.ID)
	mustOK(t, err)
	if cleared.ParentID != nil || cleared.ExternalID != nil || cleared.OnPremGroupID != nil ||
		cleared.AuthorizationStatus != nil || cleared.AuthorizedAt != nil || cleared.Name != "SF prod" {
		t.Errorf("cleared = %+v", cleared)
	}
	_, err = db.UpdateConnection(ctx, w.ID, c.ID+100, func(*partnerd.Connection) error { return nil })
	wantCode(t, err, partnerd.ENOTFOUND)
}

// testConnectionUpdateInvalid checks that an update that breaks a rule
// changes nothing.
func testConnectionUpdateInvalid(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	theirFolder := mustCreateFolder(t, db, MustCreateCustomer(t, db, a.ID, "Other").ID, nil, "Theirs")
	top := mustCreateConnection(t, db, w.ID, "Top", "jira")
	mid := &partnerd.Connection{Name: "Mid", Provider: "jira", ParentID: &top.ID}
	mustOK(t, db.CreateConnection(ctx, w.ID, mid))
	low := &partnerd.Connection{Name: "Low", Provider: "jira", ParentID: &mid.ID}
	mustOK(t, db.CreateConnection(ctx, w.ID, low))
	slack := mustCreateConnection(t, db, w.ID, "Slack", "slack")
	for field, upd := range map[string]partnerd.ConnectionUpdate{
		"name":      {Name: ptr("")},
		"folder_id": {FolderID: &theirFolder.ID},
	} {
		_, err := db.UpdateConnection(ctx, w.ID, top.ID, func(c *partnerd.Connection) error { upd.Apply(c, nil, t0); return nil })
		wantField(t, err, partnerd.EINVALID, field)
	}
	for name, parentID := range map[string]int64{"itself": top.ID, "a grandchild": low.ID, "another provider": slack.ID} {
		_, err := db.UpdateConnection(ctx, w.ID, top.ID, func(c *partnerd.Connection) error { c.ParentID = &parentID; return nil })
		if partnerd.ErrorCode(err) != partnerd.EINVALID {
			t.Errorf("parent %s: %v, want EINVALID", name, err)
		}
	}
	got, err := db.FindConnectionByID(ctx, w.ID, top.ID)
	mustOK(t, err)
	if got.Name != "Top" || got.ParentID != nil || got.FolderID != w.RootFolderID {
		t.Errorf("after refused updates = %+v", got)
	}
}

// testConnectionDelete checks that a deleted connection is gone, that its
// children lose their parent, and that connections keep their folder from
// being deleted but go with their project.
func testConnectionDelete(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	parent := mustCreateConnection(t, db, w.ID, "Parent", "jira")
	child := &partnerd.Connection{Name: "Child", Provider: "jira", ParentID: &parent.ID}
	mustOK(t, db.CreateConnection(ctx, w.ID, child))
	mustOK(t, db.DeleteConnection(ctx, w.ID, parent.ID))
	_, err := db.FindConnectionByID(ctx, w.ID, parent.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	wantCode(t, db.DeleteConnection(ctx, w.ID, parent.ID), partnerd.ENOTFOUND)
	if got, err := db.FindConnectionByID(ctx, w.ID, child.ID); err != nil || got.ParentID != nil {
		t.Errorf("child after its parent's delete = %+v, %v", got, err)
	}

	project := mustCreateFolder(t, db, w.ID, nil, "P")
	inner := mustCreateFolder(t, db, w.ID, &project.ID, "Inner")
	c := &partnerd.Connection{Name: "Inside", Provider: "jira", FolderID: inner.ID}
	mustOK(t, db.CreateConnection(ctx, w.ID, c))
	wantCode(t, db.DeleteFolder(ctx, w.ID, inner.ID), partnerd.EFORBIDDEN)
	mustOK(t, db.DeleteProject(ctx, w.ID, projectOfFolder(t, db, w.ID, project.ID).ID))
	_, err = db.FindConnectionByID(ctx, w.ID, c.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
}

// testConnectionFindInAccount checks that the test helpers find a
// connection of the account's admin workspace or customers, and no other.
func testConnectionFindInAccount(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	inCustomer := mustCreateConnection(t, db, w.ID, "Customer's", "jira")
	inAdmin := mustCreateConnection(t, db, a.ID, "Admin's", "jira")
	inB := mustCreateConnection(t, db, MustCreateCustomer(t, db, b.ID, "B customer").ID, "B's", "jira")
	for _, c := range []*partnerd.Connection{inCustomer, inAdmin} {
		got, err := db.FindConnectionInAccount(ctx, a.ID, c.ID)
		mustOK(t, err)
		if got.ID != c.ID || got.WorkspaceID != c.WorkspaceID {
			t.Errorf("FindConnectionInAccount(%d) = %+v", c.ID, got)
		}
	}
	_, err := db.FindConnectionInAccount(ctx, a.ID, inB.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.FindConnectionInAccount(ctx, w.ID, inCustomer.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
}

// testConnectionCrossTenant checks that no method reaches a connection of
// another workspace.
func testConnectionCrossTenant(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	mine := MustCreateCustomer(t, db, a.ID, "Mine")
	theirs := MustCreateCustomer(t, db, b.ID, "Theirs")
	c := mustCreateConnection(t, db, theirs.ID, "Theirs", "jira")

	_, err := db.FindConnectionByID(ctx, mine.ID, c.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.UpdateConnection(ctx, mine.ID, c.ID, func(c *partnerd.Connection) error { c.Name = "Stolen"; return nil })
	wantCode(t, err, partnerd.ENOTFOUND)
	wantCode(t, db.DeleteConnection(ctx, mine.ID, c.ID), partnerd.ENOTFOUND)
	if list, total, err := db.FindConnections(ctx, mine.ID, partnerd.ConnectionFilter{Page: page(1, 100)}); err != nil || total != 0 || len(list) != 0 {
		t.Errorf("list of another workspace = %d, %d, %v", len(list), total, err)
	}
	_, err = db.ConnectionInputAtRest(ctx, mine.ID, c.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	got, err := db.FindConnectionByID(ctx, theirs.ID, c.ID)
	mustOK(t, err)
	if got.Name != "Theirs" {
		t.Errorf("their connection = %+v", got)
	}
}
