package engine

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/mock"
)

// TestPool checks that the pool's workers claim and finish every queued
// job, each once, rescue and fire schedules, and return once ctx ends.
func TestPool(t *testing.T) {
	h := newHarness(t)
	h.e.Sleep, h.e.Now = nil, nil
	r := h.addRecipe(1, webhookTrigger(log(1, "l", "hi")))
	q := h.e.Jobs.(*mock.JobQueue)
	var mu sync.Mutex
	next, claims := int64(0), map[int64]string{}
	ready := make(chan struct{}, 1)
	var rescues sync.WaitGroup
	rescues.Add(1)
	q.ClaimJobFn = func(_ context.Context, worker string, _ time.Duration) (*partnerd.ClaimedJob, error) {
		mu.Lock()
		defer mu.Unlock()
		if next == 5 {
			return nil, partnerd.ErrNotFound()
		}
		next++
		claims[next] = worker
		return &partnerd.ClaimedJob{Job: &partnerd.Job{ID: next, RecipeID: 1}, WorkspaceID: 1, Recipe: r,
			TriggerOutput: json.RawMessage(`{}`), Attempt: 1, Worker: worker}, nil
	}
	var once sync.Once
	q.RescueJobsFn = func(context.Context) (int, int, error) { once.Do(rescues.Done); return 0, 0, nil }
	q.JobsReadyFn = func() <-chan struct{} { return ready }
	var fires sync.WaitGroup
	fires.Add(1)
	var fireOnce sync.Once
	q.PruneJobsFn = func(context.Context, time.Time) (int, error) { return 0, nil }
	q.FireSchedulesFn = func(context.Context) (int, error) { fireOnce.Do(fires.Done); return 0, nil }

	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		(&Pool{Engine: h.e, Workers: 3, Poll: 5 * time.Millisecond}).Run(ctx, time.Second)
		close(done)
	}()
	deadline := time.Now().Add(5 * time.Second)
	for {
		h.mu.Lock()
		n := len(h.results)
		h.mu.Unlock()
		if n == 5 || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	rescues.Wait()
	fires.Wait()
	cancel()
	<-done
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.results) != 5 {
		t.Fatalf("finished %d jobs, want 5", len(h.results))
	}
	for id, res := range h.results {
		if res.Status != partnerd.JobSucceeded || claims[id] == "" {
			t.Errorf("job %d: %s by %q", id, res.Status, claims[id])
		}
	}
}

// TestRunLostLease checks that a job whose lease is lost is left
// unfinished, for the rescuer, and that a side-effecting step does not
// run once the job is no longer the worker's.
func TestRunLostLease(t *testing.T) {
	h := newHarness(t)
	q := h.e.Jobs.(*mock.JobQueue)
	q.HeartbeatJobFn = func(context.Context, int64, string, time.Duration, bool) error {
		return partnerd.Errorf(partnerd.ESTATE, "lost")
	}
	h.addRecipe(2, map[string]any{"number": 0, "keyword": "trigger", "provider": "workato_recipe_function", "name": "execute", "as": "t"})
	r := h.addRecipe(1, webhookTrigger(action(1, "workato_recipe_function", "call", "c", map[string]any{"flow_id": 2})))
	c := &partnerd.ClaimedJob{Job: &partnerd.Job{ID: 9, RecipeID: 1}, WorkspaceID: 1, Recipe: r, TriggerOutput: json.RawMessage(`{}`), Worker: "w"}
	if res := h.e.Run(t.Context(), c); res != nil {
		t.Errorf("job ended %s after losing its lease", res.Status)
	}
	if len(h.queued) != 0 || len(h.results) != 0 {
		t.Errorf("queued %d, finished %d", len(h.queued), len(h.results))
	}
}
