package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// acmeCode is the source of a small custom connector.
const acmeCode = "{\n  title: 'Acme CRM',\n  connection: { fields: [{ name: 'api_key' }] }\n}"

// mustCreateCustomConnector creates a custom connector of the account.
func mustCreateCustomConnector(tb testing.TB, db *store.DB, accountID int64, title string) *partnerd.CustomConnector {
	tb.Helper()
	c := &partnerd.CustomConnector{Title: title, Code: acmeCode}
	if err := db.CreateCustomConnector(tb.Context(), accountID, c); err != nil {
		tb.Fatalf("create custom connector %q: %v", title, err)
	}
	return c
}

// testCustomConnectorCreate checks that every field round-trips and that a
// name is derived from the title when none is given.
func testCustomConnectorCreate(t *testing.T, db *store.DB) {
	ctx := t.Context()
	fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	c := &partnerd.CustomConnector{Title: "Acme CRM (v2)", Description: ptr("Our CRM"), Note: ptr("first cut"), Code: acmeCode}
	mustOK(t, db.CreateCustomConnector(ctx, a.ID, c))
	want := &partnerd.CustomConnector{ID: c.ID, AccountID: a.ID, Name: "acme_crm_v2", Title: "Acme CRM (v2)",
		Description: ptr("Our CRM"), Note: ptr("first cut"), Code: acmeCode, CodeUpdatedAt: t0,
		ReleasedVersions: []*partnerd.CustomConnectorVersion{}, CreatedAt: t0, UpdatedAt: t0}
	if c.ID == 0 || !reflect.DeepEqual(normalTimes(c), want) {
		t.Errorf("created = %+v\nwant %+v", c, want)
	}
	found, err := db.FindCustomConnectorByID(ctx, a.ID, c.ID)
	mustOK(t, err)
	if !reflect.DeepEqual(normalTimes(found), want) {
		t.Errorf("FindCustomConnectorByID = %+v\nwant %+v", found, want)
	}
	named := &partnerd.CustomConnector{Name: "acme_erp", Title: "Acme CRM (v2)", Code: acmeCode}
	mustOK(t, db.CreateCustomConnector(ctx, a.ID, named))
	if named.Name != "acme_erp" || named.Description != nil || named.Note != nil || named.LatestVersion() != nil {
		t.Errorf("named = %+v", named)
	}
	_, err = db.FindCustomConnectorByID(ctx, a.ID, named.ID+1000)
	wantCode(t, err, partnerd.ENOTFOUND)
}

// normalTimes returns c with its times in UTC, as the tests compare them.
func normalTimes(c *partnerd.CustomConnector) *partnerd.CustomConnector {
	utc := func(t time.Time) time.Time { return t.UTC() }
	out := *c
	out.CodeUpdatedAt, out.CreatedAt, out.UpdatedAt = utc(c.CodeUpdatedAt), utc(c.CreatedAt), utc(c.UpdatedAt)
	if c.OEMSharedAt != nil {
		at := utc(*c.OEMSharedAt)
		out.OEMSharedAt = &at
	}
	out.ReleasedVersions = make([]*partnerd.CustomConnectorVersion, len(c.ReleasedVersions))
	for i, v := range c.ReleasedVersions {
		w := *v
		w.CreatedAt, w.ReleasedAt = utc(v.CreatedAt), utc(v.ReleasedAt)
		out.ReleasedVersions[i] = &w
	}
	return &out
}

// testCustomConnectorCreateInvalid checks required fields, names, and that
// a name is unique within an account only and never a shipped connector's.
func testCustomConnectorCreateInvalid(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	for field, c := range map[string]*partnerd.CustomConnector{
		"title": {Code: acmeCode},
		"code":  {Title: "Acme"},
		"name":  {Name: "Acme CRM", Title: "Acme", Code: acmeCode},
	} {
		wantField(t, db.CreateCustomConnector(ctx, a.ID, c), partnerd.EINVALID, field)
	}
	wantField(t, db.CreateCustomConnector(ctx, a.ID, &partnerd.CustomConnector{Title: "Salesforce", Code: acmeCode}),
		partnerd.ECONFLICT, "name")
	mustCreateCustomConnector(t, db, a.ID, "Acme CRM")
	wantField(t, db.CreateCustomConnector(ctx, a.ID, &partnerd.CustomConnector{Title: "ACME crm", Code: acmeCode}),
		partnerd.ECONFLICT, "name")
	mustCreateCustomConnector(t, db, b.ID, "Acme CRM")
	if list, err := db.FindCustomConnectors(ctx, a.ID, partnerd.CustomConnectorFilter{}); err != nil || len(list) != 1 {
		t.Errorf("custom connectors of A = %d, %v; want 1", len(list), err)
	}
}

// testCustomConnectorFind checks the title and sharing filters.
func testCustomConnectorFind(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	crm := mustCreateCustomConnector(t, db, a.ID, "Acme CRM")
	erp := mustCreateCustomConnector(t, db, a.ID, "Acme ERP")
	wiki := mustCreateCustomConnector(t, db, a.ID, "Wiki")
	mustCreateCustomConnector(t, db, b.ID, "Acme CRM")
	_, err := db.ReleaseCustomConnector(ctx, a.ID, erp.ID, nil)
	mustOK(t, err)
	_, err = db.ShareCustomConnector(ctx, a.ID, erp.ID, 1)
	mustOK(t, err)

	for _, tt := range []struct {
		title  *string
		shared *bool
		want   []int64
	}{
		{nil, nil, []int64{crm.ID, erp.ID, wiki.ID}},
		{ptr("acme"), nil, []int64{crm.ID, erp.ID}},
		{ptr("ME C"), nil, []int64{crm.ID}},
		{ptr("nothing"), nil, nil},
		{ptr(""), nil, []int64{crm.ID, erp.ID, wiki.ID}},
		{nil, ptr(true), []int64{erp.ID}},
		{nil, ptr(false), []int64{crm.ID, wiki.ID}},
		{ptr("acme"), ptr(false), []int64{crm.ID}},
	} {
		list, err := db.FindCustomConnectors(ctx, a.ID, partnerd.CustomConnectorFilter{Title: tt.title, OEMShared: tt.shared})
		mustOK(t, err)
		var got []int64
		for _, c := range list {
			got = append(got, c.ID)
			if c.AccountID != a.ID || c.ReleasedVersions == nil {
				t.Errorf("listed %+v", c)
			}
		}
		if list == nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("title %v shared %v = %v, want %v", tt.title, tt.shared, got, tt.want)
		}
	}
	list, err := db.FindCustomConnectors(ctx, a.ID, partnerd.CustomConnectorFilter{OEMShared: ptr(true)})
	mustOK(t, err)
	if v := list[0].LatestVersion(); v == nil || v.Version != 1 || v.Code != acmeCode {
		t.Errorf("listed versions = %+v", list[0].ReleasedVersions)
	}
}

// testCustomConnectorUpdate checks that fields change, the name stays, and
// the code's time moves only with the code.
func testCustomConnectorUpdate(t *testing.T, db *store.DB) {
	ctx := t.Context()
	now := fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	c := &partnerd.CustomConnector{Title: "Acme", Description: ptr("old"), Code: acmeCode}
	mustOK(t, db.CreateCustomConnector(ctx, a.ID, c))

	*now = t0.Add(time.Minute)
	got, err := db.UpdateCustomConnector(ctx, a.ID, c.ID, func(c *partnerd.CustomConnector) error {
		c.Title, c.Name, c.Description, c.Note = "Acme 2", "stolen", nil, ptr("note")
		return nil
	})
	mustOK(t, err)
	if got.Title != "Acme 2" || got.Name != "acme" || got.Description != nil || *got.Note != "note" || got.Code != acmeCode ||
		!got.CodeUpdatedAt.Equal(t0) || !got.UpdatedAt.Equal(*now) {
		t.Errorf("updated = %+v", got)
	}
	*now = t0.Add(2 * time.Minute)
	got, err = db.UpdateCustomConnector(ctx, a.ID, c.ID, func(c *partnerd.CustomConnector) error {
		c.Code = "{ title: 'Acme 2' }"
		return nil
	})
	mustOK(t, err)
	if got.Code != "{ title: 'Acme 2' }" || !got.CodeUpdatedAt.Equal(*now) || got.Title != "Acme 2" {
		t.Errorf("code updated = %+v", got)
	}
	_, err = db.UpdateCustomConnector(ctx, a.ID, c.ID, func(c *partnerd.CustomConnector) error {
		c.Title, c.Code = "", ""
		return nil
	})
	wantField(t, err, partnerd.EINVALID, "title")
	wantField(t, err, partnerd.EINVALID, "code")
	_, err = db.UpdateCustomConnector(ctx, a.ID, c.ID, func(*partnerd.CustomConnector) error { return partnerd.FieldError("x", "refused") })
	wantField(t, err, partnerd.EINVALID, "x")
	if found, _ := db.FindCustomConnectorByID(ctx, a.ID, c.ID); found.Title != "Acme 2" {
		t.Errorf("a refused update changed the connector: %+v", found)
	}
	_, err = db.UpdateCustomConnector(ctx, a.ID, c.ID+1000, func(*partnerd.CustomConnector) error { return nil })
	wantCode(t, err, partnerd.ENOTFOUND)
}

// testCustomConnectorRelease checks version numbers, notes, and the times
// and code each version keeps.
func testCustomConnectorRelease(t *testing.T, db *store.DB) {
	ctx := t.Context()
	now := fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	c := &partnerd.CustomConnector{Title: "Acme", Note: ptr("the default note"), Code: acmeCode}
	mustOK(t, db.CreateCustomConnector(ctx, a.ID, c))

	*now = t0.Add(time.Minute)
	got, err := db.ReleaseCustomConnector(ctx, a.ID, c.ID, nil)
	mustOK(t, err)
	v1 := &partnerd.CustomConnectorVersion{Version: 1, Note: ptr("the default note"), Code: acmeCode, CreatedAt: t0, ReleasedAt: *now}
	if !reflect.DeepEqual(normalTimes(got).ReleasedVersions, []*partnerd.CustomConnectorVersion{v1}) {
		t.Errorf("first release = %+v", got.ReleasedVersions[0])
	}

	*now = t0.Add(2 * time.Minute)
	_, err = db.UpdateCustomConnector(ctx, a.ID, c.ID, func(c *partnerd.CustomConnector) error { c.Code = "v2"; return nil })
	mustOK(t, err)
	*now = t0.Add(3 * time.Minute)
	got, err = db.ReleaseCustomConnector(ctx, a.ID, c.ID, ptr("second"))
	mustOK(t, err)
	v2 := &partnerd.CustomConnectorVersion{Version: 2, Note: ptr("second"), Code: "v2", CreatedAt: t0.Add(2 * time.Minute), ReleasedAt: *now}
	if !reflect.DeepEqual(normalTimes(got).ReleasedVersions, []*partnerd.CustomConnectorVersion{v2, v1}) || got.LatestVersion().Version != 2 {
		t.Errorf("second release = %+v", got.ReleasedVersions)
	}
	got, err = db.ReleaseCustomConnector(ctx, a.ID, c.ID, ptr(""))
	mustOK(t, err)
	if v := got.LatestVersion(); v.Version != 3 || v.Note == nil || *v.Note != "" || len(got.ReleasedVersions) != 3 {
		t.Errorf("third release = %+v", v)
	}
	_, err = db.ReleaseCustomConnector(ctx, a.ID, c.ID+1000, nil)
	wantCode(t, err, partnerd.ENOTFOUND)
}

// testCustomConnectorShare checks sharing a released version, refusing an
// unknown one, and suppressing.
func testCustomConnectorShare(t *testing.T, db *store.DB) {
	ctx := t.Context()
	now := fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	c := mustCreateCustomConnector(t, db, a.ID, "Acme")
	_, err := db.ShareCustomConnector(ctx, a.ID, c.ID, 1)
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.ReleaseCustomConnector(ctx, a.ID, c.ID, nil)
	mustOK(t, err)
	_, err = db.ReleaseCustomConnector(ctx, a.ID, c.ID, nil)
	mustOK(t, err)

	*now = t0.Add(time.Hour)
	got, err := db.ShareCustomConnector(ctx, a.ID, c.ID, 1)
	mustOK(t, err)
	if got.OEMSharedVersion == nil || *got.OEMSharedVersion != 1 || got.OEMSharedAt == nil || !got.OEMSharedAt.Equal(*now) {
		t.Errorf("shared = %v at %v", got.OEMSharedVersion, got.OEMSharedAt)
	}
	for _, v := range []int{0, 3, -1} {
		_, err = db.ShareCustomConnector(ctx, a.ID, c.ID, v)
		wantCode(t, err, partnerd.ENOTFOUND)
	}
	got, err = db.ShareCustomConnector(ctx, a.ID, c.ID, 2)
	mustOK(t, err)
	if *got.OEMSharedVersion != 2 {
		t.Errorf("shared again = %v", *got.OEMSharedVersion)
	}
	got, err = db.SuppressCustomConnector(ctx, a.ID, c.ID)
	mustOK(t, err)
	if got.OEMSharedVersion != nil || got.OEMSharedAt != nil || len(got.ReleasedVersions) != 2 {
		t.Errorf("suppressed = %+v", got)
	}
	got, err = db.SuppressCustomConnector(ctx, a.ID, c.ID)
	if err != nil || got.OEMSharedVersion != nil {
		t.Errorf("suppress again = %+v, %v", got, err)
	}
	_, err = db.SuppressCustomConnector(ctx, a.ID, c.ID+1000)
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.ShareCustomConnector(ctx, a.ID, c.ID+1000, 1)
	wantCode(t, err, partnerd.ENOTFOUND)
}
