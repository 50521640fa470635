package main

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/partnerd/partnerd/client"
)

// datapill renders a datapill of a step's output as recipes write it.
func datapill(provider, line string, path ...any) string {
	b, _ := json.Marshal(map[string]any{"pill_type": "output", "provider": provider, "line": line, "path": path})
	return "_dp('" + string(b) + "')"
}

// callableCode is a recipe function whose steps are block.
func callableCode(block ...any) map[string]any {
	return map[string]any{"number": 0, "keyword": "trigger", "provider": "workato_recipe_function", "name": "execute",
		"as": "trigger", "input": map[string]any{}, "block": block}
}

// TestRecipeJobsRun is the proof of the runtime: a callable recipe that
// calls another one synchronously is triggered through the test helper,
// runs on the server's workers, and its finished job is read back with
// its lines, as are the callee's job and both recipes' job counts.
func TestRecipeJobsRun(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	m := MustRunMain(t, tempDB(t), nil)
	c := newClient(m, bootstrapToken)
	mu := MustCreateCustomer(t, c, "Runtime Inc", "runtime-1").Ref()
	config := []client.RecipeConfig{{Provider: "workato_recipe_function"}, {Provider: "logger"}}

	double, err := c.CreateRecipe(ctx, mu, client.RecipeParams{Name: "Double", Config: config, Code: callableCode(
		map[string]any{"number": 1, "keyword": "action", "provider": "workato_recipe_function", "name": "return_result", "as": "reply",
			"input": map[string]any{"result": map[string]any{"doubled": "=" + datapill("workato_recipe_function", "trigger", "parameters", "n") + " * 2"}}},
	)})
	if err != nil {
		t.Fatal(err)
	}
	caller, err := c.CreateRecipe(ctx, mu, client.RecipeParams{Name: "Caller", Config: config, Code: callableCode(
		map[string]any{"number": 1, "keyword": "foreach", "as": "item", "input": map[string]any{},
			"source": "#{" + datapill("workato_recipe_function", "trigger", "parameters", "numbers") + "}",
			"block": []any{
				map[string]any{"number": 2, "keyword": "action", "provider": "workato_recipe_function", "name": "call_recipe", "as": "call",
					"input": map[string]any{"flow_id": double, "parameters": map[string]any{"n": "#{" + datapill("foreach", "item") + "}"}}},
				map[string]any{"number": 3, "keyword": "action", "provider": "logger", "name": "log_message", "as": "log",
					"input": map[string]any{"message": "Got #{" + datapill("workato_recipe_function", "call", "doubled") + "}"}},
			}},
	)})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{double, caller} {
		if err := c.StartRecipe(ctx, mu, id); err != nil {
			t.Fatalf("start %d: %v", id, err)
		}
	}

	job, err := c.TestTriggerRecipe(ctx, caller, client.TestTriggerParams{
		Output: map[string]any{"parameters": map[string]any{"numbers": []int{2, 5}}}, Wait: true, Timeout: "20s"})
	if err != nil {
		t.Fatal(err)
	}
	if job.Status != "succeeded" || job.TaskCount != 4 || len(job.Lines) != 6 {
		t.Fatalf("job = %+v with %d lines", job.Job, len(job.Lines))
	}
	read, err := c.RecipeJob(ctx, mu, caller, job.ID)
	if err != nil {
		t.Fatal(err)
	}
	// The helper answers the job it ran as the job reads once stored.
	answered, _ := json.Marshal(job)
	stored, _ := json.Marshal(read)
	if string(answered) != string(stored) {
		t.Errorf("the helper answered\n%s\nthe job reads\n%s", answered, stored)
	}
	var messages []string
	for _, l := range read.Lines {
		if l.Keyword == "action" && *l.Name == "log_message" {
			var out struct{ Message string }
			json.Unmarshal(l.Output, &out)
			messages = append(messages, out.Message)
		}
	}
	if read.Lines[0].Keyword != "trigger" || len(messages) != 2 || messages[0] != "Got 4" || messages[1] != "Got 10" {
		t.Errorf("lines: trigger %q, messages %q", read.Lines[0].Keyword, messages)
	}

	jobs, err := c.RecipeJobs(ctx, mu, double, client.JobListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if jobs.JobSucceededCount != 2 || len(jobs.Items) != 2 {
		t.Fatalf("callee's jobs = %+v", jobs)
	}
	callee, err := c.RecipeJob(ctx, mu, double, jobs.Items[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if string(callee.Result) != `{"doubled":10}` {
		t.Errorf("callee's result = %s", callee.Result)
	}
	r, err := c.Recipe(ctx, mu, caller)
	if err != nil {
		t.Fatal(err)
	}
	if r.JobSucceededCount != 1 || r.LastRunAt == nil {
		t.Errorf("caller's counts = %d succeeded, last run %v", r.JobSucceededCount, r.LastRunAt)
	}

	if err := c.StopRecipe(ctx, mu, caller); err != nil {
		t.Fatal(err)
	}
	_, err = c.TestTriggerRecipe(ctx, caller, client.TestTriggerParams{})
	if e := apiError(t, err); e.StatusCode != 400 {
		t.Errorf("trigger of a stopped recipe = %v", err)
	}
}

// TestScheduledRecipe is the proof of schedules: a clock-triggered recipe
// whose schedule starts a second from now fires once, and its job runs.
func TestScheduledRecipe(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	m := MustRunMain(t, tempDB(t), nil)
	c := newClient(m, bootstrapToken)
	mu := MustCreateCustomer(t, c, "Clockwork Inc", "clock-1").Ref()
	// create makes and starts the recipe with its schedule's start lead
	// from now, and reports whether it started before that start.
	create := func(lead time.Duration) (int64, bool) {
		start := time.Now().Add(lead)
		id, err := c.CreateRecipe(ctx, mu, client.RecipeParams{Name: "Hourly",
			Config: []client.RecipeConfig{{Provider: "clock"}, {Provider: "logger"}},
			Code: map[string]any{"number": 0, "keyword": "trigger", "provider": "clock", "name": "scheduled_event", "as": "tick",
				"input": map[string]any{"time_unit": "hours", "trigger_every": "1", "start_after": start.UTC().Format(time.RFC3339Nano)},
				"block": []any{map[string]any{"number": 1, "keyword": "action", "provider": "logger", "name": "log_message", "as": "log",
					"input": map[string]any{"message": "Tick at #{" + datapill("clock", "tick", "scheduled_time") + "}"}}}}})
		if err != nil {
			t.Fatal(err)
		}
		if err := c.StartRecipe(ctx, mu, id); err != nil {
			t.Fatal(err)
		}
		return id, time.Now().Before(start)
	}
	// A recipe started after its schedule's start first fires an hour
	// later: on a busy machine, it is made again with a longer lead.
	id, early := create(time.Second)
	if !early {
		t.Logf("the recipe started after its schedule's start a second ahead; again with 5 s")
		if err := c.StopRecipe(ctx, mu, id); err != nil {
			t.Fatal(err)
		}
		if id, early = create(5 * time.Second); !early {
			t.Fatal("the recipe started more than 5 s after it was made")
		}
	}
	deadline := time.Now().Add(15 * time.Second)
	for {
		jobs, err := c.RecipeJobs(ctx, mu, id, client.JobListOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if jobs.JobSucceededCount == 1 {
			job, err := c.RecipeJob(ctx, mu, id, jobs.Items[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(job.Lines) != 2 || !strings.Contains(string(job.Lines[1].Output), "Tick at 20") {
				t.Errorf("scheduled job's lines = %+v", job.Lines)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no scheduled job ran: %+v", jobs)
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(1500 * time.Millisecond)
	if jobs, err := c.RecipeJobs(ctx, mu, id, client.JobListOptions{}); err != nil || jobs.JobCount != 1 {
		t.Errorf("jobs after the first hour's = %+v, %v", jobs, err)
	}
}

// TestRecipeStartChecksFormulas checks that a recipe whose formula does not
// parse, or whose datapill names a step that runs after its own, does not
// start, with the problems at their steps.
func TestRecipeStartChecksFormulas(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	m := MustRunMain(t, tempDB(t), nil)
	c := newClient(m, bootstrapToken)
	mu := MustCreateCustomer(t, c, "Formulas Inc", "formulas-1").Ref()
	id, err := c.CreateRecipe(ctx, mu, client.RecipeParams{Name: "Broken",
		Config: []client.RecipeConfig{{Provider: "workato_recipe_function"}, {Provider: "logger"}},
		Code: callableCode(
			map[string]any{"number": 1, "keyword": "action", "provider": "logger", "name": "log_message", "as": "early",
				"input": map[string]any{"message": "#{" + datapill("logger", "late", "message") + "}"}},
			map[string]any{"number": 2, "keyword": "action", "provider": "logger", "name": "log_message", "as": "late",
				"input": map[string]any{"message": "=1 +"}},
		)})
	if err != nil {
		t.Fatal(err)
	}
	err = c.StartRecipe(ctx, mu, id)
	var refused *client.StartError
	if !errors.As(err, &refused) || len(refused.CodeErrors) != 2 || refused.CodeErrors[0].Step != 1 || refused.CodeErrors[1].Step != 2 ||
		refused.CodeErrors[0].Problems[0].Path != "input.message" || !strings.Contains(refused.CodeErrors[1].Problems[0].Message, "Formula") {
		t.Fatalf("start = %v (%+v)", err, refused)
	}
}
