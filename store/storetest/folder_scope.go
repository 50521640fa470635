package storetest

import (
	"context"
	"reflect"
	"testing"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// scopeTree is a customer workspace with the folders of the scope tests:
//
//	home
//	├── P (a project)
//	│   ├── F
//	│   │   ├── F1
//	│   │   │   └── F11
//	│   │   └── F2
//	│   └── S (F's sibling)
//	└── Q (another project)
type scopeTree struct {
	account, w              *partnerd.Workspace
	p, f, f1, f11, f2, s, q *partnerd.Folder
	other                   *partnerd.Workspace
	otherFolder             *partnerd.Folder
}

func newScopeTree(t *testing.T, db *store.DB) *scopeTree {
	t.Helper()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	tr := &scopeTree{account: a, w: w}
	tr.p = mustCreateFolder(t, db, w.ID, nil, "P")
	tr.f = mustCreateFolder(t, db, w.ID, &tr.p.ID, "F")
	tr.f1 = mustCreateFolder(t, db, w.ID, &tr.f.ID, "F1")
	tr.f11 = mustCreateFolder(t, db, w.ID, &tr.f1.ID, "F11")
	tr.f2 = mustCreateFolder(t, db, w.ID, &tr.f.ID, "F2")
	tr.s = mustCreateFolder(t, db, w.ID, &tr.p.ID, "S")
	tr.q = mustCreateFolder(t, db, w.ID, nil, "Q")
	tr.other = MustCreateCustomer(t, db, a.ID, "Other")
	tr.otherFolder = mustCreateFolder(t, db, tr.other.ID, nil, "Theirs")
	return tr
}

// as returns a context whose caller is a client of the tree's workspace
// limited to the folders ids.
func (tr *scopeTree) as(ctx context.Context, ids ...int64) context.Context {
	return partnerd.NewContextWithCaller(ctx, &partnerd.Caller{WorkspaceID: tr.w.ID, AccountID: tr.account.ID,
		ClientID: 99, Privileges: partnerd.AdminPrivileges(), FolderIDs: ids})
}

// wantFound checks which folders ctx reaches in the workspace.
func wantFound(t *testing.T, ctx context.Context, db *store.DB, workspaceID int64, found, hidden []*partnerd.Folder) {
	t.Helper()
	for _, f := range found {
		if got, err := db.FindFolderByID(ctx, workspaceID, f.ID); err != nil || got.ID != f.ID {
			t.Errorf("folder %s in the scope: %v, %v", f.Name, got, err)
		}
	}
	for _, f := range hidden {
		_, err := db.FindFolderByID(ctx, workspaceID, f.ID)
		if partnerd.ErrorCode(err) != partnerd.ENOTFOUND {
			t.Errorf("folder %s outside the scope: error %v, want ENOTFOUND", f.Name, err)
		}
	}
}

// childrenOf lists a folder's children (home when nil) as ids, with the total.
func childrenOf(t *testing.T, ctx context.Context, db *store.DB, workspaceID int64, parent *int64) ([]int64, int) {
	t.Helper()
	list, total, err := db.FindFolders(ctx, workspaceID, partnerd.FolderFilter{ParentID: parent, Page: page(1, 100)})
	mustOK(t, err)
	return ids(list), total
}

// projectIDs lists the ids of the projects ctx reaches, with the total.
func projectIDs(t *testing.T, ctx context.Context, db *store.DB, workspaceID int64) ([]int64, int) {
	t.Helper()
	list, total, err := db.FindProjects(ctx, workspaceID, page(1, 500))
	mustOK(t, err)
	out := []int64{}
	for _, p := range list {
		out = append(out, p.ID)
	}
	return out, total
}

// testFolderScopeRead checks that a client limited to F finds F and its
// tree only, as if nothing else existed.
func testFolderScopeRead(t *testing.T, db *store.DB) {
	tr := newScopeTree(t, db)
	home := mustFindFolder(t, db, tr.w.ID, tr.w.RootFolderID)
	ctx := tr.as(t.Context(), tr.f.ID)

	wantFound(t, ctx, db, tr.w.ID, []*partnerd.Folder{tr.f, tr.f1, tr.f11, tr.f2}, []*partnerd.Folder{home, tr.p, tr.s, tr.q})
	if got, total := childrenOf(t, ctx, db, tr.w.ID, &tr.f.ID); total != 2 || !reflect.DeepEqual(got, []int64{tr.f1.ID, tr.f2.ID}) {
		t.Errorf("children of F = %v of %d, want F1, F2", got, total)
	}
	if got, total := childrenOf(t, ctx, db, tr.w.ID, &tr.f1.ID); total != 1 || !reflect.DeepEqual(got, []int64{tr.f11.ID}) {
		t.Errorf("children of F1 = %v of %d, want F11", got, total)
	}
	// Lists of folders outside the scope show nothing outside it.
	for _, parent := range []*int64{nil, &tr.w.RootFolderID, &tr.s.ID, &tr.q.ID, &tr.p.ID} {
		got, total := childrenOf(t, ctx, db, tr.w.ID, parent)
		for _, id := range got {
			if id != tr.f.ID {
				t.Errorf("children of %v list folder %d outside the scope", deref(parent), id)
			}
		}
		if total != len(got) {
			t.Errorf("children of %v: total %d counts folders outside the scope (%v listed)", deref(parent), total, got)
		}
	}
	// F is not a project's top folder: no project is in reach.
	if got, total := projectIDs(t, ctx, db, tr.w.ID); total != 0 || len(got) != 0 {
		t.Errorf("projects of a client limited to F = %v of %d, want none", got, total)
	}

	// A client limited to a project's top folder lists that project alone.
	top := tr.as(t.Context(), tr.p.ID)
	if got, total := projectIDs(t, top, db, tr.w.ID); total != 1 || !reflect.DeepEqual(got, []int64{*tr.p.ProjectID}) {
		t.Errorf("projects of a client limited to P = %v of %d, want P's", got, total)
	}
	wantFound(t, top, db, tr.w.ID, []*partnerd.Folder{tr.p, tr.f, tr.f11, tr.s}, []*partnerd.Folder{home, tr.q})
	if got, total := childrenOf(t, top, db, tr.w.ID, nil); total != 1 || !reflect.DeepEqual(got, []int64{tr.p.ID}) {
		t.Errorf("home's children for a client limited to P = %v of %d, want P", got, total)
	}

	// Several roots reach every tree.
	both := tr.as(t.Context(), tr.f1.ID, tr.q.ID)
	wantFound(t, both, db, tr.w.ID, []*partnerd.Folder{tr.f1, tr.f11, tr.q}, []*partnerd.Folder{tr.f, tr.f2, tr.s, tr.p})
	if got, total := projectIDs(t, both, db, tr.w.ID); total != 1 || !reflect.DeepEqual(got, []int64{*tr.q.ProjectID}) {
		t.Errorf("projects of a client limited to F1 and Q = %v of %d, want Q's", got, total)
	}
}

// testFolderScopeWrite checks that a limited client changes its own tree
// only, and cannot create or move anything outside it.
func testFolderScopeWrite(t *testing.T, db *store.DB) {
	tr := newScopeTree(t, db)
	ctx := tr.as(t.Context(), tr.f.ID)

	created := &partnerd.Folder{Name: "New", ParentID: &tr.f.ID}
	mustOK(t, db.CreateFolder(ctx, tr.w.ID, created))
	if !reflect.DeepEqual(created.ProjectID, tr.p.ProjectID) || *created.ParentID != tr.f.ID {
		t.Errorf("created in the scope = %+v", created)
	}
	for _, parent := range []*int64{nil, &tr.w.RootFolderID, &tr.s.ID, &tr.p.ID, &tr.q.ID} {
		wantField(t, db.CreateFolder(ctx, tr.w.ID, &partnerd.Folder{Name: "X", ParentID: parent}), partnerd.EINVALID, "parent_id")
	}

	renamed, err := db.UpdateFolder(ctx, tr.w.ID, tr.f1.ID, partnerd.FolderUpdate{Name: ptr("F1 renamed")})
	mustOK(t, err)
	if renamed.Name != "F1 renamed" {
		t.Errorf("renamed = %+v", renamed)
	}
	moved, err := db.UpdateFolder(ctx, tr.w.ID, tr.f2.ID, partnerd.FolderUpdate{ParentID: &tr.f11.ID})
	mustOK(t, err)
	if *moved.ParentID != tr.f11.ID {
		t.Errorf("moved in the scope = %+v", moved)
	}
	for _, parent := range []int64{tr.s.ID, tr.q.ID, tr.w.RootFolderID, tr.p.ID} {
		_, err := db.UpdateFolder(ctx, tr.w.ID, tr.f2.ID, partnerd.FolderUpdate{ParentID: &parent})
		wantField(t, err, partnerd.EINVALID, "parent_id")
	}
	for _, f := range []*partnerd.Folder{tr.s, tr.p, tr.q} {
		_, err := db.UpdateFolder(ctx, tr.w.ID, f.ID, partnerd.FolderUpdate{Name: ptr("Stolen")})
		wantCode(t, err, partnerd.ENOTFOUND)
		_, err = db.UpdateFolder(ctx, tr.w.ID, f.ID, partnerd.FolderUpdate{ParentID: &tr.f.ID})
		wantCode(t, err, partnerd.ENOTFOUND)
		wantCode(t, db.DeleteFolder(ctx, tr.w.ID, f.ID), partnerd.ENOTFOUND)
	}
	wantCode(t, db.DeleteProject(ctx, tr.w.ID, *tr.p.ProjectID), partnerd.ENOTFOUND)
	wantCode(t, db.DeleteProject(ctx, tr.w.ID, *tr.q.ProjectID), partnerd.ENOTFOUND)
	mustOK(t, db.DeleteFolder(ctx, tr.w.ID, created.ID))
	wantCode(t, db.DeleteFolder(ctx, tr.w.ID, tr.f1.ID), partnerd.EFORBIDDEN)

	// Nothing outside the scope changed.
	for _, f := range []*partnerd.Folder{tr.s, tr.p, tr.q} {
		if got := mustFindFolder(t, db, tr.w.ID, f.ID); !reflect.DeepEqual(got, f) {
			t.Errorf("folder %s after the limited client = %+v\nwant %+v", f.Name, got, f)
		}
	}

	// A client limited to a project's top folder deletes that project only.
	top := tr.as(t.Context(), tr.q.ID)
	wantCode(t, db.DeleteProject(top, tr.w.ID, *tr.p.ProjectID), partnerd.ENOTFOUND)
	mustOK(t, db.DeleteProject(top, tr.w.ID, *tr.q.ProjectID))
	mustFindFolder(t, db, tr.w.ID, tr.p.ID)
}

// testFolderScopeNone checks that a limited client without folders
// reaches nothing, and that a caller of another workspace is not limited.
func testFolderScopeNone(t *testing.T, db *store.DB) {
	tr := newScopeTree(t, db)
	home := mustFindFolder(t, db, tr.w.ID, tr.w.RootFolderID)
	all := []*partnerd.Folder{home, tr.p, tr.f, tr.f1, tr.f11, tr.f2, tr.s, tr.q}

	for _, tt := range []struct {
		name string
		ids  []int64
	}{
		{"no folders", nil},
		{"another workspace's folder", []int64{tr.otherFolder.ID}},
		{"a folder that does not exist", []int64{999999}},
		{"another workspace's home", []int64{tr.other.RootFolderID}},
	} {
		ctx := tr.as(t.Context(), tt.ids...)
		wantFound(t, ctx, db, tr.w.ID, nil, all)
		for _, parent := range []*int64{nil, &tr.p.ID, &tr.f.ID} {
			if got, total := childrenOf(t, ctx, db, tr.w.ID, parent); total != 0 || len(got) != 0 {
				t.Errorf("%s: children of %v = %v of %d, want none", tt.name, deref(parent), got, total)
			}
		}
		if got, total := projectIDs(t, ctx, db, tr.w.ID); total != 0 || len(got) != 0 {
			t.Errorf("%s: projects = %v of %d, want none", tt.name, got, total)
		}
		wantField(t, db.CreateFolder(ctx, tr.w.ID, &partnerd.Folder{Name: "X", ParentID: &tr.f.ID}), partnerd.EINVALID, "parent_id")
		wantCode(t, db.DeleteProject(ctx, tr.w.ID, *tr.q.ProjectID), partnerd.ENOTFOUND)
	}
	// Another workspace's folder beside one of its own adds nothing.
	mixed := tr.as(t.Context(), tr.other.RootFolderID, tr.f11.ID)
	wantFound(t, mixed, db, tr.w.ID, []*partnerd.Folder{tr.f11}, []*partnerd.Folder{home, tr.p, tr.f, tr.f1, tr.f2, tr.s, tr.q})

	// The admin acting on its customer is not limited by its own folders,
	// nor is a client of the workspace over all folders.
	for name, c := range map[string]*partnerd.Caller{
		"the account's limited client": {WorkspaceID: tr.account.ID, AccountID: tr.account.ID, FolderIDs: []int64{tr.account.RootFolderID}},
		"the account's client":         {WorkspaceID: tr.account.ID, AccountID: tr.account.ID, AllFolders: true},
		"a client over all folders":    {WorkspaceID: tr.w.ID, AccountID: tr.account.ID, AllFolders: true, FolderIDs: []int64{tr.f.ID}},
	} {
		ctx := partnerd.NewContextWithCaller(t.Context(), c)
		wantFound(t, ctx, db, tr.w.ID, all, nil)
		if got, total := projectIDs(t, ctx, db, tr.w.ID); total != 2 || len(got) != 2 {
			t.Errorf("%s: projects = %v of %d, want both", name, got, total)
		}
		if got, total := childrenOf(t, ctx, db, tr.w.ID, nil); total != 2 || !reflect.DeepEqual(got, []int64{tr.p.ID, tr.q.ID}) {
			t.Errorf("%s: home's children = %v of %d, want P, Q", name, got, total)
		}
	}
	// The limited client of the account is limited in its own workspace.
	own := partnerd.NewContextWithCaller(t.Context(), &partnerd.Caller{WorkspaceID: tr.account.ID, AccountID: tr.account.ID})
	_, err := db.FindFolderByID(own, tr.account.ID, tr.account.RootFolderID)
	wantCode(t, err, partnerd.ENOTFOUND)
}
