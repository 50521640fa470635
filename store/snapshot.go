package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/partnerd/partnerd"
)

var _ partnerd.SnapshotService = (*DB)(nil)

// SnapshotsKept is how many snapshots of an account are kept: taking one
// more deletes the oldest.
const SnapshotsKept = 100

// CreateSnapshot saves every row of the account, read at one moment, in
// the store, where every replica finds it.
func (db *DB) CreateSnapshot(ctx context.Context, accountID int64) (*partnerd.Snapshot, error) {
	s := &partnerd.Snapshot{AccountID: accountID}
	err := db.inConsistentTx(ctx, func(tx conn) error {
		plan, err := db.cachedSnapshotPlan(ctx, tx)
		if err != nil {
			return err
		}
		data, err := readAccount(ctx, tx, plan, accountID)
		if err != nil {
			return err
		}
		b, err := json.Marshal(data)
		if err != nil {
			return err
		}
		now := db.now()
		if err := tx.queryRow(ctx, `INSERT INTO snapshots (account_id, data, created_at) VALUES (?, ?, ?) RETURNING id`,
			accountID, string(b), now).Scan(&s.ID); err != nil {
			return err
		}
		s.CreatedAt = fromMS(now)
		_, err = tx.exec(ctx, `DELETE FROM snapshots WHERE account_id = ? AND id NOT IN
			(SELECT id FROM snapshots WHERE account_id = ? ORDER BY id DESC LIMIT ?)`, accountID, accountID, SnapshotsKept)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// RestoreSnapshot deletes every row of the account and inserts those of
// the snapshot, ids included, in one transaction, but for credentials and
// presence, which stay as they are now (snapshot_live.go). On PostgreSQL the
// sequences of the tables are then moved past the restored ids; SQLite's
// AUTOINCREMENT does so by itself.
func (db *DB) RestoreSnapshot(ctx context.Context, accountID, id int64) error {
	return db.inTx(ctx, func(tx conn) error {
		var text string
		err := tx.queryRow(ctx, `SELECT data FROM snapshots WHERE account_id = ? AND id = ?`, accountID, id).Scan(&text)
		if errors.Is(err, sql.ErrNoRows) {
			return partnerd.ErrNotFound()
		} else if err != nil {
			return err
		}
		var data snapshotData
		dec := json.NewDecoder(bytes.NewReader([]byte(text)))
		dec.UseNumber()
		if err := dec.Decode(&data); err != nil {
			return fmt.Errorf("snapshot %d: %w", id, err)
		}
		// Two restores of one account take turns; SQLite has one writer.
		var locked int64
		if err := tx.queryRow(ctx, `SELECT id FROM workspaces WHERE id = ?`+db.dialect.forUpdate, accountID).Scan(&locked); err != nil {
			return err
		}
		plan, err := db.cachedSnapshotPlan(ctx, tx)
		if err != nil {
			return err
		}
		live, err := readLive(ctx, tx, plan, accountID)
		if err != nil {
			return err
		}
		if err := clearAccount(ctx, tx, plan, accountID); err != nil {
			return err
		}
		kept := map[string]*snapshotTable{}
		for _, st := range data.Tables {
			kept[st.Name] = st
		}
		var sequences []string
		var args []any
		for _, t := range plan {
			st := kept[t.name]
			if st == nil || liveTables[t.name] {
				continue // a table added since the snapshot, where the account had no rows, or one never rolled back
			}
			if err := withLive(t, st, live[t.name]); err != nil {
				return err
			}
			maxID, err := db.insertRows(ctx, tx, t, st)
			if err != nil {
				return err
			}
			if db.IsPostgres() && maxID > 0 {
				n := len(args)
				sequences = append(sequences, fmt.Sprintf(
					`setval(pg_get_serial_sequence($%d, $%d), GREATEST(nextval(pg_get_serial_sequence($%d, $%d)), $%d))`,
					n+1, n+2, n+1, n+2, n+3))
				args = append(args, quoteIdent(t.name), t.identity, maxID)
			}
		}
		if len(sequences) == 0 {
			return nil
		}
		_, err = tx.q.ExecContext(ctx, `SELECT `+strings.Join(sequences, ", "), args...)
		return err
	})
}

// inConsistentTx runs fn like inTx, where every statement reads the
// database as it was at the first: PostgreSQL at the repeatable read level,
// SQLite in its single writer's transaction.
func (db *DB) inConsistentTx(ctx context.Context, fn func(tx conn) error) error {
	if db.group != nil {
		return db.inTx(ctx, fn)
	}
	var opts *sql.TxOptions
	if db.IsPostgres() {
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead}
	}
	tx, err := db.write.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	if err := fn(db.txConn(tx)); err != nil {
		tx.Rollback()
		return db.dialect.mapError(err)
	}
	return db.dialect.mapError(tx.Commit())
}

// SnapshotTables returns the tables whose rows a snapshot keeps, in the
// order a restore inserts them, or an error naming the tables of the
// schema that belong to no account and are not recorded as global.
func (db *DB) SnapshotTables(ctx context.Context) ([]string, error) {
	plan, err := db.snapshotPlan(ctx, db.reader())
	if err != nil {
		return nil, err
	}
	names := make([]string, len(plan))
	for i, t := range plan {
		names[i] = t.name
	}
	return names, nil
}

// DumpAccount returns every row of the account as JSON text, table by
// table, as a snapshot keeps it: tests compare two states of an account
// with it.
func (db *DB) DumpAccount(ctx context.Context, accountID int64) (string, error) {
	var out []byte
	err := db.inConsistentTx(ctx, func(tx conn) error {
		plan, err := db.cachedSnapshotPlan(ctx, tx)
		if err != nil {
			return err
		}
		data, err := readAccount(ctx, tx, plan, accountID)
		if err != nil {
			return err
		}
		out, err = json.Marshal(data)
		return err
	})
	return string(out), err
}
