package http

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
	"github.com/prometheus/client_golang/prometheus"
)

// marker is in the name of every object of account A, so that a body that
// shows one of them is caught wherever it appears.
const marker = "zqalpha"

// matrixBody is the body sent on every write: small, and valid-looking to
// the routes of the table, so that a route that names an object reaches
// its lookup rather than stopping at validation. A route whose required
// field is missing here answers 400 and fails the walk: add the field.
const matrixBody = `{"name":"Matrix probe","notification_email":"probe@matrix.test","email":"probe@matrix.test",` +
	`"role_name":"Analyst","all_folders":true,"privileges":{"Folders":["read"]},` +
	`"pick_list_name":"sobjects","status":"success"}`

// matrixEnv is a server over a store with account A, whose objects the
// walk names, and account B, whose admin tries them.
type matrixEnv struct {
	s                        *Server
	db                       *store.DB
	accountB                 *partnerd.Workspace
	tokenA, tokenB, customer string
	revoked                  []string
	ids                      map[string]int64 // "segment/{param}" or "{param}" to an id of A's
	snapshotURLs             []string
	requests                 *prometheus.Registry // the server's request counts alone
}

func newMatrixEnv(t *testing.T) *matrixEnv {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	now := time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.Migrate(ctx))
	m := &matrixEnv{}
	account := func(name string) (*partnerd.Workspace, string) {
		token, hash := partnerd.NewToken()
		w, _, err := db.CreateAccount(ctx, &partnerd.NewAccount{Name: name + " partner", Email: "owner@" + name + ".test",
			APIKeyHash: partnerd.HashSecret(partnerd.RandomString(32)), ClientName: name + " bootstrap", TokenHash: hash})
		must(err)
		return w, token
	}
	a, tokenA := account(marker)
	m.accountB, m.tokenB = account("bravo")
	m.db = db
	m.tokenA = tokenA

	cu := &partnerd.Workspace{Name: marker + " customer", ExternalID: ptrTo(marker + "-ext"), NotificationEmail: "ops@" + marker + ".test",
		PlanID: partnerd.DefaultPlanID, TimeZone: partnerd.DefaultTimeZone, TeamName: marker + " team"}
	must(db.CreateCustomer(ctx, a.ID, cu))
	member := &partnerd.Member{Name: marker + " member", Email: ptrTo("member@" + marker + ".test"), RoleName: "Analyst", TimeZone: partnerd.DefaultTimeZone}
	must(db.CreateMember(ctx, cu.ID, member))
	role := &partnerd.Role{Name: marker + " role", Privileges: map[string][]string{"Recipes": {"read"}}}
	must(db.CreateRole(ctx, cu.ID, role))
	folder := &partnerd.Folder{Name: marker + " folder"}
	must(db.CreateFolder(ctx, cu.ID, folder))
	sub := &partnerd.Folder{Name: marker + " sub-folder", ParentID: &folder.ID}
	must(db.CreateFolder(ctx, cu.ID, sub))

	connection := &partnerd.Connection{Name: marker + " connection", Provider: "clock", FolderID: sub.ID}
	must(db.CreateConnection(ctx, cu.ID, connection))
	recipe := &partnerd.Recipe{Name: marker + " recipe", FolderID: sub.ID,
		Code: `{"keyword":"trigger","provider":"clock","name":"scheduled_event"}`, Config: []partnerd.RecipeConfig{{Provider: "clock"}}}
	must(db.CreateRecipe(ctx, cu.ID, recipe))
	custom := &partnerd.CustomConnector{Title: marker + " connector", Code: "{ title: '" + marker + "' }"}
	must(db.CreateCustomConnector(ctx, a.ID, custom))
	_, err = db.ReleaseCustomConnector(ctx, a.ID, custom.ID, nil)
	must(err)

	table := &partnerd.LookupTable{Name: marker + " table", Columns: []partnerd.LookupColumn{{Label: "code", Type: "string"}}, FolderID: sub.ID}
	must(db.CreateLookupTable(ctx, cu.ID, table))
	cell := marker + "-row"
	row, err := db.AddLookupRow(ctx, cu.ID, table.ID, partnerd.LookupData{"code": &cell})
	must(err)
	must(db.UpsertProperties(ctx, cu.ID, map[string]string{marker + ".property": marker}))
	collection := &partnerd.APICollection{Name: marker + " api", ProjectID: folder.ProjectID}
	endpoint := &partnerd.APIEndpoint{Name: marker + " endpoint", Method: "GET", Path: "items", FlowID: &recipe.ID}
	must(db.CreateAPICollection(ctx, cu.ID, collection, []*partnerd.APIEndpoint{endpoint}))
	legacy := &partnerd.APIClient{Name: marker + " legacy client", IsLegacy: true, Auth: partnerd.APIAuth{Type: "token"}}
	must(db.CreateAPIClient(ctx, cu.ID, legacy))
	profile := &partnerd.AccessProfile{Name: marker + " profile", ClientID: legacy.ID, CollectionIDs: []int64{collection.ID},
		Auth: partnerd.APIAuth{Type: "token"}, Active: true}
	profile.IssueSecret()
	must(db.CreateAccessProfile(ctx, cu.ID, profile))
	clientV2 := &partnerd.APIClient{Name: marker + " v2 client", Auth: partnerd.APIAuth{Type: "token"}}
	must(db.CreateAPIClient(ctx, cu.ID, clientV2))
	key := &partnerd.AccessProfile{Name: marker + " key", ClientID: clientV2.ID, Inherited: true, Active: true}
	key.IssueSecret()
	must(db.CreateAccessProfile(ctx, cu.ID, key))

	group := &partnerd.OnPremGroup{Name: marker + " group"}
	must(db.CreateOnPremGroup(ctx, cu.ID, group))
	agent := &partnerd.OnPremAgent{Name: marker + " agent", OS: "linux", GroupID: group.ID, AwaitingSetup: true, Enabled: true}
	must(db.CreateOnPremAgent(ctx, cu.ID, agent))

	customerRole := adminRoleOf(t, db, cu.ID)
	token, hash := partnerd.NewToken()
	inside := &partnerd.DevAPIClient{Name: marker + " customer client", RoleID: customerRole, AllFolders: true, TokenHash: hash}
	must(db.CreateDevAPIClient(ctx, cu.ID, inside))
	m.customer = token

	// Two revoked tokens of A: a deleted client's and a regenerated one's.
	accountRole := adminRoleOf(t, db, a.ID)
	for i, regenerate := range []bool{false, true} {
		token, hash := partnerd.NewToken()
		c := &partnerd.DevAPIClient{Name: marker + " revoked " + strconv.Itoa(i), RoleID: accountRole, AllFolders: true, TokenHash: hash}
		must(db.CreateDevAPIClient(ctx, a.ID, c))
		if regenerate {
			_, fresh := partnerd.NewToken()
			_, err = db.RegenerateDevAPIClientToken(ctx, a.ID, c.ID, fresh)
		} else {
			err = db.DeleteDevAPIClient(ctx, a.ID, c.ID)
		}
		must(err)
		m.revoked = append(m.revoked, token)
	}

	m.ids = map[string]int64{
		"{mu}":                            cu.ID,
		"{member_id}":                     member.ID,
		"{role_id}":                       role.ID,
		"{folder_id}":                     sub.ID,
		"{project_id}":                    *folder.ProjectID,
		"folders/{id}":                    sub.ID,
		"projects/{id}":                   *folder.ProjectID,
		"members/{id}":                    member.ID,
		"roles/{id}":                      role.ID,
		"developer_api_clients/{id}":      inside.ID,
		"developer_api_client_roles/{id}": customerRole,
		"{recipe_id}":                     recipe.ID,
		"recipes/{id}":                    recipe.ID,
		"{connection_id}":                 connection.ID,
		"connections/{id}":                connection.ID,
		"custom_connectors/{id}":          custom.ID,
		"{version}":                       1,
		"{lookup_table_id}":               table.ID,
		"{row_id}":                        row.ID,
		"api_endpoints/{id}":              endpoint.ID,
		"api_access_profiles/{id}":        profile.ID,
		"api_clients/{id}":                clientV2.ID,
		"{key_id}":                        key.ID,
		"{group_id}":                      group.ID,
		"{agent_id}":                      agent.ID,
		"on_prem_agents/{id}":             agent.ID,
		"api_collection":                  collection.ID, // named in bodies only
		"legacy_api_client":               legacy.ID,
	}
	mu := "/api/managed_users/" + strconv.FormatInt(cu.ID, 10)
	v2 := "/api/v2/managed_users/" + strconv.FormatInt(cu.ID, 10)
	m.snapshotURLs = []string{
		"/api/managed_users", mu, mu + "/members", mu + "/members/" + strconv.FormatInt(member.ID, 10), mu + "/roles",
		mu + "/folders", mu + "/folders?parent_id=" + strconv.FormatInt(folder.ID, 10), mu + "/projects",
		v2 + "/developer_api_clients", v2 + "/developer_api_client_roles",
		"/api/developer_api_clients", "/api/developer_api_client_roles", "/api/folders", "/api/users/me",
		mu + "/recipes", mu + "/connections", "/api/custom_connectors",
		mu + "/lookup_tables", mu + "/lookup_tables/" + strconv.FormatInt(table.ID, 10) + "/rows", mu + "/properties",
		mu + "/api_collections", mu + "/api_endpoints", mu + "/api_clients", mu + "/api_access_profiles",
		v2 + "/api_clients", v2 + "/api_clients/" + strconv.FormatInt(clientV2.ID, 10) + "/api_keys",
		v2 + "/on_prem_groups", v2 + "/on_prem_agents",
	}

	m.s = NewServer()
	m.s.TestHelpers = true
	m.s.Now = db.Now
	m.s.Ready = db.Ping
	m.s.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	setServices(m.s, db)
	m.requests = prometheus.NewRegistry()
	m.requests.MustRegister(m.s.metrics.requests)
	return m
}

// setServices sets every service of s to db, so that services added to the
// Server later are served too. The rate limiter stays off.
func setServices(s *Server, db *store.DB) {
	v := reflect.ValueOf(s).Elem()
	limiter := reflect.TypeFor[partnerd.RateLimiter]()
	for i := range v.NumField() {
		f, typ := v.Field(i), v.Type().Field(i)
		if typ.IsExported() && typ.Type.Kind() == reflect.Interface && typ.Type != limiter &&
			f.IsNil() && reflect.TypeOf(db).Implements(typ.Type) {
			f.Set(reflect.ValueOf(db))
		}
	}
}

func adminRoleOf(t *testing.T, db *store.DB, workspaceID int64) int64 {
	t.Helper()
	roles, _, err := db.FindClientRoles(context.Background(), workspaceID, partnerd.Page{Page: 1, PerPage: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range roles {
		if r.BuiltIn {
			return r.ID
		}
	}
	t.Fatalf("workspace %d has no built-in client role", workspaceID)
	return 0
}

func ptrTo[T any](v T) *T { return &v }

// fill returns the route's method and a path with each parameter replaced
// by the id of A's matching object, 1 for a name it does not know, and
// whether the path has parameters other than {mu}.
func (m *matrixEnv) fill(pattern string) (method, path string, ids bool, ok bool) {
	method, path, ok = strings.Cut(pattern, " ")
	if !ok || strings.Contains(method, "/") {
		return "", "", false, false
	}
	segments := strings.Split(path, "/")
	for i, seg := range segments {
		if seg == "{$}" {
			segments[i] = ""
			continue
		}
		if !strings.HasPrefix(seg, "{") || !strings.HasSuffix(seg, "}") {
			continue
		}
		name := "{" + strings.TrimSuffix(strings.Trim(seg, "{}"), "...") + "}"
		id, found := m.ids[segments[max(i-1, 0)]+"/"+name]
		if !found {
			id, found = m.ids[name]
		}
		if !found {
			id = 1
		}
		segments[i] = strconv.FormatInt(id, 10)
		ids = ids || name != "{mu}"
	}
	return method, strings.Join(segments, "/"), ids, true
}

// send serves one request with token and returns the status and body. It
// fails unless the route of pattern served it, on a 5xx, and when a caller
// other than A sees one of A's objects.
func (m *matrixEnv) send(t *testing.T, pattern, method, path, token string) (int, []byte) {
	t.Helper()
	var body io.Reader
	if method == "POST" || method == "PUT" || method == "PATCH" {
		body = strings.NewReader(matrixBody)
	}
	req := httptest.NewRequest(method, path, body)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	before := m.served(t, pattern)
	m.s.ServeHTTP(rec, req)
	if m.served(t, pattern) != before+1 {
		t.Errorf("%s: %s %s was not served by its route: %d %s", pattern, method, path, rec.Code, rec.Body)
	}
	if rec.Code >= 500 {
		t.Errorf("%s: %s %s answered %d: %s", pattern, method, path, rec.Code, rec.Body)
	}
	if token != m.tokenA && bytes.Contains(bytes.ToLower(rec.Body.Bytes()), []byte(marker)) {
		t.Errorf("%s: %s %s shows account A's data to another caller: %s", pattern, method, path, rec.Body)
	}
	return rec.Code, rec.Body.Bytes()
}

// served returns how many requests the route of pattern has answered.
func (m *matrixEnv) served(t *testing.T, pattern string) float64 {
	t.Helper()
	families, err := m.requests.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var n float64
	for _, mf := range families {
		if mf.GetName() != "partnerd_http_requests_total" {
			continue
		}
		for _, metric := range mf.GetMetric() {
			for _, l := range metric.GetLabel() {
				if l.GetName() == "route" && l.GetValue() == pattern {
					n += metric.GetCounter().GetValue()
				}
			}
		}
	}
	return n
}

// snapshot reads A's data through the server with A's token.
func (m *matrixEnv) snapshot(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, url := range m.snapshotURLs {
		req := httptest.NewRequest("GET", url, nil)
		req.Header.Set("Authorization", "Bearer "+m.tokenA)
		rec := httptest.NewRecorder()
		m.s.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("snapshot GET %s: %d %s", url, rec.Code, rec.Body)
		}
		out[url] = rec.Body.String()
	}
	return out
}

// TestRouteMatrix walks every route of the table, as it stands, with
// callers that must not reach account A's objects: account B's admin, a
// client inside A's customer workspace on the routes it may not call, and
// revoked tokens of A. A's data must be the same after the walk.
func TestRouteMatrix(t *testing.T) {
	m := newMatrixEnv(t)
	before := m.snapshot(t)
	notFound := `{"message":"Not found"}`

	type probe struct {
		rt           route
		method, path string
		ids          bool
	}
	var withIDs, withoutIDs []probe
	families := map[family]int{}
	for _, rt := range m.s.routes() {
		if rt.family == familyService {
			continue
		}
		switch rt.family {
		case familyAccount, familyE, familyE2, familyD, familyTest:
		default:
			t.Errorf("%s: family %d is unknown to the walk", rt.pattern, rt.family)
			continue
		}
		method, path, ids, ok := m.fill(rt.pattern)
		if !ok {
			t.Errorf("%s: the walk cannot read a method and path", rt.pattern)
			continue
		}
		families[rt.family]++
		p := probe{rt, method, path, ids || strings.Contains(rt.pattern, "{mu}")}
		if p.ids {
			withIDs = append(withIDs, p)
		} else {
			withoutIDs = append(withoutIDs, p)
		}
	}
	for _, f := range []family{familyAccount, familyE, familyE2, familyD, familyTest} {
		if families[f] == 0 {
			t.Errorf("the walk found no route of family %d", f)
		}
	}

	// (a) B's admin: a route that names A's objects is not found; one that
	// names none acts on B's own workspace. Routes with ids go first, before
	// B's own creates could make an id of 1 its own.
	for _, p := range append(withIDs, withoutIDs...) {
		status, body := m.send(t, p.rt.pattern, p.method, p.path, m.tokenB)
		if p.ids && (status != http.StatusNotFound || string(body) != notFound) {
			t.Errorf("%s: account B on %s %s: %d %s, want 404 %s", p.rt.pattern, p.method, p.path, status, body, notFound)
		}
	}

	// (b) A client inside A's customer workspace may call Developer routes
	// only.
	for _, p := range append(withIDs, withoutIDs...) {
		if p.rt.family == familyD {
			continue
		}
		if status, body := m.send(t, p.rt.pattern, p.method, p.path, m.customer); status != http.StatusForbidden {
			t.Errorf("%s: a customer workspace token on %s %s: %d %s, want 403", p.rt.pattern, p.method, p.path, status, body)
		}
	}

	// (c) Revoked tokens, and no token, are 401 everywhere.
	for _, token := range append(m.revoked, "") {
		for _, p := range append(withIDs, withoutIDs...) {
			if status, body := m.send(t, p.rt.pattern, p.method, p.path, token); status != http.StatusUnauthorized ||
				string(body) != `{"message":"Unauthorized"}` {
				t.Errorf("%s: a revoked or missing token on %s %s: %d %s, want 401", p.rt.pattern, p.method, p.path, status, body)
			}
		}
	}

	// (d) A's data is as it was.
	after := m.snapshot(t)
	for _, url := range m.snapshotURLs {
		if before[url] != after[url] {
			t.Errorf("GET %s changed during the walk:\nbefore %s\nafter  %s", url, before[url], after[url])
		}
	}
	t.Logf("walked %d routes: %d naming objects, %d not", len(withIDs)+len(withoutIDs), len(withIDs), len(withoutIDs))
}
