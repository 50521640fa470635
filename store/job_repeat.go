package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/partnerd/partnerd"
)

// RepeatJobs queues a new job of a running recipe for each job of jobIDs,
// with that job's trigger output and title, in one transaction.
func (db *DB) RepeatJobs(ctx context.Context, workspaceID, recipeID int64, jobIDs []int64) ([]*partnerd.Job, error) {
	if len(jobIDs) == 0 {
		return nil, partnerd.FieldError("job_ids", "can't be blank")
	}
	if len(jobIDs) > partnerd.MaxRepeatJobs {
		return nil, partnerd.FieldError("job_ids", "must hold at most 25 job ids")
	}
	var jobs []*partnerd.Job
	err := db.inTx(ctx, func(tx conn) error {
		jobs = jobs[:0]
		var running bool
		var code string
		err := tx.queryRow(ctx, `SELECT running, code FROM recipes WHERE workspace_id = ? AND id = ?`+db.dialect.forShare,
			workspaceID, recipeID).Scan(&running, &code)
		if errors.Is(err, sql.ErrNoRows) {
			return partnerd.ErrNotFound()
		} else if err != nil {
			return err
		}
		events := make([]*partnerd.TriggerEvent, len(jobIDs))
		for i, id := range jobIDs {
			var out, title sql.NullString
			err := tx.queryRow(ctx, `SELECT trigger_output, title FROM recipe_jobs WHERE workspace_id = ? AND recipe_id = ? AND id = ?`,
				workspaceID, recipeID, id).Scan(&out, &title)
			if errors.Is(err, sql.ErrNoRows) {
				return partnerd.ErrNotFound()
			} else if err != nil {
				return err
			}
			if !out.Valid {
				return partnerd.FieldError("job_ids", "job "+partnerd.JobRef(id)+" can't be repeated: its trigger data is no longer kept")
			}
			events[i] = &partnerd.TriggerEvent{Output: []byte(out.String), Title: stringPtr(title)}
		}
		if !running {
			return partnerd.ErrRecipeStopped()
		}
		now := db.now()
		for i, ev := range events {
			j, _, err := db.enqueue(ctx, tx, workspaceID, recipeID, code, ev, now, nil)
			if err != nil {
				return err
			}
			if _, err := tx.exec(ctx, `UPDATE recipe_jobs SET repeat_of = ? WHERE id = ?`, jobIDs[i], j.ID); err != nil {
				return err
			}
			jobs = append(jobs, j)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	db.jobs.wake()
	return jobs, nil
}
