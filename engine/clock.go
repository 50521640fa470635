package engine

import (
	"context"
	"time"

	"github.com/partnerd/partnerd/formula"
)

// clockProvider is Workato's Scheduler: its trigger, scheduled_event, is
// fired by the scheduler; wait_for_interval pauses the job for interval
// seconds (never past the job's time budget).
type clockProvider struct{ e *Engine }

func (clockProvider) Has(action string) bool  { return action == "wait_for_interval" }
func (clockProvider) SideEffects(string) bool { return false }

func (p clockProvider) Action(ctx context.Context, c *Call) (formula.Value, error) {
	secs := numberField(c.Input, "interval")
	if secs < 0 || secs > int64(MaxJobTime/time.Second) {
		return formula.Value{}, stepFailed("interval must be between 0 and %d seconds", int64(MaxJobTime/time.Second))
	}
	if err := p.e.sleep(ctx, time.Duration(secs)*time.Second); err != nil {
		return formula.Value{}, errAbandonedOr(ctx)
	}
	return formula.HashValue(formula.NewHash(0)), nil
}

// errAbandonedOr returns the error of a wait cut short by ctx: the job's
// time budget, or the engine's shutdown.
func errAbandonedOr(ctx context.Context) error {
	if ctx.Err() == context.DeadlineExceeded {
		return &fatalError{"Job ran longer than " + jobTimeText + " and was stopped"}
	}
	return errAbandoned
}
