package http

import (
	"context"
	"sync"
	"time"

	"github.com/partnerd/partnerd"
)

// Large recipes are read into memory within recipeLoadBudget bytes over
// every request; a request that would exceed it waits at most
// recipeLoadWait, then is answered 503. Each recipe counts twice its code:
// the database driver's copy and the string read from it.
const (
	recipeLoadBudget = 256 << 20
	recipeLoadWait   = 20 * time.Second
)

// byteBudget admits work by its size in bytes within a total: work that
// would exceed it waits for other work to end. Work larger than the total
// is admitted alone.
type byteBudget struct {
	total int64
	mu    sync.Mutex
	used  int64
	freed chan struct{} // closed, and replaced, when bytes are released
}

func newByteBudget(total int64) *byteBudget {
	return &byteBudget{total: total, freed: make(chan struct{})}
}

// acquire takes n bytes of the budget, waiting for them at most wait, and
// no longer than ctx lasts: EUNAVAILABLE when they are not there in time.
func (b *byteBudget) acquire(ctx context.Context, n int64, wait time.Duration) error {
	n = min(n, b.total)
	var timeout <-chan time.Time
	for {
		b.mu.Lock()
		if b.used+n <= b.total {
			b.used += n
			b.mu.Unlock()
			return nil
		}
		freed := b.freed
		b.mu.Unlock()
		if timeout == nil {
			t := time.NewTimer(wait)
			defer t.Stop()
			timeout = t.C
		}
		select {
		case <-freed:
		case <-timeout:
			return errBusy()
		case <-ctx.Done():
			return errBusy()
		}
	}
}

// release gives back n bytes taken by acquire.
func (b *byteBudget) release(n int64) {
	n = min(n, b.total)
	b.mu.Lock()
	defer b.mu.Unlock()
	b.used -= n
	close(b.freed)
	b.freed = make(chan struct{})
}

// errBusy is the answer to a request that the server's bounds of memory
// turn away for now.
func errBusy() error {
	return partnerd.Errorf(partnerd.EUNAVAILABLE, "The server is busy with large recipes; try again later")
}
