package main

import (
	"slices"
	"testing"

	"github.com/partnerd/partnerd/client"
)

// connectorNames returns the provider ids of a list of connectors.
func connectorNames(list []client.Connector) []string {
	names := make([]string, len(list))
	for i, c := range list {
		names[i] = c.Name
	}
	return names
}

// TestConnectors is the proof of the catalogue and custom connectors: look
// connectors up, page the catalogue, write, release and share a custom
// connector, see it from a customer workspace and not from another account.
func TestConnectors(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db := tempDB(t)
	tokenA, _ := MustCreateAccount(t, db, "Alpha", "a@partner.test")
	tokenB, _ := MustCreateAccount(t, db, "Beta", "b@partner.test")
	m := MustRunMain(t, db, nil)
	a, b := newClient(m, tokenA), newClient(m, tokenB)

	found, err := a.ConnectorsByName(ctx, "salesforce", "oracle", "nothing")
	if err != nil || !slices.Equal(connectorNames(found), []string{"oracle", "salesforce"}) {
		t.Fatalf("connectors by name = %v, %v", connectorNames(found), err)
	}
	if sf := found[1]; sf.Title != "Salesforce" || !sf.OAuth || !sf.RequiresConnection || len(sf.Triggers) == 0 || len(sf.Actions) == 0 {
		t.Errorf("salesforce = %+v", sf)
	}
	all, err := a.ConnectorsByName(ctx)
	if err != nil || len(all) < 30 {
		t.Fatalf("every connector = %d, %v", len(all), err)
	}
	var paged []string
	for co, err := range a.AllConnectors(ctx, 7) {
		if err != nil {
			t.Fatal(err)
		}
		paged = append(paged, co.Name)
	}
	if !slices.Equal(paged, connectorNames(all)) {
		t.Errorf("paged catalogue = %v\nwant %v", paged, connectorNames(all))
	}
	if page, count, err := a.Connectors(ctx, client.ListOptions{Page: 2, PerPage: 5}); err != nil || count != len(all) || len(page) != 5 || page[0].Name != all[5].Name {
		t.Errorf("page 2 = %v of %d, %v", connectorNames(page), count, err)
	}

	created, err := a.CreateCustomConnector(ctx, client.CreateCustomConnectorParams{
		Title: "Acme CRM", Code: "{ title: 'Acme CRM' }", Description: "Our CRM", Note: "first cut"})
	if err != nil {
		t.Fatal(err)
	}
	if created.Name != "acme_crm" || created.Code != "{ title: 'Acme CRM' }" || created.LatestReleasedVersion != nil || len(created.ReleasedVersions) != 0 {
		t.Errorf("created = %+v", created)
	}
	if _, err := a.CreateCustomConnector(ctx, client.CreateCustomConnectorParams{Title: "ACME crm", Code: "{}"}); apiError(t, err).Errors["name"] == nil {
		t.Errorf("a taken name: %v", err)
	}
	updated, err := a.UpdateCustomConnector(ctx, created.ID, client.UpdateCustomConnectorParams{
		Code: client.Ptr("{ title: 'Acme CRM 2' }"), Clear: []string{"description"}})
	if err != nil || updated.Code != "{ title: 'Acme CRM 2' }" || updated.Description != nil || updated.Title != "Acme CRM" {
		t.Errorf("updated = %+v, %v", updated, err)
	}
	if code, err := a.CustomConnectorCode(ctx, created.ID); err != nil || code != "{ title: 'Acme CRM 2' }" {
		t.Errorf("code = %q, %v", code, err)
	}
	released, err := a.ReleaseCustomConnector(ctx, created.ID, "")
	if err != nil || *released.LatestReleasedVersion != 1 || *released.LatestReleasedVersionNote != "first cut" ||
		len(released.ReleasedVersions) != 1 || released.ReleasedVersions[0].Code != "{ title: 'Acme CRM 2' }" {
		t.Fatalf("released = %+v, %v", released, err)
	}
	if _, err := a.ShareCustomConnector(ctx, created.ID, 2); !client.IsNotFound(err) {
		t.Errorf("share an unknown version: %v", err)
	}
	shared, err := a.ShareCustomConnector(ctx, created.ID, 1)
	if err != nil || shared.OEMSharedVersion == nil || *shared.OEMSharedVersion != 1 || shared.OEMSharedAt == nil {
		t.Fatalf("shared = %+v, %v", shared, err)
	}
	if list, err := a.CustomConnectors(ctx, client.CustomConnectorListOptions{Title: "crm", OEMShared: client.Ptr(true)}); err != nil ||
		len(list) != 1 || list[0].ID != created.ID || list[0].Code != "" {
		t.Errorf("shared custom connectors = %+v, %v", list, err)
	}

	// A customer workspace sees the shared connector; another account does not.
	MustCreateCustomer(t, a, "Acme", "acme/1")
	mu := client.ExternalID("acme/1")
	roles, _, err := a.CustomerDevAPIClientRoles(ctx, mu, client.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	inside, err := a.CreateCustomerDevAPIClient(ctx, mu, client.CreateDevAPIClientParams{Name: "acme", APIPrivilegeGroupID: roles[0].ID, AllFolders: true})
	if err != nil {
		t.Fatal(err)
	}
	customer := newClient(m, inside.Token.Value)
	if got, err := customer.ConnectorsByName(ctx, "acme_crm"); err != nil || len(got) != 1 || got[0].Title != "Acme CRM" || !got[0].RequiresConnection {
		t.Errorf("the customer's view of the shared connector = %+v, %v", got, err)
	}
	if _, err := customer.CustomConnectors(ctx, client.CustomConnectorListOptions{}); !client.IsForbidden(err) {
		t.Errorf("custom connectors from a customer workspace: %v", err)
	}
	if got, err := b.ConnectorsByName(ctx, "acme_crm"); err != nil || len(got) != 0 {
		t.Errorf("another account's view of the shared connector = %+v, %v", got, err)
	}
	if _, err := b.CustomConnector(ctx, created.ID); !client.IsNotFound(err) {
		t.Errorf("another account gets the custom connector: %v", err)
	}
	if _, err := b.SuppressCustomConnector(ctx, created.ID); !client.IsNotFound(err) {
		t.Errorf("another account suppresses the custom connector: %v", err)
	}

	suppressed, err := a.SuppressCustomConnector(ctx, created.ID)
	if err != nil || suppressed.OEMSharedVersion != nil {
		t.Errorf("suppressed = %+v, %v", suppressed, err)
	}
	if got, err := customer.ConnectorsByName(ctx, "acme_crm"); err != nil || len(got) != 0 {
		t.Errorf("the customer's view after suppress = %+v, %v", got, err)
	}
	got, err := a.CustomConnector(ctx, created.ID)
	if err != nil || got.Code != "{ title: 'Acme CRM 2' }" || len(got.ReleasedVersions) != 1 {
		t.Errorf("get = %+v, %v", got, err)
	}
}
