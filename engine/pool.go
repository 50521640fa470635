package engine

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/partnerd/partnerd"
)

// Pool runs jobs on a number of workers, each claiming a job, running it
// and claiming the next; it fires the schedules of clock-triggered recipes
// and rescues the jobs of workers that died.
type Pool struct {
	Engine  *Engine
	Workers int           // 4 when zero
	Poll    time.Duration // how often an idle worker looks for jobs; 1 s when zero
	// ScheduleTick is how often the schedules that are due fire; 250 ms
	// when zero, so that a schedule fires at most that late when idle.
	ScheduleTick time.Duration
	Name         string // the prefix of the workers' names; host and process when empty
	// Retention is how long the lines of an ended job are kept; 30 days
	// when zero. The job itself stays, for counts and usage.
	Retention time.Duration
}

// Run runs jobs until ctx ends, then waits up to drain for the jobs in
// flight, the engine's RunJob runs included; those still running after it
// are left unfinished, to the interruption rule of whichever process
// rescues them.
func (p *Pool) Run(ctx context.Context, drain time.Duration) {
	workers, poll, name := p.Workers, p.Poll, p.Name
	if workers <= 0 {
		workers = 4
	}
	if poll <= 0 {
		poll = time.Second
	}
	if name == "" {
		host, _ := os.Hostname()
		name = fmt.Sprintf("%s-%d-%x", host, os.Getpid(), rand.Uint32())
	}
	jobCtx, cancelJobs := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelJobs()
	var wg sync.WaitGroup
	for i := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.work(ctx, jobCtx, name+"/"+strconv.Itoa(i), poll)
		}()
	}
	wg.Add(2)
	go func() {
		defer wg.Done()
		p.rescue(ctx)
	}()
	go func() {
		defer wg.Done()
		tick := p.ScheduleTick
		if tick <= 0 {
			tick = 250 * time.Millisecond
		}
		p.schedule(ctx, tick)
	}()
	<-ctx.Done()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	deadline := time.NewTimer(drain)
	defer deadline.Stop()
	select {
	case <-done:
	case <-deadline.C:
		cancelJobs()
		<-done
		return
	}
	// The jobs that run at once have what is left of the drain.
	select {
	case <-p.Engine.runs.idle():
	case <-deadline.C:
	}
}

// work is one worker's loop.
func (p *Pool) work(ctx, jobCtx context.Context, worker string, poll time.Duration) {
	e := p.Engine
	for ctx.Err() == nil {
		c, err := e.Jobs.ClaimJob(ctx, worker, e.lease())
		if err == nil {
			e.Run(jobCtx, c)
			continue
		}
		if partnerd.ErrorCode(err) != partnerd.ENOTFOUND && ctx.Err() == nil {
			e.logger().Error("claim job", "worker", worker, "err", err)
		}
		t := time.NewTimer(poll)
		select {
		case <-ctx.Done():
		case <-e.Jobs.JobsReady():
		case <-t.C:
		}
		t.Stop()
	}
}

// rescue applies the interruption rule to expired leases once per lease,
// and prunes the lines of jobs older than the retention once an hour.
func (p *Pool) rescue(ctx context.Context) {
	e := p.Engine
	t := time.NewTicker(e.lease())
	defer t.Stop()
	retention := p.Retention
	if retention <= 0 {
		retention = 30 * 24 * time.Hour
	}
	var pruned time.Time
	for {
		for ctx.Err() == nil && time.Since(pruned) > time.Hour {
			n, err := e.Jobs.PruneJobs(ctx, e.now().Add(-retention))
			if err != nil && ctx.Err() == nil {
				e.logger().Error("prune jobs", "err", err)
			}
			if err != nil || n == 0 {
				pruned = time.Now()
			}
		}
		requeued, failed, err := e.Jobs.RescueJobs(ctx)
		if err != nil && ctx.Err() == nil {
			e.logger().Error("rescue jobs", "err", err)
		} else if requeued+failed > 0 {
			e.logger().Warn("rescued interrupted jobs", "requeued", requeued, "failed", failed)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// schedule fires the schedules that are due, every tick, a batch at a
// time until none is left. Its cost when none is due is one indexed read
// of the schedules due, whatever the number of recipes.
func (p *Pool) schedule(ctx context.Context, tick time.Duration) {
	e := p.Engine
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		for ctx.Err() == nil {
			n, err := e.Jobs.FireSchedules(ctx)
			if err != nil && ctx.Err() == nil {
				e.logger().Error("fire schedules", "err", err)
			}
			if err != nil || n == 0 {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
