package storetest

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// mustStartedRecipe creates a recipe of clockCode in the workspace and starts it.
func mustStartedRecipe(tb testing.TB, db *store.DB, workspaceID int64, name string) *partnerd.Recipe {
	tb.Helper()
	r := mustCreateRecipe(tb, db, workspaceID, 0, name)
	mustStartRecipe(tb, db, workspaceID, r.ID)
	return r
}

// mustEnqueue stores a trigger event of the recipe.
func mustEnqueue(tb testing.TB, db *store.DB, workspaceID, recipeID int64, output string) *partnerd.Job {
	tb.Helper()
	j, err := db.EnqueueJob(tb.Context(), workspaceID, recipeID, &partnerd.TriggerEvent{Output: json.RawMessage(output)})
	if err != nil {
		tb.Fatalf("enqueue: %v", err)
	}
	return j
}

// testJobQueue checks a job's way through the queue: stored pending with
// its trigger line, claimed with the recipe and trigger output, renewed,
// finished with its lines, counted in the recipe's statistics, and shown
// in the recipe's jobs.
func testJobQueue(t *testing.T, db *store.DB) {
	ctx := t.Context()
	now := fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	r := mustStartedRecipe(t, db, w.ID, "R")

	_, err := db.EnqueueJob(ctx, w.ID, r.ID, &partnerd.TriggerEvent{Output: json.RawMessage(`[1]`)})
	wantField(t, err, partnerd.EINVALID, "output")
	j := mustEnqueue(t, db, w.ID, r.ID, `{"n":1}`)
	if !strings.HasPrefix(partnerd.JobRef(j.ID), "j-") || j.Status != partnerd.JobPending {
		t.Fatalf("enqueued job = %+v", j)
	}
	jobs, err := db.FindJobs(ctx, w.ID, r.ID, partnerd.JobFilter{Limit: 10})
	mustOK(t, err)
	if jobs.Count != 1 || jobs.Items[0].ID != j.ID || jobs.Items[0].Status != partnerd.JobPending {
		t.Fatalf("jobs = %+v", jobs)
	}

	c, err := db.ClaimJob(ctx, "w1", time.Minute)
	mustOK(t, err)
	if c.Job.ID != j.ID || c.WorkspaceID != w.ID || c.Recipe.ID != r.ID || c.Recipe.Code == "" ||
		c.Attempt != 1 || string(c.TriggerOutput) != `{"n":1}` {
		t.Fatalf("claimed = %+v", c)
	}
	_, err = db.ClaimJob(ctx, "w2", time.Minute)
	wantCode(t, err, partnerd.ENOTFOUND)
	mustOK(t, db.HeartbeatJob(ctx, j.ID, "w1", time.Minute, false))
	wantCode(t, db.HeartbeatJob(ctx, j.ID, "w2", time.Minute, false), partnerd.ESTATE)

	*now = t0.Add(time.Second)
	msg := "boom"
	res := &partnerd.JobResult{Status: partnerd.JobFailed, Error: &msg, TaskCount: 2, Result: json.RawMessage(`{"ok":false}`),
		Lines: []*partnerd.JobLine{{Number: 1, Keyword: "action", Provider: "logger", Name: "log_message", As: "log",
			Status: partnerd.LineFailed, Input: json.RawMessage(`{"message":"hi"}`), Error: &msg, StartedAt: t0, CompletedAt: *now}}}
	wantCode(t, db.FinishJob(ctx, j.ID, "w2", res), partnerd.ESTATE)
	mustOK(t, db.FinishJob(ctx, j.ID, "w1", res))
	wantCode(t, db.FinishJob(ctx, j.ID, "w1", res), partnerd.ESTATE)

	d, err := db.FindJobByID(ctx, w.ID, r.ID, j.ID)
	mustOK(t, err)
	if d.Job.Status != partnerd.JobFailed || !d.Job.IsError || *d.Job.Error != "boom" || d.Job.TaskCount != 2 ||
		d.Job.CompletedAt == nil || string(d.Result) != `{"ok":false}` || len(d.Lines) != 2 {
		t.Fatalf("job = %+v, lines %d", d.Job, len(d.Lines))
	}
	if l := d.Lines[0]; l.Keyword != "trigger" || l.Provider != "clock" || l.Name != "scheduled_event" || string(l.Output) != `{"n":1}` {
		t.Errorf("trigger line = %+v", l)
	}
	if l := d.Lines[1]; l.Number != 1 || l.Provider != "logger" || l.Status != partnerd.LineFailed || string(l.Input) != `{"message":"hi"}` ||
		l.Output != nil || *l.Error != "boom" || !l.CompletedAt.Equal(*now) {
		t.Errorf("step line = %+v", l)
	}
	got, err := db.FindRecipeByID(ctx, w.ID, r.ID)
	mustOK(t, err)
	if got.JobFailedCount != 1 || got.LifetimeTaskCount != 2 || got.LastRunAt == nil || !got.LastRunAt.Equal(t0) {
		t.Errorf("statistics = %d failed, %d tasks, last run %v", got.JobFailedCount, got.LifetimeTaskCount, got.LastRunAt)
	}
	_, err = db.FindJobByID(ctx, w.ID, r.ID, j.ID+1000)
	wantCode(t, err, partnerd.ENOTFOUND)
}

// testJobQueueStopped checks that a stopped recipe takes no event and that
// its queued jobs wait until it starts again.
func testJobQueueStopped(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	r := mustCreateRecipe(t, db, a.ID, 0, "R")
	_, err := db.EnqueueJob(ctx, a.ID, r.ID, &partnerd.TriggerEvent{Output: json.RawMessage(`{}`)})
	wantCode(t, err, partnerd.ESTATE)
	mustStartRecipe(t, db, a.ID, r.ID)
	j := mustEnqueue(t, db, a.ID, r.ID, `{}`)
	mustOK(t, db.StopRecipe(ctx, a.ID, r.ID))
	_, err = db.ClaimJob(ctx, "w", time.Minute)
	wantCode(t, err, partnerd.ENOTFOUND)
	mustStartRecipe(t, db, a.ID, r.ID)
	c, err := db.ClaimJob(ctx, "w", time.Minute)
	mustOK(t, err)
	if c.Job.ID != j.ID {
		t.Errorf("claimed %d, want %d", c.Job.ID, j.ID)
	}

}

// testJobQueueConcurrency checks that a recipe runs one job at a time
// (its concurrency) while another recipe's jobs are claimed past it.
func testJobQueueConcurrency(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	r1 := mustStartedRecipe(t, db, a.ID, "R1")
	r2 := mustStartedRecipe(t, db, a.ID, "R2")
	first := mustEnqueue(t, db, a.ID, r1.ID, `{}`)
	second := mustEnqueue(t, db, a.ID, r1.ID, `{}`)
	other := mustEnqueue(t, db, a.ID, r2.ID, `{}`)
	for _, want := range []int64{first.ID, other.ID} {
		c, err := db.ClaimJob(ctx, "w", time.Minute)
		mustOK(t, err)
		if c.Job.ID != want {
			t.Fatalf("claimed %d, want %d", c.Job.ID, want)
		}
	}
	_, err := db.ClaimJob(ctx, "w", time.Minute)
	wantCode(t, err, partnerd.ENOTFOUND)
	mustOK(t, db.FinishJob(ctx, first.ID, "w", &partnerd.JobResult{Status: partnerd.JobSucceeded}))
	c, err := db.ClaimJob(ctx, "w", time.Minute)
	mustOK(t, err)
	if c.Job.ID != second.ID {
		t.Fatalf("claimed %d, want %d", c.Job.ID, second.ID)
	}
}

// testJobQueueConcurrentClaims checks that workers claiming at once never
// take the same job and together take every job.
func testJobQueueConcurrentClaims(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	const recipes, perRecipe, workers = 4, 5, 4
	want := map[int64]bool{}
	for i := range recipes {
		r := mustStartedRecipe(t, db, a.ID, "R"+string(rune('a'+i)))
		for range perRecipe {
			want[mustEnqueue(t, db, a.ID, r.ID, `{}`).ID] = true
		}
	}
	var mu sync.Mutex
	claimed := map[int64]string{}
	var wg sync.WaitGroup
	for i := range workers {
		worker := "w" + string(rune('0'+i))
		wg.Add(1)
		go func() {
			defer wg.Done()
			deadline := time.Now().Add(20 * time.Second)
			for time.Now().Before(deadline) {
				mu.Lock()
				done := len(claimed) == len(want)
				mu.Unlock()
				if done {
					return
				}
				c, err := db.ClaimJob(ctx, worker, time.Minute)
				if partnerd.ErrorCode(err) == partnerd.ENOTFOUND {
					time.Sleep(2 * time.Millisecond)
					continue
				} else if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				if by, dup := claimed[c.Job.ID]; dup {
					t.Errorf("job %d claimed by %s and %s", c.Job.ID, by, worker)
				}
				claimed[c.Job.ID] = worker
				mu.Unlock()
				if err := db.FinishJob(ctx, c.Job.ID, worker, &partnerd.JobResult{Status: partnerd.JobSucceeded}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if len(claimed) != len(want) {
		t.Errorf("claimed %d jobs, want %d", len(claimed), len(want))
	}
}

// testJobQueueRescue checks the interruption rule: a job whose lease
// passed runs again from the start when no side-effecting step began,
// fails with JobInterrupted when one did, and fails after JobAttempts
// claims; a job whose lease stands is left alone.
func testJobQueueRescue(t *testing.T, db *store.DB) {
	ctx := t.Context()
	now := fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	clean := mustStartedRecipe(t, db, a.ID, "Clean")
	dirty := mustStartedRecipe(t, db, a.ID, "Dirty")
	cj := mustEnqueue(t, db, a.ID, clean.ID, `{}`)
	dj := mustEnqueue(t, db, a.ID, dirty.ID, `{}`)
	for range 2 {
		_, err := db.ClaimJob(ctx, "dead", time.Minute)
		mustOK(t, err)
	}
	mustOK(t, db.HeartbeatJob(ctx, dj.ID, "dead", time.Minute, true))
	requeued, failed, err := db.RescueJobs(ctx)
	mustOK(t, err)
	if requeued != 0 || failed != 0 {
		t.Fatalf("rescued %d, %d before the leases passed", requeued, failed)
	}

	*now = t0.Add(2 * time.Minute)
	requeued, failed, err = db.RescueJobs(ctx)
	mustOK(t, err)
	if requeued != 1 || failed != 1 {
		t.Fatalf("rescued %d requeued, %d failed; want 1, 1", requeued, failed)
	}
	d, err := db.FindJobByID(ctx, a.ID, dirty.ID, dj.ID)
	mustOK(t, err)
	if d.Job.Status != partnerd.JobFailed || d.Job.Error == nil || *d.Job.Error != partnerd.JobInterrupted {
		t.Errorf("interrupted job = %+v", d.Job)
	}
	wantCode(t, db.FinishJob(ctx, dj.ID, "dead", &partnerd.JobResult{Status: partnerd.JobSucceeded}), partnerd.ESTATE)

	for attempt := 2; attempt <= partnerd.JobAttempts; attempt++ {
		c, err := db.ClaimJob(ctx, "again", time.Minute)
		mustOK(t, err)
		if c.Job.ID != cj.ID || c.Attempt != attempt {
			t.Fatalf("claimed %d attempt %d, want %d attempt %d", c.Job.ID, c.Attempt, cj.ID, attempt)
		}
		*now = now.Add(2 * time.Minute)
		_, _, err = db.RescueJobs(ctx)
		mustOK(t, err)
	}
	d, err = db.FindJobByID(ctx, a.ID, clean.ID, cj.ID)
	mustOK(t, err)
	if d.Job.Status != partnerd.JobFailed || d.Job.Error == nil || !strings.Contains(*d.Job.Error, "interrupted") {
		t.Errorf("job interrupted %d times = %+v", partnerd.JobAttempts, d.Job)
	}
}

// testJobQueueCrossTenant checks that one workspace neither stores events
// of nor reads the jobs of another's recipes.
func testJobQueueCrossTenant(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	r := mustStartedRecipe(t, db, a.ID, "R")
	j := mustEnqueue(t, db, a.ID, r.ID, `{}`)
	_, err := db.EnqueueJob(ctx, b.ID, r.ID, &partnerd.TriggerEvent{Output: json.RawMessage(`{}`)})
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.FindJobByID(ctx, b.ID, r.ID, j.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	ws, err := db.FindRecipeWorkspaceID(ctx, a.ID, r.ID)
	mustOK(t, err)
	if ws != a.ID {
		t.Errorf("workspace = %d, want %d", ws, a.ID)
	}
	_, err = db.FindRecipeWorkspaceID(ctx, b.ID, r.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
}

// testJobLineCap checks that a line keeps at most MaxLineData of output,
// marked as cut, while the job runs from the whole trigger output.
func testJobLineCap(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	r := mustStartedRecipe(t, db, a.ID, "R")
	big := `{"s":"` + strings.Repeat("x", partnerd.MaxLineData) + `"}`
	j := mustEnqueue(t, db, a.ID, r.ID, big)
	d, err := db.FindJobByID(ctx, a.ID, r.ID, j.ID)
	mustOK(t, err)
	out := d.Lines[0].Output
	if len(out) > partnerd.MaxLineData || !strings.Contains(string(out), `"partnerd_truncated":true`) || !json.Valid(out) {
		t.Errorf("capped output: %d bytes, %.80s", len(out), out)
	}
	c, err := db.ClaimJob(ctx, "w", time.Minute)
	mustOK(t, err)
	if string(c.TriggerOutput) != big {
		t.Errorf("claimed trigger output has %d bytes, want the whole %d", len(c.TriggerOutput), len(big))
	}
}

// testJobQueueWebhook checks that a webhook event is stored for the running
// webhook-triggered recipe of its token only.
func testJobQueueWebhook(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	hook := &partnerd.Recipe{Name: "Hook", Private: true, Config: []partnerd.RecipeConfig{{Provider: "workato_webhooks"}, {Provider: "logger"}},
		Code: `{"number":0,"keyword":"trigger","provider":"workato_webhooks","name":"new_event","as":"t","block":[{"number":1,"keyword":"action","provider":"logger","name":"log_message"}]}`}
	mustOK(t, db.CreateRecipe(ctx, a.ID, hook))
	clock := mustStartedRecipe(t, db, a.ID, "Clock")
	ev := &partnerd.TriggerEvent{Output: json.RawMessage(`{"a":1}`)}
	_, err := db.EnqueueWebhookEvent(ctx, hook.WebhookToken, ev)
	wantCode(t, err, partnerd.ENOTFOUND) // stopped
	mustStartRecipe(t, db, a.ID, hook.ID)
	j, err := db.EnqueueWebhookEvent(ctx, hook.WebhookToken, ev)
	mustOK(t, err)
	if j.RecipeID != hook.ID {
		t.Errorf("event stored for recipe %d, want %d", j.RecipeID, hook.ID)
	}
	for _, token := range []string{clock.WebhookToken, "unknown", ""} {
		_, err = db.EnqueueWebhookEvent(ctx, token, ev)
		wantCode(t, err, partnerd.ENOTFOUND)
	}
}

// testJobQueueSchedule checks that a running clock-triggered recipe fires
// once per period, also when several processes fire at once, that missed
// periods fire once, and that a stopped recipe does not fire.
func testJobQueueSchedule(t *testing.T, db *store.DB) {
	ctx := t.Context()
	now := fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	r := mustStartedRecipe(t, db, a.ID, "Every 5 minutes") // clockCode: the defaults
	fire := func() int {
		t.Helper()
		n, err := db.FireSchedules(ctx)
		mustOK(t, err)
		return n
	}
	if n := fire(); n != 0 {
		t.Fatalf("fired %d at the start", n)
	}
	*now = t0.Add(5*time.Minute + time.Second)
	if n := fire(); n != 1 {
		t.Fatalf("fired %d after 5 minutes, want 1", n)
	}
	if n := fire(); n != 0 {
		t.Fatalf("fired %d again in the same period", n)
	}
	c, err := db.ClaimJob(ctx, "w", time.Minute)
	mustOK(t, err)
	zone, err := time.LoadLocation(partnerd.DefaultScheduleZone)
	mustOK(t, err)
	if want := `{"scheduled_time":"` + t0.Add(5*time.Minute).In(zone).Format(time.RFC3339) + `"}`; string(c.TriggerOutput) != want {
		t.Errorf("trigger output = %s, want %s", c.TriggerOutput, want)
	}
	mustOK(t, db.FinishJob(ctx, c.Job.ID, "w", &partnerd.JobResult{Status: partnerd.JobSucceeded}))

	// Three missed periods, fired by four processes at once: one event.
	*now = t0.Add(23 * time.Minute)
	var wg sync.WaitGroup
	var mu sync.Mutex
	total := 0
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := db.FireSchedules(ctx)
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			total += n
			mu.Unlock()
		}()
	}
	wg.Wait()
	if total != 1 {
		t.Errorf("fired %d events for the missed periods, want 1", total)
	}
	mustOK(t, db.StopRecipe(ctx, a.ID, r.ID))
	*now = t0.Add(time.Hour)
	if n := fire(); n != 0 {
		t.Errorf("a stopped recipe fired %d", n)
	}
	mustStartRecipe(t, db, a.ID, r.ID)
	*now = t0.Add(time.Hour + 5*time.Minute)
	if n := fire(); n != 1 {
		t.Errorf("fired %d 5 minutes after the restart, want 1", n)
	}
}

// testJobQueuePrune checks that pruning drops the lines of jobs that ended
// before the cut and keeps the jobs, and those that ended after it whole.
func testJobQueuePrune(t *testing.T, db *store.DB) {
	ctx := t.Context()
	now := fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	r := mustStartedRecipe(t, db, a.ID, "R")
	run := func() int64 {
		t.Helper()
		j := mustEnqueue(t, db, a.ID, r.ID, `{"n":1}`)
		c, err := db.ClaimJob(ctx, "w", time.Minute)
		mustOK(t, err)
		mustOK(t, db.FinishJob(ctx, c.Job.ID, "w", &partnerd.JobResult{Status: partnerd.JobSucceeded,
			Lines: []*partnerd.JobLine{{Number: 1, Keyword: "action", Status: partnerd.LineSucceeded, StartedAt: *now, CompletedAt: *now}}}))
		return j.ID
	}
	old := run()
	*now = t0.Add(48 * time.Hour)
	recent := run()
	pending := mustEnqueue(t, db, a.ID, r.ID, `{}`).ID
	n, err := db.PruneJobs(ctx, t0.Add(24*time.Hour))
	mustOK(t, err)
	if n != 1 {
		t.Errorf("pruned %d jobs, want 1", n)
	}
	for id, lines := range map[int64]int{old: 0, recent: 2, pending: 1} {
		d, err := db.FindJobByID(ctx, a.ID, r.ID, id)
		mustOK(t, err)
		if len(d.Lines) != lines {
			t.Errorf("job %d has %d lines, want %d", id, len(d.Lines), lines)
		}
	}
	jobs, err := db.FindJobs(ctx, a.ID, r.ID, partnerd.JobFilter{Limit: 10})
	mustOK(t, err)
	if jobs.Count != 3 || jobs.SucceededCount != 2 {
		t.Errorf("jobs after pruning = %d (%d succeeded)", jobs.Count, jobs.SucceededCount)
	}
}

// testJobQueueReady checks that queuing a job wakes a waiting worker.
func testJobQueueReady(t *testing.T, db *store.DB) {
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	r := mustStartedRecipe(t, db, a.ID, "R")
	ready := db.JobsReady()
	for len(ready) > 0 {
		<-ready
	}
	mustEnqueue(t, db, a.ID, r.ID, `{}`)
	select {
	case <-ready:
	case <-time.After(5 * time.Second):
		t.Fatal("no wake after a job was queued")
	}
}

// testJobQueueWatch checks that the end of a job closes the channels of
// its watches, and that a stopped watch is left alone.
func testJobQueueWatch(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	r := mustStartedRecipe(t, db, a.ID, "R")
	j := mustEnqueue(t, db, a.ID, r.ID, `{}`)
	ended, stop := db.WatchJob(j.ID)
	defer stop()
	gone, stopGone := db.WatchJob(j.ID)
	stopGone()
	c, err := db.ClaimJob(ctx, "w1", time.Minute)
	mustOK(t, err)
	select {
	case <-ended:
		t.Fatal("a watch ended before its job")
	default:
	}
	mustOK(t, db.FinishJob(ctx, c.Job.ID, "w1", &partnerd.JobResult{Status: partnerd.JobSucceeded}))
	select {
	case <-ended:
	case <-time.After(5 * time.Second):
		t.Fatal("no end after the job was finished")
	}
	select {
	case <-gone:
		t.Error("a stopped watch was told of the end")
	default:
	}
}
