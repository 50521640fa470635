package engine

import (
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/mock"
)

// t0 is the fixed time of the tests' clock.
var t0 = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

// pill returns the interpolation of one datapill, as recipes write it.
func pill(provider, line string, path ...any) string {
	b, _ := json.Marshal(map[string]any{"pill_type": "output", "provider": provider, "line": line, "path": path})
	return "#{_dp('" + string(b) + "')}"
}

// formulaPill returns a datapill as a formula's operand.
func formulaPill(provider, line string, path ...any) string {
	p := pill(provider, line, path...)
	return strings.TrimSuffix(strings.TrimPrefix(p, "#{"), "}")
}

// code renders a step tree as recipe code.
func code(root map[string]any) string {
	b, err := json.Marshal(root)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// webhookTrigger is a recipe's root: a webhook trigger over the steps.
func webhookTrigger(steps ...map[string]any) map[string]any {
	return map[string]any{"number": 0, "keyword": "trigger", "provider": "workato_webhooks", "name": "new_event",
		"as": "trigger", "input": map[string]any{}, "block": steps}
}

// action is an action step.
func action(n int, provider, name, as string, input map[string]any) map[string]any {
	return map[string]any{"number": n, "keyword": "action", "provider": provider, "name": name, "as": as, "input": input}
}

// log is a logger step.
func log(n int, as, message string) map[string]any {
	return action(n, "logger", "log_message", as, map[string]any{"message": message})
}

// cond is a compound condition of one comparison.
func cond(operand, lhs, rhs string) map[string]any {
	c := map[string]any{"operand": operand, "lhs": lhs}
	if rhs != "" {
		c["rhs"] = rhs
	}
	return map[string]any{"type": "compound", "operand": "and", "conditions": []any{c}}
}

// harness is an engine over mocks that keep jobs in memory.
type harness struct {
	e       *Engine
	mu      sync.Mutex
	recipes map[int64]*partnerd.Recipe
	results map[int64]*partnerd.JobResult
	queued  []*partnerd.TriggerEvent
	beats   []bool // the sideEffects of each heartbeat
	nextJob int64
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{recipes: map[int64]*partnerd.Recipe{}, results: map[int64]*partnerd.JobResult{}, nextJob: 100}
	jobs := &mock.JobQueue{
		EnqueueJobFn: func(_ context.Context, ws, recipeID int64, ev *partnerd.TriggerEvent) (*partnerd.Job, error) {
			h.mu.Lock()
			defer h.mu.Unlock()
			r := h.recipes[recipeID]
			if r == nil || r.WorkspaceID != ws {
				return nil, partnerd.ErrNotFound()
			}
			if !r.Running {
				return nil, partnerd.ErrRecipeStopped()
			}
			h.nextJob++
			h.queued = append(h.queued, ev)
			return &partnerd.Job{ID: h.nextJob, RecipeID: recipeID, Status: partnerd.JobPending}, nil
		},
		ClaimEventFn: func(_ context.Context, ws, recipeID int64, ev *partnerd.TriggerEvent) (*partnerd.ClaimedJob, error) {
			h.mu.Lock()
			defer h.mu.Unlock()
			r := h.recipes[recipeID]
			if r == nil || r.WorkspaceID != ws {
				return nil, partnerd.ErrNotFound()
			}
			if !r.Running {
				return nil, partnerd.ErrRecipeStopped()
			}
			h.nextJob++
			h.queued = append(h.queued, ev)
			job := &partnerd.Job{ID: h.nextJob, RecipeID: recipeID, Status: partnerd.JobPending}
			return &partnerd.ClaimedJob{Job: job, WorkspaceID: ws, Recipe: r, TriggerOutput: ev.Output, Attempt: 1,
				Worker: ev.Worker}, nil
		},
		AppendJobLinesFn: func(context.Context, int64, string, int, []*partnerd.JobLine, []*partnerd.ConnectorCall) error {
			return nil
		},
		HeartbeatJobFn: func(_ context.Context, _ int64, _ string, _ time.Duration, sideEffects bool) error {
			h.mu.Lock()
			defer h.mu.Unlock()
			h.beats = append(h.beats, sideEffects)
			return nil
		},
		FinishJobFn: func(ctx context.Context, jobID int64, _ string, r *partnerd.JobResult) error {
			h.mu.Lock()
			h.results[jobID] = r
			h.mu.Unlock()
			if len(r.Calls) > 0 && h.e.Calls != nil { // The store records a job's calls with its end.
				return h.e.Calls.RecordConnectorCalls(ctx, 1, r.Calls)
			}
			return nil
		},
	}
	recipes := &mock.RecipeService{
		FindRecipeByIDFn: func(_ context.Context, ws, id int64) (*partnerd.Recipe, error) {
			h.mu.Lock()
			defer h.mu.Unlock()
			if r := h.recipes[id]; r != nil && r.WorkspaceID == ws {
				return r, nil
			}
			return nil, partnerd.ErrNotFound()
		},
	}
	now := t0
	h.e = &Engine{Jobs: jobs, Recipes: recipes, LookupTables: &mock.LookupTableService{},
		Logger: slog.New(slog.DiscardHandler),
		Now:    func() time.Time { return now },
		Sleep:  func(ctx context.Context, d time.Duration) error { now = now.Add(d); return ctx.Err() }}
	return h
}

// addRecipe adds a running recipe of workspace 1.
func (h *harness) addRecipe(id int64, root map[string]any) *partnerd.Recipe {
	r := &partnerd.Recipe{ID: id, WorkspaceID: 1, Code: code(root), Running: true, Revision: id}
	if p, _ := root["provider"].(string); p != "" {
		r.TriggerApplication = &p
	}
	h.mu.Lock()
	h.recipes[id] = r
	h.mu.Unlock()
	return r
}

// run runs one job of the recipe with the trigger output.
func (h *harness) run(t *testing.T, r *partnerd.Recipe, output string) *partnerd.JobResult {
	t.Helper()
	h.nextJob++
	c := &partnerd.ClaimedJob{Job: &partnerd.Job{ID: h.nextJob, RecipeID: r.ID}, WorkspaceID: r.WorkspaceID, Recipe: r,
		TriggerOutput: json.RawMessage(output), Attempt: 1, Worker: "w"}
	res := h.e.Run(t.Context(), c)
	if res == nil {
		t.Fatal("job left unfinished")
	}
	if h.results[c.Job.ID] != res {
		t.Fatal("job not finished in the queue")
	}
	return res
}

// lineSummary renders a job's lines as "number keyword status" each.
func lineSummary(res *partnerd.JobResult) string {
	var parts []string
	for _, l := range res.Lines {
		s := l.Keyword + ":" + strings.TrimSpace(itoa(l.Number))
		if l.Status != partnerd.LineSucceeded {
			s += "!"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// wantStatus fails unless the job ended with status and, when set, error.
func wantStatus(t *testing.T, res *partnerd.JobResult, status, errText string) {
	t.Helper()
	got := ""
	if res.Error != nil {
		got = *res.Error
	}
	if res.Status != status || (errText != "" && !strings.Contains(got, errText)) || (errText == "" && got != "") {
		t.Fatalf("job %s (%q), want %s (%q); lines %s", res.Status, got, status, errText, lineSummary(res))
	}
}
