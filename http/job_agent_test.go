package http_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
)

// TestJobLineAgent reads a job whose step an on-prem agent served: its
// line names the agent, and its other lines carry no agent field.
func TestJobLineAgent(t *testing.T) {
	e := newTestEnv(t, false)
	setupRecipes(t, e)
	const recipe = "/api/managed_users/3/recipes/1"
	create := jsonBody(t, map[string]any{"name": "Greet", "code": greetCode,
		"config": `[{"provider":"workato_recipe_function"},{"provider":"logger"}]`})
	if status, body := e.do(scenario{Method: "POST", URL: "/api/managed_users/3/recipes", Body: create}); status != 200 {
		t.Fatalf("create: %d %s", status, body)
	}
	if status, body := e.do(scenario{Method: "PUT", URL: recipe + "/start"}); status != 200 {
		t.Fatalf("start: %d %s", status, body)
	}
	ctx := context.Background()
	if _, err := e.DB.EnqueueJob(ctx, 3, 1, &partnerd.TriggerEvent{Output: json.RawMessage(`{}`)}); err != nil {
		t.Fatal(err)
	}
	c, err := e.DB.ClaimJob(ctx, "w", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := e.DB.FinishJob(ctx, c.Job.ID, "w", &partnerd.JobResult{Status: partnerd.JobSucceeded, Lines: []*partnerd.JobLine{
		{Number: 1, Keyword: "action", Provider: "postgresql", Name: "select_rows", As: "sel", Status: partnerd.LineSucceeded,
			Output: json.RawMessage(`{"rows":[],"rows_count":0}`), StartedAt: at, CompletedAt: at,
			Agent: &partnerd.LineAgent{ID: 2, Name: "warehouse-1"}},
		{Number: 2, Keyword: "action", Provider: "logger", Name: "log_message", As: "log", Status: partnerd.LineSucceeded,
			StartedAt: at, CompletedAt: at},
	}}); err != nil {
		t.Fatal(err)
	}
	e.run(t, "jobs", []scenario{
		{Name: "job_agent", Method: "GET", URL: recipe + "/jobs/j-1", WantStatus: 200},
	})
}
