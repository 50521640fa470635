package storetest

import (
	"testing"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// testJobRepeat checks that repeating jobs queues new jobs with their
// trigger output and title, all or none, and refuses a stopped recipe, a
// job of another recipe, a pruned job and a recorded one.
func testJobRepeat(t *testing.T, db *store.DB) {
	ctx := t.Context()
	now := fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	r := mustStartedRecipe(t, db, a.ID, "R")
	other := mustStartedRecipe(t, db, a.ID, "Other")
	first := mustEnqueue(t, db, a.ID, r.ID, `{"n":1}`)
	second := mustEnqueue(t, db, a.ID, r.ID, `{"n":2}`)
	foreign := mustEnqueue(t, db, a.ID, other.ID, `{}`)

	jobs, err := db.RepeatJobs(ctx, a.ID, r.ID, []int64{second.ID, first.ID})
	mustOK(t, err)
	if len(jobs) != 2 || jobs[0].ID <= second.ID || jobs[1].ID <= jobs[0].ID || jobs[0].Status != partnerd.JobPending {
		t.Fatalf("repeated = %+v", jobs)
	}
	reruns, err := db.FindJobs(ctx, a.ID, r.ID, partnerd.JobFilter{Limit: 10, RerunOnly: true})
	mustOK(t, err)
	if len(reruns.Items) != 2 || reruns.Items[0].ID != jobs[1].ID || reruns.Items[1].ID != jobs[0].ID || reruns.Count != 4 {
		t.Errorf("rerun jobs = %+v of %d", reruns.Items, reruns.Count)
	}
	for i, want := range []string{`{"n":2}`, `{"n":1}`} {
		d, err := db.FindJobByID(ctx, a.ID, r.ID, jobs[i].ID)
		mustOK(t, err)
		if len(d.Lines) != 1 || string(d.Lines[0].Output) != want {
			t.Errorf("repeated job %d: lines %+v, want trigger output %s", i, d.Lines, want)
		}
	}

	for _, ids := range [][]int64{{first.ID, foreign.ID}, {first.ID + 1000}} {
		_, err = db.RepeatJobs(ctx, a.ID, r.ID, ids)
		wantCode(t, err, partnerd.ENOTFOUND)
	}
	_, err = db.RepeatJobs(ctx, a.ID, r.ID+1000, []int64{first.ID})
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.RepeatJobs(ctx, a.ID, r.ID, nil)
	wantField(t, err, partnerd.EINVALID, "job_ids")
	_, err = db.RepeatJobs(ctx, a.ID, r.ID, make([]int64, partnerd.MaxRepeatJobs+1))
	wantField(t, err, partnerd.EINVALID, "job_ids")

	recorded, err := db.RecordJobs(ctx, a.ID, r.ID, &partnerd.NewJobs{Status: partnerd.JobSucceeded, Count: 1})
	mustOK(t, err)
	_, err = db.RepeatJobs(ctx, a.ID, r.ID, []int64{first.ID, recorded[0].ID})
	wantField(t, err, partnerd.EINVALID, "job_ids")

	// A job whose lines retention pruned has lost its trigger output.
	c, err := db.ClaimJob(ctx, "w", time.Minute)
	mustOK(t, err)
	mustOK(t, db.FinishJob(ctx, c.Job.ID, "w", &partnerd.JobResult{Status: partnerd.JobSucceeded}))
	*now = t0.Add(48 * time.Hour)
	_, err = db.PruneJobs(ctx, t0.Add(24*time.Hour))
	mustOK(t, err)
	_, err = db.RepeatJobs(ctx, a.ID, r.ID, []int64{c.Job.ID})
	wantField(t, err, partnerd.EINVALID, "job_ids")

	mustOK(t, db.StopRecipe(ctx, a.ID, r.ID))
	_, err = db.RepeatJobs(ctx, a.ID, r.ID, []int64{second.ID})
	wantCode(t, err, partnerd.ESTATE)
	all, err := db.FindJobs(ctx, a.ID, r.ID, partnerd.JobFilter{Limit: 100})
	mustOK(t, err)
	if all.Count != 5 {
		t.Errorf("recipe has %d jobs, want 5: refused repeats queue none", all.Count)
	}
}

// testJobRepeatCrossTenant checks that one workspace cannot repeat the
// jobs of another's recipe.
func testJobRepeatCrossTenant(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	r := mustStartedRecipe(t, db, a.ID, "R")
	j := mustEnqueue(t, db, a.ID, r.ID, `{}`)
	rb := mustStartedRecipe(t, db, b.ID, "RB")
	_, err := db.RepeatJobs(ctx, b.ID, r.ID, []int64{j.ID})
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.RepeatJobs(ctx, b.ID, rb.ID, []int64{j.ID})
	wantCode(t, err, partnerd.ENOTFOUND)
}
