package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/partnerd/partnerd"
)

// FindJobByID returns a job of a recipe of the workspace with its lines.
func (db *DB) FindJobByID(ctx context.Context, workspaceID, recipeID, jobID int64) (*partnerd.JobDetail, error) {
	if _, err := db.recipeState(ctx, db.reader(), workspaceID, recipeID, ""); err != nil {
		return nil, err
	}
	c := db.reader()
	var result sql.NullString
	row := c.queryRow(ctx, `SELECT `+jobColumns+`, j.result FROM recipe_jobs j
		WHERE j.id = ? AND j.recipe_id = ? AND j.workspace_id = ?`, jobID, recipeID, workspaceID)
	j, err := scanJob(scanTail{row, &result})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, partnerd.ErrNotFound()
	} else if err != nil {
		return nil, err
	}
	d := &partnerd.JobDetail{Job: j, Lines: []*partnerd.JobLine{}}
	if result.Valid {
		d.Result = json.RawMessage(result.String)
	}
	rows, err := c.query(ctx, `SELECT number, keyword, provider, name, as_name, status, input, output, error,
		started_at, completed_at, agent_id, agent_name FROM recipe_job_lines WHERE job_id = ? ORDER BY seq`, jobID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var l partnerd.JobLine
		var in, out, lineErr, agentName sql.NullString
		var agentID sql.NullInt64
		var started, completed int64
		if err := rows.Scan(&l.Number, &l.Keyword, &l.Provider, &l.Name, &l.As, &l.Status, &in, &out, &lineErr,
			&started, &completed, &agentID, &agentName); err != nil {
			return nil, err
		}
		if agentID.Valid {
			l.Agent = &partnerd.LineAgent{ID: agentID.Int64, Name: agentName.String}
		}
		if in.Valid {
			l.Input = json.RawMessage(in.String)
		}
		if out.Valid {
			l.Output = json.RawMessage(out.String)
		}
		l.Error, l.StartedAt, l.CompletedAt = stringPtr(lineErr), fromMS(started), fromMS(completed)
		d.Lines = append(d.Lines, &l)
	}
	return d, rows.Err()
}

// scanTail scans a row into a scanner's columns and then extra ones.
type scanTail struct {
	row   interface{ Scan(...any) error }
	extra any
}

func (s scanTail) Scan(dest ...any) error { return s.row.Scan(append(dest, s.extra)...) }

// FindRecipeWorkspaceID returns the workspace of a recipe of the account.
func (db *DB) FindRecipeWorkspaceID(ctx context.Context, accountID, recipeID int64) (int64, error) {
	var workspaceID int64
	err := db.reader().queryRow(ctx, `SELECT r.workspace_id FROM recipes r JOIN workspaces w ON w.id = r.workspace_id
		WHERE r.id = ? AND COALESCE(w.account_id, w.id) = ?`, recipeID, accountID).Scan(&workspaceID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, partnerd.ErrNotFound()
	}
	return workspaceID, err
}
