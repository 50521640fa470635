package storetest

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// mustCreateFolder creates a folder under parentID (home when nil).
func mustCreateFolder(tb testing.TB, db *store.DB, workspaceID int64, parentID *int64, name string) *partnerd.Folder {
	tb.Helper()
	f := &partnerd.Folder{Name: name, ParentID: parentID}
	if err := db.CreateFolder(tb.Context(), workspaceID, f); err != nil {
		tb.Fatalf("create folder %q: %v", name, err)
	}
	return f
}

// mustFindFolder reads a folder that must exist.
func mustFindFolder(tb testing.TB, db *store.DB, workspaceID, id int64) *partnerd.Folder {
	tb.Helper()
	f, err := db.FindFolderByID(tb.Context(), workspaceID, id)
	if err != nil {
		tb.Fatalf("find folder %d: %v", id, err)
	}
	return f
}

// projectsOf returns the workspace's projects on one large page.
func projectsOf(tb testing.TB, db *store.DB, workspaceID int64) []*partnerd.Project {
	tb.Helper()
	list, total, err := db.FindProjects(tb.Context(), workspaceID, page(1, 500))
	mustOK(tb, err)
	if total != len(list) {
		tb.Fatalf("projects: %d listed of %d", len(list), total)
	}
	return list
}

// projectOfFolder returns the project whose top folder is folderID, or nil.
func projectOfFolder(tb testing.TB, db *store.DB, workspaceID, folderID int64) *partnerd.Project {
	tb.Helper()
	for _, p := range projectsOf(tb, db, workspaceID) {
		if p.FolderID == folderID {
			return p
		}
	}
	return nil
}

// wantProject fails unless every folder of ids carries projectID.
func wantProject(tb testing.TB, db *store.DB, workspaceID int64, projectID *int64, ids ...int64) {
	tb.Helper()
	for _, id := range ids {
		f := mustFindFolder(tb, db, workspaceID, id)
		if !reflect.DeepEqual(f.ProjectID, projectID) {
			tb.Errorf("folder %d %q: project_id %v, want %v", id, f.Name, deref(f.ProjectID), deref(projectID))
		}
	}
}

func deref(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

// testFolderHome checks that every workspace has one home folder at its
// root, outside any project.
func testFolderHome(t *testing.T, db *store.DB) {
	ctx := t.Context()
	fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	for _, ws := range []*partnerd.Workspace{a, w} {
		if ws.RootFolderID == 0 {
			t.Fatalf("workspace %d has no home folder", ws.ID)
		}
		home := mustFindFolder(t, db, ws.ID, ws.RootFolderID)
		want := &partnerd.Folder{ID: ws.RootFolderID, WorkspaceID: ws.ID, Name: "Home", CreatedAt: home.CreatedAt, UpdatedAt: home.UpdatedAt}
		if !reflect.DeepEqual(home, want) || !home.CreatedAt.Equal(t0) {
			t.Errorf("home folder = %+v\nwant %+v", home, want)
		}
		if list, total, err := db.FindFolders(ctx, ws.ID, partnerd.FolderFilter{Page: page(1, 10)}); err != nil || total != 0 || list == nil || len(list) != 0 {
			t.Errorf("children of a new home = %v of %d, %v; want an empty list", list, total, err)
		}
		if list, total, err := db.FindProjects(ctx, ws.ID, page(1, 10)); err != nil || total != 0 || list == nil || len(list) != 0 {
			t.Errorf("projects of a new workspace = %v of %d, %v; want an empty list", list, total, err)
		}
	}
	if a.RootFolderID == w.RootFolderID {
		t.Errorf("two workspaces share home folder %d", a.RootFolderID)
	}
}

// testFolderCreate checks that a folder under home starts a project and a
// folder inside carries its project id.
func testFolderCreate(t *testing.T, db *store.DB) {
	fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")

	top := mustCreateFolder(t, db, w.ID, nil, "Sales")
	if top.ID == 0 || top.WorkspaceID != w.ID || top.Name != "Sales" || top.ParentID == nil || *top.ParentID != w.RootFolderID ||
		!top.IsProject || top.ProjectID == nil || !top.CreatedAt.Equal(t0) || !top.UpdatedAt.Equal(t0) {
		t.Fatalf("top folder = %+v, want a project under home %d", top, w.RootFolderID)
	}
	projects := projectsOf(t, db, w.ID)
	if len(projects) != 1 {
		t.Fatalf("projects = %+v, want one", projects)
	}
	p := projects[0]
	want := &partnerd.Project{ID: *top.ProjectID, WorkspaceID: w.ID, Name: "Sales", FolderID: top.ID, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
	if !reflect.DeepEqual(p, want) || !p.CreatedAt.Equal(t0) {
		t.Errorf("project = %+v\nwant %+v", p, want)
	}
	if found := mustFindFolder(t, db, w.ID, top.ID); !reflect.DeepEqual(found, top) {
		t.Errorf("FindFolderByID = %+v\nwant %+v", found, top)
	}

	// The same as an explicit parent: home.
	explicit := mustCreateFolder(t, db, w.ID, &w.RootFolderID, "Support")
	if !explicit.IsProject || explicit.ProjectID == nil || *explicit.ProjectID == *top.ProjectID {
		t.Errorf("folder created under an explicit home = %+v, want a new project", explicit)
	}

	nested := mustCreateFolder(t, db, w.ID, &top.ID, "Leads")
	deeper := mustCreateFolder(t, db, w.ID, &nested.ID, "Imports")
	for _, f := range []*partnerd.Folder{nested, deeper} {
		if f.IsProject || !reflect.DeepEqual(f.ProjectID, top.ProjectID) {
			t.Errorf("nested folder %q = %+v, want project %d and not a project", f.Name, f, *top.ProjectID)
		}
	}
	if *deeper.ParentID != nested.ID {
		t.Errorf("deeper parent = %d, want %d", *deeper.ParentID, nested.ID)
	}
	if n := len(projectsOf(t, db, w.ID)); n != 2 {
		t.Errorf("projects after nested folders = %d, want 2", n)
	}

	// Folder names need not be unique.
	twin := mustCreateFolder(t, db, w.ID, &top.ID, "Leads")
	if twin.ID == nested.ID {
		t.Error("a second folder of the same name reused an id")
	}
}

// testFolderCreateInvalid checks names and parents, and that nothing is
// stored on failure.
func testFolderCreateInvalid(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	other := MustCreateCustomer(t, db, a.ID, "Other")
	foreign := mustCreateFolder(t, db, other.ID, nil, "Theirs")
	for _, tt := range []struct {
		field string
		f     *partnerd.Folder
	}{
		{"name", &partnerd.Folder{Name: ""}},
		{"name", &partnerd.Folder{Name: "  \t"}},
		{"name", &partnerd.Folder{Name: strings.Repeat("x", 256)}},
		{"parent_id", &partnerd.Folder{Name: "X", ParentID: ptr(int64(999999))}},
		{"parent_id", &partnerd.Folder{Name: "X", ParentID: ptr(int64(-1))}},
		{"parent_id", &partnerd.Folder{Name: "X", ParentID: &foreign.ID}},
		{"parent_id", &partnerd.Folder{Name: "X", ParentID: &other.RootFolderID}},
	} {
		wantField(t, db.CreateFolder(ctx, w.ID, tt.f), partnerd.EINVALID, tt.field)
	}
	if _, total, err := db.FindFolders(ctx, w.ID, partnerd.FolderFilter{Page: page(1, 10)}); err != nil || total != 0 {
		t.Errorf("folders after invalid creates = %d, %v; want none", total, err)
	}
	if n := len(projectsOf(t, db, w.ID)); n != 0 {
		t.Errorf("projects after invalid creates = %d, want none", n)
	}
	mustCreateFolder(t, db, w.ID, nil, strings.Repeat("x", 255))
	wantCode(t, db.CreateFolder(ctx, w.ID+1000, &partnerd.Folder{Name: "X"}), partnerd.ENOTFOUND)
}

// testFolderList checks paging, order and totals of a folder's children,
// home by default.
func testFolderList(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	other := MustCreateCustomer(t, db, a.ID, "Other")
	var tops, subs []int64
	for _, name := range []string{"p1", "p2", "p3"} {
		tops = append(tops, mustCreateFolder(t, db, w.ID, nil, name).ID)
		mustCreateFolder(t, db, other.ID, nil, name)
	}
	for _, name := range []string{"s1", "s2", "s3", "s4"} {
		subs = append(subs, mustCreateFolder(t, db, w.ID, &tops[1], name).ID)
	}
	mustCreateFolder(t, db, w.ID, &subs[0], "grandchild")
	for _, tt := range []struct {
		parent    *int64
		page, per int
		want      []int64
		total     int
	}{
		{nil, 1, 2, tops[0:2], 3},
		{nil, 2, 2, tops[2:3], 3},
		{nil, 3, 2, nil, 3},
		{&w.RootFolderID, 1, 100, tops, 3},
		{&tops[1], 1, 3, subs[0:3], 4},
		{&tops[1], 2, 3, subs[3:4], 4},
		{&tops[0], 1, 10, nil, 0},
		{&other.RootFolderID, 1, 10, nil, 0},
		{ptr(int64(999999)), 1, 10, nil, 0},
	} {
		list, total, err := db.FindFolders(ctx, w.ID, partnerd.FolderFilter{ParentID: tt.parent, Page: page(tt.page, tt.per)})
		mustOK(t, err)
		var got []int64
		for _, f := range list {
			got = append(got, f.ID)
			if f.WorkspaceID != w.ID {
				t.Errorf("listed a folder of workspace %d", f.WorkspaceID)
			}
		}
		if total != tt.total || list == nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("children of %v, page %d/%d = %v of %d, want %v of %d", deref(tt.parent), tt.page, tt.per, got, total, tt.want, tt.total)
		}
	}
	list, total, err := db.FindProjects(ctx, w.ID, page(2, 2))
	mustOK(t, err)
	if total != 3 || len(list) != 1 || list[0].FolderID != tops[2] {
		t.Errorf("projects page 2/2 = %+v of %d, want the third of 3", list, total)
	}
}

// testFolderRename checks that a rename changes the name and the update
// time only, and renames the project of a top folder.
func testFolderRename(t *testing.T, db *store.DB) {
	ctx := t.Context()
	now := fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	top := mustCreateFolder(t, db, w.ID, nil, "Sales")
	sub := mustCreateFolder(t, db, w.ID, &top.ID, "Leads")

	*now = t0.Add(time.Minute)
	got, err := db.UpdateFolder(ctx, w.ID, sub.ID, partnerd.FolderUpdate{Name: ptr("Prospects")})
	mustOK(t, err)
	want := *sub
	want.Name, want.UpdatedAt = "Prospects", got.UpdatedAt
	if !reflect.DeepEqual(got, &want) || !got.UpdatedAt.Equal(t0.Add(time.Minute)) || !got.CreatedAt.Equal(t0) {
		t.Errorf("renamed = %+v\nwant %+v", got, &want)
	}
	if found := mustFindFolder(t, db, w.ID, sub.ID); !reflect.DeepEqual(found, got) {
		t.Errorf("FindFolderByID after rename = %+v\nwant %+v", found, got)
	}

	_, err = db.UpdateFolder(ctx, w.ID, top.ID, partnerd.FolderUpdate{Name: ptr("Revenue")})
	mustOK(t, err)
	if p := projectOfFolder(t, db, w.ID, top.ID); p == nil || p.Name != "Revenue" {
		t.Errorf("project after renaming its top folder = %+v, want Revenue", p)
	}
	_, err = db.UpdateFolder(ctx, w.ID, w.RootFolderID, partnerd.FolderUpdate{Name: ptr("Root")})
	mustOK(t, err)

	for _, name := range []string{"", "   ", strings.Repeat("y", 256)} {
		_, err := db.UpdateFolder(ctx, w.ID, sub.ID, partnerd.FolderUpdate{Name: ptr(name), ParentID: &w.RootFolderID})
		wantField(t, err, partnerd.EINVALID, "name")
	}
	if found := mustFindFolder(t, db, w.ID, sub.ID); !reflect.DeepEqual(found, got) {
		t.Errorf("folder after invalid updates = %+v\nwant %+v", found, got)
	}
	_, err = db.UpdateFolder(ctx, w.ID, 999999, partnerd.FolderUpdate{Name: ptr("X")})
	wantCode(t, err, partnerd.ENOTFOUND)
}

// testFolderDelete checks that only an empty folder inside a project can
// be deleted.
func testFolderDelete(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	top := mustCreateFolder(t, db, w.ID, nil, "Sales")
	parent := mustCreateFolder(t, db, w.ID, &top.ID, "Parent")
	child := mustCreateFolder(t, db, w.ID, &parent.ID, "Child")
	empty := mustCreateFolder(t, db, w.ID, &top.ID, "Empty")

	for _, id := range []int64{parent.ID, top.ID, w.RootFolderID} {
		err := db.DeleteFolder(ctx, w.ID, id)
		wantCode(t, err, partnerd.EFORBIDDEN)
		if msg := partnerd.ErrorMessage(err); msg != "Cannot destroy folder" {
			t.Errorf("delete of folder %d: message %q", id, msg)
		}
		mustFindFolder(t, db, w.ID, id)
	}
	mustOK(t, db.DeleteFolder(ctx, w.ID, empty.ID))
	_, err := db.FindFolderByID(ctx, w.ID, empty.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	wantCode(t, db.DeleteFolder(ctx, w.ID, empty.ID), partnerd.ENOTFOUND)

	mustOK(t, db.DeleteFolder(ctx, w.ID, child.ID))
	mustOK(t, db.DeleteFolder(ctx, w.ID, parent.ID))
	if _, total, err := db.FindFolders(ctx, w.ID, partnerd.FolderFilter{ParentID: &top.ID, Page: page(1, 10)}); err != nil || total != 0 {
		t.Errorf("children left = %d, %v", total, err)
	}
	wantCode(t, db.DeleteFolder(ctx, w.ID, top.ID), partnerd.EFORBIDDEN)
	if projectOfFolder(t, db, w.ID, top.ID) == nil {
		t.Error("the project went with a refused delete of its top folder")
	}
}

// testProjectDelete checks that deleting a project deletes its whole tree
// and nothing else.
func testProjectDelete(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	top := mustCreateFolder(t, db, w.ID, nil, "Sales")
	sub := mustCreateFolder(t, db, w.ID, &top.ID, "Leads")
	deep := mustCreateFolder(t, db, w.ID, &sub.ID, "Imports")
	kept := mustCreateFolder(t, db, w.ID, nil, "Support")
	keptSub := mustCreateFolder(t, db, w.ID, &kept.ID, "Tickets")

	wantCode(t, db.DeleteProject(ctx, w.ID, 999999), partnerd.ENOTFOUND)
	wantCode(t, db.DeleteProject(ctx, w.ID, top.ID+1000), partnerd.ENOTFOUND)
	mustOK(t, db.DeleteProject(ctx, w.ID, *top.ProjectID))
	for _, id := range []int64{top.ID, sub.ID, deep.ID} {
		_, err := db.FindFolderByID(ctx, w.ID, id)
		wantCode(t, err, partnerd.ENOTFOUND)
	}
	projects := projectsOf(t, db, w.ID)
	if len(projects) != 1 || projects[0].ID != *kept.ProjectID {
		t.Errorf("projects after delete = %+v, want only %d", projects, *kept.ProjectID)
	}
	wantProject(t, db, w.ID, kept.ProjectID, kept.ID, keptSub.ID)
	mustFindFolder(t, db, w.ID, w.RootFolderID)
	wantCode(t, db.DeleteProject(ctx, w.ID, *top.ProjectID), partnerd.ENOTFOUND)

	// A project is named by its own id, not by its top folder's.
	if *kept.ProjectID != kept.ID {
		wantCode(t, db.DeleteProject(ctx, w.ID, kept.ID), partnerd.ENOTFOUND)
	}
	if list, total, err := db.FindFolders(ctx, w.ID, partnerd.FolderFilter{Page: page(1, 10)}); err != nil || total != 1 || list[0].ID != kept.ID {
		t.Errorf("home's children after delete = %v of %d, %v", list, total, err)
	}
}

// testFolderCrossTenant checks that no workspace reaches another's folders
// or projects, even within one account.
func testFolderCrossTenant(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	w := MustCreateCustomer(t, db, a.ID, "A1")
	sibling := MustCreateCustomer(t, db, a.ID, "A2")
	wb := MustCreateCustomer(t, db, b.ID, "B1")
	top := mustCreateFolder(t, db, w.ID, nil, "Sales")
	sub := mustCreateFolder(t, db, w.ID, &top.ID, "Leads")
	empty := mustCreateFolder(t, db, w.ID, &top.ID, "Empty")
	before := map[int64]*partnerd.Folder{}
	for _, id := range []int64{w.RootFolderID, top.ID, sub.ID, empty.ID} {
		before[id] = mustFindFolder(t, db, w.ID, id)
	}

	for _, ws := range []*partnerd.Workspace{sibling, wb, a, b} {
		for id := range before {
			_, err := db.FindFolderByID(ctx, ws.ID, id)
			wantCode(t, err, partnerd.ENOTFOUND)
			_, err = db.UpdateFolder(ctx, ws.ID, id, partnerd.FolderUpdate{Name: ptr("Stolen")})
			wantCode(t, err, partnerd.ENOTFOUND)
			_, err = db.UpdateFolder(ctx, ws.ID, id, partnerd.FolderUpdate{ParentID: &ws.RootFolderID})
			wantCode(t, err, partnerd.ENOTFOUND)
			wantCode(t, db.DeleteFolder(ctx, ws.ID, id), partnerd.ENOTFOUND)
			if list, total, err := db.FindFolders(ctx, ws.ID, partnerd.FolderFilter{ParentID: &id, Page: page(1, 10)}); err != nil || total != 0 || len(list) != 0 {
				t.Errorf("children of folder %d from workspace %d = %d, %v; want none", id, ws.ID, total, err)
			}
		}
		// Its own folder cannot be moved into another workspace's.
		own := mustCreateFolder(t, db, ws.ID, nil, "Own")
		_, err := db.UpdateFolder(ctx, ws.ID, own.ID, partnerd.FolderUpdate{ParentID: &sub.ID})
		wantField(t, err, partnerd.EINVALID, "parent_id")
		wantField(t, db.CreateFolder(ctx, ws.ID, &partnerd.Folder{Name: "X", ParentID: &sub.ID}), partnerd.EINVALID, "parent_id")
		wantCode(t, db.DeleteProject(ctx, ws.ID, *top.ProjectID), partnerd.ENOTFOUND)
		for _, p := range projectsOf(t, db, ws.ID) {
			if p.WorkspaceID != ws.ID || p.ID == *top.ProjectID {
				t.Errorf("workspace %d lists project %+v", ws.ID, p)
			}
		}
		mustOK(t, db.DeleteProject(ctx, ws.ID, *own.ProjectID))
	}
	for id, want := range before {
		if got := mustFindFolder(t, db, w.ID, id); !reflect.DeepEqual(got, want) {
			t.Errorf("folder %d after cross-tenant attempts = %+v\nwant %+v", id, got, want)
		}
	}
	if p := projectsOf(t, db, w.ID); len(p) != 1 || p[0].ID != *top.ProjectID {
		t.Errorf("projects after cross-tenant attempts = %+v", p)
	}
}

// ids returns the ids of folders.
func ids(list []*partnerd.Folder) []int64 {
	out := []int64{}
	for _, f := range list {
		out = append(out, f.ID)
	}
	return slices.Clip(out)
}
