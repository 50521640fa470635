package storetest

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// newCall returns a recorded call of provider.action.
func newCall(provider, action string, recipeID, jobID, connectionID int64) *partnerd.ConnectorCall {
	return &partnerd.ConnectorCall{Provider: provider, Action: action, RecipeID: recipeID, JobID: jobID,
		ConnectionID: connectionID, StepNumber: 1, Input: json.RawMessage(`{"a":1}`), Output: json.RawMessage(`{"ok":true}`),
		StartedAt: t0, Duration: 1500 * time.Microsecond}
}

// testConnectorCalls checks that calls come back newest first, whole,
// filtered and paged, and that clearing forgets them.
func testConnectorCalls(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	failed := newCall("jira", "create_issue", 7, 11, 0)
	failed.Output, failed.Error, failed.StubID = nil, ptr("404 Not Found: no project"), 9
	calls := []*partnerd.ConnectorCall{
		newCall("slack", "post_message", 7, 10, 3),
		failed,
		newCall("slack", "post_message", 8, 12, 3),
	}
	mustOK(t, db.RecordConnectorCalls(ctx, w.ID, calls))
	list, total, err := db.FindConnectorCalls(ctx, a.ID, partnerd.ConnectorCallFilter{})
	mustOK(t, err)
	if total != 3 || len(list) != 3 || list[0].ID != calls[2].ID || list[2].ID != calls[0].ID {
		t.Fatalf("calls = %d %v", total, list)
	}
	got := list[1]
	if got.AccountID != a.ID || got.WorkspaceID != w.ID || got.Provider != "jira" || got.StubID != 9 ||
		got.ConnectionID != 0 || got.JobID != 11 || got.RecipeID != 7 || got.StepNumber != 1 ||
		got.Output != nil || got.Error == nil || *got.Error != "404 Not Found: no project" ||
		string(got.Input) != `{"a":1}` || !got.StartedAt.Equal(t0) || got.Duration != 1500*time.Microsecond {
		t.Errorf("call = %+v", got)
	}
	for _, c := range []struct {
		f    partnerd.ConnectorCallFilter
		want int
	}{
		{partnerd.ConnectorCallFilter{Provider: "slack"}, 2},
		{partnerd.ConnectorCallFilter{Provider: "slack", Action: "post_message", RecipeID: 7}, 1},
		{partnerd.ConnectorCallFilter{JobID: 11}, 1},
		{partnerd.ConnectorCallFilter{ConnectionID: 3}, 2},
		{partnerd.ConnectorCallFilter{Action: "none"}, 0},
	} {
		if _, n, err := db.FindConnectorCalls(ctx, a.ID, c.f); err != nil || n != c.want {
			t.Errorf("%+v: %d calls, %v; want %d", c.f, n, err, c.want)
		}
	}
	list, total, err = db.FindConnectorCalls(ctx, a.ID, partnerd.ConnectorCallFilter{Page: page(2, 2)})
	mustOK(t, err)
	if total != 3 || len(list) != 1 || list[0].ID != calls[0].ID {
		t.Errorf("page 2 = %d %v", total, list)
	}
	n, err := db.DeleteConnectorCalls(ctx, a.ID)
	mustOK(t, err)
	if _, total, _ := db.FindConnectorCalls(ctx, a.ID, partnerd.ConnectorCallFilter{}); n != 3 || total != 0 {
		t.Errorf("after clearing %d: %d calls", n, total)
	}
}

// testConnectorCallsCrossTenant checks that an account reads and clears
// the calls of its own workspaces alone.
func testConnectorCallsCrossTenant(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	wa := MustCreateCustomer(t, db, a.ID, "Customer A")
	mustOK(t, db.RecordConnectorCalls(ctx, wa.ID, []*partnerd.ConnectorCall{newCall("slack", "post_message", 1, 1, 0)}))
	mustOK(t, db.RecordConnectorCalls(ctx, b.ID, []*partnerd.ConnectorCall{newCall("slack", "post_message", 2, 2, 0)}))
	for _, c := range []struct {
		account int64
		want    int64
	}{{a.ID, 1}, {b.ID, 2}} {
		list, total, err := db.FindConnectorCalls(ctx, c.account, partnerd.ConnectorCallFilter{})
		mustOK(t, err)
		if total != 1 || list[0].RecipeID != c.want {
			t.Errorf("account %d sees %v", c.account, list)
		}
	}
	if n, err := db.DeleteConnectorCalls(ctx, b.ID); err != nil || n != 1 {
		t.Errorf("B clears %d, %v", n, err)
	}
	if _, total, _ := db.FindConnectorCalls(ctx, a.ID, partnerd.ConnectorCallFilter{}); total != 1 {
		t.Errorf("A's calls after B cleared: %d", total)
	}
	wantCode(t, db.RecordConnectorCalls(ctx, 1<<40, []*partnerd.ConnectorCall{newCall("x", "y", 1, 1, 0)}), partnerd.ENOTFOUND)
}

// testConnectorCallsWithFinish checks that a job's calls are stored with
// its lines while it runs and with its end, under the job's account, and
// that an append or a finish the queue refuses stores none of them.
func testConnectorCallsWithFinish(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	r := mustStartedRecipe(t, db, w.ID, "R")
	j := mustEnqueue(t, db, w.ID, r.ID, `{"n":1}`)
	c, err := db.ClaimJob(ctx, "w1", time.Minute)
	mustOK(t, err)
	calls := []*partnerd.ConnectorCall{newCall("slack", "post_message", r.ID, j.ID, 0), newCall("jira", "create_issue", r.ID, j.ID, 0)}
	res := &partnerd.JobResult{Status: partnerd.JobSucceeded, Calls: calls}
	wantCode(t, db.FinishJob(ctx, c.Job.ID, "w2", res), partnerd.ESTATE)
	if _, total, err := db.FindConnectorCalls(ctx, a.ID, partnerd.ConnectorCallFilter{}); err != nil || total != 0 {
		t.Fatalf("calls after a refused finish: %d, %v", total, err)
	}
	early := []*partnerd.ConnectorCall{newCall("stripe", "create_customer", r.ID, j.ID, 0)}
	wantCode(t, db.AppendJobLines(ctx, c.Job.ID, "w2", 0, nil, early), partnerd.ESTATE)
	mustOK(t, db.AppendJobLines(ctx, c.Job.ID, "w1", 0, nil, early))
	if list, total, err := db.FindConnectorCalls(ctx, a.ID, partnerd.ConnectorCallFilter{JobID: j.ID}); err != nil || total != 1 ||
		list[0].Provider != "stripe" || list[0].WorkspaceID != w.ID {
		t.Fatalf("calls while the job runs: %d %+v, %v", total, list, err)
	}
	mustOK(t, db.FinishJob(ctx, c.Job.ID, "w1", res))
	list, total, err := db.FindConnectorCalls(ctx, a.ID, partnerd.ConnectorCallFilter{JobID: j.ID})
	mustOK(t, err)
	if total != 3 || list[0].Provider != "jira" || list[0].WorkspaceID != w.ID || list[0].ID != calls[1].ID ||
		list[1].Provider != "slack" || list[2].Provider != "stripe" {
		t.Errorf("calls = %d %+v", total, list)
	}
	d, err := db.FindJobByID(ctx, w.ID, r.ID, j.ID)
	mustOK(t, err)
	if d.Job.Status != partnerd.JobSucceeded {
		t.Errorf("job = %+v", d.Job)
	}
}

// testJobAppendRetried checks that an append the worker sends again,
// because its answer was lost after the commit, adds no line twice and no
// call twice, and that the job still finishes with the same calls.
func testJobAppendRetried(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	r := mustStartedRecipe(t, db, a.ID, "R")
	j := mustEnqueue(t, db, a.ID, r.ID, `{}`)
	c, err := db.ClaimJob(ctx, "w", time.Minute)
	mustOK(t, err)
	line := func(n int) *partnerd.JobLine {
		return &partnerd.JobLine{Number: n, Keyword: "action", Provider: "slack", Name: "post_message", Status: partnerd.LineSucceeded,
			StartedAt: t0, CompletedAt: t0}
	}
	lines := []*partnerd.JobLine{line(1), line(2)}
	calls := []*partnerd.ConnectorCall{newCall("slack", "post_message", r.ID, j.ID, 0), newCall("slack", "post_message", r.ID, j.ID, 0)}
	mustOK(t, db.AppendJobLines(ctx, c.Job.ID, "w", 0, lines, calls))
	mustOK(t, db.AppendJobLines(ctx, c.Job.ID, "w", 0, lines, calls))
	mustOK(t, db.FinishJob(ctx, c.Job.ID, "w", &partnerd.JobResult{Status: partnerd.JobSucceeded,
		Lines: append(lines, line(3)), Calls: calls}))
	d, err := db.FindJobByID(ctx, a.ID, r.ID, j.ID)
	mustOK(t, err)
	if d.Job.Status != partnerd.JobSucceeded || len(d.Lines) != 4 {
		t.Fatalf("job = %s with %d lines", d.Job.Status, len(d.Lines))
	}
	if _, total, err := db.FindConnectorCalls(ctx, a.ID, partnerd.ConnectorCallFilter{JobID: j.ID}); err != nil || total != 2 {
		t.Errorf("calls = %d, %v", total, err)
	}
	mustOK(t, db.RecordConnectorCalls(ctx, a.ID, calls))
	if _, total, err := db.FindConnectorCalls(ctx, a.ID, partnerd.ConnectorCallFilter{JobID: j.ID}); err != nil || total != 2 {
		t.Errorf("calls recorded again = %d, %v", total, err)
	}
}

// testJobLinesManyRetried checks lines appended and finished across the
// rows of one statement (32): each line once, in order, also when an
// append of 33 lines is sent again with 200 calls.
func testJobLinesManyRetried(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	r := mustStartedRecipe(t, db, a.ID, "R")
	j := mustEnqueue(t, db, a.ID, r.ID, `{}`)
	c, err := db.ClaimJob(ctx, "w", time.Minute)
	mustOK(t, err)
	var lines []*partnerd.JobLine
	for n := 1; n <= 97; n++ {
		lines = append(lines, &partnerd.JobLine{Number: n, Keyword: "action", Provider: "slack", Name: "post_message",
			Status: partnerd.LineSucceeded, StartedAt: t0, CompletedAt: t0})
	}
	var calls []*partnerd.ConnectorCall
	for range 201 {
		calls = append(calls, newCall("slack", "post_message", r.ID, j.ID, 0))
	}
	mustOK(t, db.AppendJobLines(ctx, c.Job.ID, "w", 0, lines[:32], nil))
	mustOK(t, db.AppendJobLines(ctx, c.Job.ID, "w", 32, lines[32:65], calls))
	mustOK(t, db.AppendJobLines(ctx, c.Job.ID, "w", 32, lines[32:65], calls))
	mustOK(t, db.FinishJob(ctx, c.Job.ID, "w", &partnerd.JobResult{Status: partnerd.JobSucceeded, Lines: lines, LinesStored: 64, Calls: calls}))
	d, err := db.FindJobByID(ctx, a.ID, r.ID, j.ID)
	mustOK(t, err)
	if len(d.Lines) != 98 {
		t.Fatalf("%d lines, want 98", len(d.Lines))
	}
	for i, l := range d.Lines[1:] {
		if l.Number != i+1 {
			t.Fatalf("line %d is step %d", i+1, l.Number)
		}
	}
	if _, total, err := db.FindConnectorCalls(ctx, a.ID, partnerd.ConnectorCallFilter{JobID: j.ID}); err != nil || total != 201 {
		t.Errorf("calls = %d, %v", total, err)
	}
}
