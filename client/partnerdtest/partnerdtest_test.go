package partnerdtest_test

import (
	"testing"

	"github.com/partnerd/partnerd/client"
	"github.com/partnerd/partnerd/client/partnerdtest"
)

// TestStart uses the server as a partner's test would: the account's
// client creates a customer, a snapshot brings the account back, and
// parallel subtests each work in an account of their own.
func TestStart(t *testing.T) {
	srv := partnerdtest.Start(t, partnerdtest.WithJournalSize(10))
	c := srv.Client()
	ctx := t.Context()
	snapshot, err := c.TestSnapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateCustomer(ctx, client.CreateCustomerParams{Name: "Acme", NotificationEmail: "ops@acme.test", ExternalID: "acme"}); err != nil {
		t.Fatal(err)
	}
	if err := c.TestRestore(ctx, snapshot); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Customer(ctx, client.ExternalID("acme")); !client.IsNotFound(err) {
		t.Errorf("the customer after restore: %v, want not found", err)
	}
	legacy := client.New(srv.URL, client.WithLegacyKey(srv.Email, srv.APIKey))
	if _, err := legacy.Customers(ctx, client.ListOptions{}); err != nil {
		t.Errorf("the legacy key: %v", err)
	}
	requests, err := c.TestRequests(ctx)
	if err != nil || len(requests) != 5 || requests[0].AccountID != srv.AccountID {
		t.Errorf("journal = %+v, %v", requests, err)
	}

	for _, name := range []string{"one", "two", "three"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, account := srv.NewAccount(t)
			cu, err := c.CreateCustomer(t.Context(), client.CreateCustomerParams{Name: "Acme", NotificationEmail: "ops@acme.test", ExternalID: "acme"})
			if err != nil {
				t.Fatal(err)
			}
			list, err := c.Customers(t.Context(), client.ListOptions{})
			if err != nil || len(list) != 1 || list[0].ID != cu.ID || account.ID == srv.AccountID {
				t.Errorf("customers of account %d = %+v, %v", account.ID, list, err)
			}
		})
	}
}
