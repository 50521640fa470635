package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/partnerd/partnerd"
)

var _ partnerd.ActivityService = (*DB)(nil)

// activityPruneEvery is how many entries arrive between prunes of a
// workspace's log: the prune's cost is spread over them.
const activityPruneEvery = 100

// RecordActivity appends an entry to the workspace's log, and every
// activityPruneEvery entries prunes the log to its newest
// partnerd.MaxActivitiesPerWorkspace.
func (db *DB) RecordActivity(ctx context.Context, workspaceID int64, a *partnerd.Activity) error {
	v := partnerd.Validation{}
	v.Required("event_type", a.EventType, 100)
	v.Required("resource_type", a.ResourceType, 100)
	for field, text := range map[string]string{"resource_id": a.ResourceID, "resource_name": a.ResourceName,
		"actor_name": a.ActorName, "actor_email": a.ActorEmail, "user_agent": a.UserAgent, "action": a.Action} {
		if !partnerd.ValidText(text) {
			v.Add(field, "is invalid")
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	if a.Time.IsZero() {
		a.Time = db.Now.Now()
	}
	a.WorkspaceID = workspaceID
	a.EventType = strings.ToLower(a.EventType)
	return db.inTx(ctx, func(tx conn) error {
		err := tx.queryRow(ctx, `INSERT INTO activity_logs (workspace_id, created_at, event_type, resource_type, resource_key,
			resource_id, resource_name, actor_type, actor_id, actor_name, actor_email, ip, user_agent, source, action)
			SELECT id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM workspaces WHERE id = ? RETURNING id`,
			toMS(a.Time), a.EventType, a.ResourceType, strings.ToLower(a.ResourceType), a.ResourceID, truncate(a.ResourceName, 1000), a.ActorType, a.ActorID,
			a.ActorName, a.ActorEmail, a.IP, truncate(a.UserAgent, 1000), a.Source, a.Action, workspaceID).Scan(&a.ID)
		if errors.Is(err, sql.ErrNoRows) {
			return partnerd.ErrNotFound()
		} else if err != nil {
			return err
		}
		if a.ID%activityPruneEvery != 0 {
			return nil
		}
		return pruneActivities(ctx, tx, workspaceID, partnerd.MaxActivitiesPerWorkspace)
	})
}

// PruneActivities deletes all but the newest keep entries of the
// workspace's log.
func (db *DB) PruneActivities(ctx context.Context, workspaceID int64, keep int) error {
	return db.inTx(ctx, func(tx conn) error { return pruneActivities(ctx, tx, workspaceID, keep) })
}

func pruneActivities(ctx context.Context, tx conn, workspaceID int64, keep int) error {
	var oldest int64
	err := tx.queryRow(ctx, `SELECT id FROM activity_logs WHERE workspace_id = ?
		ORDER BY id DESC LIMIT 1 OFFSET ?`, workspaceID, max(keep-1, 0)).Scan(&oldest)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return err
	}
	if keep <= 0 {
		oldest++
	}
	_, err = tx.exec(ctx, `DELETE FROM activity_logs WHERE workspace_id = ? AND id < ?`, workspaceID, oldest)
	return err
}

// truncate cuts s to at most n characters.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}

// FindActivities returns a page of the workspace's log, newest first, and
// how many entries the filter matches.
func (db *DB) FindActivities(ctx context.Context, workspaceID int64, f partnerd.ActivityFilter) ([]*partnerd.Activity, int, error) {
	where := []string{"a.workspace_id = ?"}
	args := []any{workspaceID}
	if !f.From.IsZero() {
		where, args = append(where, "a.created_at >= ?"), append(args, toMS(f.From))
	}
	if !f.To.IsZero() {
		where, args = append(where, "a.created_at <= ?"), append(args, toMS(f.To))
	}
	if len(f.UserIDs) > 0 {
		where = append(where, "a.actor_id IN ("+placeholders(len(f.UserIDs))+")")
		for _, id := range f.UserIDs {
			args = append(args, id)
		}
	}
	for _, in := range []struct {
		column string
		values []string
		not    bool
	}{
		{"a.resource_key", f.IncludeResourceTypes, false},
		{"a.resource_key", f.ExcludeResourceTypes, true},
		{"a.event_type", f.IncludeEventTypes, false},
		{"a.event_type", f.ExcludeEventTypes, true},
	} {
		if len(in.values) == 0 {
			continue
		}
		clause := in.column + " IN (" + placeholders(len(in.values)) + ")"
		if in.not {
			clause = "NOT " + clause
		}
		where = append(where, clause)
		for _, v := range in.values {
			args = append(args, strings.ToLower(v))
		}
	}
	cond := strings.Join(where, " AND ")
	r := db.reader()
	var total int
	if err := r.queryRow(ctx, `SELECT COUNT(*) FROM activity_logs a WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	size := f.Size
	if size <= 0 || size > partnerd.MaxActivityPageSize {
		size = partnerd.MaxActivityPageSize
	}
	if f.After > 0 {
		cond += " AND a.id < ?"
		args = append(args, f.After)
	}
	rows, err := r.query(ctx, `SELECT a.id, a.workspace_id, a.created_at, a.event_type, a.resource_type, a.resource_id,
		a.resource_name, a.actor_type, a.actor_id, a.actor_name, a.actor_email, a.ip, a.user_agent, a.source, a.action,
		w.name, w.notification_email
		FROM activity_logs a JOIN workspaces w ON w.id = a.workspace_id
		WHERE `+cond+` ORDER BY a.id DESC LIMIT ?`, append(args, size)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	list := []*partnerd.Activity{}
	for rows.Next() {
		a := &partnerd.Activity{}
		var at int64
		if err := rows.Scan(&a.ID, &a.WorkspaceID, &at, &a.EventType, &a.ResourceType, &a.ResourceID, &a.ResourceName,
			&a.ActorType, &a.ActorID, &a.ActorName, &a.ActorEmail, &a.IP, &a.UserAgent, &a.Source, &a.Action,
			&a.WorkspaceName, &a.WorkspaceEmail); err != nil {
			return nil, 0, err
		}
		a.Time = fromMS(at)
		list = append(list, a)
	}
	return list, total, rows.Err()
}
