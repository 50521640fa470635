package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/partnerd/partnerd/client"
)

// runCLI runs a partnerd command line with PARTNERD_URL and PARTNERD_TOKEN
// of m and returns its exit code, standard output and standard error.
func runCLI(m *Main, token string, args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	env := map[string]string{"PARTNERD_URL": m.URL(), "PARTNERD_TOKEN": token}
	code := run(context.Background(), args, &stdout, &stderr, func(k string) string { return env[k] })
	return code, strings.TrimSpace(stdout.String()), stderr.String()
}

// TestHelperCommands drives snapshot, seed, restore and reset against a
// running server, and checks what each left through the client.
func TestHelperCommands(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	m := MustRunMain(t, tempDB(t), nil)
	c := newClient(m, bootstrapToken)
	count := func() int {
		t.Helper()
		list, err := c.Customers(ctx, client.ListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}

	code, snapshot, stderr := runCLI(m, bootstrapToken, "snapshot")
	if code != 0 || snapshot == "" {
		t.Fatalf("snapshot: %d %q %s", code, snapshot, stderr)
	}

	// A one-account seed goes into the caller's account; flags may follow the file.
	dir := t.TempDir()
	one := filepath.Join(dir, "one.yaml")
	os.WriteFile(one, []byte(`accounts:
  - name: ignored
    email: ignored@example.com
    token: wrkaus-ignored-ignored-ignored-ignored
    client_roles:
      - name: Readers
        privileges: {Recipes: [read]}
    customers:
      - name: Acme
        external_id: acme
        folders: [{name: Sales}]
      - name: Beta
`), 0o600)
	if code, out, stderr := runCLI(m, "", "seed", one, "--token", bootstrapToken); code != 0 || !strings.Contains(out, "seeded") {
		t.Fatalf("seed: %d %q %s", code, out, stderr)
	}
	if n := count(); n != 2 {
		t.Errorf("customers after seed = %d, want 2", n)
	}
	roles, _, err := c.DevAPIClientRoles(ctx, client.ListOptions{})
	if err != nil || len(roles) != 2 || roles[1].Name != "Readers" {
		t.Errorf("roles after seed = %+v, %v", roles, err)
	}

	// A seed that fails half way leaves the account as it was.
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("accounts:\n  - name: x\n    email: x@example.com\n    token: wrkaus-ignored-ignored-ignored-ignored\n    customers:\n      - name: Gamma\n      - name: Acme again\n        external_id: acme\n"), 0o600)
	if code, _, stderr := runCLI(m, bootstrapToken, "seed", bad); code == 0 || !strings.Contains(stderr, bad+":7: customer Acme again") {
		t.Errorf("bad seed: %d %s", code, stderr)
	}
	if n := count(); n != 2 {
		t.Errorf("customers after a failed seed = %d, want 2", n)
	}

	if code, _, stderr := runCLI(m, bootstrapToken, "restore", snapshot); code != 0 {
		t.Fatalf("restore: %d %s", code, stderr)
	}
	if n := count(); n != 0 {
		t.Errorf("customers after restore = %d, want 0", n)
	}
	MustCreateCustomer(t, c, "Delta", "")
	if code, out, stderr := runCLI(m, bootstrapToken, "reset"); code != 0 || out != "reset" {
		t.Fatalf("reset: %d %q %s", code, out, stderr)
	}
	if n := count(); n != 0 {
		t.Errorf("customers after reset = %d, want 0", n)
	}

	// Usage and credential errors exit non-zero.
	if code, _, _ := runCLI(m, "", "reset"); code == 0 {
		t.Error("reset without a token exited 0")
	}
	if code, _, _ := runCLI(m, bootstrapToken, "restore"); code == 0 {
		t.Error("restore without an id exited 0")
	}
	if code, _, stderr := runCLI(m, "wrkaus-unknown-unknown-unknown-unknown", "snapshot"); code == 0 || !strings.Contains(stderr, "401") {
		t.Errorf("snapshot with an unknown token: %d %s", code, stderr)
	}
}
