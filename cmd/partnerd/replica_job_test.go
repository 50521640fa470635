package main

import (
	"sync"
	"testing"
	"time"

	"github.com/partnerd/partnerd/client"
	"github.com/partnerd/partnerd/store/storetest"
)

// TestReplicaJobs runs two servers on one PostgreSQL database: events
// stored through either are run by the workers of both, each job once,
// and the recipe's counts add up.
func TestReplicaJobs(t *testing.T) {
	dsn, ok := storetest.PostgresURL(t)
	if !ok {
		t.Skip(storetest.PostgresEnv + " is not set")
	}
	one := MustRunMain(t, dsn, nil)
	two := MustRunMain(t, dsn, nil)
	ctx := t.Context()
	a, b := newClient(one, bootstrapToken), newClient(two, bootstrapToken)
	mu := MustCreateCustomer(t, a, "Replicated jobs", "rep-jobs").Ref()
	id, err := a.CreateRecipe(ctx, mu, client.RecipeParams{Name: "Echo",
		Config: []client.RecipeConfig{{Provider: "workato_recipe_function"}, {Provider: "logger"}},
		Code: callableCode(map[string]any{"number": 1, "keyword": "action", "provider": "logger", "name": "log_message", "as": "log",
			"input": map[string]any{"message": "#{" + datapill("workato_recipe_function", "trigger", "parameters", "n") + "}"}})})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.StartRecipe(ctx, mu, id); err != nil {
		t.Fatal(err)
	}
	const events = 20
	var wg sync.WaitGroup
	for i := range events {
		c := a
		if i%2 == 1 {
			c = b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.TestTriggerRecipe(ctx, id, client.TestTriggerParams{Output: map[string]any{"parameters": map[string]any{"n": i}}}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	deadline := time.Now().Add(30 * time.Second)
	for {
		r, err := b.Recipe(ctx, mu, id)
		if err != nil {
			t.Fatal(err)
		}
		if r.JobSucceededCount+r.JobFailedCount == events {
			if r.JobSucceededCount != events || r.LifetimeTaskCount != events {
				t.Errorf("counts: %d succeeded, %d failed, %d tasks", r.JobSucceededCount, r.JobFailedCount, r.LifetimeTaskCount)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 30 s: %d of %d jobs ended", r.JobSucceededCount+r.JobFailedCount, events)
		}
		time.Sleep(50 * time.Millisecond)
	}
	jobs, err := a.RecipeJobs(ctx, mu, id, client.JobListOptions{})
	if err != nil || jobs.JobCount != events || len(jobs.Items) != events {
		t.Fatalf("jobs = %+v, %v", jobs, err)
	}
	for _, j := range jobs.Items {
		if j.Status != "succeeded" || j.TaskCount != 1 {
			t.Errorf("job %s: %s, %d tasks", j.ID, j.Status, j.TaskCount)
		}
	}
}
