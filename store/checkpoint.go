package store

import (
	"context"
	"time"
)

// checkpointEvery is how often the write-ahead log is copied back into a
// SQLite database while writes go on.
const checkpointEvery = 200 * time.Millisecond

// checkpointer copies SQLite's write-ahead log back into the database in
// the background, on the writer pool's second connection, so that no
// commit waits for the copy and its fsyncs: the writers' connections do
// not checkpoint by themselves (wal_autocheckpoint is 0).
type checkpointer struct {
	quit, done chan struct{}
}

func (db *DB) startCheckpoints() *checkpointer {
	c := &checkpointer{quit: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(c.done)
		tick := time.NewTicker(checkpointEvery)
		defer tick.Stop()
		copied := db.commits.current()
		for {
			select {
			case <-c.quit:
				return
			case <-tick.C:
			}
			if n := db.commits.current(); n != copied {
				copied = n
				// A passive checkpoint copies what no reader still needs and
				// waits for nobody; what it leaves, the next one copies.
				db.write.ExecContext(context.Background(), `PRAGMA wal_checkpoint(PASSIVE)`)
			}
		}
	}()
	return c
}

// stop ends the checkpoints; closing the last connection checkpoints the rest.
func (c *checkpointer) stop() {
	close(c.quit)
	<-c.done
}
