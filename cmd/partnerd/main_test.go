package main

// End-to-end tests: the real server runs in-process through Main on a free
// port, and every request goes through package client, as a partner's code
// would send it. Nothing here reads the store or sends raw HTTP.

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/partnerd/partnerd/client"
)

var (
	bootstrapToken  = "wrkaus-" + strings.Repeat("b0", 24)
	bootstrapAPIKey = strings.Repeat("k1", 20)
)

const bootstrapEmail = "admin@partnerd.local"

// noEnv is an empty environment, so that the tests do not depend on the
// PARTNERD_ variables of the machine that runs them.
func noEnv(string) string { return "" }

// tempDB returns the path of a fresh SQLite database file.
func tempDB(tb testing.TB) string {
	tb.Helper()
	return filepath.Join(tb.TempDir(), "p.db")
}

// startMain starts a server on a free port over the database at db, with
// the bootstrap credentials, test helpers on and rate limits off; configure
// changes that before the start. The caller closes it.
func startMain(tb testing.TB, db string, configure func(*Main)) *Main {
	tb.Helper()
	m := NewMain()
	m.Config.Addr = "127.0.0.1:0"
	m.Config.AgentAddr = "127.0.0.1:0"
	m.Config.DB = db
	m.Config.BootstrapToken = bootstrapToken
	m.Config.BootstrapAPIKey = bootstrapAPIKey
	m.Config.RateLimits = "off"
	m.Config.TestHelpers = true
	m.Config.ShutdownTimeout = 5 * time.Second
	if configure != nil {
		configure(m)
	}
	if err := m.Config.Validate(); err != nil {
		tb.Fatal(err)
	}
	if err := m.Run(context.Background()); err != nil {
		m.Close()
		tb.Fatal(err)
	}
	return m
}

// MustRunMain starts a server like startMain and closes it when the test ends.
func MustRunMain(tb testing.TB, db string, configure func(*Main)) *Main {
	tb.Helper()
	m := startMain(tb, db, configure)
	tb.Cleanup(func() {
		if err := m.Close(); err != nil {
			tb.Errorf("close: %v", err)
		}
	})
	return m
}

// newClient returns a client of m with a bearer token.
func newClient(m *Main, token string) *client.Client {
	return client.New(m.URL(), client.WithToken(token), client.WithUserAgent("partnerd-e2e"))
}

// MustCreateAccount runs "partnerd account create" on the database at db
// and returns the token and legacy API key it prints.
func MustCreateAccount(tb testing.TB, db, name, email string) (token, apiKey string) {
	tb.Helper()
	var stdout, stderr bytes.Buffer
	args := []string{"account", "create", "--db", db, "--name", name, "--email", email}
	if code := run(context.Background(), args, &stdout, &stderr, noEnv); code != 0 {
		tb.Fatalf("account create: exit %d: %s", code, stderr.String())
	}
	sc := bufio.NewScanner(&stdout)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "token: "); ok {
			token = v
		}
		if v, ok := strings.CutPrefix(sc.Text(), "api_key: "); ok {
			apiKey = v
		}
	}
	if !strings.HasPrefix(token, "wrkaus-") || apiKey == "" {
		tb.Fatalf("account create printed no token and key:\n%s", stdout.String())
	}
	return token, apiKey
}

// MustCreateCustomer creates a customer workspace through c.
func MustCreateCustomer(tb testing.TB, c *client.Client, name, externalID string) *client.Customer {
	tb.Helper()
	cu, err := c.CreateCustomer(context.Background(), client.CreateCustomerParams{
		Name: name, NotificationEmail: "ops@" + strings.Join(strings.Fields(strings.ToLower(name)), "-") + ".test", ExternalID: externalID,
	})
	if err != nil {
		tb.Fatalf("create customer %s: %v", name, err)
	}
	return cu
}

// apiError returns err as a *client.Error, failing the test when it is not one.
func apiError(tb testing.TB, err error) *client.Error {
	tb.Helper()
	var e *client.Error
	if !errors.As(err, &e) {
		tb.Fatalf("err = %v, want a *client.Error", err)
	}
	return e
}

// TestCustomers is the proof of the customer workspaces: create with an
// external id that needs escaping, read it back by that id, update, clear,
// list and page, usage, delete.
func TestCustomers(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	m := MustRunMain(t, tempDB(t), nil)
	c := newClient(m, bootstrapToken)

	created := MustCreateCustomer(t, c, "Acme", "acme/1")
	if created.ExternalID == nil || *created.ExternalID != "acme/1" || created.PlanID != "oem_plan" ||
		created.TimeZone != "Pacific Time (US & Canada)" || len(created.Environments) != 0 {
		t.Errorf("created = %+v", created)
	}
	mu := client.ExternalID("acme/1")

	got, err := c.Customer(ctx, mu)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != created.ID || got.Name != "Acme" || got.NotificationEmail != "ops@acme.test" {
		t.Errorf("by external id = %+v", got)
	}
	if got, err := c.Customer(ctx, client.ID(created.ID)); err != nil || got.ID != created.ID {
		t.Errorf("by id = %+v, %v", got, err)
	}

	_, err = c.CreateCustomer(ctx, client.CreateCustomerParams{Name: "Again", NotificationEmail: "a@b.test", ExternalID: "acme/1"})
	if e := apiError(t, err); e.StatusCode != 400 || len(e.Errors["external_id"]) == 0 {
		t.Errorf("taken external id: %v", err)
	}
	_, err = c.CreateCustomer(ctx, client.CreateCustomerParams{Name: "No email"})
	if e := apiError(t, err); e.StatusCode != 400 || len(e.Errors["notification_email"]) == 0 {
		t.Errorf("missing email: %v", err)
	}

	updated, err := c.UpdateCustomer(ctx, mu, client.UpdateCustomerParams{
		Name: client.Ptr("Acme Corp"), OriginURL: client.Ptr("https://acme.test"), Trial: client.Ptr(true),
	})
	if err != nil {
		t.Fatal(err)
	}
	if updated.Name != "Acme Corp" || updated.OriginURL == nil || *updated.OriginURL != "https://acme.test" ||
		!updated.Trial || updated.NotificationEmail != "ops@acme.test" {
		t.Errorf("updated = %+v", updated)
	}
	cleared, err := c.UpdateCustomer(ctx, mu, client.UpdateCustomerParams{Clear: []string{"origin_url"}})
	if err != nil {
		t.Fatal(err)
	}
	if cleared.OriginURL != nil || cleared.Name != "Acme Corp" || !cleared.Trial {
		t.Errorf("cleared = %+v", cleared)
	}

	beta := MustCreateCustomer(t, c, "Beta", "")
	gamma := MustCreateCustomer(t, c, "Gamma", "gamma")
	list, err := c.Customers(ctx, client.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if ids := customerIDs(list); !slices.Equal(ids, []int64{created.ID, beta.ID, gamma.ID}) {
		t.Errorf("list ids = %v", ids)
	}
	page2, err := c.Customers(ctx, client.ListOptions{Page: 2, PerPage: 2})
	if err != nil || len(page2) != 1 || page2[0].ID != gamma.ID {
		t.Errorf("page 2 = %v, %v", customerIDs(page2), err)
	}
	var all []client.Customer
	for cu, err := range c.AllCustomers(ctx, 2) {
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, cu)
	}
	if ids := customerIDs(all); !slices.Equal(ids, []int64{created.ID, beta.ID, gamma.ID}) {
		t.Errorf("AllCustomers ids = %v", ids)
	}

	usage, err := c.Usage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(usage) != 3 || usage[0].ID != created.ID || len(usage[0].Usage) != 12 {
		t.Errorf("usage = %+v", usage)
	}

	if err := c.DeleteCustomer(ctx, mu); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Customer(ctx, mu); !client.IsNotFound(err) {
		t.Errorf("get deleted by external id: %v", err)
	}
	if _, err := c.Customer(ctx, client.ID(created.ID)); !client.IsNotFound(err) {
		t.Errorf("get deleted by id: %v", err)
	}
	if err := c.DeleteCustomer(ctx, mu); !client.IsNotFound(err) {
		t.Errorf("delete again: %v", err)
	}
	if list, err := c.Customers(ctx, client.ListOptions{}); err != nil || len(list) != 2 {
		t.Errorf("list after delete = %v, %v", customerIDs(list), err)
	}
}

func customerIDs(list []client.Customer) []int64 {
	ids := make([]int64, len(list))
	for i, cu := range list {
		ids[i] = cu.ID
	}
	return ids
}

// TestAccountIsolation: two accounts made by "partnerd account create" on
// one database see nothing of each other.
func TestAccountIsolation(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db := tempDB(t)
	tokenA, keyA := MustCreateAccount(t, db, "Alpha", "a@partner.test")
	tokenB, _ := MustCreateAccount(t, db, "Beta", "b@partner.test")
	m := MustRunMain(t, db, nil)
	a, b := newClient(m, tokenA), newClient(m, tokenB)

	cu := MustCreateCustomer(t, a, "Acme", "acme/1")
	for name, ref := range map[string]client.WorkspaceRef{"id": client.ID(cu.ID), "external id": client.ExternalID("acme/1")} {
		if _, err := b.Customer(ctx, ref); !client.IsNotFound(err) {
			t.Errorf("B gets A's customer by %s: %v", name, err)
		}
		if _, err := b.UpdateCustomer(ctx, ref, client.UpdateCustomerParams{Name: client.Ptr("Stolen")}); !client.IsNotFound(err) {
			t.Errorf("B updates A's customer by %s: %v", name, err)
		}
		if err := b.DeleteCustomer(ctx, ref); !client.IsNotFound(err) {
			t.Errorf("B deletes A's customer by %s: %v", name, err)
		}
		if _, err := b.Members(ctx, ref); !client.IsNotFound(err) {
			t.Errorf("B lists members of A's customer by %s: %v", name, err)
		}
	}
	if list, err := b.Customers(ctx, client.ListOptions{}); err != nil || len(list) != 0 {
		t.Errorf("B's list = %v, %v", customerIDs(list), err)
	}

	// The external id is unique per account only.
	theirs := MustCreateCustomer(t, b, "Acme of B", "acme/1")
	if theirs.ID == cu.ID {
		t.Fatal("B's customer has A's id")
	}
	got, err := a.Customer(ctx, client.ExternalID("acme/1"))
	if err != nil || got.ID != cu.ID || got.Name != "Acme" {
		t.Errorf("A's customer after B's = %+v, %v", got, err)
	}

	legacy := client.New(m.URL(), client.WithLegacyKey("a@partner.test", keyA))
	if got, err := legacy.Customer(ctx, client.ExternalID("acme/1")); err != nil || got.ID != cu.ID {
		t.Errorf("legacy key of A = %+v, %v", got, err)
	}
	// Accounts existed before the start, so bootstrap made none.
	if _, err := newClient(m, bootstrapToken).Customers(ctx, client.ListOptions{}); !client.IsUnauthorized(err) {
		t.Errorf("bootstrap token on a database with accounts: %v", err)
	}
}

func TestAuthentication(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	m := MustRunMain(t, tempDB(t), nil)
	MustCreateCustomer(t, newClient(m, bootstrapToken), "Acme", "acme")

	for name, c := range map[string]*client.Client{
		"wrong token":      newClient(m, "wrkaus-"+strings.Repeat("x", 48)),
		"short token":      newClient(m, "wrkaus-x"),
		"no credentials":   client.New(m.URL()),
		"wrong legacy key": client.New(m.URL(), client.WithLegacyKey(bootstrapEmail, "nope")),
		"other email":      client.New(m.URL(), client.WithLegacyKey("who@partnerd.local", bootstrapAPIKey)),
	} {
		if _, err := c.Customers(ctx, client.ListOptions{}); !client.IsUnauthorized(err) {
			t.Errorf("%s: list: %v", name, err)
		}
		if _, err := c.Customer(ctx, client.ExternalID("acme")); !client.IsUnauthorized(err) {
			t.Errorf("%s: get: %v", name, err)
		}
	}

	legacy := client.New(m.URL(), client.WithLegacyKey(bootstrapEmail, bootstrapAPIKey))
	if list, err := legacy.Customers(ctx, client.ListOptions{}); err != nil || len(list) != 1 {
		t.Errorf("legacy key list = %v, %v", customerIDs(list), err)
	}
	if _, err := legacy.CreateCustomer(ctx, client.CreateCustomerParams{Name: "Beta", NotificationEmail: "ops@beta.test"}); err != nil {
		t.Errorf("legacy key create: %v", err)
	}
}

// TestRateLimit: the 61st read of a customer in a minute is refused with a
// Retry-After, and other route groups still answer.
func TestRateLimit(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	m := MustRunMain(t, tempDB(t), func(m *Main) { m.Config.RateLimits = "on" })
	c := newClient(m, bootstrapToken)
	cu := MustCreateCustomer(t, c, "Acme", "acme") // Another group: creation.

	// The window is a fixed minute: keep the 61 requests inside one.
	if now := time.Now(); now.Second() >= 50 {
		time.Sleep(now.Truncate(time.Minute).Add(time.Minute + 100*time.Millisecond).Sub(now))
	}
	for i := 1; i <= 60; i++ {
		if _, err := c.Customer(ctx, client.ID(cu.ID)); err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
	}
	_, err := c.Customer(ctx, client.ID(cu.ID))
	if !client.IsRateLimited(err) {
		t.Fatalf("61st request: %v", err)
	}
	if e := apiError(t, err); e.RetryAfter <= 0 || e.RetryAfter > time.Minute || e.Message != "Too many requests" {
		t.Errorf("61st request: %#v", e)
	}
	if _, err := c.Usage(ctx); err != nil {
		t.Errorf("usage, another group: %v", err)
	}
}

// TestMembersAndRoles drives custom roles (made by the test helper) and the
// members of a customer workspace.
func TestMembersAndRoles(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	m := MustRunMain(t, tempDB(t), nil)
	c := newClient(m, bootstrapToken)
	MustCreateCustomer(t, c, "Acme", "acme/1")
	other := MustCreateCustomer(t, c, "Other", "other")
	mu := client.ExternalID("acme/1")

	privileges := map[string][]string{"Recipes": {"read", "create"}, "Folders": {"read"}}
	role, err := c.TestCreateRole(ctx, mu, client.TestRoleParams{Name: "Builder", Privileges: privileges})
	if err != nil {
		t.Fatal(err)
	}
	if role.Name != "Builder" || !reflect.DeepEqual(role.Privileges, privileges) {
		t.Errorf("role = %+v", role)
	}
	roles, err := c.Roles(ctx, mu, client.RoleListOptions{})
	if err != nil || len(roles) != 1 || roles[0].ID != role.ID || !reflect.DeepEqual(roles[0].Privileges, privileges) {
		t.Errorf("roles = %+v, %v", roles, err)
	}
	if roles, err := c.Roles(ctx, mu, client.RoleListOptions{RoleName: "Builder"}); err != nil || len(roles) != 1 {
		t.Errorf("roles named Builder = %+v, %v", roles, err)
	}
	if roles, err := c.Roles(ctx, mu, client.RoleListOptions{RoleName: "Nobody"}); err != nil || len(roles) != 0 {
		t.Errorf("roles named Nobody = %+v, %v", roles, err)
	}
	if roles, err := c.Roles(ctx, client.ID(other.ID), client.RoleListOptions{}); err != nil || len(roles) != 0 {
		t.Errorf("roles of another customer = %+v, %v", roles, err)
	}
	copied, err := c.CopyRole(ctx, mu, role.ID, client.CopyRoleParams{Name: "Builder 2"})
	if err != nil {
		t.Fatal(err)
	}
	if copied.Name != "Builder 2" || copied.ID == role.ID || copied.Privileges != nil {
		t.Errorf("copy = %+v", copied)
	}
	roles, err = c.Roles(ctx, mu, client.RoleListOptions{RoleName: "Builder 2"})
	if err != nil || len(roles) != 1 || !reflect.DeepEqual(roles[0].Privileges, privileges) {
		t.Errorf("the copy keeps the privileges: %+v, %v", roles, err)
	}
	if _, err := c.CopyRole(ctx, client.ID(other.ID), role.ID, client.CopyRoleParams{Name: "X"}); !client.IsNotFound(err) {
		t.Errorf("copy a role of another customer: %v", err)
	}

	member, err := c.CreateMember(ctx, mu, client.CreateMemberParams{
		Name: "Ann", Email: "ann@acme.test", RoleName: "Builder", ExternalID: "ann-1",
	})
	if err != nil {
		t.Fatal(err)
	}
	if member.GrantType != "team member" || member.RoleName != "Builder" || member.Name != "Ann" ||
		member.Email == nil || *member.Email != "ann@acme.test" || member.ExternalID == nil || *member.ExternalID != "ann-1" {
		t.Errorf("member = %+v", member)
	}
	if _, err := c.CreateMember(ctx, mu, client.CreateMemberParams{Name: "Bob", RoleName: "No such role"}); apiError(t, err).StatusCode != 400 {
		t.Errorf("unknown role: %v", err)
	}
	members, err := c.Members(ctx, mu)
	if err != nil || len(members) != 1 || members[0].ID != member.ID {
		t.Errorf("members = %+v, %v", members, err)
	}
	if got, err := c.Member(ctx, mu, member.ID); err != nil || got.Name != "Ann" {
		t.Errorf("member = %+v, %v", got, err)
	}
	if got, err := c.MemberInAccount(ctx, member.ID); err != nil || got.ID != member.ID {
		t.Errorf("member in account = %+v, %v", got, err)
	}
	if _, err := c.Member(ctx, client.ID(other.ID), member.ID); !client.IsNotFound(err) {
		t.Errorf("member through another customer: %v", err)
	}

	updated, err := c.UpdateMember(ctx, mu, member.ID, client.UpdateMemberParams{Name: client.Ptr("Ann B"), RoleName: client.Ptr("Analyst")})
	if err != nil || updated.Name != "Ann B" || updated.RoleName != "Analyst" || *updated.Email != "ann@acme.test" {
		t.Errorf("updated = %+v, %v", updated, err)
	}
	updated, err = c.UpdateMemberInAccount(ctx, member.ID, client.UpdateMemberParams{RoleName: client.Ptr("Builder")})
	if err != nil || updated.RoleName != "Builder" || updated.Name != "Ann B" {
		t.Errorf("updated in account = %+v, %v", updated, err)
	}
	privs, err := c.MemberPrivileges(ctx, mu, member.ID)
	if err != nil || len(privs) != 1 || privs[0].EnvironmentType != "dev" || privs[0].Name != "Builder" ||
		!reflect.DeepEqual(privs[0].Privileges, privileges) {
		t.Errorf("privileges = %+v, %v", privs, err)
	}

	if err := c.InviteMember(ctx, mu, client.InviteMemberParams{Name: "Cy", Email: "cy@acme.test", RoleName: "Analyst"}); err != nil {
		t.Errorf("invite: %v", err)
	}
	if err := c.InviteMember(ctx, mu, client.InviteMemberParams{Name: "Cy"}); apiError(t, err).StatusCode != 400 {
		t.Errorf("invite without email and role: %v", err)
	}

	if err := c.DeleteMember(ctx, mu, member.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Member(ctx, mu, member.ID); !client.IsNotFound(err) {
		t.Errorf("deleted member: %v", err)
	}
}

// TestDevAPIClients: a client of the admin workspace is created, its token
// works, a regenerated token replaces it at once, roles restrict it.
func TestDevAPIClients(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	m := MustRunMain(t, tempDB(t), nil)
	c := newClient(m, bootstrapToken)

	roles, count, err := c.DevAPIClientRoles(ctx, client.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	admin := findRole(roles, "Admin")
	if admin == nil || count != len(roles) {
		t.Fatalf("roles = %+v, count %d", roles, count)
	}

	created, err := c.CreateDevAPIClient(ctx, client.CreateDevAPIClientParams{
		Name: "ci", APIPrivilegeGroupID: admin.ID, AllFolders: true, IPAllowList: "127.0.0.1,::1",
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(created.Token.Value, "wrkaus-") || len(created.Token.Value) < len("wrkaus-")+43 ||
		created.Name != "ci" || created.APIPrivilegeGroupID != admin.ID || created.EnvironmentName != "Development" {
		t.Errorf("created = %+v", created)
	}
	ci := newClient(m, created.Token.Value)
	if _, err := ci.Customers(ctx, client.ListOptions{}); err != nil {
		t.Errorf("the new token: %v", err)
	}

	got, err := c.DevAPIClient(ctx, created.ID)
	if err != nil || got.Token.Value != "" || got.User == nil || got.IPAllowList != "127.0.0.1,::1" {
		t.Errorf("get = %+v, %v", got, err)
	}
	list, count, err := c.DevAPIClients(ctx, client.ListOptions{})
	if err != nil || count != 2 || len(list) != 2 || list[1].ID != created.ID || list[1].Token.Value != "" {
		t.Errorf("list = %+v, count %d, %v", list, count, err)
	}

	updated, err := c.UpdateDevAPIClient(ctx, created.ID, client.UpdateDevAPIClientParams{
		AllFolders: true, Name: client.Ptr("ci-2"), IPAllowList: client.Ptr("192.0.2.10"),
	})
	if err != nil || updated.Name != "ci-2" || updated.IPAllowList != "192.0.2.10" {
		t.Errorf("updated = %+v, %v", updated, err)
	}
	if _, err := ci.Customers(ctx, client.ListOptions{}); !client.IsUnauthorized(err) {
		t.Errorf("from outside the allow list: %v", err)
	}
	if _, err := c.UpdateDevAPIClient(ctx, created.ID, client.UpdateDevAPIClientParams{AllFolders: true, IPAllowList: client.Ptr("")}); err != nil {
		t.Fatal(err)
	}

	// A client may rotate its own token; the old one fails at once.
	regenerated, err := ci.RegenerateDevAPIClientToken(ctx, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if regenerated.Token.Value == "" || regenerated.Token.Value == created.Token.Value {
		t.Fatalf("regenerated token = %q", regenerated.Token.Value)
	}
	if _, err := ci.Customers(ctx, client.ListOptions{}); !client.IsUnauthorized(err) {
		t.Errorf("the old token after regenerate: %v", err)
	}
	ci = newClient(m, regenerated.Token.Value)
	if _, err := ci.Customers(ctx, client.ListOptions{}); err != nil {
		t.Errorf("the regenerated token: %v", err)
	}
	if err := ci.DeleteDevAPIClient(ctx, created.ID); apiError(t, err).StatusCode != 400 {
		t.Errorf("a client deletes itself: %v", err)
	}

	copied, err := c.CopyDevAPIClientRole(ctx, admin.ID, "Admin copy")
	if err != nil || copied.Name != "Admin copy" || copied.ID == admin.ID {
		t.Errorf("copy = %+v, %v", copied, err)
	}
	reader, err := c.TestCreateClientRole(ctx, client.TestClientRoleParams{
		Name: "Reader", Privileges: map[string][]string{"Customer workspaces": {"read"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	readerClient, err := c.CreateDevAPIClient(ctx, client.CreateDevAPIClientParams{Name: "reader", APIPrivilegeGroupID: reader.ID, AllFolders: true})
	if err != nil {
		t.Fatal(err)
	}
	rc := newClient(m, readerClient.Token.Value)
	if _, err := rc.Customers(ctx, client.ListOptions{}); err != nil {
		t.Errorf("reader lists customers: %v", err)
	}
	if _, err := rc.CreateCustomer(ctx, client.CreateCustomerParams{Name: "X", NotificationEmail: "x@x.test"}); !client.IsForbidden(err) {
		t.Errorf("reader creates a customer: %v", err)
	}
	if _, _, err := rc.DevAPIClients(ctx, client.ListOptions{}); !client.IsForbidden(err) {
		t.Errorf("reader lists clients: %v", err)
	}

	if err := c.DeleteDevAPIClient(ctx, created.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := ci.Customers(ctx, client.ListOptions{}); !client.IsUnauthorized(err) {
		t.Errorf("the token of a deleted client: %v", err)
	}
	if _, err := c.DevAPIClient(ctx, created.ID); !client.IsNotFound(err) {
		t.Errorf("get a deleted client: %v", err)
	}
}

func findRole(roles []client.ClientRole, name string) *client.ClientRole {
	for i := range roles {
		if roles[i].Name == name {
			return &roles[i]
		}
	}
	return nil
}

// TestCustomerWorkspaceClient: a client made in a customer workspace (E2)
// acts from there on the Developer routes, and nowhere else.
func TestCustomerWorkspaceClient(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	m := MustRunMain(t, tempDB(t), nil)
	c := newClient(m, bootstrapToken)
	cu := MustCreateCustomer(t, c, "Acme", "acme/1")
	mu := client.ExternalID("acme/1")

	me, err := c.Me(ctx)
	if err != nil || me.Name != "Partner" || me.Email != bootstrapEmail {
		t.Errorf("admin me = %+v, %v", me, err)
	}

	roles, _, err := c.CustomerDevAPIClientRoles(ctx, mu, client.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	admin := findRole(roles, "Admin")
	if admin == nil {
		t.Fatalf("customer roles = %+v", roles)
	}
	created, err := c.CreateCustomerDevAPIClient(ctx, mu, client.CreateDevAPIClientParams{Name: "acme-sync", APIPrivilegeGroupID: admin.ID, AllFolders: true})
	if err != nil {
		t.Fatal(err)
	}
	inside := newClient(m, created.Token.Value)
	me, err = inside.Me(ctx)
	if err != nil || me.ID != cu.ID || me.Name != "Acme" {
		t.Errorf("customer me = %+v, %v", me, err)
	}
	if _, err := inside.Customers(ctx, client.ListOptions{}); !client.IsForbidden(err) {
		t.Errorf("a customer token on an Embedded route: %v", err)
	}

	member, err := c.CreateMember(ctx, mu, client.CreateMemberParams{Name: "Ann", RoleName: "Admin"})
	if err != nil {
		t.Fatal(err)
	}
	folderRole, err := c.TestCreateRole(ctx, mu, client.TestRoleParams{Name: "Builder", Privileges: map[string][]string{"Recipes": {"read"}}})
	if err != nil {
		t.Fatal(err)
	}
	members, total, err := inside.DeveloperMembers(ctx, client.ListOptions{})
	if err != nil || total != 1 || len(members) != 1 || members[0].ID != member.ID ||
		!slices.Equal(members[0].Roles, []client.MemberRole{{EnvironmentType: "dev", RoleName: "Admin"}}) {
		t.Errorf("developer members = %+v, total %d, %v", members, total, err)
	}
	privs, err := inside.DeveloperMemberPrivileges(ctx, member.ID)
	if err != nil || len(privs) != 1 || privs[0].EnvironmentType != "dev" || privs[0].Name != "Admin" {
		t.Errorf("developer member privileges = %+v, %v", privs, err)
	}
	droles, err := inside.DeveloperRoles(ctx, client.ListOptions{})
	if err != nil || len(droles) != 1 || droles[0].ID != folderRole.ID {
		t.Errorf("developer roles = %+v, %v", droles, err)
	}
	if list, count, err := inside.DevAPIClients(ctx, client.ListOptions{}); err != nil || count != 1 || list[0].ID != created.ID {
		t.Errorf("the customer's own clients = %+v, %d, %v", list, count, err)
	}

	list, count, err := c.CustomerDevAPIClients(ctx, mu, client.ListOptions{})
	if err != nil || count != 1 || len(list) != 1 || list[0].ID != created.ID {
		t.Errorf("customer clients = %+v, count %d, %v", list, count, err)
	}
	if got, err := c.CustomerDevAPIClient(ctx, mu, created.ID); err != nil || got.Token.Value != "" || got.Name != "acme-sync" {
		t.Errorf("customer client = %+v, %v", got, err)
	}
	if _, err := c.DevAPIClient(ctx, created.ID); !client.IsNotFound(err) {
		t.Errorf("the customer's client among the admin workspace's: %v", err)
	}
	if got, err := c.UpdateCustomerDevAPIClient(ctx, mu, created.ID, client.UpdateDevAPIClientParams{AllFolders: true, Name: client.Ptr("acme-sync-2")}); err != nil || got.Name != "acme-sync-2" {
		t.Errorf("update customer client = %+v, %v", got, err)
	}
	if got, err := c.CopyCustomerDevAPIClientRole(ctx, mu, admin.ID, "Admin copy"); err != nil || got.Name != "Admin copy" {
		t.Errorf("copy customer role = %+v, %v", got, err)
	}

	regenerated, err := c.RegenerateCustomerDevAPIClientToken(ctx, mu, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := inside.Me(ctx); !client.IsUnauthorized(err) {
		t.Errorf("the old customer token: %v", err)
	}
	inside = newClient(m, regenerated.Token.Value)
	if _, err := inside.Me(ctx); err != nil {
		t.Errorf("the regenerated customer token: %v", err)
	}
	if err := c.DeleteCustomerDevAPIClient(ctx, mu, created.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := inside.Me(ctx); !client.IsUnauthorized(err) {
		t.Errorf("the token of a deleted customer client: %v", err)
	}
}

// TestRun covers the process level: exit codes of run.
func TestRun(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	var stdout, stderr bytes.Buffer
	if code := run(ctx, []string{"version"}, &stdout, &stderr, noEnv); code != 0 || !strings.HasPrefix(stdout.String(), "partnerd ") {
		t.Errorf("version: exit %d, %q", code, stdout.String())
	}
	stderr.Reset()
	if code := run(ctx, []string{"frobnicate"}, io.Discard, &stderr, noEnv); code == 0 || !strings.Contains(stderr.String(), "frobnicate") {
		t.Errorf("unknown command: exit %d, %q", code, stderr.String())
	}
	if code := run(ctx, nil, io.Discard, io.Discard, noEnv); code == 0 {
		t.Error("no command: exit 0")
	}
	stderr.Reset()
	if code := run(ctx, []string{"serve", "--db", "", "--addr", "127.0.0.1:0"}, io.Discard, &stderr, noEnv); code == 0 || !strings.Contains(stderr.String(), "--db") {
		t.Errorf(`serve --db "": exit %d, %q`, code, stderr.String())
	}
	if code := run(ctx, []string{"serve", "--rate-limits", "sometimes", "--db", tempDB(t)}, io.Discard, io.Discard, noEnv); code == 0 {
		t.Error("serve with a bad --rate-limits: exit 0")
	}
}

// TestBootstrap: a database with an account is never changed by bootstrap.
func TestBootstrap(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db := tempDB(t)
	first := startMain(t, db, nil)
	cu := MustCreateCustomer(t, newClient(first, bootstrapToken), "Acme", "acme")
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}

	otherToken := "wrkaus-" + strings.Repeat("o", 48)
	m := MustRunMain(t, db, func(m *Main) {
		m.Config.BootstrapToken = otherToken
		m.Config.BootstrapAPIKey = "another-key"
	})
	if _, err := newClient(m, otherToken).Customers(ctx, client.ListOptions{}); !client.IsUnauthorized(err) {
		t.Errorf("the second bootstrap token: %v", err)
	}
	if _, err := client.New(m.URL(), client.WithLegacyKey(bootstrapEmail, "another-key")).Customers(ctx, client.ListOptions{}); !client.IsUnauthorized(err) {
		t.Errorf("the second bootstrap key: %v", err)
	}
	c := newClient(m, bootstrapToken)
	list, err := c.Customers(ctx, client.ListOptions{})
	if err != nil || len(list) != 1 || list[0].ID != cu.ID {
		t.Errorf("the first token after a restart: %v, %v", customerIDs(list), err)
	}
	if _, err := client.New(m.URL(), client.WithLegacyKey(bootstrapEmail, bootstrapAPIKey)).Customer(ctx, client.ExternalID("acme")); err != nil {
		t.Errorf("the first key after a restart: %v", err)
	}
	clients, count, err := c.DevAPIClients(ctx, client.ListOptions{})
	if err != nil || count != 1 || len(clients) != 1 || clients[0].Name != "bootstrap" {
		t.Errorf("clients after a restart = %+v, %d, %v", clients, count, err)
	}
}

// TestBootstrapRandomToken: without PARTNERD_BOOTSTRAP_TOKEN, an empty
// database gets an account whose random token is printed once.
func TestBootstrapRandomToken(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	var stderr bytes.Buffer
	m := MustRunMain(t, tempDB(t), func(m *Main) {
		m.Config.BootstrapToken = ""
		m.Stderr = &stderr
	})
	var token string
	for _, field := range strings.Fields(stderr.String()) {
		if strings.HasPrefix(field, "wrkaus-") {
			token = field
		}
	}
	if len(token) < len("wrkaus-")+43 {
		t.Fatalf("no token printed: %q", stderr.String())
	}
	me, err := newClient(m, token).Me(ctx)
	if err != nil || me.Name != "Partner" {
		t.Errorf("me = %+v, %v", me, err)
	}
	if _, err := newClient(m, bootstrapToken).Me(ctx); !client.IsUnauthorized(err) {
		t.Errorf("a token that was not printed: %v", err)
	}
}
