package partnerd

import (
	"context"
	"encoding/json"
	"time"
)

// TriggerEvent is one event of a recipe's trigger: the trigger output that
// its job starts from.
type TriggerEvent struct {
	Output json.RawMessage // the trigger's output: a JSON object
	Title  *string
	// Worker, when set, creates the job already claimed by that worker
	// until Lease passes, as a synchronous recipe call that runs its
	// callee at once does.
	Worker string
	Lease  time.Duration
}

// ClaimedJob is a job that a worker holds: the job, the recipe as the job
// runs it (code, config and version fixed at the claim), and the trigger
// output its event stored.
type ClaimedJob struct {
	Job           *Job
	WorkspaceID   int64
	Recipe        *Recipe
	TriggerOutput json.RawMessage
	Attempt       int // 1 on the first claim, more after a rescue
	Worker        string
	// TriggerLine is the job's trigger line as stored, when the job was
	// claimed as its event was stored (ClaimEvent); nil otherwise.
	TriggerLine *JobLine
}

// JobResult is how a claimed job ended: succeeded or failed, with its
// lines after the trigger's, its tasks and, for a recipe function or an
// API endpoint, the result its caller got.
type JobResult struct {
	Status    string // JobSucceeded or JobFailed
	Error     *string
	TaskCount int
	Lines     []*JobLine
	Result    json.RawMessage
	// CompletedAt is when the job ended; FinishJob's own clock when zero.
	CompletedAt time.Time
	// LinesStored is how many of Lines AppendJobLines stored already.
	LinesStored int
	// Calls are the connector calls the job made that AppendJobLines did
	// not store, which FinishJob records with the job's end, as
	// ConnectorCallLog.RecordConnectorCalls would.
	Calls []*ConnectorCall
}

// Detail returns the detail of job once it has ended with r, as the queue
// keeps it (times to the millisecond, data capped), trigger being the
// job's trigger line as stored: what FindJobByID reads back.
func (r *JobResult) Detail(job *Job, trigger *JobLine) *JobDetail {
	ms := func(t time.Time) time.Time { return time.UnixMilli(t.UnixMilli()) }
	j := *job
	completed := ms(r.CompletedAt)
	j.Status, j.CompletedAt, j.IsError, j.Error, j.TaskCount = r.Status, &completed, r.Status == JobFailed, r.Error, r.TaskCount
	d := &JobDetail{Job: &j, Lines: make([]*JobLine, 0, 1+len(r.Lines))}
	if r.Result != nil {
		d.Result = CapLineData(r.Result)
	}
	if trigger != nil {
		d.Lines = append(d.Lines, trigger)
	}
	for _, l := range r.Lines {
		kept := *l
		kept.StartedAt, kept.CompletedAt = ms(l.StartedAt), ms(l.CompletedAt)
		if l.Input != nil {
			kept.Input = CapLineData(l.Input)
		}
		if l.Output != nil {
			kept.Output = CapLineData(l.Output)
		}
		d.Lines = append(d.Lines, &kept)
	}
	return d
}

// JobDetail is a job with its lines and its result.
type JobDetail struct {
	Job    *Job
	Lines  []*JobLine
	Result json.RawMessage // nil when the job returned none
}

// JobInterrupted is the error of a job whose worker stopped after one of
// its steps had effects outside the job (the interruption rule).
const JobInterrupted = "Job was interrupted: the process running it stopped after a step with side effects had run, so it was not run again"

// JobAttempts is the most times a job is claimed: a job whose worker
// stopped this often before it ended fails, even without side effects.
const JobAttempts = 3

// JobQueue keeps the jobs that the runtime runs: each trigger event is
// stored as a pending job before it is acknowledged; workers claim jobs,
// renew their lease while they run, and finish them. A job whose worker
// dies is rescued by the interruption rule: it runs again from the start
// when no step with side effects had begun (at most JobAttempts times),
// and fails with JobInterrupted otherwise. A job is never lost and never
// runs a side-effecting step twice.
type JobQueue interface {
	// EnqueueJob stores an event of a running recipe's trigger and its
	// pending job, with the trigger's line, in one transaction: ENOTFOUND,
	// ESTATE for a stopped recipe, EINVALID for output that is not a JSON
	// object.
	EnqueueJob(ctx context.Context, workspaceID, recipeID int64, ev *TriggerEvent) (*Job, error)
	// EnqueueWebhookEvent stores an event of the running recipe whose
	// trigger is the webhook of token, as EnqueueJob does: ENOTFOUND for
	// an unknown token, a stopped recipe or one of another trigger.
	EnqueueWebhookEvent(ctx context.Context, token string, ev *TriggerEvent) (*Job, error)
	// ClaimEvent stores an event as EnqueueJob does, its job already
	// claimed by ev.Worker until ev.Lease passes, and returns the job with
	// the recipe as the job runs it (its id, workspace, code, config,
	// version and trigger): the path of a job that runs at once.
	// It answers as EnqueueJob does, and EINVALID without a worker.
	ClaimEvent(ctx context.Context, workspaceID, recipeID int64, ev *TriggerEvent) (*ClaimedJob, error)
	// ClaimJob gives worker the oldest pending job of a running recipe
	// that runs fewer jobs than its concurrency, until lease passes:
	// ENOTFOUND when there is none. Jobs of a stopped recipe stay pending
	// until it starts again.
	ClaimJob(ctx context.Context, worker string, lease time.Duration) (*ClaimedJob, error)
	// HeartbeatJob renews the worker's lease on a job; sideEffects records,
	// before the step runs, that a step with effects outside the job is
	// about to run: ESTATE when the job is no longer the worker's.
	HeartbeatJob(ctx context.Context, jobID int64, worker string, lease time.Duration, sideEffects bool) error
	// AppendJobLines stores lines of the worker's running job that ended,
	// the first being its line first+1 after the trigger's, so that the
	// job's detail shows them while it runs, and the connector calls it
	// made since the last, so that a job whose process dies keeps them:
	// ESTATE when the job is no longer the worker's. Lines and calls sent
	// again after an error (the append may have committed) are kept once,
	// also when FinishJob or RecordConnectorCalls sends them.
	AppendJobLines(ctx context.Context, jobID int64, worker string, first int, lines []*JobLine, calls []*ConnectorCall) error
	// FinishJob ends the worker's job with its lines and its connector
	// calls, in one transaction, and counts it in the recipe's
	// statistics: ESTATE when the job is no longer the worker's,
	// EINVALID for a status other than succeeded or failed.
	FinishJob(ctx context.Context, jobID int64, worker string, r *JobResult) error
	// RescueJobs applies the interruption rule to the running jobs whose
	// lease has passed and returns how many it queued again and failed.
	RescueJobs(ctx context.Context) (requeued, failed int, err error)
	// RepeatJobs queues, for each job of jobIDs, a new job of the running
	// recipe with that job's trigger output and title, all or none, in the
	// order given: ENOTFOUND for a recipe or a job that is not the
	// workspace's recipe's, ESTATE for a stopped recipe, EINVALID for a job
	// whose trigger output is not kept (pruned by retention, or recorded
	// through the test helper) and for more than MaxRepeatJobs ids.
	RepeatJobs(ctx context.Context, workspaceID, recipeID int64, jobIDs []int64) ([]*Job, error)
	// FireSchedules stores an event of each running recipe of the clock's
	// trigger whose time has come and moves its schedule on, once per
	// time across every process; it returns how many it stored.
	FireSchedules(ctx context.Context) (int, error)
	// PruneJobs drops the lines and the trigger output of jobs that ended
	// before before, a batch at a time, and returns how many jobs it
	// pruned; the jobs stay, for the recipes' counts and usage.
	PruneJobs(ctx context.Context, before time.Time) (int, error)
	// FindJobByID returns a job of a recipe of the workspace with its
	// lines: ENOTFOUND.
	FindJobByID(ctx context.Context, workspaceID, recipeID, jobID int64) (*JobDetail, error)
	// FindRecipeWorkspaceID returns the workspace of a recipe of the
	// account's admin workspace or of one of its customers: ENOTFOUND.
	FindRecipeWorkspaceID(ctx context.Context, accountID, recipeID int64) (int64, error)
	// JobsReady receives, best effort, when this process has queued a job.
	JobsReady() <-chan struct{}
	// WatchJob returns a channel closed, best effort, when this process
	// ends the job, and a function that stops the watch; a job ended by
	// another process is seen by reading it again.
	WatchJob(jobID int64) (ended <-chan struct{}, stop func())
}

// MaxRepeatJobs is the most jobs one call to RepeatJobs repeats, as
// Workato's repeat_jobs takes at most 25 per request.
const MaxRepeatJobs = 25

// JobRunner runs the job of a trigger event at once, beside the queue's
// workers and outside the recipe's concurrency: the one path of a
// synchronous recipe call and of the trigger helper that waits.
type JobRunner interface {
	// RunJob stores the event's job, claimed by this process, and runs it
	// in the background. It returns the job once stored, and a channel
	// that receives the ended job's detail once its end is stored too, or
	// nil when the job was left to the interruption rule.
	RunJob(ctx context.Context, workspaceID, recipeID int64, ev *TriggerEvent) (*Job, <-chan *JobDetail, error)
}

// ErrRecipeStopped is the refusal to store an event of a stopped recipe.
func ErrRecipeStopped() *Error {
	return &Error{Code: ESTATE, Message: "Recipe is not running"}
}
