package http_test

import (
	"testing"
)

// TestRecipeJobs records jobs of recipe 1 of customer 3 with the test
// helper, and reads them back, in the recipe's statistics and in usage.
func TestRecipeJobs(t *testing.T) {
	e := newTestEnv(t, false)
	setupRecipes(t, e)
	const (
		recipe = "/api/managed_users/3/recipes/1"
		helper = "/_partnerd/recipes/1/jobs"
	)
	create := jsonBody(t, map[string]any{"name": "Log", "code": logCode, "config": `[{"provider":"clock"},{"provider":"logger"}]`})
	if status, body := e.do(scenario{Method: "POST", URL: "/api/managed_users/3/recipes", Body: create}); status != 200 {
		t.Fatalf("create: %d %s", status, body)
	}
	e.run(t, "recipes", []scenario{
		{Name: "jobs_empty", Method: "GET", URL: recipe + "/jobs", WantStatus: 200},
		{Name: "helper_record_succeeded", Method: "POST", URL: helper,
			Body: `{"status":"succeeded","count":2,"task_count":3,"started_at":"2026-10-15T08:00:00-07:00"}`, WantStatus: 200},
		{Name: "helper_record_failed", Method: "POST", URL: helper, Body: `{"status":"failed","task_count":"1"}`, WantStatus: 200},
		{Name: "helper_record_pending", Method: "POST", URL: helper,
			Body: `{"status":"pending","title":"New lead 42","started_at":"2026-11-01T00:00:00Z"}`, WantStatus: 200},
		{Name: "helper_record_invalid", Method: "POST", URL: helper, Body: `{"status":"done","count":0,"task_count":-1}`, WantStatus: 400},
		{Name: "helper_record_too_many", Method: "POST", URL: helper, Body: `{"status":"succeeded","count":99999999999}`, WantStatus: 400},
		{Name: "helper_record_bad_time", Method: "POST", URL: helper, Body: `{"status":"succeeded","started_at":"yesterday"}`, WantStatus: 400},
		{Name: "helper_record_wrong_type", Method: "POST", URL: helper, Body: `{"status":"succeeded","count":"many"}`, WantStatus: 400},
		{Name: "helper_record_unknown", Method: "POST", URL: "/_partnerd/recipes/99/jobs", Body: `{"status":"succeeded"}`, WantStatus: 404},
		{Name: "helper_record_other_account", Method: "POST", URL: helper, Body: `{"status":"succeeded"}`, Token: tokenB, WantStatus: 404},

		{Name: "jobs", Method: "GET", URL: recipe + "/jobs", WantStatus: 200},
		{Name: "jobs_succeeded", Method: "GET", URL: recipe + "/jobs?status=succeeded", WantStatus: 200},
		{Name: "jobs_after", Method: "GET", URL: recipe + "/jobs?offset_job_id=j-4", WantStatus: 200},
		{Name: "jobs_bad_status", Method: "GET", URL: recipe + "/jobs?status=done", WantStatus: 400},
		{Name: "jobs_bad_offset", Method: "GET", URL: recipe + "/jobs?offset_job_id=job", WantStatus: 400},
		{Name: "jobs_unknown", Method: "GET", URL: "/api/managed_users/3/recipes/99/jobs", WantStatus: 404},
		{Name: "jobs_other_account", Method: "GET", URL: recipe + "/jobs", Token: tokenB, WantStatus: 404},
		{Name: "jobs_statistics", Method: "GET", URL: recipe, WantStatus: 200},
		{Name: "jobs_usage", Method: "GET", URL: "/api/managed_users/usage", WantStatus: 200},
	})
	e.Server.TestHelpers = false
	e.run(t, "recipes", []scenario{
		{Name: "helper_off", Method: "POST", URL: helper, Body: `{"status":"succeeded"}`, WantStatus: 404},
	})
}
