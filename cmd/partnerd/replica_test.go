package main

import (
	"context"
	"sync"
	"testing"

	"github.com/partnerd/partnerd/client"
	"github.com/partnerd/partnerd/store/storetest"
)

// TestReplicas runs two servers on one PostgreSQL database, as replicas
// behind a load balancer: they migrate at once without harm, see the same
// data, share rate-limit counts and revoke tokens together.
func TestReplicas(t *testing.T) {
	dsn, ok := storetest.PostgresURL(t)
	if !ok {
		t.Skip(storetest.PostgresEnv + " is not set")
	}
	var one, two *Main
	var wg sync.WaitGroup
	wg.Add(2)
	start := func(m **Main) {
		defer wg.Done()
		*m = MustRunMain(t, dsn, func(m *Main) { m.Config.RateLimits = "on" })
	}
	go start(&one)
	go start(&two)
	wg.Wait()
	if t.Failed() {
		return
	}
	ctx := context.Background()
	a, b := newClient(one, bootstrapToken), newClient(two, bootstrapToken)

	created := MustCreateCustomer(t, a, "Replicated", "rep-1")
	got, err := b.Customer(ctx, client.ExternalID("rep-1"))
	if err != nil || got.ID != created.ID {
		t.Fatalf("the second replica reads %+v, %v", got, err)
	}

	// The limit of a customer's routes is 60 a minute, counted across both.
	for i := 0; i < 60; i++ {
		c := a
		if i%2 == 1 {
			c = b
		}
		if _, err := c.Customer(ctx, client.ID(created.ID)); err != nil {
			if client.IsRateLimited(err) {
				t.Skip("the minute turned during the burst; the window is fixed")
			}
			t.Fatalf("request %d: %v", i+1, err)
		}
	}
	_, errA := a.Customer(ctx, client.ID(created.ID))
	_, errB := b.Customer(ctx, client.ID(created.ID))
	if !client.IsRateLimited(errA) || !client.IsRateLimited(errB) {
		t.Errorf("after 60 requests across replicas: %v and %v, want 429 from both", errA, errB)
	}

	// A token regenerated through one replica fails at once on the other.
	dev, err := a.CreateDevAPIClient(ctx, client.CreateDevAPIClientParams{Name: "rotating", AllFolders: true})
	if err != nil {
		t.Fatal(err)
	}
	oldToken := dev.Token.Value
	if _, _, err := newClient(two, oldToken).DevAPIClients(ctx, client.ListOptions{}); err != nil {
		t.Fatalf("the new token on the second replica: %v", err)
	}
	if _, err := newClient(one, oldToken).RegenerateDevAPIClientToken(ctx, dev.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := newClient(two, oldToken).DevAPIClients(ctx, client.ListOptions{}); !client.IsUnauthorized(err) {
		t.Errorf("the old token on the second replica: %v, want 401", err)
	}
}
