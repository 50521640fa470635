package store

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/partnerd/partnerd"
)

// RescueJobs applies the interruption rule to running jobs whose lease
// has passed: a job none of whose steps with side effects began, that was
// claimed fewer than JobAttempts times and whose recipe still exists, is
// queued again from its start; any other fails.
func (db *DB) RescueJobs(ctx context.Context) (requeued, failed int, err error) {
	now := db.now()
	err = db.inTx(ctx, func(tx conn) error {
		requeued, failed = 0, 0
		rows, err := tx.query(ctx, `SELECT j.id, j.recipe_id, j.started_at, j.side_effects, j.attempts FROM recipe_jobs j
			WHERE j.run_state = 'running' AND j.lease_until < ? ORDER BY j.id LIMIT 100`+db.dialect.skipLocked("j"), now)
		if err != nil {
			return err
		}
		type lost struct {
			id, started int64
			recipeID    sql.NullInt64
			sideEffects bool
			attempts    int
		}
		var list []lost
		for rows.Next() {
			var l lost
			if err := rows.Scan(&l.id, &l.recipeID, &l.started, &l.sideEffects, &l.attempts); err != nil {
				rows.Close()
				return err
			}
			list = append(list, l)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		for _, l := range list {
			if !l.sideEffects && l.attempts < partnerd.JobAttempts && l.recipeID.Valid {
				_, err = tx.exec(ctx, `UPDATE recipe_jobs SET run_state = 'queued', worker = NULL, lease_until = NULL WHERE id = ?`, l.id)
				if err == nil { // The lines its run had stored go: it runs again from its start.
					_, err = tx.exec(ctx, `DELETE FROM recipe_job_lines WHERE job_id = ? AND seq > 0`, l.id)
				}
				if err == nil {
					err = db.notifyJobs(ctx, tx)
				}
				requeued++
			} else {
				msg := partnerd.JobInterrupted
				switch {
				case l.sideEffects:
				case !l.recipeID.Valid:
					msg = "Job was interrupted, and its recipe has been deleted since"
				default:
					msg = "Job was interrupted: the process running it stopped " + strconv.Itoa(l.attempts) + " times"
				}
				_, err = tx.exec(ctx, `UPDATE recipe_jobs SET status = 'failed', completed_at = ?, is_error = TRUE, error = ?,
					run_state = 'done', worker = NULL, lease_until = NULL WHERE id = ?`, now, msg, l.id)
				if err == nil {
					err = countJob(ctx, tx, l.recipeID, partnerd.JobFailed, 0, l.started)
				}
				failed++
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if requeued > 0 {
		db.jobs.wake()
	}
	return requeued, failed, err
}

// failQueuedJobs fails the recipe's jobs that wait to run, with msg.
func failQueuedJobs(ctx context.Context, tx conn, recipeID, now int64, msg string) error {
	_, err := tx.exec(ctx, `UPDATE recipe_jobs SET status = 'failed', completed_at = ?, is_error = TRUE, error = ?,
		run_state = 'done' WHERE recipe_id = ? AND run_state = 'queued'`, now, msg, recipeID)
	return err
}

// pruneBatch is the most jobs one PruneJobs call prunes.
const pruneBatch = 500

// PruneJobs drops the lines and trigger output of a batch of jobs that
// ended before before.
func (db *DB) PruneJobs(ctx context.Context, before time.Time) (int, error) {
	n := 0
	err := db.inTx(ctx, func(tx conn) error {
		rows, err := tx.query(ctx, `SELECT j.id FROM recipe_jobs j WHERE j.run_state = 'done' AND j.completed_at < ?
			AND j.trigger_output IS NOT NULL ORDER BY j.completed_at LIMIT ?`+db.dialect.skipLocked("j"), toMS(before), pruneBatch)
		if err != nil {
			return err
		}
		var ids []any
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		if err := rows.Close(); err != nil || len(ids) == 0 {
			return err
		}
		in := `(` + placeholders(len(ids)) + `)`
		if _, err := tx.exec(ctx, `DELETE FROM recipe_job_lines WHERE job_id IN `+in, ids...); err != nil {
			return err
		}
		_, err = tx.exec(ctx, `UPDATE recipe_jobs SET trigger_output = NULL WHERE id IN `+in, ids...)
		n = len(ids)
		return err
	})
	return n, err
}
