package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
)

// maxGroup is the most write transactions one commit carries.
const maxGroup = 256

// errStoreClosed answers the writes that arrive after Close.
var errStoreClosed = errors.New("the store is closed")

// groupCommit runs the write transactions of concurrent callers on SQLite's
// one writer connection together: one transaction, each caller's work in a
// savepoint of its own, one commit for all. A caller returns once its work
// is committed, so an acknowledged write is as durable as the synchronous
// mode makes a commit; with synchronous=FULL one fsync serves the group.
type groupCommit struct {
	db        *sql.DB
	conn      func(*sql.Tx) conn
	committed func()       // called after every commit
	writable  func() error // whether a group may begin, and its commit be acknowledged
	jobs      chan *writeJob
	quit      chan struct{}
	finished  chan struct{}
}

// writeJob is one caller's transaction and where its outcome goes.
type writeJob struct {
	ctx  context.Context
	fn   func(tx conn) error
	done chan error
}

func newGroupCommit(db *sql.DB, conn func(*sql.Tx) conn, committed func(), writable func() error) *groupCommit {
	g := &groupCommit{db: db, conn: conn, committed: committed, writable: writable, jobs: make(chan *writeJob), quit: make(chan struct{}), finished: make(chan struct{})}
	go g.loop()
	return g
}

// run runs fn in the next group and returns once the group has committed,
// or with fn's error, whose changes are rolled back alone.
func (g *groupCommit) run(ctx context.Context, fn func(tx conn) error) error {
	j := &writeJob{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case g.jobs <- j:
		return <-j.done
	case <-ctx.Done():
		return ctx.Err()
	case <-g.quit:
		return errStoreClosed
	}
}

// close stops the loop once its group is done.
func (g *groupCommit) close() {
	select {
	case <-g.quit:
	default:
		close(g.quit)
	}
	<-g.finished
}

// loop takes a job, then every job already waiting, and commits them.
func (g *groupCommit) loop() {
	defer close(g.finished)
	for {
		var first *writeJob
		select {
		case first = <-g.jobs:
		case <-g.quit:
			return
		}
		// Let the requests that are already running reach the queue: on
		// one processor they run only when this loop yields, and a group
		// would otherwise hold a single job.
		runtime.Gosched()
		group := []*writeJob{first}
	gather:
		for len(group) < maxGroup {
			select {
			case j := <-g.jobs:
				group = append(group, j)
			default:
				break gather
			}
		}
		g.commit(group)
	}
}

// commit runs a group in one transaction. When a savepoint cannot be
// rolled back, SQLite has given up the whole transaction: the jobs that
// had succeeded run again, each alone.
func (g *groupCommit) commit(group []*writeJob) {
	err := g.writable()
	var tx *sql.Tx
	if err == nil {
		tx, err = g.db.BeginTx(context.Background(), nil)
	}
	if err != nil {
		for _, j := range group {
			j.done <- err
		}
		return
	}
	c := g.conn(tx)
	var applied []*writeJob
	for i, j := range group {
		if err := j.ctx.Err(); err != nil {
			j.done <- err
			continue
		}
		if _, err := tx.Exec(`SAVEPOINT job`); err != nil {
			tx.Rollback()
			g.alone(append(applied, group[i:]...))
			return
		}
		if err := call(j, c); err != nil {
			if rerr := rollbackTo(tx); rerr != nil {
				tx.Rollback()
				j.done <- err
				g.alone(append(applied, group[i+1:]...))
				return
			}
			j.done <- err
			continue
		}
		if _, err := tx.Exec(`RELEASE job`); err != nil {
			tx.Rollback()
			g.alone(append(applied, group[i:]...))
			return
		}
		applied = append(applied, j)
	}
	err = g.acknowledge(tx.Commit())
	for _, j := range applied {
		j.done <- err
	}
}

// alone runs each job in a transaction of its own.
func (g *groupCommit) alone(jobs []*writeJob) {
	for _, j := range jobs {
		tx, err := g.db.BeginTx(context.Background(), nil)
		if err != nil {
			j.done <- err
			continue
		}
		if err := call(j, g.conn(tx)); err != nil {
			tx.Rollback()
			j.done <- err
			continue
		}
		j.done <- g.acknowledge(tx.Commit())
	}
}

// acknowledge returns the outcome of a commit: its error, or whether the
// database it went to is still the one the store serves, lest a write be
// acknowledged into a file that was deleted or replaced.
func (g *groupCommit) acknowledge(err error) error {
	g.committed()
	if err != nil {
		return err
	}
	return g.writable()
}

// rollbackTo undoes the changes of the current job's savepoint.
func rollbackTo(tx *sql.Tx) error {
	if _, err := tx.Exec(`ROLLBACK TO job`); err != nil {
		return err
	}
	_, err := tx.Exec(`RELEASE job`)
	return err
}

// call runs a job's work with its own context; a panic is its error.
func call(j *writeJob, c conn) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("write transaction panicked: %v", r)
		}
	}()
	return j.fn(c)
}
