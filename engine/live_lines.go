package engine

import (
	"context"
	"sync"
	"time"

	"github.com/partnerd/partnerd"
)

// liveLines are the lines of a running job: the steps that ended, in
// order, and how many of them the queue already keeps, so that the job's
// detail shows them while the job runs; and the connector calls it made
// that the queue does not keep yet.
type liveLines struct {
	mu     sync.Mutex
	lines  []*partnerd.JobLine
	stored int
	calls  []*partnerd.ConnectorCall
}

// add records a line.
func (l *liveLines) add(line *partnerd.JobLine) {
	l.mu.Lock()
	l.lines = append(l.lines, line)
	l.mu.Unlock()
}

// addCall records a connector call.
func (l *liveLines) addCall(call *partnerd.ConnectorCall) {
	l.mu.Lock()
	l.calls = append(l.calls, call)
	l.mu.Unlock()
}

// takeCalls returns the calls the queue does not keep yet and forgets
// them.
func (l *liveLines) takeCalls() []*partnerd.ConnectorCall {
	l.mu.Lock()
	defer l.mu.Unlock()
	calls := l.calls
	l.calls = nil
	return calls
}

// all returns every line recorded.
func (l *liveLines) all() []*partnerd.JobLine {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lines
}

// unstored returns the lines the queue does not keep yet, and the index
// of the first.
func (l *liveLines) unstored() (int, []*partnerd.JobLine) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.stored, l.lines[l.stored:len(l.lines):len(l.lines)]
}

// storedCount returns how many lines the queue keeps.
func (l *liveLines) storedCount() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.stored
}

// flushLines stores the lines that ended and the calls made since the
// last flush. Calls it could not store stay for the job's end.
func (e *Engine) flushLines(ctx context.Context, c *partnerd.ClaimedJob, live *liveLines) error {
	first, lines := live.unstored()
	calls := live.takeCalls()
	if len(lines) == 0 && len(calls) == 0 {
		return nil
	}
	if err := e.Jobs.AppendJobLines(ctx, c.Job.ID, c.Worker, first, lines, calls); err != nil {
		live.mu.Lock()
		live.calls = append(calls, live.calls...)
		live.mu.Unlock()
		return err
	}
	live.mu.Lock()
	live.stored = first + len(lines)
	live.mu.Unlock()
	return nil
}

// liveEvery returns how often a running job's new lines are stored.
func (e *Engine) liveEvery() time.Duration {
	if e.LiveLines > 0 {
		return e.LiveLines
	}
	return 250 * time.Millisecond
}
