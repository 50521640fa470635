package http

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/partnerd/partnerd"
)

// matrixMissingID is an id that no object of the matrix has.
const matrixMissingID = 987654321

// TestBodyIDMatrix sends, as account B on its own customer workspace,
// every id a body can carry: once with the id of account A's object and
// once with an id that does not exist. Both must answer the same 400
// naming the field, so that B learns nothing of A's ids.
func TestBodyIDMatrix(t *testing.T) {
	m := newMatrixEnv(t)
	before := m.snapshot(t)
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	cu := &partnerd.Workspace{Name: "bravo customer", NotificationEmail: "ops@bravo.test",
		PlanID: partnerd.DefaultPlanID, TimeZone: partnerd.DefaultTimeZone, TeamName: "bravo team"}
	must(m.db.CreateCustomer(ctx, m.accountB.ID, cu))
	folder := &partnerd.Folder{Name: "bravo folder"}
	must(m.db.CreateFolder(ctx, cu.ID, folder))
	connection := &partnerd.Connection{Name: "bravo connection", Provider: "clock", FolderID: folder.ID}
	must(m.db.CreateConnection(ctx, cu.ID, connection))
	recipe := &partnerd.Recipe{Name: "bravo recipe", FolderID: folder.ID,
		Code: `{"keyword":"trigger","provider":"clock","name":"scheduled_event"}`, Config: []partnerd.RecipeConfig{{Provider: "clock"}}}
	must(m.db.CreateRecipe(ctx, cu.ID, recipe))
	role := &partnerd.Role{Name: "bravo role", Privileges: map[string][]string{"Recipes": {"read"}}}
	must(m.db.CreateRole(ctx, cu.ID, role))
	collection := &partnerd.APICollection{Name: "bravo api", ProjectID: folder.ProjectID}
	must(m.db.CreateAPICollection(ctx, cu.ID, collection, nil))
	legacy := &partnerd.APIClient{Name: "bravo legacy", IsLegacy: true, Auth: partnerd.APIAuth{Type: "token"}}
	must(m.db.CreateAPIClient(ctx, cu.ID, legacy))
	profile := &partnerd.AccessProfile{Name: "bravo profile", ClientID: legacy.ID, CollectionIDs: []int64{collection.ID},
		Auth: partnerd.APIAuth{Type: "token"}, Active: true}
	profile.IssueSecret()
	must(m.db.CreateAccessProfile(ctx, cu.ID, profile))
	clientV2 := &partnerd.APIClient{Name: "bravo v2", Auth: partnerd.APIAuth{Type: "token"}}
	must(m.db.CreateAPIClient(ctx, cu.ID, clientV2))
	group := &partnerd.OnPremGroup{Name: "bravo group"}
	must(m.db.CreateOnPremGroup(ctx, cu.ID, group))
	agent := &partnerd.OnPremAgent{Name: "bravo agent", OS: "linux", GroupID: group.ID, AwaitingSetup: true, Enabled: true}
	must(m.db.CreateOnPremAgent(ctx, cu.ID, agent))
	_, hash := partnerd.NewToken()
	dev := &partnerd.DevAPIClient{Name: "bravo dev", RoleID: adminRoleOf(t, m.db, cu.ID), AllFolders: true, TokenHash: hash}
	must(m.db.CreateDevAPIClient(ctx, cu.ID, dev))

	id := func(v int64) string { return strconv.FormatInt(v, 10) }
	mu := "/api/managed_users/" + id(cu.ID)
	v2 := "/api/v2/managed_users/" + id(cu.ID)
	code := `"code":{"keyword":"trigger","provider":"clock","name":"scheduled_event"}`
	schema := `"schema":[{"label":"code","type":"string"}]`
	a := m.ids
	for _, tt := range []struct {
		pattern, path, body, field string // body holds ID where the id goes
		theirs                     int64
	}{
		{"POST /api/managed_users/{mu}/folders", mu + "/folders", `{"name":"x","parent_id":ID}`, "parent_id", a["{folder_id}"]},
		{"PUT /api/managed_users/{mu}/folders/{folder_id}", mu + "/folders/" + id(folder.ID), `{"parent_id":ID}`, "parent_id", a["{folder_id}"]},
		{"POST /api/managed_users/{mu}/connections", mu + "/connections", `{"name":"x","provider":"clock","folder_id":ID}`, "folder_id", a["{folder_id}"]},
		{"POST /api/managed_users/{mu}/connections", mu + "/connections", `{"name":"x","provider":"clock","parent_id":ID}`, "parent_id", a["{connection_id}"]},
		{"POST /api/managed_users/{mu}/connections", mu + "/connections", `{"name":"x","provider":"clock","on_prem_group_id":ID}`, "on_prem_group_id", a["{group_id}"]},
		{"PUT /api/managed_users/{mu}/connections/{connection_id}", mu + "/connections/" + id(connection.ID), `{"folder_id":ID}`, "folder_id", a["{folder_id}"]},
		{"PUT /api/managed_users/{mu}/connections/{connection_id}", mu + "/connections/" + id(connection.ID), `{"parent_id":ID}`, "parent_id", a["{connection_id}"]},
		{"PUT /api/managed_users/{mu}/connections/{connection_id}", mu + "/connections/" + id(connection.ID), `{"on_prem_group_id":ID}`, "on_prem_group_id", a["{group_id}"]},
		{"POST /api/managed_users/{mu}/recipes", mu + "/recipes", `{"name":"x",` + code + `,"config":[{"provider":"clock","account_id":ID}]}`, "config", a["{connection_id}"]},
		{"POST /api/managed_users/{mu}/recipes", mu + "/recipes", `{"name":"x",` + code + `,"folder_id":ID}`, "folder_id", a["{folder_id}"]},
		{"PUT /api/managed_users/{mu}/recipes/{recipe_id}", mu + "/recipes/" + id(recipe.ID), `{"config":[{"provider":"clock","account_id":ID}]}`, "config", a["{connection_id}"]},
		{"PUT /api/managed_users/{mu}/recipes/{recipe_id}", mu + "/recipes/" + id(recipe.ID), `{"folder_id":ID}`, "folder_id", a["{folder_id}"]},
		{"POST /api/managed_users/{mu}/recipes/{recipe_id}/copy", mu + "/recipes/" + id(recipe.ID) + "/copy", `{"folder_id":ID}`, "folder_id", a["{folder_id}"]},
		{"POST /api/managed_users/{mu}/roles/{role_id}/copy", mu + "/roles/" + id(role.ID) + "/copy", `{"name":"x","folder_ids":[ID]}`, "folder_ids", a["{folder_id}"]},
		{"POST /_partnerd/managed_users/{mu}/roles", "/_partnerd/managed_users/" + id(cu.ID) + "/roles", `{"name":"x","folder_ids":[ID]}`, "folder_ids", a["{folder_id}"]},
		{"POST /api/managed_users/{mu}/lookup_tables", mu + "/lookup_tables", `{"name":"x",` + schema + `,"folder_id":ID}`, "folder_id", a["{folder_id}"]},
		{"POST /api/managed_users/{mu}/lookup_tables", mu + "/lookup_tables", `{"name":"x",` + schema + `,"project_id":ID}`, "project_id", a["{project_id}"]},
		{"POST /api/managed_users/{mu}/api_collections", mu + "/api_collections", `{"name":"x","project_id":ID}`, "project_id", a["{project_id}"]},
		{"POST /api/managed_users/{mu}/api_access_profiles", mu + "/api_access_profiles",
			`{"name":"x","auth_type":"token","api_client_id":ID,"api_collection_ids":[` + id(collection.ID) + `]}`, "api_client_id", a["legacy_api_client"]},
		{"POST /api/managed_users/{mu}/api_access_profiles", mu + "/api_access_profiles",
			`{"name":"x","auth_type":"token","api_client_id":` + id(legacy.ID) + `,"api_collection_ids":[ID]}`, "api_collection_ids", a["api_collection"]},
		{"PUT /api/managed_users/{mu}/api_access_profiles/{id}", mu + "/api_access_profiles/" + id(profile.ID), `{"api_collection_ids":[ID]}`, "api_collection_ids", a["api_collection"]},
		{"POST /api/v2/managed_users/{mu}/api_clients", v2 + "/api_clients", `{"name":"x","auth_type":"token","api_collection_ids":[ID]}`, "api_collection_ids", a["api_collection"]},
		{"PUT /api/v2/managed_users/{mu}/api_clients/{id}", v2 + "/api_clients/" + id(clientV2.ID), `{"api_collection_ids":[ID]}`, "api_collection_ids", a["api_collection"]},
		{"POST /api/v2/managed_users/{mu}/on_prem_agents", v2 + "/on_prem_agents", `{"name":"x","os":"linux","on_prem_group_id":ID}`, "on_prem_group_id", a["{group_id}"]},
		{"PUT /api/v2/managed_users/{mu}/on_prem_agents/{agent_id}", v2 + "/on_prem_agents/" + id(agent.ID), `{"on_prem_group_id":ID}`, "on_prem_group_id", a["{group_id}"]},
		{"POST /api/v2/managed_users/{mu}/developer_api_clients", v2 + "/developer_api_clients",
			`{"name":"x","api_privilege_group_id":ID,"all_folders":true}`, "api_privilege_group_id", a["developer_api_client_roles/{id}"]},
		{"POST /api/v2/managed_users/{mu}/developer_api_clients", v2 + "/developer_api_clients",
			`{"name":"x","api_privilege_group_id":` + id(dev.RoleID) + `,"all_folders":false,"folder_ids":[ID]}`, "folder_ids", a["{folder_id}"]},
		{"PUT /api/v2/managed_users/{mu}/developer_api_clients/{id}", v2 + "/developer_api_clients/" + id(dev.ID), `{"all_folders":false,"folder_ids":[ID]}`, "folder_ids", a["{folder_id}"]},
		{"POST /api/managed_users/{mu}/export_manifests", mu + "/export_manifests", `{"export_manifest":{"name":"x","folder_id":ID}}`, "folder_id", a["{folder_id}"]},
		{"POST /api/managed_users/{mu}/export_manifests", mu + "/export_manifests",
			`{"export_manifest":{"name":"x","folder_id":` + id(folder.ID) + `,"assets":[{"id":ID,"type":"recipe"}]}}`, "assets", a["{recipe_id}"]},
		{"POST /api/managed_users/{mu}/imports", mu + "/imports?folder_id=ID", ``, "folder_id", a["{folder_id}"]},
	} {
		// send answers the status, the body, and the body with the id
		// sent replaced by ID, for answers that repeat the id.
		send := func(v int64) (int, string, string) {
			s := strconv.FormatInt(v, 10)
			path, body := strings.ReplaceAll(tt.path, "ID", s), strings.ReplaceAll(tt.body, "ID", s)
			status, got := m.sendBody(t, tt.pattern, path, body)
			return status, string(got), strings.ReplaceAll(string(got), s, "ID")
		}
		theirStatus, theirs, theirsMasked := send(tt.theirs)
		missingStatus, missing, missingMasked := send(matrixMissingID)
		if theirStatus != http.StatusBadRequest || !strings.Contains(theirs, `"errors":{"`+tt.field+`":`) {
			t.Errorf("%s with A's %s: %d %s, want 400 naming %s", tt.pattern, tt.field, theirStatus, theirs, tt.field)
		}
		if theirStatus != missingStatus || (theirs != missing && theirsMasked != missingMasked) {
			t.Errorf("%s: A's %s answers %d %s; a missing one %d %s; want the same", tt.pattern, tt.field, theirStatus, theirs, missingStatus, missing)
		}
	}
	after := m.snapshot(t)
	for _, url := range m.snapshotURLs {
		if before[url] != after[url] {
			t.Errorf("GET %s changed:\nbefore %s\nafter  %s", url, before[url], after[url])
		}
	}
}

// sendBody serves one request of account B with body and returns the
// status and body, failing as send does.
func (m *matrixEnv) sendBody(t *testing.T, pattern, path, body string) (int, []byte) {
	t.Helper()
	method, _, _ := strings.Cut(pattern, " ")
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+m.tokenB)
	rec := httptest.NewRecorder()
	before := m.served(t, pattern)
	m.s.ServeHTTP(rec, req)
	if m.served(t, pattern) != before+1 {
		t.Errorf("%s: %s %s was not served by its route: %d %s", pattern, method, path, rec.Code, rec.Body)
	}
	if rec.Code >= 500 || bytes.Contains(bytes.ToLower(rec.Body.Bytes()), []byte(marker)) {
		t.Errorf("%s: %s %s answered %d: %s", pattern, method, path, rec.Code, rec.Body)
	}
	return rec.Code, rec.Body.Bytes()
}
