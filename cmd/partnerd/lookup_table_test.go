package main

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/partnerd/partnerd/client"
)

// lookupRowIDs returns the ids of rows.
func lookupRowIDs(list []client.LookupRow) []int64 {
	out := []int64{}
	for _, r := range list {
		out = append(out, r.ID)
	}
	return out
}

// TestLookupTables: a customer's lookup table is created, filled, looked
// up, filtered, updated and deleted through the SDK, on both families;
// another account reaches none of it.
func TestLookupTables(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db := tempDB(t)
	tokenA, _ := MustCreateAccount(t, db, "Alpha", "a@partner.test")
	tokenB, _ := MustCreateAccount(t, db, "Beta", "b@partner.test")
	m := MustRunMain(t, db, nil)
	c, b := newClient(m, tokenA), newClient(m, tokenB)
	acme := MustCreateCustomer(t, c, "Acme", "acme/1")
	mu := client.ExternalID("acme/1")

	sales, err := c.CreateFolder(ctx, mu, client.CreateFolderParams{Name: "Sales"})
	if err != nil {
		t.Fatal(err)
	}
	codes, err := c.CreateLookupTable(ctx, mu, client.CreateLookupTableParams{Name: "Codes", ProjectID: *sales.ProjectID,
		Schema: []client.LookupColumn{{Label: "code", Type: "string"}, {Label: "name", Type: "string"}}})
	if err != nil {
		t.Fatal(err)
	}
	columns, err := codes.Columns()
	if err != nil || len(columns) != 2 || columns[1] != (client.LookupColumn{ControlType: "text", Label: "name", Name: "col2", Type: "string", Sticky: true}) {
		t.Errorf("columns = %+v, %v", columns, err)
	}
	if codes.FolderID != sales.ID || codes.ProjectID == nil || *codes.ProjectID != *sales.ProjectID {
		t.Errorf("table by project: %+v, want folder %d", codes, sales.ID)
	}
	if _, err := c.CreateLookupTable(ctx, mu, client.CreateLookupTableParams{Name: "Codes",
		Schema: []client.LookupColumn{{Label: "k", Type: "string"}}}); apiError(t, err).Errors["name"] == nil {
		t.Errorf("a second table named Codes: %v", err)
	}

	var ids []int64
	for i, data := range []client.LookupRowData{{"code": "A1", "name": "Acme"}, {"code": "B2"}, {"code": 7, "name": true}, {"code": "A1", "name": "Again"}} {
		row, err := c.AddLookupRow(ctx, mu, codes.ID, data)
		if err != nil {
			t.Fatalf("add row %d: %v", i, err)
		}
		ids = append(ids, row.ID)
	}
	if _, err := c.AddLookupRow(ctx, mu, codes.ID, client.LookupRowData{"colour": "red"}); apiError(t, err).Errors["colour"] == nil {
		t.Errorf("a row with an unknown column: %v", err)
	}
	row, err := c.Lookup(ctx, mu, codes.ID, map[string]string{"code": "A1"})
	if err != nil || row.ID != ids[0] || row.Cell("name") != "Acme" {
		t.Errorf("lookup code A1 = %+v, %v", row, err)
	}
	if row, err := c.Lookup(ctx, mu, codes.ID, map[string]string{"code": "7", "name": "true"}); err != nil || row.ID != ids[2] {
		t.Errorf("lookup of stringified cells = %+v, %v", row, err)
	}
	if _, err := c.Lookup(ctx, mu, codes.ID, map[string]string{"code": "Z9"}); !client.IsNotFound(err) {
		t.Errorf("lookup of nothing: %v", err)
	}
	list, err := c.LookupRows(ctx, mu, codes.ID, client.LookupRowListOptions{By: map[string]string{"code": "A1"}})
	if err != nil || !slices.Equal(lookupRowIDs(list), []int64{ids[0], ids[3]}) {
		t.Errorf("rows by code A1 = %v, %v", lookupRowIDs(list), err)
	}
	list, err = c.LookupRows(ctx, mu, codes.ID, client.LookupRowListOptions{Page: 2, PerPage: 3})
	if err != nil || !slices.Equal(lookupRowIDs(list), ids[3:]) {
		t.Errorf("rows page 2 = %v, %v", lookupRowIDs(list), err)
	}

	row, err = c.UpdateLookupRow(ctx, mu, codes.ID, ids[1], client.LookupRowData{"name": "Beta"})
	if err != nil || row.Cell("code") != "B2" || row.Cell("name") != "Beta" {
		t.Errorf("partial update = %+v, %v", row, err)
	}
	row, err = c.UpdateLookupRow(ctx, mu, codes.ID, ids[1], client.LookupRowData{"name": nil})
	if err != nil || row.Data["name"] != nil {
		t.Errorf("emptied cell = %+v, %v", row, err)
	}
	if err := c.DeleteLookupRow(ctx, mu, codes.ID, ids[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := c.LookupRow(ctx, mu, codes.ID, ids[0]); !client.IsNotFound(err) {
		t.Errorf("deleted row: %v", err)
	}
	if row, err := c.Lookup(ctx, mu, codes.ID, map[string]string{"code": "A1"}); err != nil || row.ID != ids[3] {
		t.Errorf("lookup after the delete = %+v, %v", row, err)
	}

	// Another account reaches nothing, and a batch with one of its ids
	// deletes nothing.
	theirs := MustCreateCustomer(t, b, "Theirs", "acme/1")
	if _, err := b.LookupTables(ctx, acme.Ref(), client.ListOptions{}); !client.IsNotFound(err) {
		t.Errorf("B lists A's tables: %v", err)
	}
	for _, ref := range []client.WorkspaceRef{theirs.Ref(), acme.Ref()} {
		if _, err := b.Lookup(ctx, ref, codes.ID, map[string]string{"code": "A1"}); !client.IsNotFound(err) {
			t.Errorf("B looks up in A's table: %v", err)
		}
		if _, err := b.AddLookupRow(ctx, ref, codes.ID, client.LookupRowData{"code": "X"}); !client.IsNotFound(err) {
			t.Errorf("B adds a row to A's table: %v", err)
		}
	}
	theirTable, err := b.CreateLookupTable(ctx, theirs.Ref(), client.CreateLookupTableParams{Name: "Codes",
		Schema: []client.LookupColumn{{Label: "k", Type: "string"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteLookupTables(ctx, mu, []int64{codes.ID, theirTable.ID}); !client.IsNotFound(err) {
		t.Errorf("a batch delete with B's table: %v", err)
	}
	if err := c.DeleteLookupTables(ctx, mu, []int64{codes.ID}); err != nil {
		t.Fatal(err)
	}
	if tables, err := c.LookupTables(ctx, mu, client.ListOptions{}); err != nil || len(tables) != 0 {
		t.Errorf("tables after the delete = %v, %v", tables, err)
	}
	if tables, err := b.LookupTables(ctx, theirs.Ref(), client.ListOptions{}); err != nil || len(tables) != 1 {
		t.Errorf("B's tables = %v, %v", tables, err)
	}

	// The Developer family, on the account's own workspace.
	own, err := c.CreateDeveloperLookupTable(ctx, client.CreateLookupTableParams{Name: "Own",
		Schema: []client.LookupColumn{{Label: "k", Type: "string"}}})
	if err != nil || own.ProjectID != nil {
		t.Fatalf("own table = %+v, %v", own, err)
	}
	added, err := c.AddDeveloperLookupRow(ctx, own.ID, client.LookupRowData{"k": "v"})
	if err != nil {
		t.Fatal(err)
	}
	if row, err := c.DeveloperLookup(ctx, own.ID, map[string]string{"k": "v"}); err != nil || row.ID != added.ID {
		t.Errorf("developer lookup = %+v, %v", row, err)
	}
	if row, err := c.UpdateDeveloperLookupRow(ctx, own.ID, added.ID, client.LookupRowData{"k": "w"}); err != nil || row.Cell("k") != "w" {
		t.Errorf("developer update = %+v, %v", row, err)
	}
	if rows, err := c.DeveloperLookupRows(ctx, own.ID, client.LookupRowListOptions{}); err != nil || len(rows) != 1 {
		t.Errorf("developer rows = %v, %v", lookupRowIDs(rows), err)
	}
	if _, err := c.DeveloperLookupRow(ctx, own.ID, added.ID); err != nil {
		t.Error(err)
	}
	if err := c.DeleteDeveloperLookupRow(ctx, own.ID, added.ID); err != nil {
		t.Error(err)
	}
	if tables, err := c.DeveloperLookupTables(ctx, client.ListOptions{}); err != nil || len(tables) != 1 {
		t.Errorf("developer tables = %v, %v", tables, err)
	}
	if err := c.DeleteDeveloperLookupTables(ctx, []int64{own.ID}); err != nil {
		t.Error(err)
	}
}

// TestProperties: account properties are upserted all or none and read by
// prefix, on both families; 50 properties with one name of 101 characters
// change nothing and answer 400 naming that one.
func TestProperties(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db := tempDB(t)
	tokenA, _ := MustCreateAccount(t, db, "Alpha", "a@partner.test")
	tokenB, _ := MustCreateAccount(t, db, "Beta", "b@partner.test")
	m := MustRunMain(t, db, nil)
	c, b := newClient(m, tokenA), newClient(m, tokenB)
	cu := MustCreateCustomer(t, c, "Acme", "acme/1")

	if err := c.UpsertProperties(ctx, cu.Ref(), map[string]string{"sync.enabled": "true", "sync.limit": "10", "region": "eu"}); err != nil {
		t.Fatal(err)
	}
	batch := map[string]string{}
	for i := range 49 {
		batch["sync.p"+strconv.Itoa(i)] = "v"
	}
	long := strings.Repeat("n", 101)
	batch[long] = "v"
	batch["sync.limit"] = "20"
	err := c.UpsertProperties(ctx, cu.Ref(), batch)
	if e := apiError(t, err); e.StatusCode != 400 || len(e.Errors) != 1 || e.Errors[long] == nil {
		t.Errorf("50 properties with a long name: %v", err)
	}
	want := map[string]string{"sync.enabled": "true", "sync.limit": "10"}
	if got, err := c.Properties(ctx, cu.Ref(), "sync."); err != nil || !maps.Equal(got, want) {
		t.Errorf("properties after the refused upsert = %v, %v", got, err)
	}
	delete(batch, long)
	if err := c.UpsertProperties(ctx, cu.Ref(), batch); err != nil {
		t.Fatal(err)
	}
	if got, err := c.Properties(ctx, cu.Ref(), ""); err != nil || len(got) != 52 || got["sync.limit"] != "20" {
		t.Errorf("%d properties, sync.limit %q, %v", len(got), got["sync.limit"], err)
	}

	if _, err := b.Properties(ctx, cu.Ref(), ""); !client.IsNotFound(err) {
		t.Errorf("B reads A's properties: %v", err)
	}
	if err := b.UpsertProperties(ctx, cu.Ref(), map[string]string{"region": "us"}); !client.IsNotFound(err) {
		t.Errorf("B writes A's properties: %v", err)
	}
	if err := c.UpsertDeveloperProperties(ctx, map[string]string{"region": "admin"}); err != nil {
		t.Fatal(err)
	}
	if got, err := c.DeveloperProperties(ctx, "reg"); err != nil || !maps.Equal(got, map[string]string{"region": "admin"}) {
		t.Errorf("developer properties = %v, %v", got, err)
	}
	if got, err := c.Properties(ctx, cu.Ref(), "region"); err != nil || got["region"] != "eu" {
		t.Errorf("the customer's region after the admin's = %v, %v", got, err)
	}
	if got, err := b.DeveloperProperties(ctx, ""); err != nil || len(got) != 0 {
		t.Errorf("B's own properties = %v, %v", got, err)
	}
}
