package http_test

import (
	"context"
	"encoding/json"
	nethttp "net/http"
	"strings"
	"testing"

	"github.com/partnerd/partnerd"
)

// Tokens of the clients that setupRecipeClients makes.
const (
	tokenCustomer  = "wrkaus-recipes-customer-000000000000000000000000"
	tokenScoped    = "wrkaus-recipes-scoped-00000000000000000000000000"
	tokenNoRecipes = "wrkaus-recipes-none-0000000000000000000000000000"
	tokenReadOnly  = "wrkaus-recipes-read-0000000000000000000000000000"
)

// setupRecipeClients gives customer 3 an Admin client over all folders
// (tokenCustomer) and one limited to folder 5 (tokenScoped), and account A
// clients whose roles grant no recipes (tokenNoRecipes) or only reading
// them (tokenReadOnly).
func setupRecipeClients(t *testing.T, e *testEnv) {
	t.Helper()
	ctx := context.Background()
	builtIn := func(workspaceID int64) int64 {
		roles, _, err := e.DB.FindClientRoles(ctx, workspaceID, partnerd.Page{Page: 1, PerPage: 100})
		if err != nil {
			t.Fatal(err)
		}
		return roles[0].ID
	}
	role := func(name string, p partnerd.Privileges) int64 {
		r := &partnerd.ClientRole{Name: name, Privileges: p}
		if err := e.DB.CreateClientRole(ctx, e.AccountA.ID, r); err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	for _, c := range []struct {
		workspaceID, roleID int64
		token               string
		folders             []int64
	}{
		{3, builtIn(3), tokenCustomer, nil},
		{3, builtIn(3), tokenScoped, []int64{5}},
		{e.AccountA.ID, role("Folders only", partnerd.Privileges{partnerd.FamilyFolders: {"read", "write"}}), tokenNoRecipes, nil},
		{e.AccountA.ID, role("Recipe reader", partnerd.Privileges{partnerd.FamilyRecipes: {"read"}}), tokenReadOnly, nil},
	} {
		client := &partnerd.DevAPIClient{Name: c.token[7:20], RoleID: c.roleID, AllFolders: c.folders == nil,
			FolderIDs: c.folders, TokenHash: partnerd.HashSecret(c.token)}
		if err := e.DB.CreateDevAPIClient(ctx, c.workspaceID, client); err != nil {
			t.Fatal(err)
		}
	}
}

// TestRecipesDeveloper plays the Developer routes: recipes 1 (folder 5), 2
// (home) and 5 (folder 5) of customer 3 through its own clients, 3 of
// account A's own workspace, 4 a copy of 1; then the public search.
func TestRecipesDeveloper(t *testing.T) {
	e := newTestEnv(t, false)
	setupRecipes(t, e)
	setupRecipeClients(t, e)
	create := func(name string, folderID int64) string {
		return jsonBody(t, map[string]any{"name": name, "code": json.RawMessage(logCode), "folder_id": folderID,
			"config": []map[string]any{{"provider": "clock"}, {"provider": "logger"}}})
	}
	e.run(t, "recipes", []scenario{
		{Name: "d_create", Method: "POST", URL: "/api/recipes", Body: create("Customer sync", 5), Token: tokenCustomer, WantStatus: 200},
		{Name: "d_create_home", Method: "POST", URL: "/api/recipes/", Body: create("At home", 0), Token: tokenCustomer, WantStatus: 200},
		{Name: "d_create_admin", Method: "POST", URL: "/api/recipes", Body: create("Partner recipe", 0), WantStatus: 200},
		{Name: "d_list", Method: "GET", URL: "/api/recipes?exclude_code=true", Token: tokenCustomer, WantStatus: 200},
		{Name: "d_list_admin", Method: "GET", URL: "/api/recipes", WantStatus: 200},
		{Name: "d_get", Method: "GET", URL: "/api/recipes/1", Token: tokenCustomer, WantStatus: 200},
		{Name: "d_get_other_workspace", Method: "GET", URL: "/api/recipes/1", WantStatus: 404},
		{Name: "d_start", Method: "PUT", URL: "/api/recipes/1/start", Token: tokenCustomer, WantStatus: 200},
		{Name: "d_update_running", Method: "PUT", URL: "/api/recipes/1", Body: `{"name":"x"}`, Token: tokenCustomer, WantStatus: 200},
		{Name: "d_delete_running", Method: "DELETE", URL: "/api/recipes/1", Token: tokenCustomer, WantStatus: 200},
		{Name: "d_stop", Method: "PUT", URL: "/api/recipes/1/stop", Token: tokenCustomer, WantStatus: 200},
		{Name: "d_copy", Method: "POST", URL: "/api/recipes/1/copy", Token: tokenCustomer, WantStatus: 200},
		{Name: "d_versions", Method: "GET", URL: "/api/recipes/1/versions", Token: tokenCustomer, WantStatus: 200},
		{Name: "d_jobs", Method: "GET", URL: "/api/recipes/1/jobs", Token: tokenCustomer, WantStatus: 200},
		{Name: "d_helper_customer_token", Method: "POST", URL: "/_partnerd/recipes/1/jobs", Body: `{"status":"succeeded"}`, Token: tokenCustomer, WantStatus: 403},

		// A client limited to folder 5 reaches the recipes there only.
		{Name: "d_scoped_list", Method: "GET", URL: "/api/recipes?exclude_code=true", Token: tokenScoped, WantStatus: 200},
		{Name: "d_scoped_get_outside", Method: "GET", URL: "/api/recipes/2", Token: tokenScoped, WantStatus: 404},
		{Name: "d_scoped_start_outside", Method: "PUT", URL: "/api/recipes/2/start", Token: tokenScoped, WantStatus: 404},
		{Name: "d_scoped_delete_outside", Method: "DELETE", URL: "/api/recipes/2", Token: tokenScoped, WantStatus: 404},
		{Name: "d_scoped_create_home", Method: "POST", URL: "/api/recipes", Body: create("Not here", 0), Token: tokenScoped, WantStatus: 400},
		{Name: "d_scoped_copy_home", Method: "POST", URL: "/api/recipes/1/copy", Body: `{"folder_id":3}`, Token: tokenScoped, WantStatus: 400},
		{Name: "d_scoped_create", Method: "POST", URL: "/api/recipes", Body: create("In scope", 5), Token: tokenScoped, WantStatus: 200},

		// Privileges of the client's role.
		{Name: "d_no_privilege", Method: "GET", URL: "/api/recipes", Token: tokenNoRecipes, WantStatus: 403},
		{Name: "d_read_only_list", Method: "GET", URL: "/api/recipes", Token: tokenReadOnly, WantStatus: 200},
		{Name: "d_read_only_create", Method: "POST", URL: "/api/recipes", Body: create("x", 0), Token: tokenReadOnly, WantStatus: 403},
		{Name: "d_read_only_start", Method: "PUT", URL: "/api/recipes/3/start", Token: tokenReadOnly, WantStatus: 403},
		{Name: "d_delete", Method: "DELETE", URL: "/api/recipes/2", Token: tokenCustomer, WantStatus: 200},
	})

	// Recipes 1 and 3 are made public, as a package would.
	for _, r := range []struct {
		workspaceID, id int64
		description     string
	}{{3, 1, "Syncs leads every 5 minutes"}, {e.AccountA.ID, 3, "Logs 100% of events"}} {
		_, err := e.DB.UpdateRecipe(context.Background(), r.workspaceID, r.id, func(rec *partnerd.Recipe) error {
			rec.Private, rec.Description = false, &r.description
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	e.run(t, "recipes", []scenario{
		{Name: "search", Method: "GET", URL: "/api/recipes/search", WantStatus: 200},
		{Name: "search_term", Method: "GET", URL: "/api/recipes/search?term=LEADS", WantStatus: 200},
		{Name: "search_term_wildcard", Method: "GET", URL: "/api/recipes/search?term=100%25", WantStatus: 200},
		{Name: "search_applications", Method: "GET", URL: "/api/recipes/search?applications=logger,clock", WantStatus: 200},
		{Name: "search_applications_none", Method: "GET", URL: "/api/recipes/search?applications=salesforce", WantStatus: 200},
		{Name: "search_page", Method: "GET", URL: "/api/recipes/search?page=1&per_page=1", WantStatus: 200},
		{Name: "search_per_page_clamped", Method: "GET", URL: "/api/recipes/search?page=0&per_page=500", WantStatus: 200},
		{Name: "search_bad_page", Method: "GET", URL: "/api/recipes/search?page=first", WantStatus: 400},
		{Name: "search_customer", Method: "GET", URL: "/api/recipes/search", Token: tokenCustomer, WantStatus: 200},
		{Name: "search_other_account", Method: "GET", URL: "/api/recipes/search", Token: tokenB, WantStatus: 200},
		{Name: "search_embedded_path", Method: "GET", URL: "/api/managed_users/3/recipes/search", WantStatus: 404},
	})
}

// TestRecipeLimits checks the rate-limit group of each recipe route and
// that a recipe body may be larger than 1 MiB.
func TestRecipeLimits(t *testing.T) {
	e := newTestEnv(t, true)
	setupRecipes(t, e)
	big := jsonBody(t, map[string]any{"name": "Big", "code": map[string]any{"keyword": "trigger", "provider": "clock",
		"name": "scheduled_event", "input": map[string]any{"note": strings.Repeat("x", 3<<20)}}})
	for _, tt := range []struct {
		method, url, body, limit string
	}{
		{"POST", "/api/managed_users/3/recipes", big, "1000"},
		{"GET", "/api/managed_users/3/recipes", "", "2000"},
		{"GET", "/api/managed_users/3/recipes/1", "", "2000"},
		{"GET", "/api/recipes", "", "2000"},
		{"PUT", "/api/managed_users/3/recipes/1/start", "", "1000"},
		{"GET", "/api/managed_users/3/recipes/1/versions", "", "1000"},
		{"GET", "/api/recipes/search", "", "1000"},
	} {
		req, _ := nethttp.NewRequest(tt.method, e.URL+tt.url, strings.NewReader(tt.body))
		req.Header.Set("Authorization", "Bearer "+tokenA)
		res, err := nethttp.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 || res.Header.Get("X-RateLimit-Limit") != tt.limit {
			t.Errorf("%s %s: %d, limit %q; want 200, %s", tt.method, tt.url, res.StatusCode, res.Header.Get("X-RateLimit-Limit"), tt.limit)
		}
	}
}
