package engine

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"sync"

	"github.com/partnerd/partnerd"
)

var _ partnerd.JobRunner = (*Engine)(nil)

// RunJob stores the event's job claimed by this process's worker of jobs
// that run at once, and runs it in a goroutine of its own, which a drain
// waits for; the run outlives ctx, whose values it keeps.
func (e *Engine) RunJob(ctx context.Context, workspaceID, recipeID int64, ev *partnerd.TriggerEvent) (*partnerd.Job, <-chan *partnerd.JobDetail, error) {
	c, err := e.claimEvent(ctx, workspaceID, recipeID, ev, e.worker())
	if err != nil {
		return nil, nil, err
	}
	done := make(chan *partnerd.JobDetail, 1)
	e.runs.add()
	go func() {
		defer e.runs.done()
		var d *partnerd.JobDetail
		if res := e.Run(context.WithoutCancel(ctx), c); res != nil {
			d = res.Detail(c.Job, c.TriggerLine)
		}
		done <- d
	}()
	return c.Job, done, nil
}

// claimEvent stores an event as a job that worker holds.
func (e *Engine) claimEvent(ctx context.Context, workspaceID, recipeID int64, ev *partnerd.TriggerEvent, worker string) (*partnerd.ClaimedJob, error) {
	claim := *ev
	claim.Worker, claim.Lease = worker, e.lease()
	return e.Jobs.ClaimEvent(ctx, workspaceID, recipeID, &claim)
}

// worker returns the name under which this process holds the jobs that
// run at once: host, process and a random part, as the pool names its own.
func (e *Engine) worker() string {
	e.workerOnce.Do(func() {
		if e.Worker == "" {
			host, _ := os.Hostname()
			e.Worker = fmt.Sprintf("%s-%d-%x/now", host, os.Getpid(), rand.Uint32())
		}
	})
	return e.Worker
}

// runCount counts the jobs that run at once, for a drain to wait for.
type runCount struct {
	mu   sync.Mutex
	n    int
	zero chan struct{} // closed when n falls to 0; nil while none waits
}

func (r *runCount) add() {
	r.mu.Lock()
	r.n++
	r.mu.Unlock()
}

func (r *runCount) done() {
	r.mu.Lock()
	r.n--
	if r.n == 0 && r.zero != nil {
		close(r.zero)
		r.zero = nil
	}
	r.mu.Unlock()
}

// idle returns a channel closed once no job runs at once.
func (r *runCount) idle() <-chan struct{} {
	r.mu.Lock()
	defer r.mu.Unlock()
	ch := make(chan struct{})
	if r.n == 0 {
		close(ch)
		return ch
	}
	if r.zero == nil {
		r.zero = make(chan struct{})
	}
	return r.zero
}
