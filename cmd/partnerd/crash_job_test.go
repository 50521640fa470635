package main

import (
	"database/sql"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/client"
)

// crashJobEvents is how many events TestCrashJobs queues: 1,000, or 50
// under the race detector, which runs jobs several times slower.
var crashJobEvents = map[bool]int{false: 1000, true: 50}[raceDetector]

// TestCrashJobs kills a real "partnerd serve" process with SIGKILL while
// the jobs of events it acknowledged run, and starts it again on the same
// SQLite file: every acknowledged event ends in exactly one job, which
// succeeded, or failed by the interruption rule; and no job's step with
// side effects (a lookup row per event) ran twice.
func TestCrashJobs(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db := tempDB(t)
	hc := newHTTPClient(16)
	lease := []string{"--job-lease", "300ms"}
	p := startServer(t, db, lease...)
	c := p.client(bootstrapToken, hc)
	mu := MustCreateCustomer(t, c, "Crash jobs", "crash-jobs").Ref()
	table, err := c.CreateLookupTable(ctx, mu, client.CreateLookupTableParams{Name: "Events",
		Schema: []client.LookupColumn{{Label: "n", Type: "string"}}})
	if err != nil {
		t.Fatal(err)
	}
	n := datapill("workato_recipe_function", "trigger", "parameters", "n")
	id, err := c.CreateRecipe(ctx, mu, client.RecipeParams{Name: "Record",
		Config: []client.RecipeConfig{{Provider: "workato_recipe_function"}, {Provider: "logger"}, {Provider: "lookup_table"}},
		Code: callableCode(
			map[string]any{"number": 1, "keyword": "action", "provider": "logger", "name": "log_message", "as": "log",
				"input": map[string]any{"message": "Event #{" + n + "}"}},
			map[string]any{"number": 2, "keyword": "action", "provider": "lookup_table", "name": "add_entry", "as": "row",
				"input": map[string]any{"lookup_table_id": table.ID, "parameters": map[string]any{"n": "#{" + n + "}"}}},
		)})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.StartRecipe(ctx, mu, id); err != nil {
		t.Fatal(err)
	}

	// Events are fired by 32 callers, faster than the recipe's one job at
	// a time runs them; the process is killed once every event is
	// acknowledged, while most of their jobs are queued and one runs.
	acked := map[string]int{} // job id → the event's n
	var ackedMu sync.Mutex
	var next atomic.Int64
	var wg sync.WaitGroup
	for range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= crashJobEvents {
					return
				}
				job, err := c.TestTriggerRecipe(ctx, id, client.TestTriggerParams{
					Output: map[string]any{"parameters": map[string]any{"n": strconv.Itoa(i)}}})
				if err != nil {
					t.Errorf("event %d: %v", i, err)
					return
				}
				ackedMu.Lock()
				acked[job.ID] = i
				ackedMu.Unlock()
			}
		}()
	}
	wg.Wait()
	p.kill(t)
	hc.CloseIdleConnections()
	if t.Failed() {
		return
	}

	ranBefore := countEnded(t, db, id)
	p = startServer(t, db, lease...)
	c = p.client(bootstrapToken, hc)
	var jobs []client.Job
	deadline := time.Now().Add(time.Minute)
	for {
		r, err := c.Recipe(ctx, mu, id)
		if err != nil {
			t.Fatal(err)
		}
		jobs = jobs[:0]
		pending := 0
		for j, err := range c.AllRecipeJobs(ctx, mu, id, client.JobListOptions{}) {
			if err != nil {
				t.Fatal(err)
			}
			jobs = append(jobs, j)
			if j.Status == "pending" {
				pending++
			}
		}
		if pending == 0 && r.JobSucceededCount+r.JobFailedCount == len(jobs) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d jobs pending after restart", pending, len(jobs))
		}
		time.Sleep(20 * time.Millisecond)
	}

	rows := map[string]int{} // n → its lookup rows
	for row, err := range c.AllLookupRows(ctx, mu, table.ID, client.LookupRowListOptions{}) {
		if err != nil {
			t.Fatal(err)
		}
		rows[row.Cell("n")]++
	}
	seen := map[string]int{}
	interrupted, succeeded := 0, 0
	for _, j := range jobs {
		seen[j.ID]++
		i, ok := acked[j.ID]
		key := strconv.Itoa(i)
		switch {
		case !ok:
			t.Errorf("job %s of no acknowledged event", j.ID)
		case j.Status == "succeeded":
			succeeded++
			if rows[key] != 1 {
				t.Errorf("job %s of event %d succeeded with %d lookup rows, want 1", j.ID, i, rows[key])
			}
		case j.Error != nil && *j.Error == partnerd.JobInterrupted:
			interrupted++
			if rows[key] > 1 {
				t.Errorf("interrupted job %s of event %d has %d lookup rows, want at most 1", j.ID, i, rows[key])
			}
		default:
			t.Errorf("job %s of event %d: %s, error %v", j.ID, i, j.Status, j.Error)
		}
	}
	for ref, i := range acked {
		if seen[ref] != 1 {
			t.Errorf("acknowledged event %d has %d jobs %s, want 1", i, seen[ref], ref)
		}
	}
	if len(jobs) != len(acked) {
		t.Errorf("%d jobs for %d acknowledged events", len(jobs), len(acked))
	}
	t.Logf("%d events acknowledged before the kill; %d ran before it, %d after; %d succeeded, %d interrupted",
		len(acked), ranBefore, len(jobs)-ranBefore, succeeded, interrupted)
}

// countEnded reads from the SQLite file how many jobs of the recipe had
// ended when the process died.
func countEnded(t *testing.T, db string, recipeID int64) int {
	t.Helper()
	conn, err := sql.Open("sqlite", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var n int
	if err := conn.QueryRow(`SELECT COUNT(*) FROM recipe_jobs WHERE recipe_id = ? AND status != 'pending'`, recipeID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
