package http_test

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// setupAPIPlatform gives account A the customer 3 (external id "acme")
// with the folder 6 (Sales, project 2) holding the recipes 1 (running) and
// 2 (stopped), and account B the customer 4 with the folder 5 (project 1).
func setupAPIPlatform(t *testing.T, e *testEnv) {
	t.Helper()
	for _, sc := range []scenario{
		{Method: "POST", URL: "/api/managed_users", Body: `{"name":"Acme","notification_email":"ops@acme.test","external_id":"acme"}`},
		{Method: "POST", URL: "/api/managed_users", Body: `{"name":"Other","notification_email":"ops@other.test"}`, Token: tokenB},
		{Method: "POST", URL: "/api/managed_users/4/folders", Body: `{"name":"Theirs"}`, Token: tokenB},
		{Method: "POST", URL: "/api/managed_users/3/folders", Body: `{"name":"Sales"}`},
		{Method: "POST", URL: "/api/managed_users/3/recipes", Body: recipeBody("Search accounts", 6)},
		{Method: "POST", URL: "/api/managed_users/3/recipes", Body: recipeBody("Create account", 6)},
		{Method: "PUT", URL: "/api/managed_users/3/recipes/1/start"},
	} {
		if status, body := e.do(sc); status != 200 || strings.Contains(string(body), `"success":false`) {
			t.Fatalf("setup %s %s: %d %s", sc.Method, sc.URL, status, body)
		}
	}
}

// recipeBody returns the body that creates a recipe in a folder that can
// start: a clock trigger, which needs no connection.
func recipeBody(name string, folderID int) string {
	b, _ := json.Marshal(map[string]any{"name": name, "folder_id": folderID, "config": []any{map[string]string{"provider": "clock"}},
		"code": map[string]any{"number": 0, "keyword": "trigger", "provider": "clock", "name": "scheduled_event", "input": map[string]any{}}})
	return string(b)
}

// specBody returns the body of a collection create with an OpenAPI document.
func specBody(name string, projectID any, format, content string) string {
	in := map[string]any{"name": name, "openapi_spec": map[string]string{"format": format, "content": content}}
	if projectID != nil {
		in["project_id"] = projectID
	}
	b, _ := json.Marshal(in)
	return string(b)
}

// secretField matches a secret and its value in a JSON body.
var secretField = regexp.MustCompile(`"(secret|oauth_client_id|oauth_client_secret|auth_token)":"([^"]*)"`)

var (
	hexSecret     = regexp.MustCompile(`^[0-9a-f]{64}$`)
	urlSafeSecret = regexp.MustCompile(`^[A-Za-z0-9_-]{32,}$`)
)

// runSecrets plays scenarios like run, with each secret of a body replaced
// by its shape, so that golden files stay stable: a token is 64 hex
// characters, an oauth2 client id or secret at least 32 url-safe ones;
// anything else fails. It returns the secrets each scenario showed.
func (e *testEnv) runSecrets(t *testing.T, scenarios []scenario) map[string][]string {
	t.Helper()
	seen := map[string][]string{}
	for _, sc := range scenarios {
		status, body := e.do(sc)
		if status != sc.WantStatus {
			t.Errorf("%s: status %d, want %d; body %s", sc.Name, status, sc.WantStatus, body)
		}
		masked := secretField.ReplaceAllStringFunc(string(body), func(m string) string {
			parts := secretField.FindStringSubmatch(m)
			seen[sc.Name] = append(seen[sc.Name], parts[2])
			shape := "<not a secret>"
			switch {
			case (parts[1] == "secret" || parts[1] == "auth_token") && hexSecret.MatchString(parts[2]):
				shape = "<64 hex characters>"
			case strings.HasPrefix(parts[1], "oauth_") && urlSafeSecret.MatchString(parts[2]):
				shape = "<32 or more url-safe characters>"
			default:
				t.Errorf("%s: %s %q has not the shape of a secret", sc.Name, parts[1], parts[2])
			}
			return `"` + parts[1] + `":"` + shape + `"`
		})
		checkGolden(t, filepath.Join("testdata", "api_platform", sc.Name+".json"), []byte(masked))
	}
	return seen
}

// TestAPIPlatformDeveloper plays the v1 routes on account A's own
// workspace: the folder 7 (Ops, project 3) holds the recipe 3, and the
// collection 1 its endpoint 1, beside customer 3's collection 2 and its
// endpoint 2.
func TestAPIPlatformDeveloper(t *testing.T) {
	e := newTestEnv(t, false)
	setupAPIPlatform(t, e)
	for _, sc := range []scenario{
		{Method: "POST", URL: "/api/folders", Body: `{"name":"Ops"}`},
		{Method: "POST", URL: "/api/recipes", Body: recipeBody("Health", 7)},
	} {
		if status, body := e.do(sc); status != 200 {
			t.Fatalf("setup %s %s: %d %s", sc.Method, sc.URL, status, body)
		}
	}
	yaml := "openapi: 3.0.3\ninfo:\n  title: Ops\n  version: 2.1\npaths:\n  /health:\n    get:\n      operationId: health\n      x-workato-recipe-id: 3\n"
	e.runSecrets(t, []scenario{
		{Name: "d_collections_empty", Method: "GET", URL: "/api/api_collections", WantStatus: 200},
		{Name: "d_collection_create", Method: "POST", URL: "/api/api_collections", Body: specBody("Ops API", 3, "yaml", yaml), WantStatus: 200},
		{Name: "d_collection_create_customer_project", Method: "POST", URL: "/api/api_collections", Body: `{"name":"X","project_id":2}`, WantStatus: 400},
		{Name: "d_collection_create_customer_recipe", Method: "POST", URL: "/api/api_collections",
			Body: specBody("X", 3, "yaml", strings.Replace(yaml, "recipe-id: 3", "recipe-id: 1", 1)), WantStatus: 400},
		{Name: "d_customer_collection_create", Method: "POST", URL: "/api/managed_users/3/api_collections",
			Body: specBody("Sales API", 2, "yaml", strings.Replace(yaml, "recipe-id: 3", "recipe-id: 1", 1)), WantStatus: 200},
		{Name: "d_collections", Method: "GET", URL: "/api/api_collections", WantStatus: 200},
		{Name: "d_endpoints", Method: "GET", URL: "/api/api_endpoints", WantStatus: 200},
		{Name: "d_endpoints_of_customer_collection", Method: "GET", URL: "/api/api_endpoints?api_collection_id=2", WantStatus: 200},
		{Name: "d_endpoint_enable_stopped_recipe", Method: "PUT", URL: "/api/api_endpoints/1/enable", WantStatus: 400},
		{Name: "d_endpoint_of_customer", Method: "PUT", URL: "/api/api_endpoints/2/enable", WantStatus: 404},
		{Name: "d_recipe_start", Method: "PUT", URL: "/api/recipes/3/start", WantStatus: 200},
		{Name: "d_endpoint_enable", Method: "PUT", URL: "/api/api_endpoints/1/enable", WantStatus: 200},
		{Name: "d_endpoints_after_enable", Method: "GET", URL: "/api/api_endpoints", WantStatus: 200},
		{Name: "d_endpoint_disable", Method: "PUT", URL: "/api/api_endpoints/1/disable", WantStatus: 200},

		{Name: "d_clients_empty", Method: "GET", URL: "/api/api_clients", WantStatus: 200},
		{Name: "d_client_create", Method: "POST", URL: "/api/api_clients", Body: `{"name":"Ops app"}`, WantStatus: 200},
		{Name: "d_clients", Method: "GET", URL: "/api/api_clients", WantStatus: 200},
		{Name: "d_profile_create", Method: "POST", URL: "/api/api_access_profiles",
			Body: `{"name":"Ops token","api_client_id":"1","api_collection_ids":["1"],"auth_type":"token"}`, WantStatus: 200},
		{Name: "d_profiles", Method: "GET", URL: "/api/api_access_profiles", WantStatus: 200},
		{Name: "d_profile_update", Method: "PUT", URL: "/api/api_access_profiles/1", Body: `{"ip_allow_list":["192.0.2.0/24"]}`, WantStatus: 200},
		{Name: "d_profile_disable", Method: "PUT", URL: "/api/api_access_profiles/1/disable", WantStatus: 200},
		{Name: "d_profile_refresh", Method: "PUT", URL: "/api/api_access_profiles/1/refresh_secret", WantStatus: 200},
		{Name: "d_profiles_after", Method: "GET", URL: "/api/api_access_profiles?api_client_id=1", WantStatus: 200},

		// Seed 001 prints update and disable without the id: no profile.
		{Name: "d_profile_update_without_id", Method: "PUT", URL: "/api/api_access_profiles", Body: `{"name":"X"}`, WantStatus: 405},

		// Account B's admin reaches nothing of A's own workspace.
		{Name: "d_other_account_collections", Method: "GET", URL: "/api/api_collections", Token: tokenB, WantStatus: 200},
		{Name: "d_other_account_endpoints", Method: "GET", URL: "/api/api_endpoints?api_collection_id=1", Token: tokenB, WantStatus: 200},
		{Name: "d_other_account_enable", Method: "PUT", URL: "/api/api_endpoints/1/enable", Token: tokenB, WantStatus: 404},
		{Name: "d_other_account_profile_update", Method: "PUT", URL: "/api/api_access_profiles/1", Body: `{"name":"X"}`, Token: tokenB, WantStatus: 404},
		{Name: "d_other_account_refresh", Method: "PUT", URL: "/api/api_access_profiles/1/refresh_secret", Token: tokenB, WantStatus: 404},
		{Name: "d_other_account_profile_create", Method: "POST", URL: "/api/api_access_profiles",
			Body: `{"name":"X","api_client_id":1,"auth_type":"token"}`, Token: tokenB, WantStatus: 400},
		{Name: "d_no_token", Method: "GET", URL: "/api/api_collections", Token: "-", WantStatus: 401},
	})
}
