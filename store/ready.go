package store

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/partnerd/partnerd"
)

// readyEvery is how long the outcome of a readiness probe is kept: a flood
// of probes costs one write a second.
const readyEvery = time.Second

// readiness keeps the outcome of the last readiness probe.
type readiness struct {
	mu  sync.Mutex
	at  time.Time
	err error
}

// Ready reports whether the store takes writes: the SQLite file it opened
// is still at its path, and a write commits. The outcome of the write is
// kept for a second.
func (db *DB) Ready(ctx context.Context) error {
	if err := db.file.writable(); err != nil {
		return err
	}
	db.ready.mu.Lock()
	defer db.ready.mu.Unlock()
	if time.Since(db.ready.at) < readyEvery {
		return db.ready.err
	}
	err := db.inTx(ctx, func(tx conn) error {
		_, err := tx.exec(ctx, `INSERT INTO settings (name, value) VALUES ('ready_probe', ?)
			ON CONFLICT (name) DO UPDATE SET value = excluded.value`, strconv.FormatInt(time.Now().UnixNano(), 10))
		return err
	})
	db.ready.at, db.ready.err = time.Now(), err
	return err
}

// dbFile is the SQLite file a store opened. Once it is deleted or replaced
// under the running store, every write fails: a commit would go to a file
// that no later start of the server opens.
type dbFile struct {
	path string
	info os.FileInfo
	lost atomic.Pointer[error]
}

// openedFile records the file at path as the one the store opened.
func openedFile(path string) (*dbFile, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	return &dbFile{path: path, info: info}, nil
}

// writable returns nil while the file at the path is still the one opened.
func (f *dbFile) writable() error {
	if f == nil {
		return nil
	}
	if lost := f.lost.Load(); lost != nil {
		return *lost
	}
	now, err := os.Stat(f.path)
	if err == nil && os.SameFile(f.info, now) {
		return nil
	}
	lost := fmt.Errorf("the SQLite file %s was deleted or replaced while the server ran; restart the server: %w", f.path,
		&partnerd.Error{Code: partnerd.EUNAVAILABLE, Message: "Service unavailable: the database cannot be written"})
	f.lost.CompareAndSwap(nil, &lost)
	return *f.lost.Load()
}
