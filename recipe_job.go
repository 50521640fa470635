package partnerd

import (
	"strconv"
	"time"
)

// Job statuses.
const (
	JobSucceeded = "succeeded"
	JobFailed    = "failed"
	JobPending   = "pending"
)

// Job is one recorded run of a recipe. Without a recipe runtime, jobs are
// recorded through the test helpers.
type Job struct {
	ID          int64
	RecipeID    int64
	Status      string
	StartedAt   time.Time
	CompletedAt *time.Time // nil while pending
	Title       *string
	IsError     bool
	Error       *string
	TaskCount   int
}

// JobFilter selects a recipe's jobs, newest first.
type JobFilter struct {
	Status *string
	Before *int64 // the jobs that come after this one, newest first
	// RerunOnly selects the jobs that repeat_jobs queued.
	RerunOnly bool
	Limit     int
}

// Jobs is a page of a recipe's jobs with the counts of all its jobs.
type Jobs struct {
	SucceededCount int
	FailedCount    int
	Count          int
	Items          []*Job
}

// NewJobs describes jobs to record: Count jobs of one status, each with
// TaskCount tasks, started at StartedAt (now when zero).
type NewJobs struct {
	Status    string
	Count     int
	TaskCount int
	StartedAt time.Time
	Title     *string
	Error     *string // the error of failed jobs; a default when nil
}

// Limits of NewJobs: the jobs one call records, and the tasks of a job.
const (
	MaxNewJobs  = 1000
	MaxJobTasks = 1_000_000
)

// Validate checks jobs before they are recorded.
func (j *NewJobs) Validate() error {
	v := Validation{}
	switch j.Status {
	case JobSucceeded, JobFailed, JobPending:
	case "":
		v.Add("status", "can't be blank")
	default:
		v.Add("status", "must be succeeded, failed or pending")
	}
	if j.Count < 1 || j.Count > MaxNewJobs {
		v.Add("count", "must be between 1 and "+strconv.Itoa(MaxNewJobs))
	}
	if j.TaskCount < 0 || j.TaskCount > MaxJobTasks {
		v.Add("task_count", "must be between 0 and "+strconv.Itoa(MaxJobTasks))
	}
	return v.Err()
}

// Job returns the job that the description records, without its id.
func (j *NewJobs) Job(recipeID int64, startedAt time.Time) *Job {
	job := &Job{RecipeID: recipeID, Status: j.Status, StartedAt: startedAt, Title: j.Title, TaskCount: j.TaskCount}
	if j.Status != JobPending {
		completed := startedAt
		job.CompletedAt = &completed
	}
	if j.Status == JobFailed {
		job.IsError = true
		job.Error = j.Error
		if job.Error == nil {
			msg := "Job failed"
			job.Error = &msg
		}
	}
	return job
}
