package main

import (
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/partnerd/partnerd/client"
	"github.com/partnerd/partnerd/store/storetest"
)

// TestOnPremReplicas runs two replicas on one PostgreSQL database: an agent
// connected to one is active on both, its certificate works on the other
// (they share the CA), and deleting it through one replica ends its
// connection to the other.
func TestOnPremReplicas(t *testing.T) {
	dsn, ok := storetest.PostgresURL(t)
	if !ok {
		t.Skip(storetest.PostgresEnv + " is not set")
	}
	var one, two *Main
	var wg sync.WaitGroup
	wg.Add(2)
	for _, m := range []**Main{&one, &two} {
		go func() {
			defer wg.Done()
			*m = MustRunMain(t, dsn, nil)
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	ctx := t.Context()
	a, b := newClient(one, bootstrapToken), newClient(two, bootstrapToken)
	MustCreateCustomer(t, a, "Replicated", "rep")
	mu := client.ExternalID("rep")
	group, err := a.CreateOnPremGroup(ctx, mu, "Group")
	if err != nil {
		t.Fatal(err)
	}
	agent, err := a.CreateOnPremAgent(ctx, mu, client.CreateOnPremAgentParams{Name: "Agent", OS: "linux", OnPremGroupID: group.ID})
	if err != nil {
		t.Fatal(err)
	}
	code, err := b.OnPremActivationCode(ctx, mu, agent.ID)
	if err != nil {
		t.Fatal(err)
	}
	activeOn := func(c *client.Client, want bool) func() bool {
		return func() bool {
			active, err := c.OnPremAgentActive(ctx, mu, agent.ID)
			return err == nil && active == want
		}
	}

	state := filepath.Join(t.TempDir(), "state")
	proc := startAgent(t, "--server", one.AgentURL(), "--code", code.Code, "--state-dir", state)
	eventually(t, "active on the other replica", 15*time.Second, activeOn(b, true))
	if err := proc.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	eventually(t, "inactive on the other replica", 15*time.Second, activeOn(b, false))

	moved := startAgent(t, "--server", two.AgentURL(), "--state-dir", state)
	eventually(t, "connected to the second replica", 15*time.Second, activeOn(a, true))
	if err := a.DeleteOnPremAgent(ctx, mu, agent.ID); err != nil {
		t.Fatal(err)
	}
	if err := moved.wait(t, 15*time.Second); err == nil || !strings.Contains(moved.output.String(), "deleted") {
		t.Errorf("the agent deleted through the other replica: %v\n%s", err, moved.output)
	}
}
