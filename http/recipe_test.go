package http_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/partnerd/partnerd"
)

// Recipe codes of the http tests. clock and logger need no connection;
// salesforce does.
const (
	syncCode = `{"number":0,"keyword":"trigger","provider":"clock","name":"scheduled_event","input":{"time_unit":"minutes"},` +
		`"block":[{"number":1,"keyword":"action","provider":"salesforce","name":"create_record","input":{"sobject_name":"Lead"}}]}`
	brokenCode = `{"number":0,"keyword":"action","provider":"logger","name":"log_message","block":[{"number":1,"keyword":"action","provider":"nope"}]}`
	logCode    = `{"number":0,"keyword":"trigger","provider":"clock","name":"scheduled_event","block":[{"number":1,"keyword":"action","provider":"logger","name":"log_message"}]}`
)

// jsonBody renders a request body.
func jsonBody(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// setupRecipes gives account A the customer 3 (external id "acme", home
// folder 3) with the folder 5 (project 1) and the salesforce connections 1
// (authorized) and 2 (failed), and account B the customer 4 with the
// folder 6 and the authorized salesforce connection 3. Test helpers are on.
func setupRecipes(t *testing.T, e *testEnv) {
	t.Helper()
	e.Server.TestHelpers = true
	for _, sc := range []scenario{
		{Method: "POST", URL: "/api/managed_users", Body: `{"name":"Acme","notification_email":"ops@acme.test","external_id":"acme"}`},
		{Method: "POST", URL: "/api/managed_users", Body: `{"name":"Other","notification_email":"ops@other.test"}`, Token: tokenB},
		{Method: "POST", URL: "/api/managed_users/3/folders", Body: `{"name":"Sales"}`},
		{Method: "POST", URL: "/api/managed_users/4/folders", Body: `{"name":"Theirs"}`, Token: tokenB},
	} {
		if status, body := e.do(sc); status != 200 {
			t.Fatalf("setup %s %s: %d %s", sc.Method, sc.URL, status, body)
		}
	}
	for _, c := range []struct {
		workspaceID int64
		status      string
	}{{3, partnerd.AuthorizationSuccess}, {3, partnerd.AuthorizationFailed}, {4, partnerd.AuthorizationSuccess}} {
		status := c.status
		conn := &partnerd.Connection{Name: "Salesforce", Provider: "salesforce", AuthorizationStatus: &status}
		if err := e.DB.CreateConnection(context.Background(), c.workspaceID, conn); err != nil {
			t.Fatal(err)
		}
	}
}

// TestRecipesEmbedded plays the recipe routes of a customer workspace:
// recipe 1 (Sync, in folder 5) through its whole life, recipe 2 (Wrapped,
// at home) that cannot start, and the copies 3 and 4 of recipe 1.
func TestRecipesEmbedded(t *testing.T) {
	e := newTestEnv(t, false)
	setupRecipes(t, e)
	const (
		recipes = "/api/managed_users/3/recipes"
		byExt   = "/api/managed_users/Eacme/recipes"
		other   = "/api/managed_users/4/recipes"
	)
	create := jsonBody(t, map[string]any{"name": "Sync", "description": "Leads every 5 minutes", "code": syncCode, "folder_id": "5",
		"config": []any{map[string]any{"keyword": "application", "provider": "clock"}, map[string]any{"provider": "salesforce", "account_id": "2"}}})
	wrapped := jsonBody(t, map[string]any{"name": "ignored", "recipe": map[string]any{"name": "Wrapped", "code": json.RawMessage(brokenCode), "config": "[]"}})
	fixConfig := jsonBody(t, map[string]any{"config": `[{"keyword":"application","name":"clock","provider":"clock","skip_validation":false,"account_id":null},` +
		`{"keyword":"application","name":"salesforce","provider":"salesforce","skip_validation":"false","account_id":1}]`})
	e.run(t, "recipes", []scenario{
		{Name: "e_list_empty", Method: "GET", URL: recipes, WantStatus: 200},

		// Create: flat or wrapped, code and config as strings or values.
		{Name: "e_create", Method: "POST", URL: recipes, Body: create, WantStatus: 200},
		{Name: "e_create_wrapped", Method: "POST", URL: byExt, Body: wrapped, WantStatus: 200},
		{Name: "e_create_missing_fields", Method: "POST", URL: recipes, Body: `{}`, WantStatus: 400},
		{Name: "e_create_code_not_json", Method: "POST", URL: recipes, Body: `{"name":"X","code":"{nope","config":"[oops"}`, WantStatus: 400},
		{Name: "e_create_code_not_a_recipe", Method: "POST", URL: recipes, Body: `{"name":"X","code":{"block":{"number":1}}}`, WantStatus: 400},
		{Name: "e_create_code_not_an_object", Method: "POST", URL: recipes, Body: `{"name":"X","code":"[1,2]"}`, WantStatus: 400},
		{Name: "e_create_config_not_an_array", Method: "POST", URL: recipes, Body: `{"name":"X","code":{},"config":{"provider":"clock"}}`, WantStatus: 400},
		{Name: "e_create_config_package_reference", Method: "POST", URL: recipes,
			Body: `{"name":"X","code":{},"config":[{"provider":"salesforce","account_id":{"zip_name":"sf.connection.json"}}]}`, WantStatus: 400},
		{Name: "e_create_config_without_provider", Method: "POST", URL: recipes, Body: `{"name":"X","code":{},"config":[{"keyword":"application"}]}`, WantStatus: 400},
		{Name: "e_create_folder_of_other_workspace", Method: "POST", URL: recipes, Body: `{"name":"X","code":{},"folder_id":6}`, WantStatus: 400},
		{Name: "e_create_wrong_type", Method: "POST", URL: recipes, Body: `{"name":["X"],"code":{}}`, WantStatus: 400},
		{Name: "e_create_malformed", Method: "POST", URL: recipes, Body: `{"name":`, WantStatus: 400},
		{Name: "e_create_other_account", Method: "POST", URL: recipes, Body: create, Token: tokenB, WantStatus: 404},

		// Read.
		{Name: "e_get", Method: "GET", URL: recipes + "/1", WantStatus: 200},
		{Name: "e_get_wrapped", Method: "GET", URL: byExt + "/2", WantStatus: 200},
		{Name: "e_get_unknown", Method: "GET", URL: recipes + "/99", WantStatus: 404},
		{Name: "e_get_not_an_id", Method: "GET", URL: recipes + "/search", WantStatus: 404},
		{Name: "e_get_other_account", Method: "GET", URL: recipes + "/1", Token: tokenB, WantStatus: 404},
		{Name: "e_get_other_workspace", Method: "GET", URL: other + "/1", Token: tokenB, WantStatus: 404},
		{Name: "e_list", Method: "GET", URL: recipes, WantStatus: 200},
		{Name: "e_list_page", Method: "GET", URL: recipes + "?page=2&per_page=1&exclude_code=True", WantStatus: 200},
		{Name: "e_list_folder", Method: "GET", URL: recipes + "?folder_id=5&exclude_code=1", WantStatus: 200},
		{Name: "e_list_since_id", Method: "GET", URL: recipes + "?since_id=2&exclude_code=true", WantStatus: 200},
		{Name: "e_list_adapters_any", Method: "GET", URL: recipes + "?adapter_names_any=nope,%20logger&exclude_code=true", WantStatus: 200},
		{Name: "e_list_adapters_all", Method: "GET", URL: recipes + "?adapter_names_all=salesforce,clock&exclude_code=true", WantStatus: 200},
		{Name: "e_list_updated_after", Method: "GET", URL: recipes + "?updated_after=2026-11-02T09:30:00.123Z", WantStatus: 200},
		{Name: "e_list_updated_after_earlier", Method: "GET", URL: recipes + "?updated_after=2026-11-02T09:30:00Z&exclude_code=true", WantStatus: 200},
		{Name: "e_list_bad_time", Method: "GET", URL: recipes + "?updated_after=yesterday", WantStatus: 400},
		{Name: "e_list_bad_running", Method: "GET", URL: recipes + "?running=maybe", WantStatus: 400},
		{Name: "e_list_other_account", Method: "GET", URL: other, Token: tokenB, WantStatus: 200},

		// Start: refused with the problems, then fixed.
		{Name: "e_start_config_errors", Method: "PUT", URL: recipes + "/1/start", WantStatus: 200},
		{Name: "e_start_code_errors", Method: "PUT", URL: recipes + "/2/start", WantStatus: 200},
		{Name: "e_start_other_account", Method: "PUT", URL: recipes + "/1/start", Token: tokenB, WantStatus: 404},
		{Name: "e_update_config", Method: "PUT", URL: recipes + "/1", Body: fixConfig, WantStatus: 200},
		{Name: "e_start", Method: "PUT", URL: recipes + "/1/start", WantStatus: 200},
		{Name: "e_start_again", Method: "PUT", URL: recipes + "/1/start", WantStatus: 200},
		{Name: "e_list_running", Method: "GET", URL: recipes + "?running=true&exclude_code=true", WantStatus: 200},
		{Name: "e_list_active_false", Method: "GET", URL: recipes + "?active=false&exclude_code=true", WantStatus: 200},
		{Name: "e_update_running", Method: "PUT", URL: recipes + "/1", Body: `{"name":"Renamed"}`, WantStatus: 200},
		{Name: "e_delete_running", Method: "DELETE", URL: recipes + "/1", WantStatus: 200},
		{Name: "e_get_running", Method: "GET", URL: recipes + "/1", WantStatus: 200},
		{Name: "e_stop", Method: "PUT", URL: recipes + "/1/stop", WantStatus: 200},
		{Name: "e_stop_again", Method: "PUT", URL: byExt + "/1/stop", WantStatus: 200},
		{Name: "e_stop_other_account", Method: "PUT", URL: recipes + "/1/stop", Token: tokenB, WantStatus: 404},
		{Name: "e_list_stopped_after", Method: "GET", URL: recipes + "?stopped_after=2026-11-01T00:00:00%2B01:00&exclude_code=true", WantStatus: 200},
		{Name: "e_list_stop_cause", Method: "GET", URL: recipes + "?stop_cause=trial_expired", WantStatus: 200},

		// Update: a new code is a new version; a name alone is not.
		{Name: "e_update_code", Method: "PUT", URL: recipes + "/1", Body: jsonBody(t, map[string]any{"code": json.RawMessage(logCode), "name": "Log"}), WantStatus: 200},
		{Name: "e_update_name", Method: "PUT", URL: recipes + "/1", Body: `{"recipe":{"name":" Logger ","description":null}}`, WantStatus: 200},
		{Name: "e_update_invalid_code", Method: "PUT", URL: recipes + "/1", Body: `{"code":"not json"}`, WantStatus: 400},
		{Name: "e_update_blank_name", Method: "PUT", URL: recipes + "/1", Body: `{"name":null}`, WantStatus: 400},
		{Name: "e_update_other_account", Method: "PUT", URL: recipes + "/1", Body: `{"name":"Stolen"}`, Token: tokenB, WantStatus: 404},
		{Name: "e_get_updated", Method: "GET", URL: recipes + "/1", WantStatus: 200},
		{Name: "e_versions", Method: "GET", URL: recipes + "/1/versions", WantStatus: 200},
		{Name: "e_versions_other_account", Method: "GET", URL: recipes + "/1/versions", Token: tokenB, WantStatus: 404},

		// Copy.
		{Name: "e_copy", Method: "POST", URL: recipes + "/1/copy", WantStatus: 200},
		{Name: "e_copy_into_folder", Method: "POST", URL: recipes + "/1/copy", Body: `{"folder_id":"3"}`, WantStatus: 200},
		{Name: "e_copy_into_other_workspace", Method: "POST", URL: recipes + "/1/copy", Body: `{"folder_id":6}`, WantStatus: 400},
		{Name: "e_copy_other_account", Method: "POST", URL: recipes + "/1/copy", Token: tokenB, WantStatus: 404},
		{Name: "e_get_copy", Method: "GET", URL: recipes + "/3", WantStatus: 200},
		{Name: "e_get_original", Method: "GET", URL: recipes + "/1", WantStatus: 200},

		// Delete.
		{Name: "e_delete_other_account", Method: "DELETE", URL: recipes + "/2", Token: tokenB, WantStatus: 404},
		{Name: "e_delete", Method: "DELETE", URL: recipes + "/2", WantStatus: 200},
		{Name: "e_get_deleted", Method: "GET", URL: recipes + "/2", WantStatus: 404},
	})
}
