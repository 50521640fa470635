package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/partnerd/partnerd"
)

// scheduleRecipe sets the first firing of a recipe that starts, when its
// trigger is the clock's.
func (db *DB) scheduleRecipe(ctx context.Context, tx conn, r *partnerd.Recipe) error {
	s, ok, err := partnerd.ParseSchedule(r.Code)
	if !ok || err != nil {
		return nil // ValidateStart refused a schedule that does not parse
	}
	now := db.Now.Now()
	_, err = tx.exec(ctx, `INSERT INTO recipe_schedules (recipe_id, workspace_id, started_at, next_run_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (recipe_id) DO UPDATE SET started_at = excluded.started_at, next_run_at = excluded.next_run_at`,
		r.ID, r.WorkspaceID, toMS(now), toMS(s.Next(now, now)))
	return err
}

// maxFired bounds the schedules one call fires.
const maxFired = 100

// FireSchedules stores an event of each running scheduled recipe whose
// time has come, and moves its schedule to its next time after now, in
// one transaction: replicas that fire at once pass each other's schedules
// (SKIP LOCKED on PostgreSQL), so each time fires once. Times missed while
// no server ran fire once, as the one event of their period.
func (db *DB) FireSchedules(ctx context.Context) (int, error) {
	now := db.Now.Now()
	fired := 0
	err := db.inTx(ctx, func(tx conn) error {
		fired = 0
		rows, err := tx.query(ctx, `SELECT s.recipe_id, s.workspace_id, s.started_at, s.next_run_at FROM recipe_schedules s
			WHERE s.next_run_at <= ? ORDER BY s.next_run_at LIMIT ?`+db.dialect.skipLocked("s"), toMS(now), maxFired)
		if err != nil {
			return err
		}
		type due struct{ recipeID, workspaceID, started, at int64 }
		var list []due
		for rows.Next() {
			var d due
			if err := rows.Scan(&d.recipeID, &d.workspaceID, &d.started, &d.at); err != nil {
				rows.Close()
				return err
			}
			list = append(list, d)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		for _, d := range list {
			var running bool
			var code string
			err := tx.queryRow(ctx, `SELECT running, code FROM recipes WHERE id = ?`, d.recipeID).Scan(&running, &code)
			s, ok, perr := partnerd.ParseSchedule(code)
			if errors.Is(err, sql.ErrNoRows) || (err == nil && (!running || !ok || perr != nil)) {
				// A recipe stopped without StopRecipe (an import's restart) or changed: it is scheduled again when it starts.
				if _, err := tx.exec(ctx, `DELETE FROM recipe_schedules WHERE recipe_id = ?`, d.recipeID); err != nil {
					return err
				}
				continue
			} else if err != nil {
				return err
			}
			out, _ := json.Marshal(map[string]string{"scheduled_time": fromMS(d.at).In(s.Location).Format(time.RFC3339)})
			if _, _, err := db.enqueue(ctx, tx, d.workspaceID, d.recipeID, code, &partnerd.TriggerEvent{Output: out}, toMS(now), nil); err != nil {
				return err
			}
			next := s.Next(fromMS(d.started), now)
			for toMS(next) <= toMS(now) { // a time within now's millisecond would fire twice
				next = s.Next(fromMS(d.started), next)
			}
			if _, err := tx.exec(ctx, `UPDATE recipe_schedules SET next_run_at = ? WHERE recipe_id = ?`, toMS(next), d.recipeID); err != nil {
				return err
			}
			fired++
		}
		return nil
	})
	if fired > 0 {
		db.jobs.wake()
	}
	return fired, err
}
