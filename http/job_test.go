package http_test

import (
	"context"
	"encoding/json"
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
