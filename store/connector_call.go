package store

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"github.com/partnerd/partnerd"
)

var _ partnerd.ConnectorCallLog = (*DB)(nil)

// pruneCallsEvery is how many recorded calls an account gains between
// two prunings of its oldest beyond partnerd.MaxConnectorCalls. A pruning
// reads past the newest partnerd.MaxConnectorCalls (milliseconds), so it
// runs seldom: an account keeps its newest calls and at most about this
// many more.
const pruneCallsEvery = 1000

// pruneCallsLock is the first key of the PostgreSQL advisory lock that a
// pruning of an account's calls holds; the second is the account's id.
const pruneCallsLock = 0x63616c6c

// RecordConnectorCalls stores calls of a job of the workspace. A job that
// ends records its calls with its end (FinishJob); this is for the calls
// of a job that did not.
func (db *DB) RecordConnectorCalls(ctx context.Context, workspaceID int64, calls []*partnerd.ConnectorCall) error {
	if len(calls) == 0 {
		return nil
	}
	var accountID int64
	err := db.inTx(ctx, func(tx conn) error {
		var err error
		accountID, err = recordCalls(ctx, tx, workspaceID, calls)
		return err
	})
	if err == nil {
		db.pruneCalls(ctx, accountID, calls)
	}
	return err
}

// recordCalls writes calls of a job of the workspace in tx and returns
// the workspace's account.
func recordCalls(ctx context.Context, tx conn, workspaceID int64, calls []*partnerd.ConnectorCall) (int64, error) {
	var accountID int64
	err := tx.queryRow(ctx, `SELECT COALESCE(account_id, id) FROM workspaces WHERE id = ?`, workspaceID).Scan(&accountID)
	if err == sql.ErrNoRows {
		return 0, partnerd.ErrNotFound()
	} else if err != nil {
		return 0, err
	}
	calls, err = unrecordedCalls(ctx, tx, workspaceID, calls)
	if err != nil {
		return 0, err
	}
	for start := 0; start < len(calls); start += callsPerInsert {
		chunk := calls[start:min(start+callsPerInsert, len(calls))]
		if err := insertCalls(ctx, tx, accountID, workspaceID, chunk); err != nil {
			return 0, err
		}
	}
	return accountID, nil
}

// unrecordedCalls returns the calls that have no row yet. A call has an
// id once a transaction wrote it; when that transaction's commit was not
// confirmed, the worker sends the call again, and its row says whether
// the commit happened.
func unrecordedCalls(ctx context.Context, tx conn, workspaceID int64, calls []*partnerd.ConnectorCall) ([]*partnerd.ConnectorCall, error) {
	var ids []any
	for _, c := range calls {
		if c.ID != 0 {
			ids = append(ids, c.ID)
		}
	}
	recorded := map[[2]int64]bool{}
	for start := 0; start < len(ids); start += callsPerInsert {
		chunk := ids[start:min(start+callsPerInsert, len(ids))]
		rows, err := tx.query(ctx, `SELECT id, job_id FROM connector_calls WHERE workspace_id = ? AND id IN (`+
			strings.TrimSuffix(strings.Repeat("?, ", len(chunk)), ", ")+`)`, append([]any{workspaceID}, chunk...)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id, jobID int64
			if err := rows.Scan(&id, &jobID); err != nil {
				rows.Close()
				return nil, err
			}
			recorded[[2]int64{id, jobID}] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	if len(recorded) == 0 {
		return calls, nil
	}
	return slices.DeleteFunc(slices.Clone(calls), func(c *partnerd.ConnectorCall) bool {
		return recorded[[2]int64{c.ID, c.JobID}]
	}), nil
}

// pruneCalls drops the account's calls past partnerd.MaxConnectorCalls
// when the ids of calls just recorded say it is time, in a transaction
// of its own, so that the job's end does not wait for it. A failed
// pruning is left to the next.
func (db *DB) pruneCalls(ctx context.Context, accountID int64, calls []*partnerd.ConnectorCall) {
	prune := false
	for _, c := range calls {
		prune = prune || c.ID%pruneCallsEvery == 0
	}
	if !prune {
		return
	}
	db.inTx(ctx, func(tx conn) error {
		if db.IsPostgres() {
			// Concurrent prunings of one account would delete the same rows
			// and wait on each other's row locks until commit: a pruning
			// that finds another under way leaves the rows to it.
			var mine bool
			if err := tx.queryRow(ctx, `SELECT pg_try_advisory_xact_lock(?, CAST(? % 2147483647 AS integer))`,
				pruneCallsLock, accountID).Scan(&mine); err != nil || !mine {
				return err
			}
		}
		_, err := tx.exec(ctx, `DELETE FROM connector_calls WHERE account_id = ? AND id <= (SELECT id FROM connector_calls
			WHERE account_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`, accountID, accountID, partnerd.MaxConnectorCalls)
		return err
	})
}

// FindConnectorCalls returns a page of the account's calls, newest first.
func (db *DB) FindConnectorCalls(ctx context.Context, accountID int64, f partnerd.ConnectorCallFilter) ([]*partnerd.ConnectorCall, int, error) {
	where, args := ` WHERE account_id = ?`, []any{accountID}
	for _, c := range []struct {
		column string
		set    bool
		value  any
	}{
		{"provider", f.Provider != "", f.Provider},
		{"action", f.Action != "", f.Action},
		{"recipe_id", f.RecipeID != 0, f.RecipeID},
		{"job_id", f.JobID != 0, f.JobID},
		{"connection_id", f.ConnectionID != 0, f.ConnectionID},
	} {
		if c.set {
			where, args = where+` AND `+c.column+` = ?`, append(args, c.value)
		}
	}
	var total int
	if err := db.reader().queryRow(ctx, `SELECT COUNT(*) FROM connector_calls`+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	p := f.Page
	if p.Page < 1 {
		p.Page = 1
	}
	if p.PerPage < 1 {
		p.PerPage = 100
	}
	rows, err := db.reader().query(ctx, `SELECT id, account_id, workspace_id, provider, action, connection_id, job_id,
		recipe_id, step_number, stub_id, input, output, error, started_at, duration_us FROM connector_calls`+where+
		` ORDER BY id DESC LIMIT ? OFFSET ?`, append(args, p.PerPage, p.Offset())...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	list := []*partnerd.ConnectorCall{}
	for rows.Next() {
		var c partnerd.ConnectorCall
		var connection, stub sql.NullInt64
		var input, output, errText sql.NullString
		var started, micros int64
		if err := rows.Scan(&c.ID, &c.AccountID, &c.WorkspaceID, &c.Provider, &c.Action, &connection, &c.JobID,
			&c.RecipeID, &c.StepNumber, &stub, &input, &output, &errText, &started, &micros); err != nil {
			return nil, 0, err
		}
		c.ConnectionID, c.StubID = connection.Int64, stub.Int64
		if input.Valid {
			c.Input = []byte(input.String)
		}
		if output.Valid {
			c.Output = []byte(output.String)
		}
		c.Error = stringPtr(errText)
		c.StartedAt, c.Duration = fromMS(started), time.Duration(micros)*time.Microsecond
		list = append(list, &c)
	}
	return list, total, rows.Err()
}

// DeleteConnectorCalls forgets every call of the account.
func (db *DB) DeleteConnectorCalls(ctx context.Context, accountID int64) (int, error) {
	var n int64
	err := db.inTx(ctx, func(tx conn) error {
		res, err := tx.exec(ctx, `DELETE FROM connector_calls WHERE account_id = ?`, accountID)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

// callsPerInsert is how many calls one INSERT writes at most.
const callsPerInsert = 200

// insertCalls writes calls in one statement and sets their ids, which
// both databases give in the order of the rows.
func insertCalls(ctx context.Context, tx conn, accountID, workspaceID int64, calls []*partnerd.ConnectorCall) error {
	const row = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	rows := make([]string, len(calls))
	args := make([]any, 0, 14*len(calls))
	for i, c := range calls {
		var connection, stub any
		if c.ConnectionID != 0 {
			connection = c.ConnectionID
		}
		if c.StubID != 0 {
			stub = c.StubID
		}
		rows[i] = row
		args = append(args, accountID, workspaceID, c.Provider, c.Action, connection, c.JobID, c.RecipeID, c.StepNumber, stub,
			rawText(c.Input), rawText(c.Output), nullString(c.Error), toMS(c.StartedAt), c.Duration.Microseconds())
	}
	res, err := tx.query(ctx, `INSERT INTO connector_calls (account_id, workspace_id, provider, action, connection_id,
		job_id, recipe_id, step_number, stub_id, input, output, error, started_at, duration_us)
		VALUES `+strings.Join(rows, ", ")+` RETURNING id`, args...)
	if err != nil {
		return err
	}
	defer res.Close()
	ids := make([]int64, 0, len(calls))
	for res.Next() {
		var id int64
		if err := res.Scan(&id); err != nil {
			return err
		}
		ids = append(ids, id)
	}
	if err := res.Err(); err != nil {
		return err
	}
	slices.Sort(ids)
	for i, c := range calls {
		if i < len(ids) {
			c.ID = ids[i]
		}
		c.AccountID, c.WorkspaceID = accountID, workspaceID
	}
	return nil
}

// rawText returns JSON text as a column value, NULL when there is none.
func rawText(b []byte) any {
	if b == nil {
		return nil
	}
	return string(b)
}
