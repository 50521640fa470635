package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/partnerd/partnerd"
)

var _ partnerd.APIPolicyService = (*DB)(nil)

const apiPolicyColumns = `id, workspace_id, name, rate_limit_interval, rate_limit_requests, quota_interval, quota_requests, created_at, updated_at`

func scanAPIPolicy(row interface{ Scan(...any) error }) (*partnerd.APIPolicy, error) {
	p := &partnerd.APIPolicy{}
	var created, updated int64
	err := row.Scan(&p.ID, &p.WorkspaceID, &p.Name, &p.RateLimitInterval, &p.RateLimitRequests,
		&p.QuotaInterval, &p.QuotaRequests, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, partnerd.ErrNotFound()
	} else if err != nil {
		return nil, err
	}
	p.CreatedAt, p.UpdatedAt = fromMS(created), fromMS(updated)
	return p, nil
}

func findAPIPolicy(ctx context.Context, c conn, workspaceID, id int64, suffix string) (*partnerd.APIPolicy, error) {
	return scanAPIPolicy(c.queryRow(ctx, `SELECT `+apiPolicyColumns+` FROM api_policies WHERE workspace_id = ? AND id = ?`+suffix, workspaceID, id))
}

// CreateAPIPolicy stores a policy of the workspace.
func (db *DB) CreateAPIPolicy(ctx context.Context, workspaceID int64, p *partnerd.APIPolicy) error {
	if err := p.Validate(); err != nil {
		return err
	}
	now := db.now()
	err := db.inTx(ctx, func(tx conn) error {
		return tx.queryRow(ctx, `INSERT INTO api_policies (workspace_id, name, rate_limit_interval, rate_limit_requests,
			quota_interval, quota_requests, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			workspaceID, p.Name, p.RateLimitInterval, p.RateLimitRequests, p.QuotaInterval, p.QuotaRequests, now, now).Scan(&p.ID)
	})
	if err != nil {
		return err
	}
	created, err := db.FindAPIPolicyByID(ctx, workspaceID, p.ID)
	if err == nil {
		*p = *created
	}
	return err
}

// FindAPIPolicyByID returns a policy of the workspace.
func (db *DB) FindAPIPolicyByID(ctx context.Context, workspaceID, id int64) (*partnerd.APIPolicy, error) {
	return findAPIPolicy(ctx, db.reader(), workspaceID, id, "")
}

// FindAPIPolicies returns a page of the workspace's policies in ascending id.
func (db *DB) FindAPIPolicies(ctx context.Context, workspaceID int64, pg partnerd.Page) ([]*partnerd.APIPolicy, int, error) {
	r := db.reader()
	var total int
	if err := r.queryRow(ctx, `SELECT COUNT(*) FROM api_policies WHERE workspace_id = ?`, workspaceID).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := r.query(ctx, `SELECT `+apiPolicyColumns+` FROM api_policies WHERE workspace_id = ? ORDER BY id LIMIT ? OFFSET ?`,
		workspaceID, pg.PerPage, pg.Offset())
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	list := []*partnerd.APIPolicy{}
	for rows.Next() {
		p, err := scanAPIPolicy(rows)
		if err != nil {
			return nil, 0, err
		}
		list = append(list, p)
	}
	return list, total, rows.Err()
}

// UpdateAPIPolicy applies changes to a policy; they hold at once for the
// clients it is attached to, as the gateway reads it on every call.
func (db *DB) UpdateAPIPolicy(ctx context.Context, workspaceID, id int64, apply func(*partnerd.APIPolicy) error) (*partnerd.APIPolicy, error) {
	err := db.inTx(ctx, func(tx conn) error {
		p, err := findAPIPolicy(ctx, tx, workspaceID, id, db.dialect.forUpdate)
		if err != nil {
			return err
		}
		if err := apply(p); err != nil {
			return err
		}
		if err := p.Validate(); err != nil {
			return err
		}
		_, err = tx.exec(ctx, `UPDATE api_policies SET name = ?, rate_limit_interval = ?, rate_limit_requests = ?,
			quota_interval = ?, quota_requests = ?, updated_at = ? WHERE workspace_id = ? AND id = ?`,
			p.Name, p.RateLimitInterval, p.RateLimitRequests, p.QuotaInterval, p.QuotaRequests, db.now(), workspaceID, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return db.FindAPIPolicyByID(ctx, workspaceID, id)
}

// DeleteAPIPolicy deletes a policy; its clients are left without one.
func (db *DB) DeleteAPIPolicy(ctx context.Context, workspaceID, id int64) error {
	return db.deleteWorkspaceRow(ctx, "api_policies", workspaceID, id)
}

// checkAPIPolicyID returns ENOTFOUND as a field error unless the policy
// is the workspace's.
func checkAPIPolicyID(ctx context.Context, tx conn, workspaceID int64, id *int64) error {
	if id == nil {
		return nil
	}
	if _, err := findAPIPolicy(ctx, tx, workspaceID, *id, ""); partnerd.ErrorCode(err) == partnerd.ENOTFOUND {
		return partnerd.FieldError("api_policy_id", "is not a policy of the workspace")
	} else if err != nil {
		return err
	}
	return nil
}
