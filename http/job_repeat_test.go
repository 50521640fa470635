package http_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/partnerd/partnerd"
)

// TestRecipeRepeatJobs repeats jobs of recipe 1 of customer 3, and of
// recipe 2 of the admin workspace through the Developer family, while the
// runtime runs.
func TestRecipeRepeatJobs(t *testing.T) {
	e := newTestEnv(t, false)
	setupRecipes(t, e)
	runEngine(t, e)
	const recipe = "/api/managed_users/3/recipes/1"
	create := jsonBody(t, map[string]any{"name": "Greet", "code": greetCode,
		"config": `[{"provider":"workato_recipe_function"},{"provider":"logger"}]`})
	for _, sc := range []scenario{
		{Method: "POST", URL: "/api/managed_users/3/recipes", Body: create},
		{Method: "PUT", URL: recipe + "/start"},
		{Method: "POST", URL: "/_partnerd/recipes/1/trigger", Body: `{"output":{"parameters":{"name":"Ada"}},"wait":true}`}, // job 1
		{Method: "POST", URL: "/_partnerd/recipes/1/jobs", Body: `{"status":"succeeded"}`},                                  // job 2, recorded
		{Method: "POST", URL: "/api/recipes", Body: create},
		{Method: "PUT", URL: "/api/recipes/2/start"},
		{Method: "POST", URL: "/_partnerd/recipes/2/trigger", Body: `{"output":{"parameters":{"name":"Bob"}}}`}, // job 3
	} {
		if status, body := e.do(sc); status != 200 && status != 202 {
			t.Fatalf("setup %s %s: %d %s", sc.Method, sc.URL, status, body)
		}
	}
	ids := func(refs ...string) string { return `{"job_ids":["` + strings.Join(refs, `","`) + `"]}` }
	many := make([]string, partnerd.MaxRepeatJobs+1)
	for i := range many {
		many[i] = partnerd.JobRef(1)
	}
	e.run(t, "jobs", []scenario{
		{Name: "repeat", Method: "POST", URL: recipe + "/repeat_jobs", Body: ids(partnerd.JobRef(1)), WantStatus: 200},
		{Name: "repeat_numeric_id", Method: "POST", URL: recipe + "/repeat_jobs", Body: ids("j-1"), WantStatus: 200},
		{Name: "repeat_recorded", Method: "POST", URL: recipe + "/repeat_jobs", Body: ids(partnerd.JobRef(1), partnerd.JobRef(2)), WantStatus: 400},
		{Name: "repeat_unknown", Method: "POST", URL: recipe + "/repeat_jobs", Body: ids(partnerd.JobRef(99)), WantStatus: 404},
		{Name: "repeat_other_recipe", Method: "POST", URL: recipe + "/repeat_jobs", Body: ids(partnerd.JobRef(3)), WantStatus: 404},
		{Name: "repeat_bad_id", Method: "POST", URL: recipe + "/repeat_jobs", Body: ids("job"), WantStatus: 400},
		{Name: "repeat_blank", Method: "POST", URL: recipe + "/repeat_jobs", Body: `{}`, WantStatus: 400},
		{Name: "repeat_wrong_type", Method: "POST", URL: recipe + "/repeat_jobs", Body: `{"job_ids":"j-1"}`, WantStatus: 400},
		{Name: "repeat_too_many", Method: "POST", URL: recipe + "/repeat_jobs", Body: ids(many...), WantStatus: 400},
		{Name: "repeat_other_account", Method: "POST", URL: recipe + "/repeat_jobs", Body: ids(partnerd.JobRef(1)), Token: tokenB, WantStatus: 404},
		{Name: "repeat_developer_customer", Method: "POST", URL: "/api/recipes/1/repeat_jobs", Body: ids(partnerd.JobRef(1)), WantStatus: 404},
		{Name: "repeat_developer", Method: "POST", URL: "/api/recipes/2/repeat_jobs", Body: ids(partnerd.JobRef(3)), WantStatus: 200},
	})
	status, body := e.do(scenario{Method: "GET", URL: recipe + "/jobs?rerun_only=true"})
	var reruns struct {
		Items []struct{ ID string } `json:"items"`
	}
	if err := json.Unmarshal(body, &reruns); status != 200 || err != nil || len(reruns.Items) != 2 {
		t.Errorf("rerun_only jobs: %d %s", status, body)
	}
	e.run(t, "jobs", []scenario{
		{Name: "jobs_bad_rerun_only", Method: "GET", URL: recipe + "/jobs?rerun_only=maybe", WantStatus: 400},
	})
	if status, body := e.do(scenario{Method: "PUT", URL: recipe + "/stop"}); status != 200 {
		t.Fatalf("stop: %d %s", status, body)
	}
	e.run(t, "jobs", []scenario{
		{Name: "repeat_stopped", Method: "POST", URL: recipe + "/repeat_jobs", Body: ids(partnerd.JobRef(1)), WantStatus: 400},
	})
}
