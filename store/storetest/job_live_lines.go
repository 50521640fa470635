package storetest

import (
	"testing"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// testJobQueueLiveLines checks that lines appended while a job runs show
// in its detail while it is pending, that its end adds only the lines that
// followed, that only the job's worker appends, and that a job queued again
// by the rescuer starts its lines again.
func testJobQueueLiveLines(t *testing.T, db *store.DB) {
	ctx := t.Context()
	now := fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	r := mustStartedRecipe(t, db, a.ID, "R")
	j := mustEnqueue(t, db, a.ID, r.ID, `{}`)
	c, err := db.ClaimJob(ctx, "w", time.Minute)
	mustOK(t, err)
	line := func(n int) *partnerd.JobLine {
		return &partnerd.JobLine{Number: n, Keyword: "action", Provider: "logger", Name: "log_message", Status: partnerd.LineSucceeded,
			StartedAt: t0, CompletedAt: t0}
	}
	wantCode(t, db.AppendJobLines(ctx, c.Job.ID, "other", 0, []*partnerd.JobLine{line(1)}, nil), partnerd.ESTATE)
	mustOK(t, db.AppendJobLines(ctx, c.Job.ID, "w", 0, []*partnerd.JobLine{line(1), line(2)}, nil))
	d, err := db.FindJobByID(ctx, a.ID, r.ID, j.ID)
	mustOK(t, err)
	if d.Job.Status != partnerd.JobPending || len(d.Lines) != 3 || d.Lines[2].Number != 2 {
		t.Fatalf("running job = %s with %d lines", d.Job.Status, len(d.Lines))
	}
	mustOK(t, db.FinishJob(ctx, c.Job.ID, "w", &partnerd.JobResult{Status: partnerd.JobSucceeded,
		Lines: []*partnerd.JobLine{line(1), line(2), line(3)}, LinesStored: 2}))
	d, err = db.FindJobByID(ctx, a.ID, r.ID, j.ID)
	mustOK(t, err)
	if d.Job.Status != partnerd.JobSucceeded || len(d.Lines) != 4 || d.Lines[3].Number != 3 {
		t.Fatalf("finished job = %s with %d lines", d.Job.Status, len(d.Lines))
	}
	wantCode(t, db.AppendJobLines(ctx, c.Job.ID, "w", 3, []*partnerd.JobLine{line(4)}, nil), partnerd.ESTATE)

	// A job whose worker died before a side effect runs again without the
	// lines of its first run.
	j = mustEnqueue(t, db, a.ID, r.ID, `{}`)
	c, err = db.ClaimJob(ctx, "w", time.Minute)
	mustOK(t, err)
	mustOK(t, db.AppendJobLines(ctx, c.Job.ID, "w", 0, []*partnerd.JobLine{line(1)}, nil))
	*now = t0.Add(2 * time.Minute)
	requeued, _, err := db.RescueJobs(ctx)
	mustOK(t, err)
	if requeued != 1 {
		t.Fatalf("requeued %d", requeued)
	}
	d, err = db.FindJobByID(ctx, a.ID, r.ID, j.ID)
	mustOK(t, err)
	if len(d.Lines) != 1 || d.Lines[0].Keyword != "trigger" {
		t.Errorf("requeued job has %d lines", len(d.Lines))
	}
}

// testJobQueueManyLines checks that a job's lines, appended and then
// written with its end in statements of many rows, come back whole and in
// order.
func testJobQueueManyLines(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	r := mustStartedRecipe(t, db, a.ID, "R")
	j := mustEnqueue(t, db, a.ID, r.ID, `{}`)
	c, err := db.ClaimJob(ctx, "w", time.Minute)
	mustOK(t, err)
	lines := make([]*partnerd.JobLine, 150)
	for i := range lines {
		msg := "step"
		lines[i] = &partnerd.JobLine{Number: i + 1, Keyword: "action", Provider: "logger", Name: "log_message",
			Status: partnerd.LineSucceeded, Input: []byte(`{"n":` + itoa(int64(i+1)) + `}`), Error: &msg, StartedAt: t0, CompletedAt: t0}
	}
	mustOK(t, db.AppendJobLines(ctx, c.Job.ID, "w", 0, lines[:40], nil))
	mustOK(t, db.FinishJob(ctx, c.Job.ID, "w", &partnerd.JobResult{Status: partnerd.JobSucceeded, Lines: lines, LinesStored: 40}))
	d, err := db.FindJobByID(ctx, a.ID, r.ID, j.ID)
	mustOK(t, err)
	if len(d.Lines) != 151 {
		t.Fatalf("%d lines, want the trigger's and 150", len(d.Lines))
	}
	for i, l := range d.Lines[1:] {
		if l.Number != i+1 || string(l.Input) != `{"n":`+itoa(int64(i+1))+`}` || l.Error == nil || *l.Error != "step" {
			t.Fatalf("line %d = %+v input %s", i+1, l, l.Input)
		}
	}
}
