package http_test

import (
	"encoding/json"
	"testing"
)

// TestRecipeConnect swaps the salesforce connection of recipe 1 of
// customer 3: a connection of the workspace and provider is taken; a
// foreign, missing or other provider's connection is the same 400; a
// running recipe is refused.
func TestRecipeConnect(t *testing.T) {
	e := newTestEnv(t, false)
	setupRecipes(t, e)
	const recipe = "/api/managed_users/3/recipes/1"
	create := jsonBody(t, map[string]any{"name": "Sync", "code": syncCode,
		"config": []any{map[string]any{"provider": "clock"}, map[string]any{"provider": "salesforce", "account_id": 2}}})
	logOnly := jsonBody(t, map[string]any{"name": "Log", "code": logCode, "config": `[{"provider":"clock"},{"provider":"logger"}]`})
	for _, body := range []string{create, logOnly} {
		if status, body := e.do(scenario{Method: "POST", URL: "/api/managed_users/3/recipes", Body: body}); status != 200 {
			t.Fatalf("create: %d %s", status, body)
		}
	}
	e.run(t, "recipes", []scenario{
		{Name: "connect_application_not_in_recipe", Method: "PUT", URL: "/api/managed_users/3/recipes/2/connect", Body: `{"adapter_name":"salesforce","connection_id":1}`, WantStatus: 400},
		{Name: "connect_foreign", Method: "PUT", URL: recipe + "/connect", Body: `{"adapter_name":"salesforce","connection_id":3}`, WantStatus: 400},
		{Name: "connect_missing", Method: "PUT", URL: recipe + "/connect", Body: `{"adapter_name":"salesforce","connection_id":99}`, WantStatus: 400},
		{Name: "connect_other_provider", Method: "PUT", URL: recipe + "/connect", Body: `{"adapter_name":"slack","connection_id":1}`, WantStatus: 400},
		{Name: "connect_blank", Method: "PUT", URL: recipe + "/connect", Body: `{}`, WantStatus: 400},
		{Name: "connect_provider_alias", Method: "PUT", URL: recipe + "/connect", Body: `{"provider":"logger","connection_id":1}`, WantStatus: 400},
		{Name: "connect_other_account", Method: "PUT", URL: recipe + "/connect", Body: `{"adapter_name":"salesforce","connection_id":1}`, Token: tokenB, WantStatus: 404},
		{Name: "connect", Method: "PUT", URL: recipe + "/connect", Body: `{"adapter_name":"salesforce","connection_id":"1"}`, WantStatus: 200},
	})
	status, body := e.do(scenario{Method: "GET", URL: recipe})
	var got struct {
		VersionNo int `json:"version_no"`
		Config    []struct {
			Provider  string `json:"provider"`
			AccountID *int64 `json:"account_id"`
		} `json:"config"`
	}
	if err := json.Unmarshal(body, &got); status != 200 || err != nil || got.VersionNo != 2 || got.Config[1].AccountID == nil || *got.Config[1].AccountID != 1 {
		t.Fatalf("recipe after connect: %d %s", status, body)
	}
	if status, body := e.do(scenario{Method: "PUT", URL: recipe + "/start"}); status != 200 {
		t.Fatalf("start: %d %s", status, body)
	}
	e.run(t, "recipes", []scenario{
		{Name: "connect_running", Method: "PUT", URL: recipe + "/connect", Body: `{"adapter_name":"salesforce","connection_id":1}`, WantStatus: 400},
	})
}

// TestRecipePollNow polls scheduled recipe 1 of customer 3 now: one
// pending job while it runs; a stopped recipe and a webhook recipe are
// refused.
func TestRecipePollNow(t *testing.T) {
	e := newTestEnv(t, false)
	setupRecipes(t, e)
	const recipe = "/api/managed_users/3/recipes/1"
	for _, sc := range []scenario{
		{Method: "POST", URL: "/api/managed_users/3/recipes", Body: jsonBody(t, map[string]any{"name": "Log", "code": logCode,
			"config": []any{map[string]any{"provider": "clock"}, map[string]any{"provider": "logger"}}})},
		{Method: "POST", URL: "/api/managed_users/3/recipes", Body: jsonBody(t, map[string]any{"name": "Leads", "code": hookCode,
			"config": `[{"provider":"workato_webhooks"},{"provider":"logger"}]`})},
		{Method: "PUT", URL: "/api/managed_users/3/recipes/2/start"},
		{Method: "POST", URL: "/api/recipes", Body: jsonBody(t, map[string]any{"name": "Own", "code": logCode,
			"config": []any{map[string]any{"provider": "clock"}, map[string]any{"provider": "logger"}}})},
	} {
		if status, body := e.do(sc); status != 200 {
			t.Fatalf("setup %s %s: %d %s", sc.Method, sc.URL, status, body)
		}
	}
	e.run(t, "recipes", []scenario{
		{Name: "poll_now_stopped", Method: "POST", URL: recipe + "/poll_now", WantStatus: 400},
		{Name: "poll_now_webhook", Method: "POST", URL: "/api/managed_users/3/recipes/2/poll_now", WantStatus: 400},
		{Name: "poll_now_developer_stopped", Method: "POST", URL: "/api/recipes/3/poll_now", WantStatus: 400},
		{Name: "poll_now_developer_customer", Method: "POST", URL: "/api/recipes/1/poll_now", WantStatus: 404},
	})
	if status, body := e.do(scenario{Method: "PUT", URL: recipe + "/start"}); status != 200 {
		t.Fatalf("start: %d %s", status, body)
	}
	e.run(t, "recipes", []scenario{
		{Name: "poll_now", Method: "POST", URL: recipe + "/poll_now", WantStatus: 200},
		{Name: "poll_now_other_account", Method: "POST", URL: recipe + "/poll_now", Token: tokenB, WantStatus: 404},
	})
	status, body := e.do(scenario{Method: "GET", URL: recipe + "/jobs"})
	var jobs struct {
		Items []struct {
			Status string `json:"status"`
		} `json:"items"`
	}
	if err := json.Unmarshal(body, &jobs); status != 200 || err != nil || len(jobs.Items) != 1 || jobs.Items[0].Status != "pending" {
		t.Errorf("jobs after poll_now: %d %s, want one pending", status, body)
	}
}

// TestRecipeVersionComment gets and comments the versions of recipe 1 of
// customer 3, in both families, and refuses another account.
func TestRecipeVersionComment(t *testing.T) {
	e := newTestEnv(t, false)
	setupRecipes(t, e)
	const recipe = "/api/managed_users/3/recipes/1"
	for _, sc := range []scenario{
		{Method: "POST", URL: "/api/managed_users/3/recipes", Body: jsonBody(t, map[string]any{"name": "Log", "code": logCode,
			"config": []any{map[string]any{"provider": "clock"}, map[string]any{"provider": "logger"}}})},
		{Method: "PUT", URL: recipe, Body: jsonBody(t, map[string]any{"code": syncCode})},
		{Method: "POST", URL: "/api/recipes", Body: jsonBody(t, map[string]any{"name": "Own", "code": logCode, "config": `[{"provider":"clock"},{"provider":"logger"}]`})},
	} {
		if status, body := e.do(sc); status != 200 {
			t.Fatalf("setup %s %s: %d %s", sc.Method, sc.URL, status, body)
		}
	}
	e.run(t, "recipes", []scenario{
		{Name: "version_get", Method: "GET", URL: recipe + "/versions/1", WantStatus: 200},
		{Name: "version_get_current", Method: "GET", URL: recipe + "/versions/2", WantStatus: 200},
		{Name: "version_comment", Method: "PATCH", URL: recipe + "/versions/1", Body: `{"comment":"First cut"}`, WantStatus: 200},
		{Name: "version_comment_put", Method: "PUT", URL: recipe + "/versions/1", Body: `{"comment":null}`, WantStatus: 200},
		{Name: "version_comment_blank", Method: "PATCH", URL: recipe + "/versions/1", Body: `{}`, WantStatus: 400},
		{Name: "version_comment_type", Method: "PATCH", URL: recipe + "/versions/1", Body: `{"comment":7}`, WantStatus: 400},
		{Name: "version_get_other_recipe", Method: "GET", URL: "/api/managed_users/3/recipes/1/versions/3", WantStatus: 404},
		{Name: "version_get_other_account", Method: "GET", URL: recipe + "/versions/1", Token: tokenB, WantStatus: 404},
		{Name: "version_comment_other_account", Method: "PATCH", URL: recipe + "/versions/1", Body: `{"comment":"x"}`, Token: tokenB, WantStatus: 404},
		{Name: "version_get_developer", Method: "GET", URL: "/api/recipes/2/versions/3", WantStatus: 200},
		{Name: "version_comment_developer", Method: "PATCH", URL: "/api/recipes/2/versions/3", Body: `{"comment":"Own recipe"}`, WantStatus: 200},
		{Name: "version_get_developer_customer", Method: "GET", URL: "/api/recipes/1/versions/1", WantStatus: 404},
	})
}
