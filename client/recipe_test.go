package client_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/partnerd/partnerd/client"
)

// TestRecipePaths checks the path, query and body of the recipe calls of
// both families.
func TestRecipePaths(t *testing.T) {
	ctx := context.Background()
	c, seen := fakeServer(t, answer(200, `{"success":true,"id":7,"new_flow_id":8,"result":[],"items":[],"data":[]}`))
	running := true
	mu := client.ExternalID("acme/1")
	_, _ = c.Recipes(ctx, mu, client.RecipeListOptions{ApplicationsAny: []string{"slack", "jira"}, Running: &running,
		SinceID: 9, UpdatedAfter: time.Date(2024, 9, 25, 13, 9, 31, 0, time.UTC), ExcludeCode: true})
	id, _ := c.CreateRecipe(ctx, mu, client.RecipeParams{Name: "R", Code: map[string]any{"keyword": "trigger"},
		Config: []client.RecipeConfig{{Provider: "clock"}}})
	_ = c.UpdateRecipe(ctx, mu, 7, client.RecipeParams{Code: `{"keyword":"trigger"}`, Config: []client.RecipeConfig{}})
	newID, _ := c.DeveloperCopyRecipe(ctx, 7, 3)
	_ = c.DeveloperStopRecipe(ctx, 7)
	_, _ = c.RecipeJobs(ctx, client.ID(4), 7, client.JobListOptions{Status: "failed", OffsetJobID: "j-2"})
	_, _ = c.SearchPublicRecipes(ctx, client.PublicRecipeSearch{Term: "sync", Applications: []string{"a", "b"}})
	if id != 7 || newID != 8 {
		t.Errorf("ids = %d, %d; want 7, 8", id, newID)
	}
	want := []request{
		{Method: "GET", Path: "/api/managed_users/Eacme%2F1/recipes",
			Query: "adapter_names_any=slack%2Cjira&exclude_code=true&running=true&since_id=9&updated_after=2024-09-25T13%3A09%3A31Z"},
		{Method: "POST", Path: "/api/managed_users/Eacme%2F1/recipes",
			Body: `{"code":"{\"keyword\":\"trigger\"}","config":"[{\"provider\":\"clock\",\"skip_validation\":false,\"account_id\":null}]","name":"R"}`},
		{Method: "PUT", Path: "/api/managed_users/Eacme%2F1/recipes/7", Body: `{"code":"{\"keyword\":\"trigger\"}","config":"[]"}`},
		{Method: "POST", Path: "/api/recipes/7/copy", Body: `{"folder_id":3}`},
		{Method: "PUT", Path: "/api/recipes/7/stop"},
		{Method: "GET", Path: "/api/managed_users/4/recipes/7/jobs", Query: "offset_job_id=j-2&status=failed"},
		{Method: "GET", Path: "/api/recipes/search", Query: "applications=a%2Cb&page=0&term=sync"},
	}
	got := seen()
	if len(got) != len(want) {
		t.Fatalf("requests = %d, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Method != w.Method || g.Path != w.Path || g.Query != w.Query || g.Body != w.Body {
			t.Errorf("request %d = %s %s ?%s %s\nwant %s %s ?%s %s", i, g.Method, g.Path, g.Query, g.Body, w.Method, w.Path, w.Query, w.Body)
		}
	}
	if _, err := c.Recipes(ctx, client.WorkspaceRef{}, client.RecipeListOptions{}); err == nil {
		t.Error("a call without a workspace succeeded")
	}
	if _, err := c.CreateRecipe(ctx, mu, client.RecipeParams{Code: "not json"}); err == nil {
		t.Error("code that is not JSON was sent")
	}
}

// TestStartError checks that a refused start is a *StartError with its
// problems, and a refused update a *Error with status 200.
func TestStartError(t *testing.T) {
	ctx := context.Background()
	c, _ := fakeServer(t, answer(200, `{"success":false,"code_errors":[[0,[["Trigger",null,"Recipe must start with a trigger","keyword"]]]],`+
		`"config_errors":[[1,[["Connection",12,"Connection 12 is not authorized","account_id"]]]],"errors":{"running":["can't modify running recipe"]}}`))
	err := c.StartRecipe(ctx, client.ID(3), 1)
	var se *client.StartError
	if !errors.As(err, &se) {
		t.Fatalf("err = %v, want a *StartError", err)
	}
	want := &client.StartError{
		CodeErrors:   []client.StepErrors{{Step: 0, Problems: []client.StepProblem{{Label: "Trigger", Message: "Recipe must start with a trigger", Path: "keyword"}}}},
		ConfigErrors: []client.StepErrors{{Step: 1, Problems: []client.StepProblem{{Label: "Connection", Value: float64(12), Message: "Connection 12 is not authorized", Path: "account_id"}}}},
	}
	if !reflect.DeepEqual(se, want) {
		t.Errorf("start error = %+v\nwant %+v", se, want)
	}
	if se.Error() != "client: the recipe cannot start: step 0: Recipe must start with a trigger; step 1: Connection 12 is not authorized" {
		t.Errorf("message = %q", se.Error())
	}
	var e *client.Error
	if err := c.DeveloperUpdateRecipe(ctx, 1, client.RecipeParams{Name: "x"}); !errors.As(err, &e) || e.StatusCode != 200 {
		t.Errorf("refused update = %v, want a *Error with status 200", err)
	}
}
