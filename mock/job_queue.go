package mock

import (
	"context"
	"time"

	"github.com/partnerd/partnerd"
)

var _ partnerd.JobQueue = (*JobQueue)(nil)

// JobQueue calls its function fields; a nil field panics.
type JobQueue struct {
	EnqueueJobFn            func(ctx context.Context, workspaceID, recipeID int64, ev *partnerd.TriggerEvent) (*partnerd.Job, error)
	EnqueueWebhookEventFn   func(ctx context.Context, token string, ev *partnerd.TriggerEvent) (*partnerd.Job, error)
	ClaimEventFn            func(ctx context.Context, workspaceID, recipeID int64, ev *partnerd.TriggerEvent) (*partnerd.ClaimedJob, error)
	FireSchedulesFn         func(ctx context.Context) (int, error)
	PruneJobsFn             func(ctx context.Context, before time.Time) (int, error)
	ClaimJobFn              func(ctx context.Context, worker string, lease time.Duration) (*partnerd.ClaimedJob, error)
	HeartbeatJobFn          func(ctx context.Context, jobID int64, worker string, lease time.Duration, sideEffects bool) error
	AppendJobLinesFn        func(ctx context.Context, jobID int64, worker string, first int, lines []*partnerd.JobLine, calls []*partnerd.ConnectorCall) error
	FinishJobFn             func(ctx context.Context, jobID int64, worker string, r *partnerd.JobResult) error
	RescueJobsFn            func(ctx context.Context) (requeued, failed int, err error)
	RepeatJobsFn            func(ctx context.Context, workspaceID, recipeID int64, jobIDs []int64) ([]*partnerd.Job, error)
	FindJobByIDFn           func(ctx context.Context, workspaceID, recipeID, jobID int64) (*partnerd.JobDetail, error)
	FindRecipeWorkspaceIDFn func(ctx context.Context, accountID, recipeID int64) (int64, error)
	JobsReadyFn             func() <-chan struct{}
	WatchJobFn              func(jobID int64) (<-chan struct{}, func())
}

func (s *JobQueue) EnqueueJob(ctx context.Context, workspaceID, recipeID int64, ev *partnerd.TriggerEvent) (*partnerd.Job, error) {
	return s.EnqueueJobFn(ctx, workspaceID, recipeID, ev)
}

func (s *JobQueue) ClaimEvent(ctx context.Context, workspaceID, recipeID int64, ev *partnerd.TriggerEvent) (*partnerd.ClaimedJob, error) {
	return s.ClaimEventFn(ctx, workspaceID, recipeID, ev)
}

func (s *JobQueue) ClaimJob(ctx context.Context, worker string, lease time.Duration) (*partnerd.ClaimedJob, error) {
	return s.ClaimJobFn(ctx, worker, lease)
}

func (s *JobQueue) HeartbeatJob(ctx context.Context, jobID int64, worker string, lease time.Duration, sideEffects bool) error {
	return s.HeartbeatJobFn(ctx, jobID, worker, lease, sideEffects)
}

func (s *JobQueue) AppendJobLines(ctx context.Context, jobID int64, worker string, first int, lines []*partnerd.JobLine, calls []*partnerd.ConnectorCall) error {
	return s.AppendJobLinesFn(ctx, jobID, worker, first, lines, calls)
}

func (s *JobQueue) FinishJob(ctx context.Context, jobID int64, worker string, r *partnerd.JobResult) error {
	return s.FinishJobFn(ctx, jobID, worker, r)
}

func (s *JobQueue) RescueJobs(ctx context.Context) (requeued, failed int, err error) {
	return s.RescueJobsFn(ctx)
}

func (s *JobQueue) RepeatJobs(ctx context.Context, workspaceID, recipeID int64, jobIDs []int64) ([]*partnerd.Job, error) {
	return s.RepeatJobsFn(ctx, workspaceID, recipeID, jobIDs)
}

func (s *JobQueue) FindJobByID(ctx context.Context, workspaceID, recipeID, jobID int64) (*partnerd.JobDetail, error) {
	return s.FindJobByIDFn(ctx, workspaceID, recipeID, jobID)
}

func (s *JobQueue) FindRecipeWorkspaceID(ctx context.Context, accountID, recipeID int64) (int64, error) {
	return s.FindRecipeWorkspaceIDFn(ctx, accountID, recipeID)
}

func (s *JobQueue) JobsReady() <-chan struct{} {
	return s.JobsReadyFn()
}

func (s *JobQueue) WatchJob(jobID int64) (<-chan struct{}, func()) {
	return s.WatchJobFn(jobID)
}

func (s *JobQueue) EnqueueWebhookEvent(ctx context.Context, token string, ev *partnerd.TriggerEvent) (*partnerd.Job, error) {
	return s.EnqueueWebhookEventFn(ctx, token, ev)
}

func (s *JobQueue) FireSchedules(ctx context.Context) (int, error) {
	return s.FireSchedulesFn(ctx)
}

func (s *JobQueue) PruneJobs(ctx context.Context, before time.Time) (int, error) {
	return s.PruneJobsFn(ctx, before)
}
