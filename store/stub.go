package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"github.com/partnerd/partnerd"
)

var _ partnerd.StubService = (*DB)(nil)

// stubColumns are the columns of a stub; its calls are the recorded
// calls it answered, counted when it is read (stubCalls) and not on the
// engine's reads (noCalls), so that jobs that use one stub never wait on
// each other's counts.
const (
	stubColumns = `id, account_id, provider, action, input_match, answers, created_at`
	stubCalls   = `, (SELECT COUNT(*) FROM connector_calls c WHERE c.stub_id = stubs.id AND c.account_id = stubs.account_id)`
	noCalls     = `, 0`
)

// CreateStub adds a stub to the account.
func (db *DB) CreateStub(ctx context.Context, accountID int64, s *partnerd.Stub) error {
	if err := s.Validate(); err != nil {
		return err
	}
	var match any
	if s.Match != nil {
		match = jsonText(s.Match)
	}
	now := db.now()
	return db.inTx(ctx, func(tx conn) error {
		// Locking the account makes concurrent creations count in turn.
		var id int64
		err := tx.queryRow(ctx, `SELECT id FROM workspaces WHERE id = ? AND account_id IS NULL`+db.dialect.forUpdate, accountID).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return partnerd.ErrNotFound()
		} else if err != nil {
			return err
		}
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM stubs WHERE account_id = ?`, accountID).Scan(&n); err != nil {
			return err
		}
		if n >= partnerd.MaxStubs {
			return partnerd.Errorf(partnerd.ECONFLICT, "An account holds at most %d stubs", partnerd.MaxStubs)
		}
		err = tx.queryRow(ctx, `INSERT INTO stubs (account_id, provider, action, input_match, answers, created_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, accountID, s.Provider, s.Action, match, jsonText(s.Answers), now).Scan(&s.ID)
		if err != nil {
			return err
		}
		s.AccountID, s.Calls, s.CreatedAt = accountID, 0, fromMS(now)
		return nil
	})
}

// FindStubs returns the account's stubs, oldest first.
func (db *DB) FindStubs(ctx context.Context, accountID int64, f partnerd.StubFilter) ([]*partnerd.Stub, error) {
	q, args := `SELECT `+stubColumns+stubCalls+` FROM stubs WHERE account_id = ?`, []any{accountID}
	if f.Provider != "" {
		q, args = q+` AND provider = ?`, append(args, f.Provider)
	}
	if f.Action != "" {
		q, args = q+` AND action = ?`, append(args, f.Action)
	}
	return db.queryStubs(ctx, q+` ORDER BY id`, args...)
}

// FindStubByID returns one stub of the account.
func (db *DB) FindStubByID(ctx context.Context, accountID, id int64) (*partnerd.Stub, error) {
	list, err := db.queryStubs(ctx, `SELECT `+stubColumns+stubCalls+` FROM stubs WHERE account_id = ? AND id = ?`, accountID, id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, partnerd.ErrNotFound()
	}
	return list[0], nil
}

// DeleteStub removes one stub of the account.
func (db *DB) DeleteStub(ctx context.Context, accountID, id int64) error {
	return db.inTx(ctx, func(tx conn) error {
		return changedOne(tx.exec(ctx, `DELETE FROM stubs WHERE account_id = ? AND id = ?`, accountID, id))
	})
}

// DeleteStubs removes every stub of the account.
func (db *DB) DeleteStubs(ctx context.Context, accountID int64) (int, error) {
	var n int64
	err := db.inTx(ctx, func(tx conn) error {
		res, err := tx.exec(ctx, `DELETE FROM stubs WHERE account_id = ?`, accountID)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

// FindWorkspaceStubs returns the stubs of provider and action of the
// account that owns the workspace, oldest first, without their calls.
func (db *DB) FindWorkspaceStubs(ctx context.Context, workspaceID int64, provider, action string) ([]*partnerd.Stub, error) {
	return db.queryStubs(ctx, `SELECT `+stubColumns+noCalls+` FROM stubs
		WHERE account_id = (SELECT COALESCE(account_id, id) FROM workspaces WHERE id = ?)
		AND provider = ? AND action = ? ORDER BY id`, workspaceID, provider, action)
}

// HitStub counts one more call answered by the stub, for its sequence.
// The count is one statement: on PostgreSQL it runs as its own
// transaction, one round trip, and concurrent hits of replicas wait on
// the row's lock, each getting its own number.
func (db *DB) HitStub(ctx context.Context, accountID, id int64) (int, error) {
	var n int
	hit := func(c conn) error {
		err := c.queryRow(ctx, `UPDATE stubs SET hits = hits + 1 WHERE account_id = ? AND id = ? RETURNING hits`,
			accountID, id).Scan(&n)
		if errors.Is(err, sql.ErrNoRows) {
			return partnerd.ErrNotFound()
		}
		return err
	}
	if db.IsPostgres() {
		return n, db.dialect.mapError(hit(conn{q: db.write, d: db.dialect}))
	}
	return n, db.inTx(ctx, hit)
}

func (db *DB) queryStubs(ctx context.Context, q string, args ...any) ([]*partnerd.Stub, error) {
	rows, err := db.reader().query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []*partnerd.Stub{}
	for rows.Next() {
		var s partnerd.Stub
		var match sql.NullString
		var answers string
		var created int64
		if err := rows.Scan(&s.ID, &s.AccountID, &s.Provider, &s.Action, &match, &answers, &created, &s.Calls); err != nil {
			return nil, err
		}
		if match.Valid {
			s.Match = &partnerd.StubMatch{}
			if err := (jsonColumn{s.Match}).Scan(match.String); err != nil {
				return nil, err
			}
		}
		if err := (jsonColumn{&s.Answers}).Scan(answers); err != nil {
			return nil, errors.New("store: stub " + strconv.FormatInt(s.ID, 10) + ": " + err.Error())
		}
		s.CreatedAt = fromMS(created)
		list = append(list, &s)
	}
	return list, rows.Err()
}
