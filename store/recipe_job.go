package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/partnerd/partnerd"
)

const jobColumns = `j.id, j.recipe_id, j.status, j.started_at, j.completed_at, j.title, j.is_error, j.error, j.task_count`

func scanJob(row interface{ Scan(...any) error }) (*partnerd.Job, error) {
	var j partnerd.Job
	var recipeID, completed sql.NullInt64
	var title, jobErr sql.NullString
	var started int64
	if err := row.Scan(&j.ID, &recipeID, &j.Status, &started, &completed, &title, &j.IsError, &jobErr, &j.TaskCount); err != nil {
		return nil, err
	}
	j.RecipeID, j.StartedAt, j.CompletedAt = recipeID.Int64, fromMS(started), nullTime(completed)
	j.Title, j.Error = stringPtr(title), stringPtr(jobErr)
	return &j, nil
}

// FindJobs returns a recipe's jobs newest first, with the counts of all of them.
func (db *DB) FindJobs(ctx context.Context, workspaceID, recipeID int64, flt partnerd.JobFilter) (*partnerd.Jobs, error) {
	if _, err := db.recipeState(ctx, db.reader(), workspaceID, recipeID, ""); err != nil {
		return nil, err
	}
	out := &partnerd.Jobs{Items: []*partnerd.Job{}}
	err := db.reader().queryRow(ctx, `SELECT COUNT(*),
		COALESCE(SUM(CASE WHEN status = 'succeeded' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), 0)
		FROM recipe_jobs WHERE recipe_id = ?`, recipeID).Scan(&out.Count, &out.SucceededCount, &out.FailedCount)
	if err != nil {
		return nil, err
	}
	where, args := `j.recipe_id = ?`, []any{recipeID}
	if flt.Status != nil {
		where += ` AND j.status = ?`
		args = append(args, *flt.Status)
	}
	if flt.RerunOnly {
		where += ` AND j.repeat_of IS NOT NULL`
	}
	if flt.Before != nil {
		where += ` AND (j.started_at, j.id) < (SELECT b.started_at, b.id FROM recipe_jobs b WHERE b.recipe_id = ? AND b.id = ?)`
		args = append(args, recipeID, *flt.Before)
	}
	rows, err := db.reader().query(ctx, `SELECT `+jobColumns+` FROM recipe_jobs j WHERE `+where+
		` ORDER BY j.started_at DESC, j.id DESC LIMIT ?`, append(args, flt.Limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		j, err := scanJob(rows)
		if err != nil {
			return nil, err
		}
		out.Items = append(out.Items, j)
	}
	return out, rows.Err()
}

// RecordJobs records jobs of a recipe of the account and adds them to the
// recipe's statistics, in one transaction. An unknown recipe is not found
// before the jobs are validated.
func (db *DB) RecordJobs(ctx context.Context, accountID, recipeID int64, nj *partnerd.NewJobs) ([]*partnerd.Job, error) {
	started := nj.StartedAt
	if started.IsZero() {
		started = db.Now.Now()
	}
	started = fromMS(toMS(started)) // as the jobs read back
	list := []*partnerd.Job{}
	err := db.inTx(ctx, func(tx conn) error {
		var workspaceID int64
		err := tx.queryRow(ctx, `SELECT r.workspace_id FROM recipes r JOIN workspaces w ON w.id = r.workspace_id
			WHERE r.id = ? AND COALESCE(w.account_id, w.id) = ?`, recipeID, accountID).Scan(&workspaceID)
		if errors.Is(err, sql.ErrNoRows) {
			return partnerd.ErrNotFound()
		} else if err != nil {
			return err
		}
		if _, err := db.recipeState(ctx, tx, workspaceID, recipeID, db.dialect.forUpdate); err != nil {
			return err
		}
		if err := nj.Validate(); err != nil {
			return err
		}
		for range nj.Count {
			j := nj.Job(recipeID, started)
			err := tx.queryRow(ctx, `INSERT INTO recipe_jobs (workspace_id, recipe_id, status, started_at, completed_at,
				title, is_error, error, task_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				workspaceID, recipeID, j.Status, toMS(j.StartedAt), nullMS(j.CompletedAt), nullString(j.Title),
				j.IsError, nullString(j.Error), j.TaskCount).Scan(&j.ID)
			if err != nil {
				return err
			}
			list = append(list, j)
		}
		succeeded, failed := 0, 0
		switch nj.Status {
		case partnerd.JobSucceeded:
			succeeded = nj.Count
		case partnerd.JobFailed:
			failed = nj.Count
		}
		at := toMS(started)
		_, err = tx.exec(ctx, `UPDATE recipes SET job_succeeded_count = job_succeeded_count + ?,
			job_failed_count = job_failed_count + ?, lifetime_task_count = lifetime_task_count + ?,
			last_run_at = CASE WHEN last_run_at IS NULL OR last_run_at < ? THEN ? ELSE last_run_at END, revision = ?
			WHERE id = ?`, succeeded, failed, nj.Count*nj.TaskCount, at, at, newRevision(), recipeID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return list, nil
}

// SearchPublicRecipes returns a page of the account's recipes that are
// not private, in descending id.
func (db *DB) SearchPublicRecipes(ctx context.Context, accountID int64, flt partnerd.PublicRecipeFilter) ([]*partnerd.Recipe, error) {
	where := `COALESCE(w.account_id, w.id) = ? AND r.private = FALSE`
	args := []any{accountID}
	if term := strings.TrimSpace(flt.Term); term != "" {
		like := "%" + likeEscaper.Replace(strings.ToLower(term)) + "%"
		where += ` AND (LOWER(r.name) LIKE ? ESCAPE '\' OR LOWER(COALESCE(r.description, '')) LIKE ? ESCAPE '\')`
		args = append(args, like, like)
	}
	if names := uniqueNames(flt.Applications); len(names) > 0 {
		where += ` AND (SELECT COUNT(*) FROM recipe_applications a WHERE a.recipe_id = r.id AND a.name IN (` +
			placeholders(len(names)) + `)) = ?`
		args = append(append(args, anys(names)...), len(names))
	}
	if caller := partnerd.CallerFromContext(ctx); caller != nil {
		if scope, scopeArgs := folderScope(ctx, caller.WorkspaceID, "r.folder_id"); scope != "" {
			where += ` AND (r.workspace_id <> ? OR (1 = 1` + scope + `))`
			args = append(append(args, caller.WorkspaceID), scopeArgs...)
		}
	}
	return db.queryRecipes(ctx, `SELECT `+recipeColumns(true)+recipeFrom+` JOIN workspaces w ON w.id = r.workspace_id
		WHERE `+where+` ORDER BY r.id DESC LIMIT ? OFFSET ?`, append(args, flt.Page.PerPage, flt.Page.Offset())...)
}

// likeEscaper escapes the wildcards of LIKE, with \ as the escape.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// usageMonths sums the tasks of the jobs recorded in the account's
// customers from since on, by customer and by month of since's zone.
func (db *DB) usageMonths(ctx context.Context, accountID int64, since time.Time) (map[int64][]partnerd.MonthUsage, error) {
	rows, err := db.reader().query(ctx, `SELECT j.workspace_id, j.started_at, SUM(j.task_count) FROM recipe_jobs j
		JOIN workspaces w ON w.id = j.workspace_id WHERE w.account_id = ? AND j.started_at >= ? AND j.task_count > 0
		GROUP BY j.workspace_id, j.started_at ORDER BY j.workspace_id, j.started_at`, accountID, toMS(since))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]partnerd.MonthUsage{}
	for rows.Next() {
		var workspaceID, started, tasks int64
		if err := rows.Scan(&workspaceID, &started, &tasks); err != nil {
			return nil, err
		}
		month := fromMS(started).In(since.Location()).Format("2006-01")
		ms := out[workspaceID]
		if n := len(ms); n > 0 && ms[n-1].Month == month {
			ms[n-1].TaskCount += int(tasks)
		} else {
			ms = append(ms, partnerd.MonthUsage{Month: month, TaskCount: int(tasks)})
		}
		out[workspaceID] = ms
	}
	return out, rows.Err()
}
