package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/partnerd/partnerd"
)

var _ partnerd.MemberService = (*DB)(nil)

const memberColumns = `m.id, m.workspace_id, m.grant_type, m.role_name, m.env_roles, m.external_id, m.name,
	m.email, m.time_zone, m.oauth_id, m.created_at, m.updated_at`

func scanMember(row interface{ Scan(...any) error }) (*partnerd.Member, error) {
	var m partnerd.Member
	var externalID, email, oauthID sql.NullString
	var created, updated int64
	err := row.Scan(&m.ID, &m.WorkspaceID, &m.GrantType, &m.RoleName, jsonColumn{&m.EnvRoles}, &externalID, &m.Name,
		&email, &m.TimeZone, &oauthID, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, partnerd.ErrNotFound()
	} else if err != nil {
		return nil, err
	}
	m.ExternalID, m.Email, m.OAuthID = stringPtr(externalID), stringPtr(email), stringPtr(oauthID)
	m.CreatedAt, m.UpdatedAt = fromMS(created), fromMS(updated)
	return &m, nil
}

// CreateMember stores a member of a customer workspace.
func (db *DB) CreateMember(ctx context.Context, workspaceID int64, m *partnerd.Member) error {
	if m.GrantType == "" {
		m.GrantType = partnerd.GrantTypeTeamMember
	}
	if err := m.Validate(); err != nil {
		return err
	}
	now := db.now()
	err := db.inTx(ctx, func(tx conn) error {
		return tx.queryRow(ctx, `INSERT INTO members (workspace_id, grant_type, role_name, env_roles, external_id,
			name, email, time_zone, oauth_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			workspaceID, m.GrantType, m.RoleName, jsonText(envRoles(m)), nullString(m.ExternalID), m.Name,
			nullString(m.Email), m.TimeZone, nullString(m.OAuthID), now, now).Scan(&m.ID)
	})
	if err != nil {
		return err
	}
	created, err := db.FindMemberByID(ctx, workspaceID, m.ID)
	if err == nil {
		*m = *created
	}
	return err
}

func envRoles(m *partnerd.Member) []partnerd.EnvRole {
	if m.EnvRoles == nil {
		return []partnerd.EnvRole{}
	}
	return m.EnvRoles
}

// FindMemberByID returns a member of the workspace.
func (db *DB) FindMemberByID(ctx context.Context, workspaceID, id int64) (*partnerd.Member, error) {
	return scanMember(db.reader().queryRow(ctx, `SELECT `+memberColumns+` FROM members m
		WHERE m.workspace_id = ? AND m.id = ?`, workspaceID, id))
}

// FindMemberInAccount returns a member of any customer workspace of the account.
func (db *DB) FindMemberInAccount(ctx context.Context, accountID, id int64) (*partnerd.Member, error) {
	return scanMember(db.reader().queryRow(ctx, `SELECT `+memberColumns+` FROM members m
		JOIN workspaces w ON w.id = m.workspace_id WHERE w.account_id = ? AND m.id = ?`, accountID, id))
}

// FindMembers returns a page of the workspace's members.
func (db *DB) FindMembers(ctx context.Context, workspaceID int64, p partnerd.Page) ([]*partnerd.Member, int, error) {
	var total int
	if err := db.reader().queryRow(ctx, `SELECT COUNT(*) FROM members WHERE workspace_id = ?`, workspaceID).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := db.reader().query(ctx, `SELECT `+memberColumns+` FROM members m
		WHERE m.workspace_id = ? ORDER BY m.id LIMIT ? OFFSET ?`, workspaceID, p.PerPage, p.Offset())
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	list := []*partnerd.Member{}
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			return nil, 0, err
		}
		list = append(list, m)
	}
	return list, total, rows.Err()
}

// UpdateMember applies changes to a member in one transaction.
func (db *DB) UpdateMember(ctx context.Context, workspaceID, id int64, apply func(*partnerd.Member) error) (*partnerd.Member, error) {
	err := db.inTx(ctx, func(tx conn) error {
		m, err := scanMember(tx.queryRow(ctx, `SELECT `+memberColumns+` FROM members m
			WHERE m.workspace_id = ? AND m.id = ?`+db.dialect.forUpdate, workspaceID, id))
		if err != nil {
			return err
		}
		if err := apply(m); err != nil {
			return err
		}
		if err := m.Validate(); err != nil {
			return err
		}
		_, err = tx.exec(ctx, `UPDATE members SET role_name = ?, env_roles = ?, external_id = ?, name = ?, email = ?,
			time_zone = ?, updated_at = ? WHERE workspace_id = ? AND id = ?`,
			m.RoleName, jsonText(envRoles(m)), nullString(m.ExternalID), m.Name, nullString(m.Email), m.TimeZone,
			db.now(), workspaceID, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return db.FindMemberByID(ctx, workspaceID, id)
}

// DeleteMember deletes a member of the workspace.
func (db *DB) DeleteMember(ctx context.Context, workspaceID, id int64) error {
	return db.inTx(ctx, func(tx conn) error {
		res, err := tx.exec(ctx, `DELETE FROM members WHERE workspace_id = ? AND id = ?`, workspaceID, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return partnerd.ErrNotFound()
		}
		return nil
	})
}
