package store

import (
	"slices"
	"sync"
)

// jobWatches holds the channels of those waiting for jobs of this process
// to end, by job.
type jobWatches struct {
	mu      sync.Mutex
	waiters map[int64][]chan struct{}
}

// WatchJob returns a channel closed when this process ends the job, and a
// function that stops the watch.
func (db *DB) WatchJob(jobID int64) (<-chan struct{}, func()) {
	w := &db.watches
	ch := make(chan struct{})
	w.mu.Lock()
	if w.waiters == nil {
		w.waiters = map[int64][]chan struct{}{}
	}
	w.waiters[jobID] = append(w.waiters[jobID], ch)
	w.mu.Unlock()
	return ch, func() {
		w.mu.Lock()
		defer w.mu.Unlock()
		list := slices.DeleteFunc(w.waiters[jobID], func(c chan struct{}) bool { return c == ch })
		if len(list) == 0 {
			delete(w.waiters, jobID)
		} else {
			w.waiters[jobID] = list
		}
	}
}

// ended closes the channels of the job's watches; their stop functions
// then have nothing left to remove.
func (w *jobWatches) ended(jobID int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, ch := range w.waiters[jobID] {
		close(ch)
	}
	delete(w.waiters, jobID)
}
