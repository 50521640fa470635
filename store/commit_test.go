package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/partnerd/partnerd"
)

// TestGroupCommit runs many writers at once on SQLite: the writes of one
// group commit together, and each failing writer loses its own changes
// only, whether it fails on a constraint, by its own error or by a panic.
func TestGroupCommit(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "g.db"), Synchronous("full"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.write.Exec(`CREATE TABLE t (k TEXT PRIMARY KEY, writer INTEGER NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	const writers = 400
	errs := make([]error, writers)
	var wg sync.WaitGroup
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = db.inTx(ctx, func(tx conn) error {
				// Two writers share each key: one of them conflicts.
				if _, err := tx.exec(ctx, `INSERT INTO t (k, writer) VALUES (?, ?)`, fmt.Sprint("key", i/2), i); err != nil {
					return err
				}
				if _, err := tx.exec(ctx, `INSERT INTO t (k, writer) VALUES (?, ?)`, fmt.Sprint("own", i), i); err != nil {
					return err
				}
				switch i % 10 {
				case 3:
					return errors.New("changed its mind")
				case 7:
					panic("broken writer")
				}
				return nil
			})
		}()
	}
	wg.Wait()

	rows := map[string]int{}
	r, err := db.read.Query(`SELECT k, writer FROM t`)
	if err != nil {
		t.Fatal(err)
	}
	for r.Next() {
		var k string
		var w int
		if err := r.Scan(&k, &w); err != nil {
			t.Fatal(err)
		}
		rows[k] = w
	}
	r.Close()
	for i, err := range errs {
		own, ok := rows[fmt.Sprint("own", i)]
		switch {
		case err == nil && (!ok || own != i || rows[fmt.Sprint("key", i/2)] != i):
			t.Errorf("writer %d succeeded but its rows are missing", i)
		case err != nil && ok:
			t.Errorf("writer %d failed (%v) but its row stayed", i, err)
		case i%10 == 3 && err == nil, i%10 == 7 && err == nil:
			t.Errorf("writer %d should have failed", i)
		case err != nil && i%10 != 3 && i%10 != 7 && partnerd.ErrorCode(err) != partnerd.ECONFLICT:
			t.Errorf("writer %d: %v, want a conflict", i, err)
		}
	}
	for k := range writers / 2 {
		if _, ok := rows[fmt.Sprint("key", k)]; !ok && (errs[2*k] == nil || errs[2*k+1] == nil) {
			t.Errorf("key %d: a writer succeeded without its row", k)
		}
	}
}

// TestGroupCommitClosed answers writes after Close with an error.
func TestGroupCommitClosed(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := db.inTx(ctx, func(conn) error { return nil }); err == nil {
		t.Error("a write after Close succeeded")
	}
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	db2, err := Open(ctx, filepath.Join(t.TempDir(), "d.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	ran := false
	err = db2.inTx(canceled, func(conn) error { ran = true; return nil })
	if err == nil || ran {
		t.Errorf("a canceled write ran (%v, %v)", ran, err)
	}
}

// TestReadCache keeps a read until the next commit, and never keeps one
// that began before a commit under the commit's generation.
func TestReadCache(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	reads := 0
	read := func() (int, error) { reads++; return reads, nil }
	for range 3 {
		if v, _ := cached(db, "k", read); v != 1 {
			t.Fatalf("cached read = %d, want the first answer", v)
		}
	}
	if err := db.inTx(ctx, func(conn) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if v, _ := cached(db, "k", read); v != 2 {
		t.Errorf("after a commit the read = %d, want a new answer", v)
	}
	// A read during which a commit lands is kept under the older
	// generation, so the next call reads again.
	v, _ := cached(db, "slow", func() (int, error) {
		if err := db.inTx(ctx, func(conn) error { return nil }); err != nil {
			t.Fatal(err)
		}
		return 10, nil
	})
	if again, _ := cached(db, "slow", func() (int, error) { return 11, nil }); v != 10 || again != 11 {
		t.Errorf("reads across a commit = %d then %d, want 10 then 11", v, again)
	}
}
