package storetest

import (
	"reflect"
	"sync"
	"testing"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// testFolderMove checks moves within a project, into another one and to
// home, and that the project id of the whole moved tree follows.
func testFolderMove(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	p1 := mustCreateFolder(t, db, w.ID, nil, "P1")
	p2 := mustCreateFolder(t, db, w.ID, nil, "P2")
	x := mustCreateFolder(t, db, w.ID, &p1.ID, "X")
	y := mustCreateFolder(t, db, w.ID, &p1.ID, "Y")
	xa := mustCreateFolder(t, db, w.ID, &x.ID, "XA")
	xb := mustCreateFolder(t, db, w.ID, &xa.ID, "XB")

	// Within a project.
	moved, err := db.UpdateFolder(ctx, w.ID, x.ID, partnerd.FolderUpdate{ParentID: &y.ID})
	mustOK(t, err)
	if *moved.ParentID != y.ID || moved.Name != "X" || moved.IsProject {
		t.Errorf("moved within the project = %+v", moved)
	}
	wantProject(t, db, w.ID, p1.ProjectID, x.ID, xa.ID, xb.ID, y.ID)

	// Into another project: the whole tree follows.
	moved, err = db.UpdateFolder(ctx, w.ID, x.ID, partnerd.FolderUpdate{ParentID: &p2.ID})
	mustOK(t, err)
	if *moved.ParentID != p2.ID || !reflect.DeepEqual(moved.ProjectID, p2.ProjectID) {
		t.Errorf("moved into P2 = %+v", moved)
	}
	wantProject(t, db, w.ID, p2.ProjectID, x.ID, xa.ID, xb.ID)
	wantProject(t, db, w.ID, p1.ProjectID, y.ID)
	if list, total, err := db.FindFolders(ctx, w.ID, partnerd.FolderFilter{ParentID: &y.ID, Page: page(1, 10)}); err != nil || total != 0 {
		t.Errorf("the old parent still has %d children (%v, %v)", total, list, err)
	}

	// A name and a parent change together.
	moved, err = db.UpdateFolder(ctx, w.ID, xa.ID, partnerd.FolderUpdate{Name: ptr("XA2"), ParentID: &p1.ID})
	mustOK(t, err)
	if moved.Name != "XA2" || *moved.ParentID != p1.ID {
		t.Errorf("renamed and moved = %+v", moved)
	}
	wantProject(t, db, w.ID, p1.ProjectID, xa.ID, xb.ID)
	wantProject(t, db, w.ID, p2.ProjectID, x.ID)

	// The same parent again is no move.
	same, err := db.UpdateFolder(ctx, w.ID, xa.ID, partnerd.FolderUpdate{ParentID: &p1.ID})
	mustOK(t, err)
	if *same.ParentID != p1.ID || !reflect.DeepEqual(same.ProjectID, p1.ProjectID) {
		t.Errorf("moved to its own parent = %+v", same)
	}

	// To home: the folder becomes a project of its own, with its tree.
	before := len(projectsOf(t, db, w.ID))
	top, err := db.UpdateFolder(ctx, w.ID, xa.ID, partnerd.FolderUpdate{ParentID: &w.RootFolderID})
	mustOK(t, err)
	if !top.IsProject || top.ProjectID == nil || *top.ParentID != w.RootFolderID ||
		*top.ProjectID == *p1.ProjectID || *top.ProjectID == *p2.ProjectID {
		t.Fatalf("moved to home = %+v, want a new project", top)
	}
	wantProject(t, db, w.ID, top.ProjectID, xa.ID, xb.ID)
	p := projectOfFolder(t, db, w.ID, xa.ID)
	if p == nil || p.ID != *top.ProjectID || p.Name != "XA2" || len(projectsOf(t, db, w.ID)) != before+1 {
		t.Errorf("project of the moved folder = %+v, want %d named XA2", p, *top.ProjectID)
	}
	if p1p := projectOfFolder(t, db, w.ID, p1.ID); p1p == nil || p1p.ID != *p1.ProjectID {
		t.Errorf("P1's project after a folder left it = %+v", p1p)
	}
}

// testFolderMoveInvalid checks the moves that are refused, and that a
// refused move changes nothing, not even the name given with it.
func testFolderMoveInvalid(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	other := MustCreateCustomer(t, db, a.ID, "Other")
	foreign := mustCreateFolder(t, db, other.ID, nil, "Theirs")
	p1 := mustCreateFolder(t, db, w.ID, nil, "P1")
	p2 := mustCreateFolder(t, db, w.ID, nil, "P2")
	x := mustCreateFolder(t, db, w.ID, &p1.ID, "X")
	xa := mustCreateFolder(t, db, w.ID, &x.ID, "XA")
	xb := mustCreateFolder(t, db, w.ID, &xa.ID, "XB")
	snapshot := map[int64]*partnerd.Folder{}
	for _, id := range []int64{w.RootFolderID, p1.ID, p2.ID, x.ID, xa.ID, xb.ID} {
		snapshot[id] = mustFindFolder(t, db, w.ID, id)
	}

	for _, tt := range []struct {
		what       string
		id, parent int64
	}{
		{"into itself", x.ID, x.ID},
		{"into its child", x.ID, xa.ID},
		{"into its grandchild", x.ID, xb.ID},
		{"a project into itself", p1.ID, p1.ID},
		{"a project into its own folder", p1.ID, xb.ID},
		{"a project into another project", p1.ID, p2.ID},
		{"a project into another project's folder", p2.ID, x.ID},
		{"home into a project", w.RootFolderID, p1.ID},
		{"home into a nested folder", w.RootFolderID, xb.ID},
		{"home into itself", w.RootFolderID, w.RootFolderID},
		{"into a folder that does not exist", x.ID, 999999},
		{"into another workspace's folder", x.ID, foreign.ID},
		{"into another workspace's home", x.ID, other.RootFolderID},
	} {
		_, err := db.UpdateFolder(ctx, w.ID, tt.id, partnerd.FolderUpdate{Name: ptr("Renamed"), ParentID: &tt.parent})
		wantField(t, err, partnerd.EINVALID, "parent_id")
	}
	for id, want := range snapshot {
		if got := mustFindFolder(t, db, w.ID, id); !reflect.DeepEqual(got, want) {
			t.Errorf("folder %d after refused moves = %+v\nwant %+v", id, got, want)
		}
	}
	if n := len(projectsOf(t, db, w.ID)); n != 2 {
		t.Errorf("projects after refused moves = %d, want 2", n)
	}
}

// testFolderMoveConcurrent checks that two moves at the same time, each
// valid alone, cannot make a cycle together: one of them is refused.
func testFolderMoveConcurrent(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	p := mustCreateFolder(t, db, w.ID, nil, "P")
	for round := range 20 {
		x := mustCreateFolder(t, db, w.ID, &p.ID, "X")
		y := mustCreateFolder(t, db, w.ID, &p.ID, "Y")
		var errX, errY error
		var wg sync.WaitGroup
		wg.Go(func() { _, errX = db.UpdateFolder(ctx, w.ID, x.ID, partnerd.FolderUpdate{ParentID: &y.ID}) })
		wg.Go(func() { _, errY = db.UpdateFolder(ctx, w.ID, y.ID, partnerd.FolderUpdate{ParentID: &x.ID}) })
		wg.Wait()
		if (errX == nil) == (errY == nil) {
			t.Fatalf("round %d: moves of X under Y and Y under X answered %v and %v; want exactly one refused", round, errX, errY)
		}
		for _, err := range []error{errX, errY} {
			if err != nil {
				wantField(t, err, partnerd.EINVALID, "parent_id")
			}
		}
	}
}

// testFolderDeleteConcurrent checks that a folder created in a folder
// being deleted either stops the delete or is refused, never lost.
func testFolderDeleteConcurrent(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	p := mustCreateFolder(t, db, w.ID, nil, "P")
	for round := range 20 {
		x := mustCreateFolder(t, db, w.ID, &p.ID, "X")
		child := &partnerd.Folder{Name: "Child", ParentID: &x.ID}
		var errDelete, errCreate error
		var wg sync.WaitGroup
		wg.Go(func() { errDelete = db.DeleteFolder(ctx, w.ID, x.ID) })
		wg.Go(func() { errCreate = db.CreateFolder(ctx, w.ID, child) })
		wg.Wait()
		switch {
		case errDelete == nil && errCreate == nil:
			t.Fatalf("round %d: the delete and a create in the deleted folder both succeeded", round)
		case errDelete != nil:
			wantCode(t, errDelete, partnerd.EFORBIDDEN)
			mustOK(t, errCreate)
			mustFindFolder(t, db, w.ID, child.ID)
		default:
			wantField(t, errCreate, partnerd.EINVALID, "parent_id")
		}
	}
}
