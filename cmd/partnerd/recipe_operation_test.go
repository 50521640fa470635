package main

import (
	"strings"
	"testing"
	"time"

	"github.com/partnerd/partnerd/client"
)

// TestPollNowConnectAndVersions drives poll_now, connect and version
// comments through the client against a running server: a polled
// scheduled recipe runs one job at once, a swapped connection is a new
// version, and the first version keeps its code and takes a comment.
func TestPollNowConnectAndVersions(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	m := MustRunMain(t, tempDB(t), nil)
	c := newClient(m, bootstrapToken)
	mu := MustCreateCustomer(t, c, "Poll Inc", "poll-1").Ref()

	hourly, err := c.CreateRecipe(ctx, mu, client.RecipeParams{Name: "Hourly",
		Config: []client.RecipeConfig{{Provider: "clock"}, {Provider: "logger"}},
		Code: map[string]any{"number": 0, "keyword": "trigger", "provider": "clock", "name": "scheduled_event", "as": "tick",
			"input": map[string]any{"time_unit": "hours", "trigger_every": "1"},
			"block": []any{map[string]any{"number": 1, "keyword": "action", "provider": "logger", "name": "log_message", "as": "log",
				"input": map[string]any{"message": "Polled at #{" + datapill("clock", "tick", "scheduled_time") + "}"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.PollRecipeNow(ctx, mu, hourly); err == nil {
		t.Error("poll_now of a stopped recipe succeeded")
	}
	if err := c.StartRecipe(ctx, mu, hourly); err != nil {
		t.Fatal(err)
	}
	if err := c.PollRecipeNow(ctx, mu, hourly); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		jobs, err := c.RecipeJobs(ctx, mu, hourly, client.JobListOptions{})
		if err != nil || time.Now().After(deadline) {
			t.Fatalf("jobs: %+v, %v", jobs, err)
		}
		if jobs.JobSucceededCount == 1 {
			job, err := c.RecipeJob(ctx, mu, hourly, jobs.Items[0].ID)
			if err != nil || len(job.Lines) != 2 || !strings.Contains(string(job.Lines[1].Output), "Polled at 20") {
				t.Fatalf("polled job: %+v, %v", job, err)
			}
			break
		}
	}

	first, err := c.CreateConnection(ctx, mu, client.CreateConnectionParams{Provider: "salesforce", Name: "First"})
	if err != nil {
		t.Fatal(err)
	}
	second, err := c.CreateConnection(ctx, mu, client.CreateConnectionParams{Provider: "salesforce", Name: "Second"})
	if err != nil {
		t.Fatal(err)
	}
	sync, err := c.CreateRecipe(ctx, mu, client.RecipeParams{Name: "Sync",
		Config: []client.RecipeConfig{{Provider: "clock"}, {Provider: "salesforce", AccountID: &first.ID}},
		Code: map[string]any{"number": 0, "keyword": "trigger", "provider": "clock", "name": "scheduled_event",
			"block": []any{map[string]any{"number": 1, "keyword": "action", "provider": "salesforce", "name": "create_record"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.ConnectRecipe(ctx, mu, sync, "salesforce", second.ID); err != nil {
		t.Fatal(err)
	}
	r, err := c.Recipe(ctx, mu, sync)
	if err != nil || r.VersionNo != 2 || r.Config[1].AccountID == nil || *r.Config[1].AccountID != second.ID {
		t.Fatalf("recipe after connect: %+v, %v", r, err)
	}
	versions, err := c.RecipeVersions(ctx, mu, sync, client.ListOptions{})
	if err != nil || len(versions) != 2 {
		t.Fatalf("versions: %+v, %v", versions, err)
	}
	note := "Before the swap"
	v, err := c.CommentRecipeVersion(ctx, mu, sync, versions[1].ID, &note)
	if err != nil || v.VersionNo != 1 || v.Comment == nil || *v.Comment != note ||
		len(v.Config) != 2 || v.Config[1].AccountID == nil || *v.Config[1].AccountID != first.ID {
		t.Fatalf("commented version: %+v, %v", v, err)
	}
}
