package store_test

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
	"github.com/partnerd/partnerd/store/storetest"
)

// TestLookupPlan checks on each database that a lookup and a by[…] filter
// are index seeks on the column's index (migration 0013), never a scan of
// the table's rows: their cost depends neither on the table's size nor on
// where the row sits.
func TestLookupPlan(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		testLookupPlan(t, mustOpen(t, filepath.Join(t.TempDir(), "partnerd.db")))
	})
	t.Run("postgres", func(t *testing.T) {
		dsn, ok := storetest.PostgresURL(t)
		if !ok {
			t.Skip(storetest.PostgresEnv + " is not set")
		}
		testLookupPlan(t, mustOpen(t, dsn))
	})
}

func testLookupPlan(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := storetest.MustCreateAccount(t, db, "A", "a@example.com")
	w := storetest.MustCreateCustomer(t, db, a.ID, "Customer")
	tbl := &partnerd.LookupTable{Name: "Codes"}
	for i := range partnerd.MaxLookupColumns {
		tbl.Columns = append(tbl.Columns, partnerd.LookupColumn{Label: "c" + strconv.Itoa(i), Type: "string"})
	}
	if err := db.CreateLookupTable(ctx, w.ID, tbl); err != nil {
		t.Fatal(err)
	}
	rows := make([]partnerd.LookupData, 5000)
	for i := range rows {
		v, region := strconv.Itoa(i), strconv.Itoa(i%7)
		rows[i] = partnerd.LookupData{"c0": &v, "c3": &region, "c9": &v}
	}
	if err := db.AddLookupRows(ctx, w.ID, tbl.ID, rows); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		index []int
		first bool
		want  string
	}{
		{[]int{0}, true, "lookup_rows_col1"},
		{[]int{9}, true, "lookup_rows_col10"},
		{[]int{9, 3}, true, "lookup_rows_col10"},
		{[]int{0}, false, "lookup_rows_col1"},
		{[]int{3, 9}, false, "lookup_rows_col10"},
	} {
		plan, err := db.ExplainLookupRows(ctx, tbl.ID, tc.index, "4999", tc.first)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(plan, tc.want) || strings.Contains(plan, "SCAN lookup_rows") || strings.Contains(plan, "Seq Scan") {
			t.Errorf("columns %v (first %v): the plan does not seek %s:\n%s", tc.index, tc.first, tc.want, plan)
		}
		t.Logf("columns %v (first %v):\n%s", tc.index, tc.first, plan)
	}
}
