package storetest

import (
	"slices"
	"strings"
	"testing"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// connectorNames returns the names of a catalogue.
func connectorNames(list []*partnerd.Connector) []string {
	names := make([]string, len(list))
	for i, c := range list {
		names[i] = c.Name
	}
	return names
}

// testConnectorCatalog checks that an account without custom connectors
// sees the shipped catalogue, and that unknown names are not found.
func testConnectorCatalog(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	list, err := db.FindConnectors(ctx, a.ID)
	mustOK(t, err)
	if !slices.Equal(connectorNames(list), connectorNames(partnerd.Catalog())) {
		t.Errorf("catalogue = %v, want the shipped one", connectorNames(list))
	}
	c, err := db.FindConnector(ctx, a.ID, "oracle")
	mustOK(t, err)
	if c.Title != "Oracle" || !c.RequiresConnection || len(c.InputFields) == 0 {
		t.Errorf("oracle = %+v", c)
	}
	for _, name := range []string{"", "nothing", "Oracle", "oracle "} {
		_, err := db.FindConnector(ctx, a.ID, name)
		wantCode(t, err, partnerd.ENOTFOUND)
	}
}

// testConnectorShared checks that a custom connector is in its admin
// workspace's catalogue from its creation, and joins the catalogue of the
// account's customers while a version is shared, and only then.
func testConnectorShared(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	cu := MustCreateCustomer(t, db, a.ID, "A1")
	c := &partnerd.CustomConnector{Title: "Acme CRM", Description: ptr("Our CRM"), Code: acmeCode}
	mustOK(t, db.CreateCustomConnector(ctx, a.ID, c))
	own, err := db.FindConnectors(ctx, a.ID)
	mustOK(t, err)
	if !slices.Contains(connectorNames(own), "acme_crm") {
		t.Errorf("the admin workspace's catalogue lacks its own connector: %v", connectorNames(own))
	}
	_, err = db.FindConnector(ctx, a.ID, "acme_crm")
	mustOK(t, err)
	_, err = db.ReleaseCustomConnector(ctx, a.ID, c.ID, nil)
	mustOK(t, err)
	_, err = db.FindConnector(ctx, cu.ID, "acme_crm")
	wantCode(t, err, partnerd.ENOTFOUND)

	_, err = db.ShareCustomConnector(ctx, a.ID, c.ID, 1)
	mustOK(t, err)
	list, err := db.FindConnectors(ctx, cu.ID)
	mustOK(t, err)
	names := connectorNames(list)
	if len(names) != len(partnerd.Catalog())+1 || !slices.Contains(names, "acme_crm") || !slices.IsSorted(names) {
		t.Errorf("catalogue with a shared connector = %v", names)
	}
	got, err := db.FindConnector(ctx, cu.ID, "acme_crm")
	mustOK(t, err)
	if got.Title != "Acme CRM" || *got.Description != "Our CRM" || !got.RequiresConnection ||
		got.Triggers == nil || len(got.Triggers)+len(got.Actions)+len(got.InputFields) != 0 {
		t.Errorf("shared connector = %+v", got)
	}

	_, err = db.SuppressCustomConnector(ctx, a.ID, c.ID)
	mustOK(t, err)
	_, err = db.FindConnector(ctx, cu.ID, "acme_crm")
	wantCode(t, err, partnerd.ENOTFOUND)
	list, err = db.FindConnectors(ctx, cu.ID)
	mustOK(t, err)
	if slices.Contains(connectorNames(list), "acme_crm") {
		t.Error("a suppressed connector is still in the catalogue")
	}
}

// testCustomConnectorCrossTenant checks that no account reaches another's
// custom connectors, nor sees them in its catalogue.
func testCustomConnectorCrossTenant(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	customer := MustCreateCustomer(t, db, a.ID, "A1")
	c := mustCreateCustomConnector(t, db, a.ID, "Acme CRM")
	_, err := db.ReleaseCustomConnector(ctx, a.ID, c.ID, nil)
	mustOK(t, err)
	_, err = db.ShareCustomConnector(ctx, a.ID, c.ID, 1)
	mustOK(t, err)

	for _, other := range []int64{b.ID, customer.ID} {
		_, err := db.FindCustomConnectorByID(ctx, other, c.ID)
		wantCode(t, err, partnerd.ENOTFOUND)
		_, err = db.UpdateCustomConnector(ctx, other, c.ID, func(c *partnerd.CustomConnector) error { c.Title = "Stolen"; return nil })
		wantCode(t, err, partnerd.ENOTFOUND)
		_, err = db.ReleaseCustomConnector(ctx, other, c.ID, nil)
		wantCode(t, err, partnerd.ENOTFOUND)
		_, err = db.ShareCustomConnector(ctx, other, c.ID, 1)
		wantCode(t, err, partnerd.ENOTFOUND)
		_, err = db.SuppressCustomConnector(ctx, other, c.ID)
		wantCode(t, err, partnerd.ENOTFOUND)
		if list, err := db.FindCustomConnectors(ctx, other, partnerd.CustomConnectorFilter{}); err != nil || len(list) != 0 {
			t.Errorf("custom connectors of %d = %d, %v; want none", other, len(list), err)
		}
	}
	// B and its customers never see A's connector in their catalogue.
	bCustomer := MustCreateCustomer(t, db, b.ID, "B1")
	for _, other := range []int64{b.ID, bCustomer.ID} {
		_, err = db.FindConnector(ctx, other, "acme_crm")
		wantCode(t, err, partnerd.ENOTFOUND)
		list, err := db.FindConnectors(ctx, other)
		mustOK(t, err)
		if slices.Contains(connectorNames(list), "acme_crm") {
			t.Errorf("the catalogue of %d holds A's custom connector", other)
		}
	}
	// The name is A's only: B may take it, and each sees its own.
	theirs := mustCreateCustomConnector(t, db, b.ID, "Acme CRM")
	if theirs.Name != "acme_crm" || theirs.ID == c.ID {
		t.Errorf("B's connector = %+v", theirs)
	}
	got, err := db.FindCustomConnectorByID(ctx, a.ID, c.ID)
	mustOK(t, err)
	if got.Title != "Acme CRM" || *got.OEMSharedVersion != 1 || len(got.ReleasedVersions) != 1 || !strings.Contains(got.Code, "Acme") {
		t.Errorf("A's connector after B's attempts = %+v", got)
	}
}
