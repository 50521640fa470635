package http_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/partnerd/partnerd/engine"
)

// runEngine runs the runtime's workers over the test environment's store
// until the test ends.
func runEngine(t *testing.T, e *testEnv) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	eng := &engine.Engine{Jobs: e.DB, Recipes: e.DB, LookupTables: e.DB, Now: e.DB.Now}
	e.Server.Runner = eng // The helper that waits runs its job at once, as partnerd serve does.
	go func() {
		(&engine.Pool{Engine: eng, Workers: 2, Poll: 10 * time.Millisecond}).Run(ctx, 0)
		close(done)
	}()
	t.Cleanup(func() { cancel(); <-done })
}

// dp renders a datapill of a step's output as recipes write it.
func dp(provider, line string, path ...any) string {
	b, _ := json.Marshal(map[string]any{"pill_type": "output", "provider": provider, "line": line, "path": path})
	return "#{_dp('" + string(b) + "')}"
}

// dpFormula renders a datapill as a formula's operand.
func dpFormula(provider, line string, path ...any) string {
	p := dp(provider, line, path...)
	return p[2 : len(p)-1]
}

// greetCode is a recipe function that greets by name, or refuses a blank one.
var greetCode = func() string {
	name := dp("workato_recipe_function", "trigger", "parameters", "name")
	b, _ := json.Marshal(map[string]any{"number": 0, "keyword": "trigger", "provider": "workato_recipe_function",
		"name": "execute", "as": "trigger", "input": map[string]any{}, "block": []any{
			map[string]any{"number": 1, "keyword": "if", "as": "no_name", "input": map[string]any{"type": "compound",
				"operand": "and", "conditions": []any{map[string]any{"operand": "blank", "lhs": name}}}, "block": []any{
				map[string]any{"number": 2, "keyword": "stop", "input": map[string]any{"stop_with_error": "true", "stop_reason": "No name"}},
			}},
			map[string]any{"number": 3, "keyword": "action", "provider": "logger", "name": "log_message", "as": "log",
				"input": map[string]any{"message": "Greeting " + name}},
			map[string]any{"number": 4, "keyword": "action", "provider": "workato_recipe_function", "name": "return_result",
				"as": "reply", "input": map[string]any{"result": map[string]any{"greeting": "=\"Hello, \" + " +
					dpFormula("workato_recipe_function", "trigger", "parameters", "name")}}},
		}})
	return string(b)
}()

// TestRecipeTrigger fires trigger events of recipe 1 of customer 3 with the
// test helper while the runtime runs, and reads the jobs it ran.
func TestRecipeTrigger(t *testing.T) {
	e := newTestEnv(t, false)
	setupRecipes(t, e)
	runEngine(t, e)
	const (
		recipe = "/api/managed_users/3/recipes/1"
		helper = "/_partnerd/recipes/1/trigger"
	)
	create := jsonBody(t, map[string]any{"name": "Greet", "code": greetCode,
		"config": `[{"provider":"workato_recipe_function"},{"provider":"logger"}]`})
	if status, body := e.do(scenario{Method: "POST", URL: "/api/managed_users/3/recipes", Body: create}); status != 200 {
		t.Fatalf("create: %d %s", status, body)
	}
	e.run(t, "jobs", []scenario{
		{Name: "trigger_stopped", Method: "POST", URL: helper, Body: `{"output":{}}`, WantStatus: 400},
	})
	if status, body := e.do(scenario{Method: "PUT", URL: recipe + "/start"}); status != 200 {
		t.Fatalf("start: %d %s", status, body)
	}
	e.run(t, "jobs", []scenario{
		{Name: "trigger_wait", Method: "POST", URL: helper, Body: `{"output":{"parameters":{"name":"Ada"}},"wait":true}`, WantStatus: 200},
		{Name: "trigger_wait_failed", Method: "POST", URL: helper, Body: `{"output":{"parameters":{"name":" "}},"wait":true,"timeout":"10s"}`, WantStatus: 200},
		{Name: "trigger_bad_output", Method: "POST", URL: helper, Body: `{"output":[1]}`, WantStatus: 400},
		{Name: "trigger_bad_timeout", Method: "POST", URL: helper, Body: `{"wait":true,"timeout":"forever"}`, WantStatus: 400},
		{Name: "trigger_unknown", Method: "POST", URL: "/_partnerd/recipes/99/trigger", WantStatus: 404},
		{Name: "trigger_other_account", Method: "POST", URL: helper, Token: tokenB, WantStatus: 404},

		{Name: "job", Method: "GET", URL: recipe + "/jobs/j-1", WantStatus: 200},
		{Name: "job_developer_customer", Method: "GET", URL: "/api/recipes/1/jobs/j-2", WantStatus: 404},
		{Name: "job_unknown", Method: "GET", URL: recipe + "/jobs/j-99", WantStatus: 404},
		{Name: "job_bad_id", Method: "GET", URL: recipe + "/jobs/job", WantStatus: 404},
		{Name: "job_other_account", Method: "GET", URL: recipe + "/jobs/j-1", Token: tokenB, WantStatus: 404},
		{Name: "jobs_run", Method: "GET", URL: recipe + "/jobs", WantStatus: 200},
		{Name: "jobs_run_statistics", Method: "GET", URL: recipe, WantStatus: 200},
		{Name: "trigger_no_wait", Method: "POST", URL: helper, Body: `{"output":{"parameters":{"name":"Bob"}}}`, WantStatus: 202},
	})
	e.Server.TestHelpers = false
	e.run(t, "jobs", []scenario{
		{Name: "trigger_off", Method: "POST", URL: helper, Body: `{}`, WantStatus: 404},
	})
}

// hookCode is a webhook-triggered recipe that logs the body's name.
var hookCode = func() string {
	b, _ := json.Marshal(map[string]any{"number": 0, "keyword": "trigger", "provider": "workato_webhooks", "name": "new_event",
		"as": "trigger", "input": map[string]any{"webhook_suffix": "New lead"}, "block": []any{
			map[string]any{"number": 1, "keyword": "action", "provider": "logger", "name": "log_message", "as": "log",
				"input": map[string]any{"message": "Lead " + dp("workato_webhooks", "trigger", "name") + " from " +
					dp("workato_webhooks", "trigger", "partnerd_request", "query", "source")}},
		}})
	return string(b)
}()

// TestWebhook posts events to the webhook URL of recipe 1 of customer 3
// while the runtime runs, and reads the job of one.
func TestWebhook(t *testing.T) {
	e := newTestEnv(t, false)
	setupRecipes(t, e)
	runEngine(t, e)
	const recipe = "/api/managed_users/3/recipes/1"
	create := jsonBody(t, map[string]any{"name": "Leads", "code": hookCode,
		"config": `[{"provider":"workato_webhooks"},{"provider":"logger"}]`})
	if status, body := e.do(scenario{Method: "POST", URL: "/api/managed_users/3/recipes", Body: create}); status != 200 {
		t.Fatalf("create: %d %s", status, body)
	}
	status, body := e.do(scenario{Method: "GET", URL: recipe})
	var r struct {
		WebhookURL *string `json:"webhook_url"`
	}
	if err := json.Unmarshal(body, &r); status != 200 || err != nil || r.WebhookURL == nil {
		t.Fatalf("recipe: %d %s", status, body)
	}
	hook, ok := strings.CutPrefix(*r.WebhookURL, "http://partnerd.test")
	if !ok || !strings.HasPrefix(hook, "/webhooks/rest/") || !strings.HasSuffix(hook, "/new_event") || len(hook) != len("/webhooks/rest//new_event")+32 {
		t.Fatalf("webhook_url = %s", *r.WebhookURL)
	}
	e.run(t, "jobs", []scenario{
		{Name: "webhook_stopped", Method: "POST", URL: hook, Body: `{"name":"Ada"}`, Token: "-", WantStatus: 404},
	})
	if status, body := e.do(scenario{Method: "PUT", URL: recipe + "/start"}); status != 200 {
		t.Fatalf("start: %d %s", status, body)
	}
	hook = strings.TrimSuffix(hook, "new_event") + "New%20lead" // any event name
	e.run(t, "jobs", []scenario{
		{Name: "webhook", Method: "POST", URL: hook + "?source=web", Body: `{"name":"Ada","score":7}`, Token: "-",
			Header: map[string]string{"X-Request-Id": "r-1"}, WantStatus: 200},
		{Name: "webhook_not_object", Method: "POST", URL: hook, Body: `["Ada"]`, Token: "-", WantStatus: 400},
		{Name: "webhook_unknown", Method: "POST", URL: "/webhooks/rest/0123456789abcdef0123456789abcdef/New%20lead", Body: `{}`, Token: "-", WantStatus: 404},
	})
	jobs := e.waitJobs(t, recipe, 1)
	e.run(t, "jobs", []scenario{
		{Name: "webhook_job", Method: "GET", URL: recipe + "/jobs/" + jobs[0], WantStatus: 200},
	})
}

// waitJobs waits until a recipe has n jobs, none pending, and returns their ids.
func (e *testEnv) waitJobs(t *testing.T, recipe string, n int) []string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, body := e.do(scenario{Method: "GET", URL: recipe + "/jobs"})
		var jobs struct {
			Items []struct{ ID, Status string }
		}
		json.Unmarshal(body, &jobs)
		done := len(jobs.Items) == n
		var ids []string
		for _, j := range jobs.Items {
			done = done && j.Status != "pending"
			ids = append(ids, j.ID)
		}
		if done {
			return ids
		}
		if time.Now().After(deadline) {
			t.Fatalf("jobs: %s", body)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
