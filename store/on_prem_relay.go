package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/partnerd/partnerd"
)

var _ partnerd.OnPremRelayService = (*DB)(nil)

// relaysChannel is the PostgreSQL channel on which replicas announce
// relayed on-prem operations: "queued", "done ID", or "gone ID" for a
// claimed one deleted by its waiter.
const relaysChannel = "partnerd_relays"

// relayWaker wakes this process's claimer when an operation is queued, and
// the watchers of an operation when it is done or deleted. On PostgreSQL the
// announcements of every replica arrive through the listener of
// job_notify.go; on SQLite the one process announces to itself.
type relayWaker struct {
	once    sync.Once
	queued  chan struct{}
	mu      sync.Mutex
	watches map[int64][]chan struct{}
	// unwatched holds the last operations done while nobody watched them,
	// so that a watch that starts late still receives.
	unwatched     map[int64]bool
	unwatchedRing [relayUnwatched]int64
	unwatchedNext int
}

// relayUnwatched is how many unwatched operations a process remembers.
const relayUnwatched = 1024

func (w *relayWaker) init() { w.once.Do(func() { w.queued = make(chan struct{}, 1) }) }

// notified handles one announcement.
func (w *relayWaker) notified(payload string) {
	w.init()
	if payload == "queued" {
		select {
		case w.queued <- struct{}{}:
		default:
		}
		return
	}
	_, text, _ := strings.Cut(payload, " ")
	id, err := strconv.ParseInt(text, 10, 64)
	if err != nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	chans := w.watches[id]
	for _, ch := range chans {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
	if len(chans) == 0 {
		if w.unwatched == nil {
			w.unwatched = map[int64]bool{}
		}
		delete(w.unwatched, w.unwatchedRing[w.unwatchedNext])
		w.unwatchedRing[w.unwatchedNext] = id
		w.unwatchedNext = (w.unwatchedNext + 1) % relayUnwatched
		w.unwatched[id] = true
	}
}

// announceRelay announces a change to the replicas once it is committed:
// on PostgreSQL by a NOTIFY of its own, outside the change's transaction,
// so that the lock that committing NOTIFYs share is not held while a
// change commits; on SQLite to this process, which has no listener.
func (db *DB) announceRelay(ctx context.Context, payload string) {
	if !db.IsPostgres() {
		db.relays.notified(payload)
		return
	}
	// A lost announcement delays its receivers to their next poll.
	db.write.ExecContext(ctx, `SELECT pg_notify('`+relaysChannel+`', $1)`, payload)
}

// OnPremOperationsQueued receives, best effort, when an operation has been
// queued by this process, or on PostgreSQL by any replica.
func (db *DB) OnPremOperationsQueued() <-chan struct{} {
	db.relays.init()
	db.listen()
	return db.relays.queued
}

// WatchOnPremOperation receives, best effort, when the operation is done
// or deleted, even when that was announced before the watch started.
func (db *DB) WatchOnPremOperation(id int64) (<-chan struct{}, func()) {
	db.listen()
	w := &db.relays
	ch := make(chan struct{}, 1)
	w.mu.Lock()
	if w.watches == nil {
		w.watches = map[int64][]chan struct{}{}
	}
	w.watches[id] = append(w.watches[id], ch)
	if w.unwatched[id] {
		ch <- struct{}{}
	}
	w.mu.Unlock()
	return ch, func() {
		w.mu.Lock()
		defer w.mu.Unlock()
		chans := slices.DeleteFunc(w.watches[id], func(c chan struct{}) bool { return c == ch })
		if len(chans) == 0 {
			delete(w.watches, id)
		} else {
			w.watches[id] = chans
		}
	}
}

const relayColumns = `id, workspace_id, group_id, profile, is_write, operation, state, claimed_by, lease_until, outcome, created_at`

func scanRelayedOperation(row interface{ Scan(...any) error }) (*partnerd.OnPremRelayedOperation, error) {
	var o partnerd.OnPremRelayedOperation
	var op string
	var claimedBy, outcome sql.NullString
	var lease sql.NullInt64
	var created int64
	err := row.Scan(&o.ID, &o.WorkspaceID, &o.GroupID, &o.Profile, &o.Write, &op, &o.State, &claimedBy, &lease, &outcome, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, partnerd.ErrNotFound()
	} else if err != nil {
		return nil, err
	}
	o.Operation, o.ClaimedBy, o.CreatedAt = []byte(op), claimedBy.String, fromMS(created)
	if lease.Valid {
		o.LeaseUntil = fromMS(lease.Int64)
	}
	if outcome.Valid {
		o.Outcome = []byte(outcome.String)
	}
	return &o, nil
}

// relayWrite runs one statement that changes relayed operations: on
// PostgreSQL on its own, committed with no transaction around it, on
// SQLite in a transaction of its one writer.
func (db *DB) relayWrite(ctx context.Context, fn func(c conn) error) error {
	if db.IsPostgres() {
		return db.dialect.mapError(fn(conn{q: db.write, d: db.dialect}))
	}
	return db.inTx(ctx, fn)
}

// QueueOnPremOperation stores a queued operation and wakes the replicas.
func (db *DB) QueueOnPremOperation(ctx context.Context, workspaceID, groupID int64, profile string, write bool, op []byte) (int64, error) {
	var id int64
	err := db.relayWrite(ctx, func(c conn) error {
		err := c.queryRow(ctx, `INSERT INTO on_prem_relays (workspace_id, group_id, profile, is_write, operation, state, created_at)
			SELECT workspace_id, id, ?, ?, ?, 'queued', ? FROM on_prem_groups WHERE workspace_id = ? AND id = ? RETURNING id`,
			profile, write, string(op), db.now(), workspaceID, groupID).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return partnerd.ErrNotFound()
		}
		return err
	})
	if err == nil {
		db.announceRelay(ctx, "queued")
	}
	return id, err
}

// ClaimOnPremOperations gives replica the oldest queued operations of the
// groups, at most limit, passing those that another claimer holds locked
// on PostgreSQL.
func (db *DB) ClaimOnPremOperations(ctx context.Context, replica string, groups []partnerd.OnPremGroupKey, lease time.Duration, limit int) ([]*partnerd.OnPremRelayedOperation, error) {
	if len(groups) == 0 || limit < 1 {
		return nil, nil
	}
	var match []string
	args := []any{replica, db.now() + lease.Milliseconds()}
	for _, g := range groups {
		match = append(match, `(r.workspace_id = ? AND r.group_id = ?)`)
		args = append(args, g.WorkspaceID, g.GroupID)
	}
	args = append(args, limit)
	var out []*partnerd.OnPremRelayedOperation
	err := db.relayWrite(ctx, func(c conn) error {
		out = nil
		rows, err := c.query(ctx, `UPDATE on_prem_relays SET state = 'claimed', claimed_by = ?, lease_until = ?
			WHERE id IN (SELECT r.id FROM on_prem_relays r WHERE r.state = 'queued' AND (`+strings.Join(match, " OR ")+`)
				ORDER BY r.id LIMIT ?`+db.dialect.skipLocked("r")+`) AND state = 'queued'
			RETURNING `+relayColumns, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			o, err := scanRelayedOperation(rows)
			if err != nil {
				return err
			}
			out = append(out, o)
		}
		return rows.Err()
	})
	slices.SortFunc(out, func(a, b *partnerd.OnPremRelayedOperation) int { return cmp.Compare(a.ID, b.ID) })
	return out, err
}

// changeRelayed runs an update of one operation of the workspace and
// announces payload; no row changed is ENOTFOUND.
func (db *DB) changeRelayed(ctx context.Context, payload, query string, args ...any) error {
	err := db.relayWrite(ctx, func(c conn) error {
		return changedOne(c.exec(ctx, query, args...))
	})
	if err == nil && payload != "" {
		db.announceRelay(ctx, payload)
	}
	return err
}

// RenewOnPremOperation extends the lease of an operation that replica runs.
func (db *DB) RenewOnPremOperation(ctx context.Context, workspaceID, id int64, replica string, lease time.Duration) error {
	return db.changeRelayed(ctx, "", `UPDATE on_prem_relays SET lease_until = ?
		WHERE workspace_id = ? AND id = ? AND state = 'claimed' AND claimed_by = ?`,
		db.now()+lease.Milliseconds(), workspaceID, id, replica)
}

// FinishOnPremOperation stores the outcome of an operation that replica ran
// and wakes its waiter.
func (db *DB) FinishOnPremOperation(ctx context.Context, workspaceID, id int64, replica string, outcome []byte) error {
	return db.changeRelayed(ctx, "done "+strconv.FormatInt(id, 10), `UPDATE on_prem_relays SET state = 'done', outcome = ?, lease_until = NULL
		WHERE workspace_id = ? AND id = ? AND state = 'claimed' AND claimed_by = ?`,
		string(outcome), workspaceID, id, replica)
}

// RequeueOnPremOperation queues again an operation that replica claimed,
// as if it were queued now.
func (db *DB) RequeueOnPremOperation(ctx context.Context, workspaceID, id int64, replica string) error {
	return db.changeRelayed(ctx, "queued", `UPDATE on_prem_relays SET state = 'queued', claimed_by = NULL, lease_until = NULL, created_at = ?
		WHERE workspace_id = ? AND id = ? AND state = 'claimed' AND claimed_by = ?`,
		db.now(), workspaceID, id, replica)
}

// FindOnPremOperation returns an operation of the workspace.
func (db *DB) FindOnPremOperation(ctx context.Context, workspaceID, id int64) (*partnerd.OnPremRelayedOperation, error) {
	return scanRelayedOperation(db.reader().queryRow(ctx, `SELECT `+relayColumns+` FROM on_prem_relays
		WHERE workspace_id = ? AND id = ?`, workspaceID, id))
}

// DeleteOnPremOperation deletes an operation of the workspace in the given
// state, or in any state when it is "", and returns it as it was; the
// deletion of a claimed one is announced to its claimer.
func (db *DB) DeleteOnPremOperation(ctx context.Context, workspaceID, id int64, state string) (*partnerd.OnPremRelayedOperation, error) {
	var o *partnerd.OnPremRelayedOperation
	err := db.relayWrite(ctx, func(c conn) error {
		var err error
		o, err = scanRelayedOperation(c.queryRow(ctx, `DELETE FROM on_prem_relays WHERE workspace_id = ? AND id = ? AND (state = ? OR ? = '')
			RETURNING `+relayColumns, workspaceID, id, state, state))
		return err
	})
	if err == nil && o.State == partnerd.OnPremRelayClaimed {
		db.announceRelay(ctx, "gone "+strconv.FormatInt(id, 10)) // its claimer stops it
	}
	return o, err
}

// PruneOnPremOperations deletes, across workspaces, the operations created
// before before that no live lease holds: their waiters are gone.
func (db *DB) PruneOnPremOperations(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := db.relayWrite(ctx, func(c conn) error {
		res, err := c.exec(ctx, `DELETE FROM on_prem_relays WHERE created_at < ? AND (state <> 'claimed' OR lease_until < ?)`,
			toMS(before), db.now())
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}
