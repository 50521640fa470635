package client

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"time"
)

// JobDetail is a job with the result its caller got (null when none) and
// its lines: its trigger, then each step it executed, in order.
type JobDetail struct {
	Job
	Result json.RawMessage `json:"result"`
	Lines  []JobLine       `json:"lines"`
}

// JobLine is one line of a job. Input and Output are JSON (null when
// none); data over 1 MiB is cut and marked.
type JobLine struct {
	Number      int             `json:"number"`
	Keyword     string          `json:"keyword"`
	Provider    *string         `json:"provider"`
	Name        *string         `json:"name"`
	As          *string         `json:"as"`
	Status      string          `json:"status"` // succeeded or failed
	Input       json.RawMessage `json:"input"`
	Output      json.RawMessage `json:"output"`
	Error       *string         `json:"error"`
	StartedAt   time.Time       `json:"started_at"`
	CompletedAt time.Time       `json:"completed_at"`
	// Agent is the on-prem agent that served the step, nil when the step
	// ran on the server (partnerd's own field).
	Agent *LineAgent `json:"agent,omitempty"`
}

// LineAgent names the on-prem agent that served a step.
type LineAgent struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

func (c *Client) recipeJob(ctx context.Context, s recipeScope, id int64, jobID string) (*JobDetail, error) {
	if s.err != nil {
		return nil, s.err
	}
	var out JobDetail
	if err := c.do(ctx, http.MethodGet, s.path(id, "/jobs/"+url.PathEscape(jobID)), nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// RecipeJob returns a job of a recipe of a customer workspace with its
// lines (GET /api/managed_users/{mu}/recipes/{id}/jobs/{job_id}).
func (c *Client) RecipeJob(ctx context.Context, mu WorkspaceRef, id int64, jobID string) (*JobDetail, error) {
	return c.recipeJob(ctx, customerRecipes(mu), id, jobID)
}

// DeveloperRecipeJob returns a job of a recipe of the caller's own
// workspace with its lines (GET /api/recipes/{id}/jobs/{job_id}).
func (c *Client) DeveloperRecipeJob(ctx context.Context, id int64, jobID string) (*JobDetail, error) {
	return c.recipeJob(ctx, ownRecipes(), id, jobID)
}

// TestTriggerParams is the body of TestTriggerRecipe: the trigger output
// (an object; {} when nil), whether to wait for the job to end, and for
// how long (such as "30s"; the server's default when empty).
type TestTriggerParams struct {
	Output  any    `json:"output,omitempty"`
	Wait    bool   `json:"wait"`
	Timeout string `json:"timeout,omitempty"`
}

// TestTriggerRecipe fires one trigger event of a running recipe of any
// workspace of the account (POST /_partnerd/recipes/{id}/trigger). With
// Wait it returns the finished job; otherwise, or when the job outlasts
// the timeout, only the job's ID and Status (pending) are set. It is a
// partnerd test helper: the server must run with --test-helpers.
func (c *Client) TestTriggerRecipe(ctx context.Context, recipeID int64, p TestTriggerParams) (*JobDetail, error) {
	var out JobDetail
	if err := c.do(ctx, http.MethodPost, "/_partnerd/recipes/"+itoa(recipeID)+"/trigger", nil, p, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

func (c *Client) repeatJobs(ctx context.Context, s recipeScope, id int64, jobIDs []string) ([]string, error) {
	if s.err != nil {
		return nil, s.err
	}
	var out struct {
		JobIDs []string `json:"job_ids"`
	}
	body := struct {
		JobIDs []string `json:"job_ids"`
	}{jobIDs}
	if err := c.do(ctx, http.MethodPost, s.path(id, "/repeat_jobs"), nil, body, &out); err != nil {
		return nil, err
	}
	return out.JobIDs, nil
}

// RepeatJobs queues the jobs jobIDs (25 at most) of a running recipe of a
// customer workspace again, each as a new job with the original's trigger
// output, and returns the new jobs' ids (POST
// /api/managed_users/{mu}/recipes/{id}/repeat_jobs). A job whose trigger
// data retention has dropped cannot be repeated.
func (c *Client) RepeatJobs(ctx context.Context, mu WorkspaceRef, id int64, jobIDs []string) ([]string, error) {
	return c.repeatJobs(ctx, customerRecipes(mu), id, jobIDs)
}

// DeveloperRepeatJobs queues jobs of a running recipe of the caller's own
// workspace again, as RepeatJobs does (POST /api/recipes/{id}/repeat_jobs).
func (c *Client) DeveloperRepeatJobs(ctx context.Context, id int64, jobIDs []string) ([]string, error) {
	return c.repeatJobs(ctx, ownRecipes(), id, jobIDs)
}
