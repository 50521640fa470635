package main

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/partnerd/partnerd/client"
)

// TestRepeatJobsAndResetTrigger drives repeat_jobs and reset_trigger
// through the client against a running server: a repeated job runs again
// from its original trigger output, and a reset webhook recipe answers on
// its new URL only.
func TestRepeatJobsAndResetTrigger(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	m := MustRunMain(t, tempDB(t), nil)
	c := newClient(m, bootstrapToken)
	mu := MustCreateCustomer(t, c, "Ops Inc", "ops-1").Ref()

	echo, err := c.CreateRecipe(ctx, mu, client.RecipeParams{Name: "Echo",
		Config: []client.RecipeConfig{{Provider: "workato_recipe_function"}}, Code: callableCode(
			map[string]any{"number": 1, "keyword": "action", "provider": "workato_recipe_function", "name": "return_result", "as": "reply",
				"input": map[string]any{"result": map[string]any{"word": "=" + datapill("workato_recipe_function", "trigger", "parameters", "word") + ".upcase"}}},
		)})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.StartRecipe(ctx, mu, echo); err != nil {
		t.Fatal(err)
	}
	first, err := c.TestTriggerRecipe(ctx, echo, client.TestTriggerParams{
		Output: map[string]any{"parameters": map[string]any{"word": "again"}}, Wait: true, Timeout: "20s"})
	if err != nil || first.Status != "succeeded" {
		t.Fatalf("first job: %+v, %v", first, err)
	}
	ids, err := c.RepeatJobs(ctx, mu, echo, []string{first.ID})
	if err != nil || len(ids) != 1 || ids[0] == first.ID || !strings.HasPrefix(ids[0], "j-") {
		t.Fatalf("repeat = %v, %v", ids, err)
	}
	var again *client.JobDetail
	for deadline := time.Now().Add(10 * time.Second); again == nil || again.Status == "pending"; time.Sleep(20 * time.Millisecond) {
		if again, err = c.RecipeJob(ctx, mu, echo, ids[0]); err != nil || time.Now().After(deadline) {
			t.Fatalf("repeated job: %+v, %v", again, err)
		}
	}
	if again.Status != "succeeded" || string(again.Result) != `{"word":"AGAIN"}` {
		t.Errorf("repeated job = %s %s", again.Status, again.Result)
	}
	if reruns, err := c.RecipeJobs(ctx, mu, echo, client.JobListOptions{RerunOnly: true}); err != nil ||
		len(reruns.Items) != 1 || reruns.Items[0].ID != ids[0] {
		t.Errorf("rerun jobs = %+v, %v", reruns, err)
	}

	hook, err := c.CreateRecipe(ctx, mu, client.RecipeParams{Name: "Hook",
		Config: []client.RecipeConfig{{Provider: "workato_webhooks"}, {Provider: "logger"}},
		Code: map[string]any{"number": 0, "keyword": "trigger", "provider": "workato_webhooks", "name": "new_event", "as": "trigger",
			"input": map[string]any{}, "block": []any{map[string]any{"number": 1, "keyword": "action", "provider": "logger",
				"name": "log_message", "as": "log", "input": map[string]any{"message": "hi"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	webhookURL := func() string {
		t.Helper()
		r, err := c.Recipe(ctx, mu, hook)
		if err != nil || r.WebhookURL == nil {
			t.Fatalf("recipe: %+v, %v", r, err)
		}
		return *r.WebhookURL
	}
	old := webhookURL()
	if err := c.ResetRecipeTrigger(ctx, mu, hook); err != nil {
		t.Fatal(err)
	}
	if err := c.StartRecipe(ctx, mu, hook); err != nil {
		t.Fatal(err)
	}
	if err := c.ResetRecipeTrigger(ctx, mu, hook); err == nil {
		t.Error("reset_trigger of a running recipe succeeded")
	}
	post := func(url string) int {
		t.Helper()
		resp, err := http.Post(url, "application/json", strings.NewReader(`{}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if s := post(old); s != http.StatusNotFound {
		t.Errorf("old webhook URL answered %d, want 404", s)
	}
	if s := post(webhookURL()); s != http.StatusOK {
		t.Errorf("new webhook URL answered %d, want 200", s)
	}
}
