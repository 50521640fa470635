package http

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/partnerd/partnerd"
)

// testTriggerInput is the body of POST /_partnerd/recipes/{recipe_id}/trigger.
type testTriggerInput struct {
	Output  json.RawMessage `json:"output"`  // the trigger output, an object; {} when absent
	Wait    bool            `json:"wait"`    // answer the finished job
	Timeout *string         `json:"timeout"` // how long to wait, as "30s"; 30 s by default
}

// Bounds of the trigger helper's wait.
const (
	defaultTriggerWait = 30 * time.Second
	maxTriggerWait     = 10 * time.Minute
)

// event reads the trigger event and the wait it asks for.
func (in *testTriggerInput) event() (*partnerd.TriggerEvent, time.Duration, error) {
	out := bytes.TrimSpace(in.Output)
	if len(out) == 0 || bytes.Equal(out, []byte("null")) {
		out = []byte("{}")
	}
	if out[0] != '{' {
		return nil, 0, partnerd.FieldError("output", "must be an object")
	}
	wait := defaultTriggerWait
	if in.Timeout != nil {
		d, err := time.ParseDuration(*in.Timeout)
		if err != nil || d < 0 || d > maxTriggerWait {
			return nil, 0, partnerd.FieldError("timeout", "must be a duration such as 30s, at most "+maxTriggerWait.String())
		}
		wait = d
	}
	return &partnerd.TriggerEvent{Output: out}, wait, nil
}

// triggeredJSON is the helper's answer when it does not wait, or waited
// past its timeout: 202 and the job's id.
type triggeredJSON struct {
	ID     string `json:"id"`
	Status string `json:"status"`
}

// handleTestRecipeTrigger handles POST /_partnerd/recipes/{recipe_id}/trigger:
// it fires one trigger event of a running recipe of any workspace of the
// caller's account, stored before it answers. With wait, it answers the
// finished job as its detail shows it, or 202 past the timeout; without,
// 202 at once. A stopped recipe is 400.
func (s *Server) handleTestRecipeTrigger(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "recipe_id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	workspaceID, err := s.Jobs.FindRecipeWorkspaceID(ctx, callerOf(r).AccountID, id)
	if err != nil {
		return err
	}
	var in testTriggerInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	ev, wait, err := in.event()
	if err != nil {
		return err
	}
	if in.Wait && s.Runner != nil {
		return s.runTriggered(w, r, workspaceID, id, ev, wait)
	}
	job, err := s.Jobs.EnqueueJob(ctx, workspaceID, id, ev)
	if err != nil {
		return err
	}
	if in.Wait {
		d, err := s.waitJob(ctx, workspaceID, id, job.ID, wait)
		if err != nil {
			return err
		}
		if d.Job.Status != partnerd.JobPending {
			return ok(w, newJobDetailJSON(d))
		}
	}
	writeJSON(w, http.StatusAccepted, triggeredJSON{ID: partnerd.JobRef(job.ID), Status: partnerd.JobPending})
	return nil
}

// runTriggered runs a trigger event's job at once, as a synchronous recipe
// call does, and answers the finished job, or 202 past wait while the job
// goes on.
func (s *Server) runTriggered(w http.ResponseWriter, r *http.Request, workspaceID, recipeID int64, ev *partnerd.TriggerEvent, wait time.Duration) error {
	ctx := r.Context()
	job, ended, err := s.Runner.RunJob(ctx, workspaceID, recipeID, ev)
	if err != nil {
		return err
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case d := <-ended:
		if d != nil {
			return ok(w, newJobDetailJSON(d))
		}
	case <-t.C:
	case <-ctx.Done():
		return ctx.Err()
	}
	writeJSON(w, http.StatusAccepted, triggeredJSON{ID: partnerd.JobRef(job.ID), Status: partnerd.JobPending})
	return nil
}

// waitJob reads a job until it ends or wait passes, and returns it as last read.
func (s *Server) waitJob(ctx context.Context, workspaceID, recipeID, jobID int64, wait time.Duration) (*partnerd.JobDetail, error) {
	deadline := time.Now().Add(wait)
	// A job this process runs says when it ends; one another replica
	// runs is read again, less and less often.
	ended, stop := s.Jobs.WatchJob(jobID)
	defer stop()
	pause := 20 * time.Millisecond
	for {
		d, err := s.Jobs.FindJobByID(ctx, workspaceID, recipeID, jobID)
		if err != nil || d.Job.Status != partnerd.JobPending || !time.Now().Before(deadline) {
			return d, err
		}
		t := time.NewTimer(min(pause, time.Until(deadline)))
		select {
		case <-ctx.Done():
			t.Stop()
			return d, nil
		case <-ended:
			t.Stop()
			ended = nil // Read once more; a closed channel would spin.
		case <-t.C:
		}
		pause = min(pause*2, 200*time.Millisecond)
	}
}
