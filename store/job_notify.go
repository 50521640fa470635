package store

import (
	"context"
	"database/sql/driver"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/stdlib"
)

// jobsChannel is the PostgreSQL channel on which a queued job is announced.
const jobsChannel = "partnerd_jobs"

// jobWaker wakes the workers of this process when a job is queued: by this
// process, and on PostgreSQL by any replica, through LISTEN/NOTIFY. A
// worker that misses a wake finds the job when it next polls.
type jobWaker struct {
	ready chan struct{}
	once  sync.Once
	mu    sync.Mutex
	stop  context.CancelFunc // ends the listener; nil until it starts
	done  chan struct{}
	// listening is closed once the listener first listens.
	listening     chan struct{}
	listeningOnce sync.Once
}

func (w *jobWaker) init() { w.once.Do(func() { w.ready = make(chan struct{}, 1) }) }

// wake signals a worker of this process, if one waits.
func (w *jobWaker) wake() {
	w.init()
	select {
	case w.ready <- struct{}{}:
	default:
	}
}

// close ends the listener and waits for it.
func (w *jobWaker) close() {
	w.mu.Lock()
	stop, done := w.stop, w.done
	w.stop = func() {} // no listener starts after close
	w.mu.Unlock()
	if stop != nil && done != nil {
		stop()
		<-done
	}
}

// JobsReady receives, best effort, when a job has been queued: by this
// process, or on PostgreSQL by any process on the database.
func (db *DB) JobsReady() <-chan struct{} {
	w := &db.jobs
	w.init()
	db.listen()
	return w.ready
}

// listen starts, on PostgreSQL, the one listener of the process's
// notifications: of queued jobs and of relayed on-prem operations.
func (db *DB) listen() {
	if !db.IsPostgres() {
		return
	}
	w := &db.jobs
	w.mu.Lock()
	started := w.stop == nil
	if started {
		ctx, cancel := context.WithCancel(context.Background())
		w.stop, w.done, w.listening = cancel, make(chan struct{}), make(chan struct{})
		go db.listenJobs(ctx)
	}
	w.mu.Unlock()
	if started {
		// The caller that starts the listener waits, a little, for it to
		// listen, so that what it then waits for is not announced unheard.
		select {
		case <-w.listening:
		case <-time.After(5 * time.Second):
		}
	}
}

// notifyJobs announces a queued job to the replicas when tx commits; SQLite
// has none.
func (db *DB) notifyJobs(ctx context.Context, tx conn) error {
	if !db.IsPostgres() {
		return nil
	}
	_, err := tx.exec(ctx, `SELECT pg_notify('`+jobsChannel+`', '')`)
	return err
}

// listenJobs wakes a worker at each announcement of a queued job, and
// hands those of relayed on-prem operations to their waker, until ctx
// ends, listening again a second after the connection fails.
func (db *DB) listenJobs(ctx context.Context) {
	defer close(db.jobs.done)
	for ctx.Err() == nil {
		db.listenOnce(ctx)
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

// listenOnce listens on one connection of the pool, which it then
// discards rather than return it to the pool with its LISTEN.
func (db *DB) listenOnce(ctx context.Context) error {
	c, err := db.write.Conn(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	return c.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return nil
		}
		pc := sc.Conn()
		for _, channel := range []string{jobsChannel, relaysChannel} {
			if _, err := pc.Exec(ctx, `LISTEN `+channel); err != nil {
				return driver.ErrBadConn
			}
		}
		db.jobs.listeningOnce.Do(func() { close(db.jobs.listening) })
		for {
			n, err := pc.WaitForNotification(ctx)
			if err != nil {
				return driver.ErrBadConn
			}
			if n.Channel == relaysChannel {
				db.relays.notified(n.Payload)
				continue
			}
			db.jobs.wake()
		}
	})
}
