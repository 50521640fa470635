package storetest

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// testJobQueueClaimEvent checks the path of a job that runs at once: the
// event is stored as a job its worker already holds, with the recipe as it
// runs, which no other worker claims and which finishes as a claimed job
// does; a stopped recipe, another workspace's or no worker is refused.
func testJobQueueClaimEvent(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	r := mustCreateRecipe(t, db, a.ID, 0, "R")
	ev := func(worker string) *partnerd.TriggerEvent {
		return &partnerd.TriggerEvent{Output: json.RawMessage(`{"n":1}`), Worker: worker, Lease: time.Minute}
	}
	_, err := db.ClaimEvent(ctx, a.ID, r.ID, ev("now"))
	wantCode(t, err, partnerd.ESTATE)
	mustStartRecipe(t, db, a.ID, r.ID)
	_, err = db.ClaimEvent(ctx, a.ID, r.ID, ev(""))
	wantCode(t, err, partnerd.EINVALID)
	_, err = db.ClaimEvent(ctx, b.ID, r.ID, ev("now"))
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.ClaimEvent(ctx, a.ID, r.ID, &partnerd.TriggerEvent{Output: json.RawMessage(`[]`), Worker: "now", Lease: time.Minute})
	wantField(t, err, partnerd.EINVALID, "output")

	c, err := db.ClaimEvent(ctx, a.ID, r.ID, ev("now"))
	mustOK(t, err)
	if c.Worker != "now" || c.Attempt != 1 || c.WorkspaceID != a.ID || c.Recipe.ID != r.ID || c.Recipe.Code != r.Code ||
		c.Recipe.VersionNo != r.VersionNo || string(c.TriggerOutput) != `{"n":1}` || c.Job.Status != partnerd.JobPending {
		t.Fatalf("claimed = %+v, recipe %+v", c, c.Recipe)
	}
	_, err = db.ClaimJob(ctx, "other", time.Minute)
	wantCode(t, err, partnerd.ENOTFOUND)
	mustOK(t, db.FinishJob(ctx, c.Job.ID, "now", &partnerd.JobResult{Status: partnerd.JobSucceeded, TaskCount: 1}))
	d, err := db.FindJobByID(ctx, a.ID, r.ID, c.Job.ID)
	mustOK(t, err)
	if d.Job.Status != partnerd.JobSucceeded || len(d.Lines) != 1 || string(d.Lines[0].Output) != `{"n":1}` {
		t.Errorf("finished job = %+v, lines %+v", d.Job, d.Lines)
	}
}
