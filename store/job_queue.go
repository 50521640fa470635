package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/partnerd/partnerd"
)

var _ partnerd.JobQueue = (*DB)(nil)

// triggerStep is what a job's trigger line shows of the recipe's root.
type triggerStep struct {
	Number   int    `json:"number"`
	Keyword  string `json:"keyword"`
	Provider string `json:"provider"`
	Name     string `json:"name"`
	As       string `json:"as"`
}

// EnqueueJob stores a trigger event of a running recipe as a queued job
// and its trigger's line, in one transaction.
func (db *DB) EnqueueJob(ctx context.Context, workspaceID, recipeID int64, ev *partnerd.TriggerEvent) (*partnerd.Job, error) {
	out, err := eventOutput(ev)
	if err != nil {
		return nil, err
	}
	var j *partnerd.Job
	err = db.inTx(ctx, func(tx conn) error {
		var running bool
		var code string
		err := tx.queryRow(ctx, `SELECT running, code FROM recipes WHERE workspace_id = ? AND id = ?`+db.dialect.forShare,
			workspaceID, recipeID).Scan(&running, &code)
		if errors.Is(err, sql.ErrNoRows) {
			return partnerd.ErrNotFound()
		} else if err != nil {
			return err
		}
		if !running {
			return partnerd.ErrRecipeStopped()
		}
		j, _, err = db.enqueue(ctx, tx, workspaceID, recipeID, code, &partnerd.TriggerEvent{Output: out, Title: ev.Title,
			Worker: ev.Worker, Lease: ev.Lease}, db.now(), nil)
		return err
	})
	if err != nil {
		return nil, err
	}
	if ev.Worker == "" {
		db.jobs.wake()
	}
	return j, nil
}

// eventOutput returns an event's output, which must be a JSON object.
func eventOutput(ev *partnerd.TriggerEvent) (json.RawMessage, error) {
	out := bytes.TrimSpace(ev.Output)
	if len(out) == 0 || out[0] != '{' || !json.Valid(out) {
		return nil, partnerd.FieldError("output", "must be a JSON object")
	}
	return out, nil
}

// ClaimEvent stores an event of a running recipe as a job that ev.Worker
// holds, and returns it with the recipe read in the same transaction: the
// fields that running needs (id, workspace, code, config, version, trigger).
func (db *DB) ClaimEvent(ctx context.Context, workspaceID, recipeID int64, ev *partnerd.TriggerEvent) (*partnerd.ClaimedJob, error) {
	if ev.Worker == "" || ev.Lease <= 0 {
		return nil, partnerd.FieldError("worker", "must name the worker and its lease")
	}
	out, err := eventOutput(ev)
	if err != nil {
		return nil, err
	}
	var c *partnerd.ClaimedJob
	err = db.inTx(ctx, func(tx conn) error {
		// The recipe's row is held on PostgreSQL, lest it stop while its job is stored.
		r := &partnerd.Recipe{ID: recipeID, WorkspaceID: workspaceID}
		var trigger sql.NullString
		err := tx.queryRow(ctx, `SELECT running, code, config, version_no, trigger_application FROM recipes
			WHERE workspace_id = ? AND id = ?`+db.dialect.forShare, workspaceID, recipeID).Scan(&r.Running, &r.Code,
			jsonColumn{&r.Config}, &r.VersionNo, &trigger)
		if errors.Is(err, sql.ErrNoRows) {
			return partnerd.ErrNotFound()
		} else if err != nil {
			return err
		}
		if !r.Running {
			return partnerd.ErrRecipeStopped()
		}
		r.TriggerApplication = stringPtr(trigger)
		j, line, err := db.enqueue(ctx, tx, workspaceID, recipeID, r.Code, &partnerd.TriggerEvent{Output: out, Title: ev.Title,
			Worker: ev.Worker, Lease: ev.Lease}, db.now(), &r.VersionNo)
		c = &partnerd.ClaimedJob{Job: j, WorkspaceID: workspaceID, Recipe: r, TriggerOutput: out, Attempt: 1, Worker: ev.Worker,
			TriggerLine: line}
		return err
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// enqueue inserts the job of an event of a running recipe whose code is
// code, and its trigger's line; version, when set, is the recipe version
// that a job claimed at once runs. It returns the job and its trigger line
// as stored.
func (db *DB) enqueue(ctx context.Context, tx conn, workspaceID, recipeID int64, code string, ev *partnerd.TriggerEvent, now int64, version *int) (*partnerd.Job, *partnerd.JobLine, error) {
	j := &partnerd.Job{RecipeID: recipeID, Status: partnerd.JobPending, StartedAt: fromMS(now), Title: ev.Title}
	var root triggerStep
	_ = json.Unmarshal([]byte(code), &root) // a running recipe's code parsed when it started
	state, worker, lease := "queued", any(nil), any(nil)
	if ev.Worker != "" {
		state, worker, lease = "running", ev.Worker, now+ev.Lease.Milliseconds()
	}
	err := tx.queryRow(ctx, `INSERT INTO recipe_jobs (workspace_id, recipe_id, status, started_at, title, run_state,
		worker, lease_until, attempts, trigger_output, version_no) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		workspaceID, recipeID, j.Status, now, nullString(ev.Title), state, worker, lease, boolInt(ev.Worker != ""),
		string(ev.Output), version).Scan(&j.ID)
	if err != nil {
		return nil, nil, err
	}
	line := &partnerd.JobLine{Number: root.Number, Keyword: "trigger", Provider: root.Provider, Name: root.Name, As: root.As,
		Status: partnerd.LineSucceeded, Output: partnerd.CapLineData(ev.Output), StartedAt: fromMS(now), CompletedAt: fromMS(now)}
	err = insertJobLine(ctx, tx, j.ID, 0, line)
	if err == nil && ev.Worker == "" {
		err = db.notifyJobs(ctx, tx)
	}
	return j, line, err
}

// EnqueueWebhookEvent stores an event of the running webhook-triggered
// recipe of token.
func (db *DB) EnqueueWebhookEvent(ctx context.Context, token string, ev *partnerd.TriggerEvent) (*partnerd.Job, error) {
	var workspaceID, recipeID int64
	err := db.reader().queryRow(ctx, `SELECT workspace_id, id FROM recipes WHERE webhook_token = ? AND trigger_application = ?`,
		token, partnerd.WebhookProvider).Scan(&workspaceID, &recipeID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, partnerd.ErrNotFound()
	} else if err != nil {
		return nil, err
	}
	j, err := db.EnqueueJob(ctx, workspaceID, recipeID, ev)
	if partnerd.ErrorCode(err) == partnerd.ESTATE {
		return nil, partnerd.ErrNotFound()
	}
	return j, err
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// insertJobLine writes one line of a job.
func insertJobLine(ctx context.Context, tx conn, jobID int64, seq int, l *partnerd.JobLine) error {
	return insertJobLines(ctx, tx, jobID, seq, []*partnerd.JobLine{l})
}

// linesPerInsert is how many lines one INSERT writes at most, so that a
// job's lines take few statements and few distinct statements are
// prepared.
const linesPerInsert = 32

// insertJobLines writes lines of a job, the first as seq and the others
// after it, linesPerInsert rows a statement. A line already written keeps
// its row: the worker sends lines again when it could not tell whether an
// append committed.
func insertJobLines(ctx context.Context, tx conn, jobID int64, seq int, lines []*partnerd.JobLine) error {
	const row = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	for start := 0; start < len(lines); start += linesPerInsert {
		chunk := lines[start:min(start+linesPerInsert, len(lines))]
		rows := make([]string, len(chunk))
		args := make([]any, 0, 15*len(chunk))
		for i, l := range chunk {
			rows[i] = row
			args = append(args, jobID, seq+start+i, l.Number, l.Keyword, l.Provider, l.Name, l.As, l.Status,
				nullJSON(l.Input), nullJSON(l.Output), nullString(l.Error), toMS(l.StartedAt), toMS(l.CompletedAt),
				lineAgentID(l.Agent), lineAgentName(l.Agent))
		}
		if _, err := tx.exec(ctx, `INSERT INTO recipe_job_lines (job_id, seq, number, keyword, provider, name, as_name,
			status, input, output, error, started_at, completed_at, agent_id, agent_name)
			VALUES `+strings.Join(rows, ", ")+` ON CONFLICT (job_id, seq) DO NOTHING`, args...); err != nil {
			return err
		}
	}
	return nil
}

// lineAgentID is the id of a line's agent, or NULL.
func lineAgentID(a *partnerd.LineAgent) any {
	if a == nil {
		return nil
	}
	return a.ID
}

// lineAgentName is the name of a line's agent, or NULL.
func lineAgentName(a *partnerd.LineAgent) any {
	if a == nil {
		return nil
	}
	return a.Name
}

func nullJSON(b json.RawMessage) any {
	if b == nil {
		return nil
	}
	return string(partnerd.CapLineData(b))
}

// findJob reads one job by id.
func findJob(ctx context.Context, c conn, jobID int64) (*partnerd.Job, error) {
	j, err := scanJob(c.queryRow(ctx, `SELECT `+jobColumns+` FROM recipe_jobs j WHERE j.id = ?`, jobID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, partnerd.ErrNotFound()
	}
	return j, err
}

// triggerOutput reads the whole trigger output of a job's event.
func triggerOutput(ctx context.Context, c conn, jobID int64) (json.RawMessage, error) {
	var out sql.NullString
	if err := c.queryRow(ctx, `SELECT trigger_output FROM recipe_jobs WHERE id = ?`, jobID).Scan(&out); err != nil {
		return nil, err
	}
	if !out.Valid {
		return json.RawMessage(`{}`), nil
	}
	return json.RawMessage(out.String), nil
}

// HeartbeatJob renews the worker's lease and records side effects.
func (db *DB) HeartbeatJob(ctx context.Context, jobID int64, worker string, lease time.Duration, sideEffects bool) error {
	return db.inTx(ctx, func(tx conn) error {
		res, err := tx.exec(ctx, `UPDATE recipe_jobs SET lease_until = ?, side_effects = (side_effects OR ?)
			WHERE id = ? AND worker = ? AND run_state = 'running'`, db.now()+lease.Milliseconds(), sideEffects, jobID, worker)
		if err != nil {
			return err
		}
		return mustAffect(res)
	})
}

// mustAffect answers ESTATE when a statement on a worker's job changed no row.
func mustAffect(res sql.Result) error {
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return partnerd.Errorf(partnerd.ESTATE, "The job is no longer this worker's")
	}
	return nil
}

// FinishJob ends the worker's job, writes its lines and its connector
// calls, and counts it.
func (db *DB) FinishJob(ctx context.Context, jobID int64, worker string, r *partnerd.JobResult) error {
	if r.Status != partnerd.JobSucceeded && r.Status != partnerd.JobFailed {
		return partnerd.FieldError("status", "must be succeeded or failed")
	}
	now := db.now()
	if !r.CompletedAt.IsZero() {
		now = toMS(r.CompletedAt)
	}
	var accountID int64
	err := db.inTx(ctx, func(tx conn) error {
		var recipeID sql.NullInt64
		var started, workspaceID int64
		err := tx.queryRow(ctx, `UPDATE recipe_jobs SET status = ?, completed_at = ?, is_error = ?, error = ?, task_count = ?,
			result = ?, run_state = 'done', worker = NULL, lease_until = NULL
			WHERE id = ? AND worker = ? AND run_state = 'running' RETURNING recipe_id, started_at, workspace_id`,
			r.Status, now, r.Status == partnerd.JobFailed, nullString(r.Error), r.TaskCount, nullJSON(r.Result),
			jobID, worker).Scan(&recipeID, &started, &workspaceID)
		if errors.Is(err, sql.ErrNoRows) {
			return partnerd.Errorf(partnerd.ESTATE, "The job is no longer this worker's")
		} else if err != nil {
			return err
		}
		stored := min(max(r.LinesStored, 0), len(r.Lines))
		if err := insertJobLines(ctx, tx, jobID, stored+1, r.Lines[stored:]); err != nil {
			return err
		}
		if len(r.Calls) > 0 {
			if accountID, err = recordCalls(ctx, tx, workspaceID, r.Calls); err != nil {
				return err
			}
		}
		return countJob(ctx, tx, recipeID, r.Status, r.TaskCount, started)
	})
	if err == nil {
		db.pruneCalls(ctx, accountID, r.Calls)
		db.watches.ended(jobID)
		// The job's slot of its recipe is free: a worker of this process
		// that found none may claim. Other replicas are not told: a NOTIFY
		// takes a lock that every committing NOTIFY waits for on
		// PostgreSQL, and their workers find the slot at their next poll.
		db.jobs.wake()
	}
	return err
}

// AppendJobLines stores lines and connector calls of the worker's running
// job.
func (db *DB) AppendJobLines(ctx context.Context, jobID int64, worker string, first int, lines []*partnerd.JobLine, calls []*partnerd.ConnectorCall) error {
	var accountID int64
	err := db.inTx(ctx, func(tx conn) error {
		var workspaceID int64
		err := tx.queryRow(ctx, `SELECT workspace_id FROM recipe_jobs WHERE id = ? AND worker = ? AND run_state = 'running'`,
			jobID, worker).Scan(&workspaceID)
		if errors.Is(err, sql.ErrNoRows) {
			return partnerd.Errorf(partnerd.ESTATE, "The job is no longer this worker's")
		} else if err != nil {
			return err
		}
		if err := insertJobLines(ctx, tx, jobID, first+1, lines); err != nil {
			return err
		}
		if len(calls) > 0 {
			accountID, err = recordCalls(ctx, tx, workspaceID, calls)
		}
		return err
	})
	if err == nil && len(calls) > 0 {
		db.pruneCalls(ctx, accountID, calls)
	}
	return err
}

// countJob adds an ended job to its recipe's statistics.
func countJob(ctx context.Context, tx conn, recipeID sql.NullInt64, status string, tasks int, started int64) error {
	if !recipeID.Valid {
		return nil
	}
	_, err := tx.exec(ctx, `UPDATE recipes SET job_succeeded_count = job_succeeded_count + ?,
		job_failed_count = job_failed_count + ?, lifetime_task_count = lifetime_task_count + ?,
		last_run_at = CASE WHEN last_run_at IS NULL OR last_run_at < ? THEN ? ELSE last_run_at END, revision = ?
		WHERE id = ?`, boolInt(status == partnerd.JobSucceeded), boolInt(status == partnerd.JobFailed), tasks,
		started, started, newRevision(), recipeID.Int64)
	return err
}
