package main

import (
	"fmt"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/partnerd/partnerd/client"
	"github.com/partnerd/partnerd/store/storetest"
)

// TestReplicaProcesses runs two "partnerd serve" processes on one
// PostgreSQL database, with no balancer: the test alternates between them.
// Writes through one are read through the other, a rate limit is counted
// once across both, and an agent process connected to one is active on
// both, then inactive on both once it is killed.
func TestReplicaProcesses(t *testing.T) {
	dsn, ok := storetest.PostgresURL(t)
	if !ok {
		t.Skip(storetest.PostgresEnv + " is not set")
	}
	ctx := t.Context()
	hc := newHTTPClient(4)
	one := startServer(t, dsn, "--rate-limits", "on")
	two := startServer(t, dsn, "--rate-limits", "on")
	a, b := one.client(bootstrapToken, hc), two.client(bootstrapToken, hc)

	created := MustCreateCustomer(t, a, "Replicated", "rep")
	mu := client.ExternalID("rep")
	if got, err := b.Customer(ctx, mu); err != nil || got.ID != created.ID {
		t.Fatalf("the second replica reads %+v, %v", got, err)
	}
	if _, err := b.UpdateCustomer(ctx, mu, client.UpdateCustomerParams{Name: client.Ptr("Renamed")}); err != nil {
		t.Fatal(err)
	}
	if got, err := a.Customer(ctx, mu); err != nil || got.Name != "Renamed" {
		t.Errorf("the first replica reads %+v, %v after a rename on the second", got, err)
	}
	table, err := a.CreateLookupTable(ctx, mu, client.CreateLookupTableParams{Name: "Codes",
		Schema: []client.LookupColumn{{Label: "code", Type: "string"}, {Label: "name", Type: "string"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.AddLookupRow(ctx, mu, table.ID, client.LookupRowData{"code": "42", "name": "Answer"}); err != nil {
		t.Fatal(err)
	}
	if row, err := a.Lookup(ctx, mu, table.ID, map[string]string{"code": "42"}); err != nil || row.Cell("name") != "Answer" {
		t.Errorf("a lookup on the first replica of a row added on the second = %+v, %v", row, err)
	}
	if err := a.UpsertProperties(ctx, mu, map[string]string{"region": "eu"}); err != nil {
		t.Fatal(err)
	}
	if props, err := b.Properties(ctx, mu, ""); err != nil || props["region"] != "eu" {
		t.Errorf("the second replica's properties = %v, %v", props, err)
	}

	testReplicaRateLimit(t, one, two, hc)
	testReplicaPresence(t, one, a, b)
}

// testReplicaRateLimit makes a customer's 60 reads a minute alternately on
// both replicas, and expects the 61st refused by both. Each attempt uses a
// fresh account, whose counts start at zero; an attempt over which the
// minute turned proves nothing and is made again.
func testReplicaRateLimit(t *testing.T, one, two *serverProcess, hc *http.Client) {
	t.Helper()
	ctx := t.Context()
	admin := one.client(bootstrapToken, hc)
	for attempt := 1; attempt <= 3; attempt++ {
		account, err := admin.TestCreateAccount(ctx, client.TestAccountParams{Name: "Limited",
			Email: fmt.Sprintf("limited-%d@partner.test", attempt)})
		if err != nil {
			t.Fatal(err)
		}
		a, b := one.client(account.Token, hc), two.client(account.Token, hc)
		cu := MustCreateCustomer(t, a, "Limited", "") // Another group: creation.
		minute := time.Now().Truncate(time.Minute)
		var refusedEarly error
		for i := range 60 {
			c := a
			if i%2 == 1 {
				c = b
			}
			if _, err := c.Customer(ctx, client.ID(cu.ID)); err != nil {
				refusedEarly = err
				break
			}
		}
		_, errA := a.Customer(ctx, client.ID(cu.ID))
		_, errB := b.Customer(ctx, client.ID(cu.ID))
		if !time.Now().Truncate(time.Minute).Equal(minute) {
			t.Logf("attempt %d: the minute turned during the burst", attempt)
			continue
		}
		if refusedEarly != nil {
			t.Fatalf("within 60 reads across replicas: %v", refusedEarly)
		}
		if !client.IsRateLimited(errA) || !client.IsRateLimited(errB) {
			t.Errorf("after 60 reads across replicas: %v and %v, want 429 from both", errA, errB)
		}
		return
	}
	t.Error("the minute turned during every attempt")
}

// testReplicaPresence connects a real agent process to the first replica
// and sees it active through both, then inactive through both once it is
// killed.
func testReplicaPresence(t *testing.T, one *serverProcess, a, b *client.Client) {
	t.Helper()
	ctx := t.Context()
	mu := client.ExternalID("rep")
	group, err := a.CreateOnPremGroup(ctx, mu, "Group")
	if err != nil {
		t.Fatal(err)
	}
	agent, err := b.CreateOnPremAgent(ctx, mu, client.CreateOnPremAgentParams{Name: "Agent", OS: "linux", OnPremGroupID: group.ID})
	if err != nil {
		t.Fatal(err)
	}
	code, err := a.OnPremActivationCode(ctx, mu, agent.ID)
	if err != nil {
		t.Fatal(err)
	}
	// The polls stay well under the on-prem routes' limit of 1000 a minute.
	awaitActive := func(c *client.Client, want bool, what string) {
		t.Helper()
		for deadline := time.Now().Add(time.Minute); ; time.Sleep(250 * time.Millisecond) {
			active, err := c.OnPremAgentActive(ctx, mu, agent.ID)
			if err == nil && active == want {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: not within a minute: %v, %v", what, active, err)
			}
		}
	}
	proc := startAgent(t, "--server", one.agentURL, "--code", code.Code, "--state-dir", filepath.Join(t.TempDir(), "state"))
	awaitActive(b, true, "active on the second replica")
	awaitActive(a, true, "active on the first replica")
	for _, c := range []*client.Client{a, b} {
		if status, err := c.OnPremGroupStatus(ctx, mu, group.ID); err != nil || status.ActiveAgentCount != 1 {
			t.Errorf("group status = %+v, %v", status, err)
		}
	}
	if err := proc.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	awaitActive(b, false, "inactive on the second replica")
	awaitActive(a, false, "inactive on the first replica")
}
