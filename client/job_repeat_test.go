package client_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/partnerd/partnerd/client"
)

// TestRepeatAndResetPaths checks the path and body of repeat_jobs and
// reset_trigger in both families.
func TestRepeatAndResetPaths(t *testing.T) {
	ctx := context.Background()
	c, seen := fakeServer(t, answer(200, `{"success":true,"job_ids":["j-00000000-002"]}`))
	ids, err := c.RepeatJobs(ctx, client.ID(4), 7, []string{"j-00000000-001"})
	if err != nil || !reflect.DeepEqual(ids, []string{"j-00000000-002"}) {
		t.Errorf("RepeatJobs = %v, %v", ids, err)
	}
	_, _ = c.DeveloperRepeatJobs(ctx, 7, []string{"j-1", "j-2"})
	_ = c.ResetRecipeTrigger(ctx, client.ExternalID("acme"), 7)
	_ = c.DeveloperResetRecipeTrigger(ctx, 7)
	_, _ = c.RecipeJobs(ctx, client.ID(4), 7, client.JobListOptions{RerunOnly: true})
	want := []request{
		{Method: "POST", Path: "/api/managed_users/4/recipes/7/repeat_jobs", Body: `{"job_ids":["j-00000000-001"]}`},
		{Method: "POST", Path: "/api/recipes/7/repeat_jobs", Body: `{"job_ids":["j-1","j-2"]}`},
		{Method: "PUT", Path: "/api/managed_users/Eacme/recipes/7/reset_trigger"},
		{Method: "PUT", Path: "/api/recipes/7/reset_trigger"},
		{Method: "GET", Path: "/api/managed_users/4/recipes/7/jobs", Query: "rerun_only=true"},
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
}
