package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/partnerd/partnerd/client"
)

const (
	seedFile       = "testdata/seed.yaml"
	seedToken      = "wrkaus-seed-partner-admin-token-0000000000000000"
	seedCIToken    = "wrkaus-seed-partner-ci-token-000000000000000000"
	seedOtherToken = "wrkaus-seed-other-admin-token-00000000000000000"
)

// TestSeed is the proof of serve --seed: the example file's objects are
// there through the API, with the tokens and roles it names.
func TestSeed(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	m := MustRunMain(t, tempDB(t), func(m *Main) { m.Config.Seed = seedFile })
	c := newClient(m, seedToken)

	customers, err := c.Customers(ctx, client.ListOptions{})
	if err != nil || len(customers) != 2 || customers[0].Name != "Acme" || customers[1].Name != "Beta" {
		t.Fatalf("customers = %+v, %v", customers, err)
	}
	mu := client.ExternalID("acme")
	folders, err := c.Folders(ctx, mu, client.FolderListOptions{})
	if err != nil || len(folders) != 1 || folders[0].Name != "Sales" {
		t.Errorf("folders = %+v, %v", folders, err)
	}
	connections, err := c.Connections(ctx, mu, client.ConnectionListOptions{})
	if err != nil || len(connections) != 1 || connections[0].Name != "CRM" || connections[0].FolderID != folders[0].ID {
		t.Errorf("connections = %+v, %v", connections, err)
	}
	recipes, err := c.Recipes(ctx, mu, client.RecipeListOptions{})
	if err != nil || len(recipes) != 1 || recipes[0].Name != "Nightly sync" {
		t.Errorf("recipes = %+v, %v", recipes, err)
	}
	tables, err := c.LookupTables(ctx, mu, client.ListOptions{})
	if err != nil || len(tables) != 1 {
		t.Fatalf("lookup tables = %+v, %v", tables, err)
	}
	rows, err := c.LookupRows(ctx, mu, tables[0].ID, client.LookupRowListOptions{})
	if err != nil || len(rows) != 2 || rows[1].Data["country"] == nil || *rows[1].Data["country"] != "Japan" {
		t.Errorf("rows = %+v, %v", rows, err)
	}
	if props, err := c.Properties(ctx, mu, ""); err != nil || props["plan"] != "gold" {
		t.Errorf("customer properties = %v, %v", props, err)
	}
	if props, err := c.DeveloperProperties(ctx, ""); err != nil || props["region"] != "eu" {
		t.Errorf("account properties = %v, %v", props, err)
	}

	// The CI client holds the role the file gives it.
	ci := newClient(m, seedCIToken)
	if _, err := ci.Customers(ctx, client.ListOptions{}); err != nil {
		t.Errorf("CI lists customers: %v", err)
	}
	_, err = ci.CreateCustomer(ctx, client.CreateCustomerParams{Name: "No", NotificationEmail: "no@example.com"})
	if e := apiError(t, err); e.StatusCode != 403 {
		t.Errorf("CI creates a customer: %v", err)
	}
	// The other account is there, and isolated.
	if list, err := newClient(m, seedOtherToken).Customers(ctx, client.ListOptions{}); err != nil || len(list) != 0 {
		t.Errorf("other account's customers = %+v, %v", list, err)
	}
	// The bootstrap account is not made when a seed is.
	_, err = newClient(m, bootstrapToken).Customers(ctx, client.ListOptions{})
	if e := apiError(t, err); e.StatusCode != 401 {
		t.Errorf("bootstrap token after a seed: %v", err)
	}
}

// TestSeedSkipped checks that a database with an account is not seeded,
// and that the log says so.
func TestSeedSkipped(t *testing.T) {
	t.Parallel()
	db := tempDB(t)
	m := startMain(t, db, nil)
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	m = MustRunMain(t, db, func(m *Main) {
		m.Config.Seed = seedFile
		m.Logger = slog.New(slog.NewTextHandler(&log, nil))
	})
	if !strings.Contains(log.String(), "seed skipped: the database already has an account") {
		t.Errorf("log = %s", log.String())
	}
	if list, err := newClient(m, bootstrapToken).Customers(t.Context(), client.ListOptions{}); err != nil || len(list) != 0 {
		t.Errorf("customers = %+v, %v", list, err)
	}
	_, err := newClient(m, seedToken).Customers(t.Context(), client.ListOptions{})
	if e := apiError(t, err); e.StatusCode != 401 {
		t.Errorf("seed token on a skipped seed: %v", err)
	}
}

// TestSeedBad checks that a seed failing half way leaves no account, and
// that serve exits non-zero naming the file and line.
func TestSeedBad(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	bad := filepath.Join(dir, "bad.yaml")
	seed := `accounts:
  - name: Partner
    email: admin@partner.test
    token: ` + seedToken + `
    customers:
      - name: Acme
        external_id: acme
        folders:
          - name: Sales
      - name: Acme again
        external_id: acme
`
	if err := os.WriteFile(bad, []byte(seed), 0o600); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	args := []string{"serve", "--db", db, "--seed", bad, "--addr", "127.0.0.1:0", "--agent-addr", "127.0.0.1:0"}
	if code := run(context.Background(), args, io.Discard, &stderr, noEnv); code == 0 {
		t.Fatal("serve with a bad seed exited 0")
	}
	if want := bad + ":10: customer Acme again"; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr = %s\nwant it to contain %q", stderr.String(), want)
	}
	// The database has no account: the bootstrap runs on it.
	m := MustRunMain(t, db, nil)
	if list, err := newClient(m, bootstrapToken).Customers(t.Context(), client.ListOptions{}); err != nil || len(list) != 0 {
		t.Errorf("customers after a failed seed = %+v, %v", list, err)
	}
	_, err := newClient(m, seedToken).Customers(t.Context(), client.ListOptions{})
	if e := apiError(t, err); e.StatusCode != 401 {
		t.Errorf("seed token after a failed seed: %v", err)
	}
}
