package main

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/partnerd/partnerd/client"
)

// jiraInput returns an input that holds every field the catalogue's jira
// connector requires, read through the API.
func jiraInput(tb testing.TB, c *client.Client) map[string]any {
	tb.Helper()
	found, err := c.ConnectorsByName(context.Background(), "jira")
	if err != nil || len(found) != 1 {
		tb.Fatalf("connector jira: %v, %v", found, err)
	}
	input := map[string]any{}
	for _, f := range found[0].InputFields {
		if !f.Optional {
			input[f.Name] = "value of " + f.Name
		}
	}
	if len(input) == 0 {
		tb.Fatal("jira requires no field: the shell cases below need one")
	}
	return input
}

func connectionIDs(list []client.Connection) []int64 {
	out := make([]int64, len(list))
	for i, c := range list {
		out[i] = c.ID
	}
	return out
}

// TestConnections is the proof of connections: shells and authorized
// connections of a catalogue connector, filters, pick lists, the input
// merged on update and kept encrypted under a key that survives a restart,
// the test helper, disconnect, delete, the Developer family and isolation.
func TestConnections(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db := tempDB(t)
	m := startMain(t, db, nil)
	c := newClient(m, bootstrapToken)
	MustCreateCustomer(t, c, "Acme", "acme")
	mu := client.ExternalID("acme")
	complete := jiraInput(t, c)

	shell, err := c.CreateConnection(ctx, mu, client.CreateConnectionParams{Provider: "jira", ExternalID: "user-1"})
	if err != nil {
		t.Fatal(err)
	}
	if shell.Authorized() || shell.AuthorizedAt != nil || shell.Name != "Jira" || shell.Application != "jira" {
		t.Errorf("shell = %+v", shell)
	}
	authorized, err := c.CreateConnection(ctx, mu, client.CreateConnectionParams{Provider: "jira", Name: "Prod Jira", Input: complete})
	if err != nil {
		t.Fatal(err)
	}
	if !authorized.Authorized() || authorized.AuthorizedAt == nil {
		t.Errorf("authorized = %+v", authorized)
	}
	flagged, err := c.CreateConnection(ctx, mu, client.CreateConnectionParams{Provider: "jira", Input: complete, ShellConnection: true})
	if err != nil || flagged.Authorized() {
		t.Errorf("shell_connection = %+v, %v", flagged, err)
	}
	_, err = c.CreateConnection(ctx, mu, client.CreateConnectionParams{Provider: "no_such_connector"})
	if e := apiError(t, err); e.StatusCode != 400 || len(e.Errors["provider"]) == 0 {
		t.Errorf("unknown provider: %v", err)
	}

	list, err := c.Connections(ctx, mu, client.ConnectionListOptions{Provider: "jira", PerPage: 2})
	if ids := connectionIDs(list); err != nil || !slices.Equal(ids, []int64{shell.ID, authorized.ID}) {
		t.Errorf("first page = %v, %v", ids, err)
	}
	list, err = c.Connections(ctx, mu, client.ConnectionListOptions{ExternalID: "user-1", IncludeRuntimeConnections: true})
	if ids := connectionIDs(list); err != nil || !slices.Equal(ids, []int64{shell.ID}) {
		t.Errorf("by external id = %v, %v", ids, err)
	}

	items, err := c.PickList(ctx, mu, authorized.ID, "issue_types", map[string]any{"project": "X"})
	if err != nil || len(items) == 0 || items[0].Label() == "" || items[0].Value() == "" {
		t.Errorf("pick list = %v, %v", items, err)
	}
	_, err = c.PickList(ctx, mu, shell.ID, "issue_types", nil)
	if e := apiError(t, err); e.StatusCode != 400 {
		t.Errorf("pick list of a shell: %v", err)
	}

	// The input is merged: half of it now, the other half after a restart,
	// which must open what the first process sealed.
	var first string
	half := map[string]any{}
	for k, v := range complete {
		if first == "" {
			first = k
			half[k] = v
		}
	}
	updated, err := c.UpdateConnection(ctx, mu, shell.ID, client.UpdateConnectionParams{Input: half, Name: client.Ptr("Half")})
	if err != nil || updated.Name != "Half" || (len(complete) > 1) == updated.Authorized() {
		t.Errorf("half the input = %+v, %v", updated, err)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	m = MustRunMain(t, db, nil)
	c = newClient(m, bootstrapToken)
	rest := map[string]any{}
	for k, v := range complete {
		if k != first {
			rest[k] = v
		}
	}
	updated, err = c.UpdateConnection(ctx, mu, shell.ID, client.UpdateConnectionParams{Input: rest, Clear: []string{"external_id"}})
	if err != nil || !updated.Authorized() || updated.ExternalID != nil {
		t.Errorf("after a restart, the rest of the input = %+v, %v", updated, err)
	}

	failed, err := c.TestAuthorizeConnection(ctx, authorized.ID, "failed", "token revoked")
	if err != nil || failed.AuthorizationStatus == nil || *failed.AuthorizationStatus != "failed" ||
		failed.AuthorizationError == nil || *failed.AuthorizationError != "token revoked" {
		t.Errorf("helper failed = %+v, %v", failed, err)
	}
	if err := c.DisconnectConnection(ctx, mu, shell.ID); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteConnection(ctx, mu, flagged.ID); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteConnection(ctx, mu, flagged.ID); !client.IsNotFound(err) {
		t.Errorf("delete again: %v", err)
	}
	list, err = c.Connections(ctx, mu, client.ConnectionListOptions{})
	if err != nil || len(list) != 2 || list[0].Authorized() || list[1].Authorized() {
		t.Errorf("after disconnect and delete = %+v, %v", list, err)
	}

	// The Developer family acts on the caller's own workspace.
	own, err := c.DeveloperCreateConnection(ctx, client.CreateConnectionParams{Provider: "jira", Input: complete})
	if err != nil || !own.Authorized() {
		t.Fatalf("developer create = %+v, %v", own, err)
	}
	mine, err := c.DeveloperConnections(ctx, client.ConnectionListOptions{})
	if ids := connectionIDs(mine); err != nil || !slices.Equal(ids, []int64{own.ID}) {
		t.Errorf("developer list = %v, %v", ids, err)
	}
	if items, err := c.DeveloperPickList(ctx, own.ID, "issue_types", nil); err != nil || len(items) == 0 {
		t.Errorf("developer pick list = %v, %v", items, err)
	}
	if _, err := c.DeveloperUpdateConnection(ctx, own.ID, client.UpdateConnectionParams{ShellConnection: client.Ptr(true)}); err != nil {
		t.Error(err)
	}
	if err := c.DeveloperDisconnectConnection(ctx, own.ID); err != nil {
		t.Error(err)
	}
	if err := c.DeveloperDeleteConnection(ctx, own.ID); err != nil {
		t.Error(err)
	}

	// Another account reaches none of it.
	token, _ := MustCreateAccount(t, db, "Other", "other@partner.test")
	other := newClient(m, token)
	if _, err := other.Connections(ctx, mu, client.ConnectionListOptions{}); !client.IsNotFound(err) {
		t.Errorf("other account list: %v", err)
	}
	if _, err := other.DeveloperUpdateConnection(ctx, authorized.ID, client.UpdateConnectionParams{Name: client.Ptr("Stolen")}); !client.IsNotFound(err) {
		t.Errorf("other account update: %v", err)
	}
	if _, err := other.TestAuthorizeConnection(ctx, authorized.ID, "success", ""); !client.IsNotFound(err) {
		t.Errorf("other account helper: %v", err)
	}
}

// TestSecretKey checks that a start with another --secret-key than the one
// that sealed the database's connection input fails, and that the key is
// read from PARTNERD_SECRET_KEY.
func TestSecretKey(t *testing.T) {
	t.Parallel()
	db := tempDB(t)
	const key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
	m := startMain(t, db, func(m *Main) { m.Config.SecretKey = key })
	c := newClient(m, bootstrapToken)
	if _, err := c.DeveloperCreateConnection(t.Context(), client.CreateConnectionParams{Provider: "jira"}); err != nil {
		t.Fatal(err)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}

	for name, env := range map[string]map[string]string{
		"generated key": {},
		"another key":   {"PARTNERD_SECRET_KEY": strings.Repeat("ab", 32)},
	} {
		m := NewMain()
		env["PARTNERD_DB"] = db
		env["PARTNERD_ADDR"] = "127.0.0.1:0"
		if err := m.ParseFlags(nil, func(k string) string { return env[k] }); err != nil {
			t.Fatal(err)
		}
		err := m.Run(t.Context())
		m.Close()
		if err == nil || !strings.Contains(err.Error(), "secret key") {
			t.Errorf("%s: start = %v, want a refusal", name, err)
		}
	}
	m = MustRunMain(t, db, func(m *Main) { m.Config.SecretKey = key })
	if list, err := newClient(m, bootstrapToken).DeveloperConnections(t.Context(), client.ConnectionListOptions{}); err != nil || len(list) != 1 {
		t.Errorf("with the right key = %v, %v", list, err)
	}
}
