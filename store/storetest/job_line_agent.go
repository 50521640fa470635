package storetest

import (
	"testing"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// testJobLineAgent checks that a line keeps the on-prem agent that served
// its step, appended live or at the job's end, and that a line without
// one reads back without one.
func testJobLineAgent(t *testing.T, db *store.DB) {
	ctx := t.Context()
	fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	r := mustStartedRecipe(t, db, a.ID, "R")
	j := mustEnqueue(t, db, a.ID, r.ID, `{}`)
	c, err := db.ClaimJob(ctx, "w", time.Minute)
	mustOK(t, err)
	line := func(n int, agent *partnerd.LineAgent) *partnerd.JobLine {
		return &partnerd.JobLine{Number: n, Keyword: "action", Provider: "postgresql", Name: "select_rows",
			Status: partnerd.LineSucceeded, StartedAt: t0, CompletedAt: t0, Agent: agent}
	}
	mustOK(t, db.AppendJobLines(ctx, c.Job.ID, "w", 0, []*partnerd.JobLine{line(1, &partnerd.LineAgent{ID: 7, Name: "warehouse-1"})}, nil))
	mustOK(t, db.FinishJob(ctx, c.Job.ID, "w", &partnerd.JobResult{Status: partnerd.JobSucceeded,
		Lines: []*partnerd.JobLine{line(1, nil), line(2, &partnerd.LineAgent{ID: 8, Name: "warehouse-2"}), line(3, nil)}, LinesStored: 1}))
	d, err := db.FindJobByID(ctx, a.ID, r.ID, j.ID)
	mustOK(t, err)
	if len(d.Lines) != 4 {
		t.Fatalf("%d lines", len(d.Lines))
	}
	if d.Lines[0].Agent != nil || d.Lines[3].Agent != nil {
		t.Errorf("trigger or local line has an agent: %+v, %+v", d.Lines[0].Agent, d.Lines[3].Agent)
	}
	if g := d.Lines[1].Agent; g == nil || g.ID != 7 || g.Name != "warehouse-1" {
		t.Errorf("live line agent = %+v", g)
	}
	if g := d.Lines[2].Agent; g == nil || g.ID != 8 || g.Name != "warehouse-2" {
		t.Errorf("final line agent = %+v", g)
	}
}
