package main

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/partnerd/partnerd/client"
)

// logRecipe is a recipe tree that starts without connections.
var logRecipe = map[string]any{"number": 0, "keyword": "trigger", "provider": "clock", "name": "scheduled_event",
	"block": []any{map[string]any{"number": 1, "keyword": "action", "provider": "logger", "name": "log_message"}}}

// playScenario creates a customer with a folder, a connection, a recipe and
// a lookup table through c, and returns what c then lists of them.
func playScenario(tb testing.TB, c *client.Client) string {
	tb.Helper()
	ctx := context.Background()
	mu := MustCreateCustomer(tb, c, "Acme", "acme").Ref()
	folder, err := c.CreateFolder(ctx, mu, client.CreateFolderParams{Name: "Sales"})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := c.CreateConnection(ctx, mu, client.CreateConnectionParams{Provider: "salesforce", Name: "CRM", FolderID: folder.ID}); err != nil {
		tb.Fatal(err)
	}
	if _, err := c.CreateRecipe(ctx, mu, client.RecipeParams{Name: "Sync", Code: logRecipe, FolderID: folder.ID,
		Config: []client.RecipeConfig{{Provider: "clock"}, {Provider: "logger"}}}); err != nil {
		tb.Fatal(err)
	}
	if _, err := c.CreateLookupTable(ctx, mu, client.CreateLookupTableParams{Name: "Codes", Schema: []client.LookupColumn{{Label: "code", Type: "string"}}}); err != nil {
		tb.Fatal(err)
	}
	customers, err := c.Customers(ctx, client.ListOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	folders, _ := c.Folders(ctx, mu, client.FolderListOptions{})
	connections, _ := c.Connections(ctx, mu, client.ConnectionListOptions{})
	recipes, _ := c.Recipes(ctx, mu, client.RecipeListOptions{})
	tables, _ := c.LookupTables(ctx, mu, client.ListOptions{})
	return fmt.Sprint(idsOf(customers), idsOf(folders), idsOf(connections), idsOf(recipes), idsOf(tables))
}

// idsOf returns the ids of a list of objects with an ID field.
func idsOf[T any](list []T) []int64 {
	ids := []int64{}
	for _, v := range list {
		ids = append(ids, reflect.ValueOf(v).FieldByName("ID").Int())
	}
	return ids
}

// TestTestHelperAccounts is the proof of isolated accounts: two accounts
// created through the helper run the same scenario at once, under the same
// names and external ids, and each sees its own objects only.
func TestTestHelperAccounts(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	m := MustRunMain(t, tempDB(t), nil)
	admin := newClient(m, bootstrapToken)
	var clients []*client.Client
	for _, name := range []string{"ci-job-1", "ci-job-2"} {
		a, err := admin.TestCreateAccount(ctx, client.TestAccountParams{Name: name, Email: name + "@partner.test"})
		if err != nil {
			t.Fatal(err)
		}
		clients = append(clients, newClient(m, a.Token))
		legacy := client.New(m.URL(), client.WithLegacyKey(name+"@partner.test", a.APIKey))
		if _, err := legacy.Customers(ctx, client.ListOptions{}); err != nil {
			t.Errorf("the legacy key of %s: %v", name, err)
		}
	}
	if _, err := admin.TestCreateAccount(ctx, client.TestAccountParams{Name: "again", Email: "CI-JOB-1@partner.test"}); apiError(t, err).StatusCode != 400 {
		t.Errorf("a taken email: %v", err)
	}
	seen := make([]string, 2)
	var wg sync.WaitGroup
	for i, c := range clients {
		wg.Go(func() { seen[i] = playScenario(t, c) })
	}
	wg.Wait()
	if seen[0] == seen[1] || strings.Count(seen[0], " ") != strings.Count(seen[1], " ") {
		t.Errorf("the accounts see %s and %s", seen[0], seen[1])
	}
	for i, c := range clients {
		customers, err := c.Customers(ctx, client.ListOptions{})
		if err != nil || len(customers) != 1 {
			t.Fatalf("account %d: customers %+v, %v", i, customers, err)
		}
		other := clients[1-i]
		if _, err := other.Customer(ctx, customers[0].Ref()); !client.IsNotFound(err) {
			t.Errorf("account %d reads the other's customer: %v", 1-i, err)
		}
	}
	if own, _ := admin.Customers(ctx, client.ListOptions{}); len(own) != 0 {
		t.Errorf("the first account sees %+v", own)
	}
}

// accountState reads what a client shows of its account, ids included.
func accountState(tb testing.TB, c *client.Client, mu client.WorkspaceRef) string {
	tb.Helper()
	ctx := context.Background()
	var parts []any
	add := func(v any, err error) {
		if err != nil && !client.IsNotFound(err) {
			tb.Fatal(err)
		}
		parts = append(parts, v, client.IsNotFound(err))
	}
	add(c.Customers(ctx, client.ListOptions{}))
	add(c.Customer(ctx, mu))
	add(c.Folders(ctx, mu, client.FolderListOptions{}))
	add(c.Projects(ctx, mu, client.ListOptions{}))
	add(c.Connections(ctx, mu, client.ConnectionListOptions{}))
	add(c.Recipes(ctx, mu, client.RecipeListOptions{}))
	add(c.LookupTables(ctx, mu, client.ListOptions{}))
	add(c.Members(ctx, mu))
	add(c.Roles(ctx, mu, client.RoleListOptions{}))
	add(c.Properties(ctx, mu, ""))
	list, _, err := c.DevAPIClients(ctx, client.ListOptions{})
	add(list, err)
	add(c.CustomConnectors(ctx, client.CustomConnectorListOptions{}))
	b, _ := json.Marshal(parts)
	return string(b)
}

// TestTestHelperSnapshot is the proof of snapshots: snapshot, change 20
// objects, restore, and every GET answers as before, ids included, while
// another account's changes stay.
func TestTestHelperSnapshot(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	m := MustRunMain(t, tempDB(t), nil)
	c := newClient(m, bootstrapToken)
	other, err := c.TestCreateAccount(ctx, client.TestAccountParams{Name: "Other", Email: "other@partner.test"})
	if err != nil {
		t.Fatal(err)
	}
	oc := newClient(m, other.Token)
	ocu := MustCreateCustomer(t, oc, "Theirs", "theirs").Ref()
	playScenario(t, c)
	mu := client.ExternalID("acme")
	before := accountState(t, c, mu)
	snapshot, err := c.TestSnapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}

	recipes, _ := c.Recipes(ctx, mu, client.RecipeListOptions{})
	connections, _ := c.Connections(ctx, mu, client.ConnectionListOptions{})
	changes := []func() error{
		func() error {
			_, err := c.UpdateCustomer(ctx, mu, client.UpdateCustomerParams{Name: client.Ptr("Renamed")})
			return err
		},
		func() error { _, err := c.CreateFolder(ctx, mu, client.CreateFolderParams{Name: "New"}); return err },
		func() error { return c.StartRecipe(ctx, mu, recipes[0].ID) },
		func() error {
			_, err := c.TestRecordJobs(ctx, recipes[0].ID, client.TestJobsParams{Status: "succeeded", TaskCount: 3})
			return err
		},
		func() error { _, err := c.CopyRecipe(ctx, mu, recipes[0].ID, 0); return err },
		func() error {
			_, err := c.CreateRecipe(ctx, mu, client.RecipeParams{Name: "Second", Code: logRecipe})
			return err
		},
		func() error { _, err := c.TestAuthorizeConnection(ctx, connections[0].ID, "success", ""); return err },
		func() error {
			_, err := c.CreateConnection(ctx, mu, client.CreateConnectionParams{Provider: "jira", Name: "Tickets"})
			return err
		},
		func() error { return c.UpsertProperties(ctx, mu, map[string]string{"region": "eu"}) },
		func() error {
			_, err := c.CreateMember(ctx, mu, client.CreateMemberParams{Name: "Jo", RoleName: "Analyst"})
			return err
		},
		func() error {
			_, err := c.TestCreateRole(ctx, mu, client.TestRoleParams{Name: "Auditor", Privileges: map[string][]string{"Recipes": {"read"}}})
			return err
		},
		func() error {
			_, err := c.CreateLookupTable(ctx, mu, client.CreateLookupTableParams{Name: "More", Schema: []client.LookupColumn{{Label: "k", Type: "string"}}})
			return err
		},
		func() error {
			_, err := c.CreateCustomConnector(ctx, client.CreateCustomConnectorParams{Title: "Mine", Code: "{}"})
			return err
		},
		func() error {
			_, err := c.CreateDevAPIClient(ctx, client.CreateDevAPIClientParams{Name: "Later", APIPrivilegeGroupID: 1, AllFolders: true})
			return err
		},
		func() error { _, err := c.CopyDevAPIClientRole(ctx, 1, "Operator"); return err },
		func() error {
			_, err := c.CreateCustomer(ctx, client.CreateCustomerParams{Name: "Later", NotificationEmail: "ops@later.test"})
			return err
		},
		func() error { return c.StopRecipe(ctx, mu, recipes[0].ID) },
		func() error { return c.DeleteRecipe(ctx, mu, recipes[0].ID) },
		func() error { return c.DeleteConnection(ctx, mu, connections[0].ID) },
		func() error { return c.DeleteCustomer(ctx, mu) },
	}
	for i, change := range changes {
		if err := change(); err != nil {
			t.Fatalf("change %d: %v", i, err)
		}
	}
	if _, err := oc.UpdateCustomer(ctx, ocu, client.UpdateCustomerParams{Name: client.Ptr("Theirs renamed")}); err != nil {
		t.Fatal(err)
	}
	if accountState(t, c, mu) == before {
		t.Fatal("20 changes changed nothing")
	}

	start := time.Now()
	if err := c.TestRestore(ctx, snapshot); err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	if after := accountState(t, c, mu); after != before {
		t.Errorf("after restore:\n got %s\nwant %s", after, before)
	}
	// A figure, not a race: only a restore that waits on something, such as
	// a lock or a timeout, runs for seconds.
	t.Logf("a restore of a small account took %v", took)
	if took > 10*time.Second {
		t.Errorf("a restore of a small account took %v", took)
	}
	theirs, err := oc.Customer(ctx, ocu)
	if err != nil || theirs.Name != "Theirs renamed" {
		t.Errorf("the other account after restore: %+v, %v", theirs, err)
	}
	if err := oc.TestRestore(ctx, snapshot); !client.IsNotFound(err) {
		t.Errorf("another account restores the snapshot: %v, want not found", err)
	}
	if err := c.TestReset(ctx); err != nil {
		t.Fatal(err)
	}
	if list, _ := c.Customers(ctx, client.ListOptions{}); len(list) != 0 {
		t.Errorf("customers after reset: %+v", list)
	}
}

// TestTestHelperFaults is the proof of fault rules: a 503 on the start of
// recipes of customer workspaces fails exactly those calls until the rules
// are cleared, and a rule without status delays its route, and only it, by
// its delay.
func TestTestHelperFaults(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	m := MustRunMain(t, tempDB(t), nil)
	c := newClient(m, bootstrapToken)
	playScenario(t, c)
	mu := client.ExternalID("acme")
	recipes, err := c.Recipes(ctx, mu, client.RecipeListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	id := recipes[0].ID
	rules, err := c.TestSetFaults(ctx, []client.Fault{{Method: "PUT", PathPattern: "/api/managed_users/*/recipes/*/start", Status: 503}})
	if err != nil || len(rules) != 1 || *rules[0].Probability != 1 || rules[0].Body != nil {
		t.Fatalf("rules = %+v, %v", rules, err)
	}
	for range 3 {
		if err := c.StartRecipe(ctx, mu, id); apiError(t, err).StatusCode != 503 {
			t.Errorf("start under the rule: %v, want 503", err)
		}
	}
	if err := c.StartRecipe(ctx, client.ID(recipes[0].UserID), id); apiError(t, err).StatusCode != 503 {
		t.Errorf("start by id under the rule: %v, want 503", err)
	}
	if _, err := c.Recipe(ctx, mu, id); err != nil {
		t.Errorf("get under the rule: %v", err)
	}
	if err := c.StopRecipe(ctx, mu, id); err != nil {
		t.Errorf("stop under the rule: %v", err)
	}
	if _, err := c.TestRequests(ctx); err != nil {
		t.Errorf("the test helpers under the rule: %v", err)
	}
	if _, err := c.TestSetFaults(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.StartRecipe(ctx, mu, id); err != nil {
		t.Errorf("start after the rules are cleared: %v", err)
	}

	if _, err := c.TestSetFaults(ctx, []client.Fault{{Method: "GET", PathPattern: "/api/managed_users/*", DelayMS: 500}}); err != nil {
		t.Fatal(err)
	}
	// A late answer is load; one before the delay, or ten times after, is not.
	start := time.Now()
	cu, err := c.Customer(ctx, mu)
	if took := time.Since(start); err != nil || cu.ExternalID == nil || took < 500*time.Millisecond || took > 5*time.Second {
		t.Errorf("a delayed get: %v after %v, want the customer after 500ms", err, took)
	}
	// Under a rule of a minute, a list the rule wrongly matched would not
	// answer within 10 s.
	if _, err := c.TestSetFaults(ctx, []client.Fault{{Method: "GET", PathPattern: "/api/managed_users/*", DelayMS: 60_000}}); err != nil {
		t.Fatal(err)
	}
	listCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	start = time.Now()
	if _, err := c.Customers(listCtx, client.ListOptions{}); err != nil {
		t.Errorf("a list beside the delayed route: %v after %v", err, time.Since(start))
	}
}

// TestTestHelperJournal checks the journal through the client: newest
// first, within --journal-size, secrets redacted, each account its own.
func TestTestHelperJournal(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	m := MustRunMain(t, tempDB(t), func(m *Main) { m.Config.JournalSize = 20 })
	c := newClient(m, bootstrapToken)
	cu := MustCreateCustomer(t, c, "Acme", "acme")
	mu := cu.Ref()
	if _, err := c.CreateConnection(ctx, mu, client.CreateConnectionParams{Provider: "salesforce", Name: "CRM",
		Input: map[string]any{"user": "jo", "password": "hunter2"}}); err != nil {
		t.Fatal(err)
	}
	list, err := c.TestRequests(ctx)
	if err != nil || len(list) != 2 || list[0].Method != "POST" || list[0].Path != fmt.Sprintf("/api/managed_users/%d/connections", cu.ID) ||
		list[0].Status != 200 || list[0].Body == nil || strings.Contains(*list[0].Body, "hunter2") ||
		!strings.Contains(*list[0].Body, `"input":"[REDACTED]"`) || list[0].Time.IsZero() {
		t.Fatalf("journal = %+v, %v", list, err)
	}
	for i := range 300 {
		if _, err := c.Folders(ctx, mu, client.FolderListOptions{Page: i + 1}); err != nil {
			t.Fatal(err)
		}
	}
	list, err = c.TestRequests(ctx)
	if err != nil || len(list) != 20 || !strings.HasSuffix(list[0].Path, "page=300") || !strings.HasSuffix(list[19].Path, "page=281") {
		t.Errorf("journal of 20 after 300 requests: %d entries, newest %+v, %v", len(list), list[0], err)
	}
	other, err := c.TestCreateAccount(ctx, client.TestAccountParams{Name: "Other", Email: "other@partner.test"})
	if err != nil {
		t.Fatal(err)
	}
	if list, err := newClient(m, other.Token).TestRequests(ctx); err != nil || len(list) != 0 {
		t.Errorf("a new account's journal: %+v, %v", list, err)
	}
}
