package storetest

import (
	"reflect"
	"strings"
	"testing"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// mustCreateLookupTable creates a table in the folder (home when zero)
// with a column of type string for each label.
func mustCreateLookupTable(tb testing.TB, db *store.DB, workspaceID, folderID int64, name string, labels ...string) *partnerd.LookupTable {
	tb.Helper()
	t := &partnerd.LookupTable{Name: name, FolderID: folderID}
	for _, l := range labels {
		t.Columns = append(t.Columns, partnerd.LookupColumn{Label: l, Type: "string"})
	}
	if err := db.CreateLookupTable(tb.Context(), workspaceID, t); err != nil {
		tb.Fatalf("create lookup table %q: %v", name, err)
	}
	return t
}

// lookupTableIDs returns the ids of a list of tables.
func lookupTableIDs(list []*partnerd.LookupTable) []int64 {
	out := []int64{}
	for _, t := range list {
		out = append(out, t.ID)
	}
	return out
}

// testLookupTableCreate checks that a table round-trips in the home
// folder, in a folder and in a project's top folder, with its columns.
func testLookupTableCreate(t *testing.T, db *store.DB) {
	ctx := t.Context()
	fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	p := mustCreateFolder(t, db, w.ID, nil, "P")
	sub := mustCreateFolder(t, db, w.ID, &p.ID, "Sub")

	home := mustCreateLookupTable(t, db, w.ID, 0, "Codes", "code", "name")
	got, err := db.FindLookupTableByID(ctx, w.ID, home.ID)
	mustOK(t, err)
	want := &partnerd.LookupTable{ID: home.ID, WorkspaceID: w.ID, Name: "Codes", FolderID: w.RootFolderID,
		Columns:   []partnerd.LookupColumn{{Label: "code", Type: "string"}, {Label: "name", Type: "string"}},
		CreatedAt: got.CreatedAt, UpdatedAt: got.UpdatedAt}
	if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(home, want) || !got.CreatedAt.Equal(t0) || !got.UpdatedAt.Equal(t0) {
		t.Errorf("table in home = %+v (created %+v), want %+v", got, home, want)
	}

	inSub := mustCreateLookupTable(t, db, w.ID, sub.ID, "In sub", "k")
	if inSub.FolderID != sub.ID || inSub.ProjectID == nil || *inSub.ProjectID != *p.ProjectID {
		t.Errorf("table in a project's folder: folder %d project %v, want %d and %d", inSub.FolderID, inSub.ProjectID, sub.ID, *p.ProjectID)
	}
	byProject := &partnerd.LookupTable{Name: "By project", ProjectID: p.ProjectID, Columns: []partnerd.LookupColumn{{Label: "k", Type: "string"}}}
	mustOK(t, db.CreateLookupTable(ctx, w.ID, byProject))
	if byProject.FolderID != p.ID || *byProject.ProjectID != *p.ProjectID {
		t.Errorf("table by project_id: folder %d project %v, want %d", byProject.FolderID, byProject.ProjectID, p.ID)
	}
	ten := make([]string, 10)
	for i := range ten {
		ten[i] = "c" + strings.Repeat("x", i)
	}
	if wide := mustCreateLookupTable(t, db, w.ID, 0, "Wide", ten...); len(wide.Columns) != 10 {
		t.Errorf("ten columns: %d", len(wide.Columns))
	}
}

// testLookupTableCreateInvalid checks the refusals of a create.
func testLookupTableCreateInvalid(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	other := MustCreateCustomer(t, db, a.ID, "Other")
	theirs := mustCreateFolder(t, db, other.ID, nil, "Theirs")
	mustCreateLookupTable(t, db, w.ID, 0, "Taken", "k")
	col := func(labels ...string) []partnerd.LookupColumn {
		var out []partnerd.LookupColumn
		for _, l := range labels {
			out = append(out, partnerd.LookupColumn{Label: l, Type: "string"})
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		table partnerd.LookupTable
		field string
	}{
		{"blank name", partnerd.LookupTable{Name: " ", Columns: col("k")}, "name"},
		{"NUL in the name", partnerd.LookupTable{Name: "a\x00b", Columns: col("k")}, "name"},
		{"no columns", partnerd.LookupTable{Name: "T"}, "schema"},
		{"eleven columns", partnerd.LookupTable{Name: "T", Columns: col("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11")}, "schema"},
		{"a label twice", partnerd.LookupTable{Name: "T", Columns: col("k", "k")}, "schema"},
		{"a blank label", partnerd.LookupTable{Name: "T", Columns: col("k", "")}, "schema"},
		{"a blank type", partnerd.LookupTable{Name: "T", Columns: []partnerd.LookupColumn{{Label: "k"}}}, "schema"},
		{"an unknown folder", partnerd.LookupTable{Name: "T", Columns: col("k"), FolderID: 999999}, "folder_id"},
		{"another workspace's folder", partnerd.LookupTable{Name: "T", Columns: col("k"), FolderID: theirs.ID}, "folder_id"},
		{"another workspace's project", partnerd.LookupTable{Name: "T", Columns: col("k"), ProjectID: theirs.ProjectID}, "project_id"},
		{"an unknown project", partnerd.LookupTable{Name: "T", Columns: col("k"), ProjectID: ptr(int64(999999))}, "project_id"},
	} {
		tbl := tc.table
		wantField(t, db.CreateLookupTable(ctx, w.ID, &tbl), partnerd.EINVALID, tc.field)
	}
	wantField(t, db.CreateLookupTable(ctx, w.ID, &partnerd.LookupTable{Name: "Taken", Columns: col("x")}), partnerd.ECONFLICT, "name")
	mustCreateLookupTable(t, db, other.ID, 0, "Taken", "k") // Names are unique per workspace only.
	list, total, err := db.FindLookupTables(ctx, w.ID, page(1, 100))
	mustOK(t, err)
	if total != 1 || len(list) != 1 {
		t.Errorf("tables after refused creates: %d of %d, want 1", len(list), total)
	}
}

// testLookupTableList checks the pages of a list and its total.
func testLookupTableList(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	var want []int64
	for _, name := range []string{"One", "Two", "Three"} {
		want = append(want, mustCreateLookupTable(t, db, w.ID, 0, name, "k").ID)
	}
	list, total, err := db.FindLookupTables(ctx, w.ID, page(2, 2))
	mustOK(t, err)
	if total != 3 || !reflect.DeepEqual(lookupTableIDs(list), want[2:]) {
		t.Errorf("page 2 = %v of %d, want %v of 3", lookupTableIDs(list), total, want[2:])
	}
	list, _, err = db.FindLookupTables(ctx, w.ID, page(3, 2))
	mustOK(t, err)
	if len(list) != 0 {
		t.Errorf("page past the end = %v", lookupTableIDs(list))
	}
}

// testLookupTableDelete checks that a batch delete takes every table with
// its rows, or none when one id is not a table of the workspace, and that
// a folder with a table cannot be deleted.
func testLookupTableDelete(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	other := MustCreateCustomer(t, db, a.ID, "Other")
	p := mustCreateFolder(t, db, w.ID, nil, "P")
	sub := mustCreateFolder(t, db, w.ID, &p.ID, "Sub")
	t1 := mustCreateLookupTable(t, db, w.ID, 0, "One", "k")
	t2 := mustCreateLookupTable(t, db, w.ID, sub.ID, "Two", "k")
	t3 := mustCreateLookupTable(t, db, w.ID, sub.ID, "Three", "k")
	theirs := mustCreateLookupTable(t, db, other.ID, 0, "Theirs", "k")
	row := mustAddLookupRow(t, db, w.ID, t2.ID, partnerd.LookupData{"k": ptr("v")})

	wantCode(t, db.DeleteLookupTables(ctx, w.ID, []int64{t1.ID, t2.ID, theirs.ID}), partnerd.ENOTFOUND)
	wantCode(t, db.DeleteLookupTables(ctx, w.ID, []int64{t1.ID, 999999}), partnerd.ENOTFOUND)
	wantField(t, db.DeleteLookupTables(ctx, w.ID, nil), partnerd.EINVALID, "ids")
	list, _, err := db.FindLookupTables(ctx, w.ID, page(1, 100))
	mustOK(t, err)
	if got := lookupTableIDs(list); !reflect.DeepEqual(got, []int64{t1.ID, t2.ID, t3.ID}) {
		t.Fatalf("tables after refused deletes = %v", got)
	}
	wantCode(t, db.DeleteFolder(ctx, w.ID, sub.ID), partnerd.EFORBIDDEN)

	mustOK(t, db.DeleteLookupTables(ctx, w.ID, []int64{t2.ID, t1.ID, t2.ID}))
	for _, id := range []int64{t1.ID, t2.ID} {
		_, err := db.FindLookupTableByID(ctx, w.ID, id)
		wantCode(t, err, partnerd.ENOTFOUND)
	}
	_, err = db.FindLookupRowByID(ctx, w.ID, t2.ID, row.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	if _, err := db.FindLookupTableByID(ctx, other.ID, theirs.ID); err != nil {
		t.Errorf("the other workspace's table: %v", err)
	}

	// Deleting the project takes its tables with it.
	mustOK(t, db.DeleteProject(ctx, w.ID, *p.ProjectID))
	_, err = db.FindLookupTableByID(ctx, w.ID, t3.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
}

// testLookupTableCrossTenant checks that another workspace reaches neither
// the tables nor the rows of a workspace.
func testLookupTableCrossTenant(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	tbl := mustCreateLookupTable(t, db, w.ID, 0, "Codes", "code")
	row := mustAddLookupRow(t, db, w.ID, tbl.ID, partnerd.LookupData{"code": ptr("A1")})
	for _, ws := range []int64{b.ID, MustCreateCustomer(t, db, b.ID, "Theirs").ID, a.ID} {
		_, err := db.FindLookupTableByID(ctx, ws, tbl.ID)
		wantCode(t, err, partnerd.ENOTFOUND)
		_, err = db.FindLookupRows(ctx, ws, tbl.ID, partnerd.LookupRowFilter{Page: page(1, 10)})
		wantCode(t, err, partnerd.ENOTFOUND)
		_, err = db.FindLookupRowByID(ctx, ws, tbl.ID, row.ID)
		wantCode(t, err, partnerd.ENOTFOUND)
		_, err = db.FindFirstLookupRow(ctx, ws, tbl.ID, []partnerd.LookupCondition{{Label: "code", Value: "A1"}})
		wantCode(t, err, partnerd.ENOTFOUND)
		_, err = db.AddLookupRow(ctx, ws, tbl.ID, partnerd.LookupData{"code": ptr("x")})
		wantCode(t, err, partnerd.ENOTFOUND)
		wantCode(t, db.AddLookupRows(ctx, ws, tbl.ID, []partnerd.LookupData{{"code": ptr("x")}}), partnerd.ENOTFOUND)
		_, err = db.UpdateLookupRow(ctx, ws, tbl.ID, row.ID, partnerd.LookupData{"code": ptr("x")})
		wantCode(t, err, partnerd.ENOTFOUND)
		wantCode(t, db.DeleteLookupRow(ctx, ws, tbl.ID, row.ID), partnerd.ENOTFOUND)
		wantCode(t, db.DeleteLookupTables(ctx, ws, []int64{tbl.ID}), partnerd.ENOTFOUND)
		list, total, err := db.FindLookupTables(ctx, ws, page(1, 100))
		mustOK(t, err)
		if total != 0 || len(list) != 0 {
			t.Errorf("workspace %d lists %v", ws, lookupTableIDs(list))
		}
	}
	got, err := db.FindLookupRowByID(ctx, w.ID, tbl.ID, row.ID)
	mustOK(t, err)
	if !reflect.DeepEqual(got, row) {
		t.Errorf("row after the other workspaces: %+v, want %+v", got, row)
	}
}

// testLookupTableFolderScope checks that a client limited to F reaches the
// tables in F's tree only, and creates tables there only.
func testLookupTableFolderScope(t *testing.T, db *store.DB) {
	ctx := t.Context()
	tr := newScopeTree(t, db)
	inF := mustCreateLookupTable(t, db, tr.w.ID, tr.f11.ID, "In F11", "k")
	inS := mustCreateLookupTable(t, db, tr.w.ID, tr.s.ID, "In S", "k")
	home := mustCreateLookupTable(t, db, tr.w.ID, 0, "At home", "k")
	row := mustAddLookupRow(t, db, tr.w.ID, inS.ID, partnerd.LookupData{"k": ptr("v")})
	limited := tr.as(ctx, tr.f.ID)

	if _, err := db.FindLookupTableByID(limited, tr.w.ID, inF.ID); err != nil {
		t.Errorf("table in the scope: %v", err)
	}
	if _, err := db.AddLookupRow(limited, tr.w.ID, inF.ID, partnerd.LookupData{"k": ptr("v")}); err != nil {
		t.Errorf("row in the scope: %v", err)
	}
	for _, tbl := range []*partnerd.LookupTable{inS, home} {
		_, err := db.FindLookupTableByID(limited, tr.w.ID, tbl.ID)
		wantCode(t, err, partnerd.ENOTFOUND)
		_, err = db.FindLookupRows(limited, tr.w.ID, tbl.ID, partnerd.LookupRowFilter{Page: page(1, 10)})
		wantCode(t, err, partnerd.ENOTFOUND)
		_, err = db.AddLookupRow(limited, tr.w.ID, tbl.ID, partnerd.LookupData{"k": ptr("v")})
		wantCode(t, err, partnerd.ENOTFOUND)
	}
	_, err := db.FindFirstLookupRow(limited, tr.w.ID, inS.ID, []partnerd.LookupCondition{{Label: "k", Value: "v"}})
	wantCode(t, err, partnerd.ENOTFOUND)
	wantCode(t, db.DeleteLookupRow(limited, tr.w.ID, inS.ID, row.ID), partnerd.ENOTFOUND)
	wantCode(t, db.DeleteLookupTables(limited, tr.w.ID, []int64{inF.ID, inS.ID}), partnerd.ENOTFOUND)
	list, total, err := db.FindLookupTables(limited, tr.w.ID, page(1, 10))
	mustOK(t, err)
	if total != 1 || !reflect.DeepEqual(lookupTableIDs(list), []int64{inF.ID}) {
		t.Errorf("tables in the scope = %v of %d", lookupTableIDs(list), total)
	}
	col := []partnerd.LookupColumn{{Label: "k", Type: "string"}}
	wantField(t, db.CreateLookupTable(limited, tr.w.ID, &partnerd.LookupTable{Name: "X", Columns: col}), partnerd.EINVALID, "folder_id")
	wantField(t, db.CreateLookupTable(limited, tr.w.ID, &partnerd.LookupTable{Name: "X", Columns: col, FolderID: tr.s.ID}), partnerd.EINVALID, "folder_id")
	wantField(t, db.CreateLookupTable(limited, tr.w.ID, &partnerd.LookupTable{Name: "X", Columns: col, ProjectID: tr.q.ProjectID}), partnerd.EINVALID, "project_id")
	created := &partnerd.LookupTable{Name: "X", Columns: col, FolderID: tr.f2.ID}
	mustOK(t, db.CreateLookupTable(limited, tr.w.ID, created))
	mustOK(t, db.DeleteLookupTables(limited, tr.w.ID, []int64{inF.ID, created.ID}))
}
