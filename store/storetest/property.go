package storetest

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// mustFindProperties reads the properties under prefix.
func mustFindProperties(tb testing.TB, db *store.DB, workspaceID int64, prefix string) map[string]string {
	tb.Helper()
	props, err := db.FindProperties(tb.Context(), workspaceID, prefix)
	if err != nil {
		tb.Fatalf("find properties %q: %v", prefix, err)
	}
	return props
}

// testPropertyUpsert checks that properties are inserted and updated in
// place, and found by the prefix of their names.
func testPropertyUpsert(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	if got := mustFindProperties(t, db, w.ID, ""); len(got) != 0 {
		t.Errorf("properties of a new workspace = %v", got)
	}
	mustOK(t, db.UpsertProperties(ctx, w.ID, map[string]string{
		"salesforce_sync.enabled": "true", "salesforce_sync.limit": "10", "Salesforce_sync.x": "X", "other": "",
		"a%b": "1", "ÿé": "2",
	}))
	mustOK(t, db.UpsertProperties(ctx, w.ID, map[string]string{"salesforce_sync.limit": "20", "new": "n"}))
	for prefix, want := range map[string]map[string]string{
		"": {"salesforce_sync.enabled": "true", "salesforce_sync.limit": "20", "Salesforce_sync.x": "X", "other": "",
			"a%b": "1", "ÿé": "2", "new": "n"},
		"salesforce_sync.":  {"salesforce_sync.enabled": "true", "salesforce_sync.limit": "20"},
		"salesforce_sync.l": {"salesforce_sync.limit": "20"},
		"a%":                {"a%b": "1"},
		"%":                 {},
		"ÿ":                 {"ÿé": "2"},
		"nothing":           {},
	} {
		if got := mustFindProperties(t, db, w.ID, prefix); !reflect.DeepEqual(got, want) {
			t.Errorf("properties %q = %v, want %v", prefix, got, want)
		}
	}
	_, err := db.FindProperties(ctx, w.ID, "\xff")
	wantField(t, err, partnerd.EINVALID, "prefix")
}

// testPropertyAllOrNothing checks that an upsert of 50 properties, one of
// them with a name of 101 characters, changes nothing and names that one.
func testPropertyAllOrNothing(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	mustOK(t, db.UpsertProperties(ctx, w.ID, map[string]string{"p0": "before"}))
	props := map[string]string{}
	for i := range 49 {
		props["p"+strconv.Itoa(i)] = "after"
	}
	long := strings.Repeat("n", partnerd.MaxPropertyNameLength+1)
	props[long] = "v"
	err := db.UpsertProperties(ctx, w.ID, props)
	wantField(t, err, partnerd.EINVALID, long)
	if fields := err.(*partnerd.Error).Fields; len(fields) != 1 {
		t.Errorf("errors name %d properties: %v", len(fields), fields)
	}
	if got := mustFindProperties(t, db, w.ID, ""); !reflect.DeepEqual(got, map[string]string{"p0": "before"}) {
		t.Errorf("properties after the refused upsert = %v", got)
	}

	for _, bad := range []map[string]string{
		{"ok": "v", "v": strings.Repeat("é", partnerd.MaxPropertyValueLength+1)},
		{"ok": "v", "v": "a\x00b"},
	} {
		wantField(t, db.UpsertProperties(ctx, w.ID, bad), partnerd.EINVALID, "v")
	}
	wantField(t, db.UpsertProperties(ctx, w.ID, map[string]string{" ": "v"}), partnerd.EINVALID, "properties")
	mustOK(t, db.UpsertProperties(ctx, w.ID, map[string]string{strings.Repeat("é", 100): strings.Repeat("é", 1024)}))
	if got := mustFindProperties(t, db, w.ID, ""); len(got) != 2 || got["p0"] != "before" {
		t.Errorf("properties after the refusals = %v", got)
	}
}

// testPropertyLimit checks that a workspace holds at most MaxProperties
// properties, counting the names it has and the new ones of an upsert.
func testPropertyLimit(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	first := map[string]string{}
	for i := range partnerd.MaxProperties - 1 {
		first["p"+strconv.Itoa(i)] = "v"
	}
	mustOK(t, db.UpsertProperties(ctx, w.ID, first))
	wantField(t, db.UpsertProperties(ctx, w.ID, map[string]string{"p0": "changed", "new1": "v", "new2": "v"}), partnerd.EINVALID, "properties")
	if got := mustFindProperties(t, db, w.ID, "p0"); got["p0"] != "v" {
		t.Errorf("p0 after the refused upsert = %q", got["p0"])
	}
	mustOK(t, db.UpsertProperties(ctx, w.ID, map[string]string{"p0": "changed", "new1": "v"}))
	mustOK(t, db.UpsertProperties(ctx, w.ID, map[string]string{"p1": "changed"}))
	wantField(t, db.UpsertProperties(ctx, w.ID, map[string]string{"new2": "v"}), partnerd.EINVALID, "properties")
	if got := mustFindProperties(t, db, w.ID, ""); len(got) != partnerd.MaxProperties {
		t.Errorf("%d properties, want %d", len(got), partnerd.MaxProperties)
	}
}

// testPropertyCrossTenant checks that workspaces keep their own properties.
func testPropertyCrossTenant(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	theirs := MustCreateCustomer(t, db, b.ID, "Theirs")
	mustOK(t, db.UpsertProperties(ctx, w.ID, map[string]string{"key": "mine"}))
	mustOK(t, db.UpsertProperties(ctx, theirs.ID, map[string]string{"key": "theirs"}))
	for ws, want := range map[int64]map[string]string{w.ID: {"key": "mine"}, theirs.ID: {"key": "theirs"}, a.ID: {}, b.ID: {}} {
		if got := mustFindProperties(t, db, ws, ""); !reflect.DeepEqual(got, want) {
			t.Errorf("properties of workspace %d = %v, want %v", ws, got, want)
		}
	}
	mustOK(t, db.DeleteCustomer(ctx, b.ID, theirs.ID))
	if got := mustFindProperties(t, db, theirs.ID, ""); len(got) != 0 {
		t.Errorf("properties of a deleted workspace = %v", got)
	}
}
