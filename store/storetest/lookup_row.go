package storetest

import (
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// mustAddLookupRow adds a row that must be added.
func mustAddLookupRow(tb testing.TB, db *store.DB, workspaceID, tableID int64, data partnerd.LookupData) *partnerd.LookupRow {
	tb.Helper()
	row, err := db.AddLookupRow(tb.Context(), workspaceID, tableID, data)
	if err != nil {
		tb.Fatalf("add row %v: %v", data, err)
	}
	return row
}

// lookupRowIDs returns the ids of a list of rows.
func lookupRowIDs(list []*partnerd.LookupRow) []int64 {
	out := []int64{}
	for _, r := range list {
		out = append(out, r.ID)
	}
	return out
}

// cells returns a row's cells as label=value strings, "-" for empty.
func cells(r *partnerd.LookupRow) string {
	var parts []string
	for _, c := range r.Data {
		v := "-"
		if c.Value != nil {
			v = *c.Value
		}
		parts = append(parts, c.Label+"="+v)
	}
	return strings.Join(parts, " ")
}

// testLookupRows checks that rows are added, read, updated in part and
// deleted, with their cells in column order.
func testLookupRows(t *testing.T, db *store.DB) {
	ctx := t.Context()
	now := fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	tbl := mustCreateLookupTable(t, db, w.ID, 0, "Codes", "code", "name", "region")
	row := mustAddLookupRow(t, db, w.ID, tbl.ID, partnerd.LookupData{"name": ptr("Acme"), "code": ptr("A1")})
	got, err := db.FindLookupRowByID(ctx, w.ID, tbl.ID, row.ID)
	mustOK(t, err)
	want := &partnerd.LookupRow{ID: row.ID, TableID: tbl.ID, CreatedAt: got.CreatedAt, UpdatedAt: got.UpdatedAt, Data: []partnerd.LookupCell{
		{Label: "code", Value: ptr("A1")}, {Label: "name", Value: ptr("Acme")}, {Label: "region"}}}
	if !reflect.DeepEqual(row, want) || !reflect.DeepEqual(got, want) || !got.CreatedAt.Equal(t0) || !got.UpdatedAt.Equal(t0) {
		t.Errorf("row = %+v, read back %+v, want %+v", row, got, want)
	}

	*now = t0.Add(time.Minute)
	row, err = db.UpdateLookupRow(ctx, w.ID, tbl.ID, row.ID, partnerd.LookupData{"region": ptr("EU"), "name": nil})
	mustOK(t, err)
	if got := cells(row); got != "code=A1 name=- region=EU" || !row.UpdatedAt.Equal(*now) || !row.CreatedAt.Equal(t0) {
		t.Errorf("updated row = %s, %v, %v", got, row.CreatedAt, row.UpdatedAt)
	}
	row, err = db.UpdateLookupRow(ctx, w.ID, tbl.ID, row.ID, partnerd.LookupData{})
	mustOK(t, err)
	if got := cells(row); got != "code=A1 name=- region=EU" {
		t.Errorf("row after an empty update = %s", got)
	}

	// Refusals name the cell.
	_, err = db.AddLookupRow(ctx, w.ID, tbl.ID, partnerd.LookupData{"code": ptr("x"), "colour": ptr("red")})
	wantField(t, err, partnerd.EINVALID, "colour")
	_, err = db.AddLookupRow(ctx, w.ID, tbl.ID, partnerd.LookupData{"code": ptr(strings.Repeat("é", partnerd.MaxLookupValueLength+1))})
	wantField(t, err, partnerd.EINVALID, "code")
	_, err = db.AddLookupRow(ctx, w.ID, tbl.ID, partnerd.LookupData{"code": ptr("a\x00b")})
	wantField(t, err, partnerd.EINVALID, "code")
	_, err = db.AddLookupRow(ctx, w.ID, tbl.ID, nil)
	wantField(t, err, partnerd.EINVALID, "data")
	_, err = db.UpdateLookupRow(ctx, w.ID, tbl.ID, row.ID, partnerd.LookupData{"colour": ptr("red")})
	wantField(t, err, partnerd.EINVALID, "colour")
	long := mustAddLookupRow(t, db, w.ID, tbl.ID, partnerd.LookupData{"code": ptr(strings.Repeat("é", partnerd.MaxLookupValueLength))})

	// A row of another table is not found through this one.
	otherTable := mustCreateLookupTable(t, db, w.ID, 0, "Other", "code")
	for _, id := range []int64{row.ID, 999999} {
		_, err = db.FindLookupRowByID(ctx, w.ID, otherTable.ID, id)
		wantCode(t, err, partnerd.ENOTFOUND)
		_, err = db.UpdateLookupRow(ctx, w.ID, otherTable.ID, id, partnerd.LookupData{"code": ptr("x")})
		wantCode(t, err, partnerd.ENOTFOUND)
		wantCode(t, db.DeleteLookupRow(ctx, w.ID, otherTable.ID, id), partnerd.ENOTFOUND)
	}

	mustOK(t, db.DeleteLookupRow(ctx, w.ID, tbl.ID, row.ID))
	_, err = db.FindLookupRowByID(ctx, w.ID, tbl.ID, row.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	wantCode(t, db.DeleteLookupRow(ctx, w.ID, tbl.ID, row.ID), partnerd.ENOTFOUND)
	list, err := db.FindLookupRows(ctx, w.ID, tbl.ID, partnerd.LookupRowFilter{Page: page(1, 10)})
	mustOK(t, err)
	if !reflect.DeepEqual(lookupRowIDs(list), []int64{long.ID}) {
		t.Errorf("rows after the delete = %v", lookupRowIDs(list))
	}
}

// testLookupRowFilters checks by[…] filters, paging and the lookup of the
// first match: exact, case-sensitive matches on every condition, beyond the
// indexed prefix of long cells too.
func testLookupRowFilters(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	tbl := mustCreateLookupTable(t, db, w.ID, 0, "Codes", "code", "region")
	prefix := strings.Repeat("p", 300)
	var rows []*partnerd.LookupRow
	for _, c := range [][2]string{{"A", "EU"}, {"B", "US"}, {"A", "US"}, {"a", "US"}, {prefix + "1", "EU"}, {prefix + "2", "EU"}, {"A", "EU"}} {
		rows = append(rows, mustAddLookupRow(t, db, w.ID, tbl.ID, partnerd.LookupData{"code": ptr(c[0]), "region": ptr(c[1])}))
	}
	empty := mustAddLookupRow(t, db, w.ID, tbl.ID, partnerd.LookupData{})
	idsOf := func(is ...int) []int64 {
		out := []int64{}
		for _, i := range is {
			out = append(out, rows[i].ID)
		}
		return out
	}
	by := func(kv ...string) []partnerd.LookupCondition {
		var out []partnerd.LookupCondition
		for i := 0; i < len(kv); i += 2 {
			out = append(out, partnerd.LookupCondition{Label: kv[i], Value: kv[i+1]})
		}
		return out
	}
	for _, tc := range []struct {
		by   []partnerd.LookupCondition
		page partnerd.Page
		want []int64
	}{
		{nil, page(1, 100), append(idsOf(0, 1, 2, 3, 4, 5, 6), empty.ID)},
		{nil, page(2, 3), idsOf(3, 4, 5)},
		{by("code", "A"), page(1, 100), idsOf(0, 2, 6)},
		{by("code", "A"), page(2, 2), idsOf(6)},
		{by("code", "A", "region", "EU"), page(1, 100), idsOf(0, 6)},
		{by("region", "US", "code", "a"), page(1, 100), idsOf(3)},
		{by("code", prefix+"2"), page(1, 100), idsOf(5)},
		{by("code", prefix), page(1, 100), []int64{}},
		{by("code", "A", "code", "B"), page(1, 100), []int64{}},
		{by("code", ""), page(1, 100), []int64{}},
	} {
		list, err := db.FindLookupRows(ctx, w.ID, tbl.ID, partnerd.LookupRowFilter{By: tc.by, Page: tc.page})
		mustOK(t, err)
		if got := lookupRowIDs(list); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("rows by %v, %v = %v, want %v", tc.by, tc.page, got, tc.want)
		}
		if len(tc.by) == 0 || tc.page.Page > 1 {
			continue
		}
		first, err := db.FindFirstLookupRow(ctx, w.ID, tbl.ID, tc.by)
		if len(tc.want) == 0 {
			wantCode(t, err, partnerd.ENOTFOUND)
		} else if err != nil || first.ID != tc.want[0] {
			t.Errorf("lookup by %v = %v, %v, want row %d", tc.by, first, err, tc.want[0])
		}
	}
	_, err := db.FindLookupRows(ctx, w.ID, tbl.ID, partnerd.LookupRowFilter{By: by("colour", "red"), Page: page(1, 10)})
	wantField(t, err, partnerd.EINVALID, "by[colour]")
	_, err = db.FindFirstLookupRow(ctx, w.ID, tbl.ID, by("colour", "red"))
	wantField(t, err, partnerd.EINVALID, "by[colour]")
	_, err = db.FindFirstLookupRow(ctx, w.ID, tbl.ID, by("code", "\xff"))
	wantField(t, err, partnerd.EINVALID, "by[code]")
	_, err = db.FindFirstLookupRow(ctx, w.ID, tbl.ID, nil)
	wantField(t, err, partnerd.EINVALID, "by")
	_, err = db.FindFirstLookupRow(ctx, w.ID, 999999, by("code", "A"))
	wantCode(t, err, partnerd.ENOTFOUND)
}

// testLookupRowLimit checks that a table holds at most the store's limit
// of rows, counted in the transaction that adds them, also when adds race,
// and that a delete makes room. The limit is MaxLookupRows (100,000) unless
// set, as here, lower: seeding 100,000 rows takes minutes under -race.
func testLookupRowLimit(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	tbl := mustCreateLookupTable(t, db, w.ID, 0, "Big", "code")
	const limit, racers = 2000, 20
	db.SetLookupRowLimit(limit)
	rows := make([]partnerd.LookupData, limit-racers/2)
	for i := range rows {
		rows[i] = partnerd.LookupData{"code": ptr(strconv.Itoa(i))}
	}
	mustOK(t, db.AddLookupRows(ctx, w.ID, tbl.ID, rows))
	wantField(t, db.AddLookupRows(ctx, w.ID, tbl.ID, rows[:racers/2+1]), partnerd.EINVALID, "base")

	var wg sync.WaitGroup
	errs := make([]error, racers)
	for i := range racers {
		wg.Go(func() {
			_, errs[i] = db.AddLookupRow(ctx, w.ID, tbl.ID, partnerd.LookupData{"code": ptr("racer")})
		})
	}
	wg.Wait()
	added := 0
	for _, err := range errs {
		if err == nil {
			added++
		} else {
			wantField(t, err, partnerd.EINVALID, "base")
		}
	}
	if added != racers/2 {
		t.Errorf("%d racing adds made it into room for %d", added, racers/2)
	}
	last, err := db.FindFirstLookupRow(ctx, w.ID, tbl.ID, []partnerd.LookupCondition{{Label: "code", Value: strconv.Itoa(len(rows) - 1)}})
	mustOK(t, err)
	_, err = db.AddLookupRow(ctx, w.ID, tbl.ID, partnerd.LookupData{"code": ptr("one too many")})
	wantField(t, err, partnerd.EINVALID, "base")
	mustOK(t, db.DeleteLookupRow(ctx, w.ID, tbl.ID, last.ID))
	mustAddLookupRow(t, db, w.ID, tbl.ID, partnerd.LookupData{"code": ptr("fits again")})
	list, err := db.FindLookupRows(ctx, w.ID, tbl.ID, partnerd.LookupRowFilter{Page: page(limit/1000, 1000)})
	mustOK(t, err)
	if n := len(list); n != 1000 || cells(list[n-1]) != "code=fits again" {
		t.Errorf("the last page holds %d rows, the last %v", n, list[n-1])
	}
}
