package main

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/partnerd/partnerd/client"
)

// recipeCode returns a recipe tree: a clock trigger and a salesforce
// action named action (none when empty).
func recipeCode(action string) map[string]any {
	step := map[string]any{"number": 1, "keyword": "action", "provider": "salesforce", "input": map[string]any{"sobject_name": "Lead"}}
	if action != "" {
		step["name"] = action
	}
	return map[string]any{"number": 0, "keyword": "trigger", "provider": "clock", "name": "scheduled_event",
		"input": map[string]any{"time_unit": "minutes"}, "block": []any{step}}
}

// TestRecipes is the proof of recipes: create, a start refused with the
// code and config problems, a fix, a start, an update and a delete refused
// while running, a stop, an update, two versions, jobs and usage.
func TestRecipes(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	m := MustRunMain(t, tempDB(t), nil)
	c := newClient(m, bootstrapToken)
	mu := MustCreateCustomer(t, c, "Recipes Inc", "recipes-1").Ref()

	conn, err := c.CreateConnection(ctx, mu, client.CreateConnectionParams{Provider: "salesforce", Name: "CRM"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.TestAuthorizeConnection(ctx, conn.ID, "success", ""); err != nil {
		t.Fatal(err)
	}

	id, err := c.CreateRecipe(ctx, mu, client.RecipeParams{Name: "Sync leads", Code: recipeCode(""),
		Config: []client.RecipeConfig{{Provider: "clock"}}})
	if err != nil {
		t.Fatal(err)
	}
	err = c.StartRecipe(ctx, mu, id)
	var refused *client.StartError
	if !errors.As(err, &refused) || len(refused.CodeErrors) != 1 || len(refused.ConfigErrors) != 1 ||
		refused.CodeErrors[0].Step != 1 || refused.CodeErrors[0].Problems[0].Path != "name" ||
		refused.ConfigErrors[0].Problems[0].Message != "Application salesforce has no config entry" {
		t.Fatalf("start of an incomplete recipe = %v, want code and config errors at step 1", err)
	}

	fixed := client.RecipeParams{Code: recipeCode("create_record"),
		Config: []client.RecipeConfig{{Provider: "clock"}, {Provider: "salesforce", AccountID: &conn.ID}}}
	if err := c.UpdateRecipe(ctx, mu, id, fixed); err != nil {
		t.Fatal(err)
	}
	if err := c.StartRecipe(ctx, mu, id); err != nil {
		t.Fatalf("start: %v", err)
	}
	if err := c.StartRecipe(ctx, mu, id); err != nil {
		t.Fatalf("start again: %v", err)
	}
	var e *client.Error
	if err := c.UpdateRecipe(ctx, mu, id, client.RecipeParams{Name: "Renamed"}); !errors.As(err, &e) ||
		e.StatusCode != 200 || !slices.Equal(e.Errors["running"], []string{"can't modify running recipe"}) {
		t.Fatalf("update of a running recipe = %v, want the 200 refusal", err)
	}
	if err := c.DeleteRecipe(ctx, mu, id); !errors.As(err, &e) || e.StatusCode != 200 {
		t.Fatalf("delete of a running recipe = %v, want the 200 refusal", err)
	}
	running := true
	if list, err := c.Recipes(ctx, mu, client.RecipeListOptions{Running: &running, ExcludeCode: true}); err != nil ||
		len(list) != 1 || list[0].ID != id || list[0].Code != "" {
		t.Fatalf("running recipes = %+v, %v", list, err)
	}

	if err := c.StopRecipe(ctx, mu, id); err != nil {
		t.Fatal(err)
	}
	if err := c.UpdateRecipe(ctx, mu, id, client.RecipeParams{Name: "Renamed"}); err != nil {
		t.Fatalf("update of a stopped recipe: %v", err)
	}
	r, err := c.Recipe(ctx, mu, id)
	if err != nil {
		t.Fatal(err)
	}
	if r.Name != "Renamed" || r.Running || r.StoppedAt == nil || r.VersionNo != 2 || *r.TriggerApplication != "clock" ||
		!slices.Equal(r.Applications, []string{"clock", "salesforce"}) || *r.Config[1].AccountID != conn.ID {
		t.Errorf("recipe = %+v", r)
	}
	versions, err := c.RecipeVersions(ctx, mu, id, client.ListOptions{})
	if err != nil || len(versions) != 2 || versions[0].VersionNo != 2 || versions[1].VersionNo != 1 {
		t.Fatalf("versions = %+v, %v; want 2 then 1", versions, err)
	}

	// Jobs recorded through the test helper feed the statistics and usage.
	if _, err := c.TestRecordJobs(ctx, id, client.TestJobsParams{Status: "succeeded", Count: 3, TaskCount: 2}); err != nil {
		t.Fatal(err)
	}
	jobs, err := c.RecipeJobs(ctx, mu, id, client.JobListOptions{})
	if err != nil || jobs.JobSucceededCount != 3 || len(jobs.Items) != 3 || jobs.Items[0].TaskCount != 2 {
		t.Fatalf("jobs = %+v, %v", jobs, err)
	}
	usage, err := c.Usage(ctx)
	if err != nil || len(usage) != 1 {
		t.Fatalf("usage = %+v, %v", usage, err)
	}
	month := time.Now().Format("2006-01")
	if last := usage[0].Usage[len(usage[0].Usage)-1]; last.Month != month || last.TaskCount != 6 {
		t.Errorf("usage this month = %+v, want 6 tasks in %s", last, month)
	}

	// A copy is stopped; the original may then be deleted.
	copyID, err := c.CopyRecipe(ctx, mu, id, 0)
	if err != nil {
		t.Fatal(err)
	}
	if cp, err := c.Recipe(ctx, mu, copyID); err != nil || cp.Running || cp.VersionNo != 1 || cp.Name != "Renamed (copy)" {
		t.Errorf("copy = %+v, %v", cp, err)
	}
	if err := c.DeleteRecipe(ctx, mu, id); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Recipe(ctx, mu, id); !client.IsNotFound(err) {
		t.Errorf("deleted recipe: %v, want not found", err)
	}
}
