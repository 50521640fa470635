package http_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestRecipeResetTrigger resets the trigger of webhook recipe 1 of
// customer 3: refused while it runs, and after it the old webhook URL
// answers 404 and the new one takes events.
func TestRecipeResetTrigger(t *testing.T) {
	e := newTestEnv(t, false)
	setupRecipes(t, e)
	const recipe = "/api/managed_users/3/recipes/1"
	create := jsonBody(t, map[string]any{"name": "Leads", "code": hookCode,
		"config": `[{"provider":"workato_webhooks"},{"provider":"logger"}]`})
	hookOf := func() string {
		t.Helper()
		status, body := e.do(scenario{Method: "GET", URL: recipe})
		var r struct {
			WebhookURL *string `json:"webhook_url"`
		}
		if err := json.Unmarshal(body, &r); status != 200 || err != nil || r.WebhookURL == nil {
			t.Fatalf("recipe: %d %s", status, body)
		}
		return strings.TrimPrefix(*r.WebhookURL, "http://partnerd.test")
	}
	for _, sc := range []scenario{
		{Method: "POST", URL: "/api/managed_users/3/recipes", Body: create},
		{Method: "PUT", URL: recipe + "/start"},
		{Method: "POST", URL: "/api/recipes", Body: create},
	} {
		if status, body := e.do(sc); status != 200 {
			t.Fatalf("setup %s %s: %d %s", sc.Method, sc.URL, status, body)
		}
	}
	old := hookOf()
	e.run(t, "recipes", []scenario{
		{Name: "reset_trigger_running", Method: "PUT", URL: recipe + "/reset_trigger", WantStatus: 400},
	})
	if status, body := e.do(scenario{Method: "PUT", URL: recipe + "/stop"}); status != 200 {
		t.Fatalf("stop: %d %s", status, body)
	}
	e.run(t, "recipes", []scenario{
		{Name: "reset_trigger", Method: "PUT", URL: recipe + "/reset_trigger", WantStatus: 200},
		{Name: "reset_trigger_unknown", Method: "PUT", URL: "/api/managed_users/3/recipes/99/reset_trigger", WantStatus: 404},
		{Name: "reset_trigger_other_account", Method: "PUT", URL: recipe + "/reset_trigger", Token: tokenB, WantStatus: 404},
		{Name: "reset_trigger_developer", Method: "PUT", URL: "/api/recipes/2/reset_trigger", WantStatus: 200},
		{Name: "reset_trigger_post", Method: "POST", URL: "/api/recipes/2/reset_trigger", WantStatus: 200},
		{Name: "reset_trigger_developer_customer", Method: "PUT", URL: "/api/recipes/1/reset_trigger", WantStatus: 404},
	})
	hook := hookOf()
	if hook == old {
		t.Fatalf("webhook URL %s did not change", hook)
	}
	if status, body := e.do(scenario{Method: "PUT", URL: recipe + "/start"}); status != 200 {
		t.Fatalf("start: %d %s", status, body)
	}
	if status, body := e.do(scenario{Method: "POST", URL: old, Body: `{}`, Token: "-"}); status != 404 {
		t.Errorf("old webhook URL: %d %s, want 404", status, body)
	}
	if status, body := e.do(scenario{Method: "POST", URL: hook, Body: `{}`, Token: "-"}); status != 200 {
		t.Errorf("new webhook URL: %d %s, want 200", status, body)
	}
}
