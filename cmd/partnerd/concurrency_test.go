package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/partnerd/partnerd/client"
	"github.com/partnerd/partnerd/store/storetest"
)

const (
	// contenders is how many clients update the same objects at once.
	contenders = 64
	// contendedRounds is how many times each of them updates each object.
	contendedRounds = 2
	// contendedProperties is how many properties every upsert sets.
	contendedProperties = 10
)

// TestConcurrentUpdates has 64 clients update the same objects at once,
// on SQLite and on PostgreSQL: none gets a 5xx or any other refusal, the
// server logs neither "database is locked" nor a deadlock, every read
// and the final state hold one writer's values whole, and no recipe
// version is lost.
func TestConcurrentUpdates(t *testing.T) {
	t.Parallel()
	t.Run("sqlite", func(t *testing.T) { testConcurrentUpdates(t, tempDB(t)) })
	t.Run("postgres", func(t *testing.T) {
		dsn, ok := storetest.PostgresURL(t)
		if !ok {
			t.Skip(storetest.PostgresEnv + " is not set")
		}
		testConcurrentUpdates(t, dsn)
	})
}

// contended holds the objects that every writer updates.
type contended struct {
	mu                          client.WorkspaceRef
	customer, folder            int64
	connection, recipe          int64
	table, row                  int64
	recipeVersion               int
	propertyNames               []string
	problems                    sync.Mutex
	failures, consistencyErrors []string
}

func testConcurrentUpdates(t *testing.T, db string) {
	logged := &syncBuffer{}
	m := MustRunMain(t, db, func(m *Main) { m.Logger = slog.New(slog.NewTextHandler(logged, nil)) })
	hc := newHTTPClient(contenders)
	// Connections dialled but never used would hold the shutdown up.
	t.Cleanup(hc.CloseIdleConnections)
	c := client.New(m.URL(), client.WithToken(bootstrapToken), client.WithHTTPClient(hc))
	o := setUpContended(t, c)

	start := make(chan struct{})
	var wg sync.WaitGroup
	for writer := range contenders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			wc := client.New(m.URL(), client.WithToken(bootstrapToken), client.WithHTTPClient(hc))
			<-start
			for round := range contendedRounds {
				o.update(wc, fmt.Sprintf("w%d-%d", writer, round))
			}
		}()
	}
	close(start)
	wg.Wait()
	o.check(c, "the final state")
	for _, f := range append(o.failures, o.consistencyErrors...) {
		t.Error(f)
	}
	for _, line := range strings.Split(logged.String(), "\n") {
		if strings.Contains(line, "level=ERROR") || strings.Contains(line, "database is locked") || strings.Contains(line, "deadlock") {
			t.Errorf("server log: %s", line)
		}
	}
	r, err := c.Recipe(t.Context(), o.mu, o.recipe)
	if err != nil {
		t.Fatal(err)
	}
	if want := o.recipeVersion + contenders*contendedRounds; r.VersionNo != want {
		t.Errorf("recipe version %d after %d updates of code, want %d", r.VersionNo, contenders*contendedRounds, want)
	}
}

// setUpContended creates a customer and, in it, a folder, a connection,
// a recipe, a lookup row and ten properties, all marked "start".
func setUpContended(t *testing.T, c *client.Client) *contended {
	t.Helper()
	ctx := t.Context()
	cu, err := c.CreateCustomer(ctx, client.CreateCustomerParams{Name: "Customer start",
		NotificationEmail: "start@contended.test", ExternalID: "contended"})
	if err != nil {
		t.Fatal(err)
	}
	o := &contended{mu: cu.Ref(), customer: cu.ID}
	folder, err := c.CreateFolder(ctx, o.mu, client.CreateFolderParams{Name: "Folder start"})
	if err != nil {
		t.Fatal(err)
	}
	conn, err := c.CreateConnection(ctx, o.mu, client.CreateConnectionParams{Provider: "salesforce", Name: "Connection start", ExternalID: "start"})
	if err != nil {
		t.Fatal(err)
	}
	recipe, err := c.CreateRecipe(ctx, o.mu, client.RecipeParams{Name: "Recipe start", Code: taggedRecipe("start"),
		Config: []client.RecipeConfig{{Provider: "clock"}, {Provider: "logger"}}})
	if err != nil {
		t.Fatal(err)
	}
	table, err := c.CreateLookupTable(ctx, o.mu, client.CreateLookupTableParams{Name: "Contended",
		Schema: []client.LookupColumn{{Label: "a", Type: "string"}, {Label: "b", Type: "string"}, {Label: "c", Type: "string"}}})
	if err != nil {
		t.Fatal(err)
	}
	row, err := c.AddLookupRow(ctx, o.mu, table.ID, client.LookupRowData{"a": "start", "b": "start", "c": "start"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range contendedProperties {
		o.propertyNames = append(o.propertyNames, fmt.Sprintf("contended.p%d", i))
	}
	if err := c.UpsertProperties(ctx, o.mu, o.properties("start")); err != nil {
		t.Fatal(err)
	}
	r, err := c.Recipe(ctx, o.mu, recipe)
	if err != nil {
		t.Fatal(err)
	}
	o.folder, o.connection, o.recipe, o.table, o.row, o.recipeVersion = folder.ID, conn.ID, recipe, table.ID, row.ID, r.VersionNo
	o.check(c, "the start")
	return o
}

// taggedRecipe is a recipe tree whose log step writes tag.
func taggedRecipe(tag string) map[string]any {
	return map[string]any{"number": 0, "keyword": "trigger", "provider": "clock", "name": "scheduled_event",
		"block": []any{map[string]any{"number": 1, "keyword": "action", "provider": "logger", "name": "log_message",
			"input": map[string]any{"message": tag}}}}
}

// recipeTag returns the tag of a recipe tree made by taggedRecipe.
func recipeTag(code string) string {
	var tree struct {
		Block []struct {
			Input struct {
				Message string `json:"message"`
			} `json:"input"`
		} `json:"block"`
	}
	if json.Unmarshal([]byte(code), &tree) != nil || len(tree.Block) != 1 {
		return "unreadable code " + code
	}
	return tree.Block[0].Input.Message
}

// properties returns every contended property set to tag.
func (o *contended) properties(tag string) map[string]string {
	props := map[string]string{}
	for _, name := range o.propertyNames {
		props[name] = tag
	}
	return props
}

// update makes one writer's updates of every object, all marked tag, and
// checks what the answers and a read of each object show.
func (o *contended) update(c *client.Client, tag string) {
	ctx := context.Background()
	cu, err := c.UpdateCustomer(ctx, client.ID(o.customer), client.UpdateCustomerParams{
		Name: client.Ptr("Customer " + tag), NotificationEmail: client.Ptr(tag + "@contended.test")})
	if o.ok(tag, "update the customer", err) {
		o.same("the customer answered", cu.Name, "Customer ", cu.NotificationEmail, "@contended.test")
	}
	err = c.UpdateRecipe(ctx, o.mu, o.recipe, client.RecipeParams{Name: "Recipe " + tag, Code: taggedRecipe(tag)})
	o.ok(tag, "update the recipe", err)
	row, err := c.UpdateLookupRow(ctx, o.mu, o.table, o.row, client.LookupRowData{"a": tag, "b": tag, "c": tag})
	if o.ok(tag, "update the lookup row", err) {
		o.sameCells("the row answered", row)
	}
	err = c.UpsertProperties(ctx, o.mu, o.properties(tag))
	o.ok(tag, "upsert the properties", err)
	folder, err := c.UpdateFolder(ctx, o.mu, o.folder, client.UpdateFolderParams{Name: client.Ptr("Folder " + tag)})
	if o.ok(tag, "rename the folder", err) && !strings.HasPrefix(folder.Name, "Folder ") {
		o.inconsistent("the folder answered the name %q", folder.Name)
	}
	conn, err := c.UpdateConnection(ctx, o.mu, o.connection, client.UpdateConnectionParams{
		Name: client.Ptr("Connection " + tag), ExternalID: client.Ptr(tag)})
	if o.ok(tag, "update the connection", err) {
		o.same("the connection answered", conn.Name, "Connection ", deref(conn.ExternalID), "")
	}
	o.check(c, "a read by "+tag)
}

// check reads every object through c and checks each holds one writer's
// values whole.
func (o *contended) check(c *client.Client, when string) {
	ctx := context.Background()
	if cu, err := c.Customer(ctx, client.ID(o.customer)); o.ok(when, "read the customer", err) {
		o.same(when+": the customer", cu.Name, "Customer ", cu.NotificationEmail, "@contended.test")
	}
	if r, err := c.Recipe(ctx, o.mu, o.recipe); o.ok(when, "read the recipe", err) {
		o.same(when+": the recipe", r.Name, "Recipe ", recipeTag(r.Code), "")
	}
	if row, err := c.LookupRow(ctx, o.mu, o.table, o.row); o.ok(when, "read the lookup row", err) {
		o.sameCells(when+": the row", row)
	}
	if props, err := c.Properties(ctx, o.mu, "contended."); o.ok(when, "read the properties", err) {
		values := map[string]bool{}
		for _, name := range o.propertyNames {
			values[props[name]] = true
		}
		if len(values) != 1 || len(props) != contendedProperties {
			o.inconsistent("%s: the properties hold a mix: %v", when, props)
		}
	}
	if conns, err := c.Connections(ctx, o.mu, client.ConnectionListOptions{}); o.ok(when, "list the connections", err) {
		for _, conn := range conns {
			if conn.ID == o.connection {
				o.same(when+": the connection", conn.Name, "Connection ", deref(conn.ExternalID), "")
			}
		}
	}
}

// ok records err as a failure and reports whether there was none.
func (o *contended) ok(who, what string, err error) bool {
	if err == nil {
		return true
	}
	kind := "refused"
	if e := (*client.Error)(nil); errors.As(err, &e) && e.StatusCode >= 500 {
		kind = "a server error"
	}
	o.problems.Lock()
	defer o.problems.Unlock()
	o.failures = append(o.failures, fmt.Sprintf("%s: %s: %s: %v", who, what, kind, err))
	return false
}

// same records an inconsistency unless first and second, without their
// affixes, name one tag.
func (o *contended) same(what, first, prefix, second, suffix string) {
	a, okA := strings.CutPrefix(first, prefix)
	b, okB := strings.CutSuffix(second, suffix)
	if !okA || !okB || a != b {
		o.inconsistent("%s holds a mix: %q and %q", what, first, second)
	}
}

// sameCells records an inconsistency unless the row's cells are equal.
func (o *contended) sameCells(what string, row *client.LookupRow) {
	if a := row.Cell("a"); a != row.Cell("b") || a != row.Cell("c") {
		o.inconsistent("%s holds a mix: %q, %q and %q", what, a, row.Cell("b"), row.Cell("c"))
	}
}

func (o *contended) inconsistent(format string, args ...any) {
	o.problems.Lock()
	defer o.problems.Unlock()
	o.consistencyErrors = append(o.consistencyErrors, fmt.Sprintf(format, args...))
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
