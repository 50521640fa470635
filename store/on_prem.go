package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"

	"github.com/partnerd/partnerd"
)

var _ partnerd.OnPremService = (*DB)(nil)

const onPremGroupColumns = `g.id, g.workspace_id, g.name, g.created_at,
	EXISTS (SELECT 1 FROM connections c WHERE c.workspace_id = g.workspace_id AND c.on_prem_group_id = g.id)`

func scanOnPremGroup(row interface{ Scan(...any) error }) (*partnerd.OnPremGroup, error) {
	var g partnerd.OnPremGroup
	var created int64
	err := row.Scan(&g.ID, &g.WorkspaceID, &g.Name, &created, &g.InUse)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, partnerd.ErrNotFound()
	} else if err != nil {
		return nil, err
	}
	g.CreatedAt = fromMS(created)
	return &g, nil
}

// CreateOnPremGroup stores a group.
func (db *DB) CreateOnPremGroup(ctx context.Context, workspaceID int64, g *partnerd.OnPremGroup) error {
	g.Name = strings.TrimSpace(g.Name)
	if err := g.Validate(); err != nil {
		return err
	}
	err := db.inTx(ctx, func(tx conn) error {
		return tx.queryRow(ctx, `INSERT INTO on_prem_groups (workspace_id, name, created_at) VALUES (?, ?, ?) RETURNING id`,
			workspaceID, g.Name, db.now()).Scan(&g.ID)
	})
	if err != nil {
		return err
	}
	created, err := db.FindOnPremGroupByID(ctx, workspaceID, g.ID)
	if err == nil {
		*g = *created
	}
	return err
}

// FindOnPremGroupByID returns a group of the workspace.
func (db *DB) FindOnPremGroupByID(ctx context.Context, workspaceID, id int64) (*partnerd.OnPremGroup, error) {
	return scanOnPremGroup(db.reader().queryRow(ctx, `SELECT `+onPremGroupColumns+` FROM on_prem_groups g
		WHERE g.workspace_id = ? AND g.id = ?`, workspaceID, id))
}

// FindOnPremGroups returns a page of the workspace's groups.
func (db *DB) FindOnPremGroups(ctx context.Context, workspaceID int64, p partnerd.Page) ([]*partnerd.OnPremGroup, int, error) {
	var total int
	err := db.reader().queryRow(ctx, `SELECT COUNT(*) FROM on_prem_groups WHERE workspace_id = ?`, workspaceID).Scan(&total)
	if err != nil {
		return nil, 0, err
	}
	rows, err := db.reader().query(ctx, `SELECT `+onPremGroupColumns+` FROM on_prem_groups g
		WHERE g.workspace_id = ? ORDER BY g.id LIMIT ? OFFSET ?`, workspaceID, p.PerPage, p.Offset())
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	list := []*partnerd.OnPremGroup{}
	for rows.Next() {
		g, err := scanOnPremGroup(rows)
		if err != nil {
			return nil, 0, err
		}
		list = append(list, g)
	}
	return list, total, rows.Err()
}

// UpdateOnPremGroup renames a group.
func (db *DB) UpdateOnPremGroup(ctx context.Context, workspaceID, id int64, name *string) (*partnerd.OnPremGroup, error) {
	g, err := db.FindOnPremGroupByID(ctx, workspaceID, id)
	if err != nil || name == nil {
		return g, err
	}
	g.Name = strings.TrimSpace(*name)
	if err := g.Validate(); err != nil {
		return nil, err
	}
	err = db.inTx(ctx, func(tx conn) error {
		res, err := tx.exec(ctx, `UPDATE on_prem_groups SET name = ? WHERE workspace_id = ? AND id = ?`, g.Name, workspaceID, id)
		return changedOne(res, err)
	})
	if err != nil {
		return nil, err
	}
	return db.FindOnPremGroupByID(ctx, workspaceID, id)
}

// DeleteOnPremGroup deletes a group that has no agents and that no
// connection names.
func (db *DB) DeleteOnPremGroup(ctx context.Context, workspaceID, id int64) error {
	return db.inTx(ctx, func(tx conn) error {
		var gid int64
		err := tx.queryRow(ctx, `SELECT id FROM on_prem_groups WHERE workspace_id = ? AND id = ?`+db.dialect.forUpdate,
			workspaceID, id).Scan(&gid)
		if errors.Is(err, sql.ErrNoRows) {
			return partnerd.ErrNotFound()
		} else if err != nil {
			return err
		}
		var agents, connections int
		err = tx.queryRow(ctx, `SELECT (SELECT COUNT(*) FROM on_prem_agents WHERE group_id = ?),
			(SELECT COUNT(*) FROM connections WHERE workspace_id = ? AND on_prem_group_id = ?)`, id, workspaceID, id).Scan(&agents, &connections)
		switch {
		case err != nil:
			return err
		case agents > 0:
			return partnerd.Errorf(partnerd.ESTATE, "On-prem group has agents")
		case connections > 0:
			return partnerd.Errorf(partnerd.ESTATE, "On-prem group is used by connections")
		}
		_, err = tx.exec(ctx, `DELETE FROM on_prem_groups WHERE workspace_id = ? AND id = ?`, workspaceID, id)
		return err
	})
}

// checkOnPremGroup checks that id names a group of the workspace.
func checkOnPremGroup(ctx context.Context, tx conn, workspaceID, id int64) error {
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM on_prem_groups WHERE workspace_id = ? AND id = ?`, workspaceID, id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return partnerd.FieldError("on_prem_group_id", "is not an on-prem group of the workspace")
	}
	return nil
}

// CreateOnPremAgent stores an agent; its CN is 32 random hex characters,
// ":" and its id.
func (db *DB) CreateOnPremAgent(ctx context.Context, workspaceID int64, a *partnerd.OnPremAgent) error {
	a.Name, a.OS = strings.TrimSpace(a.Name), strings.ToLower(strings.TrimSpace(a.OS))
	if err := a.Validate(); err != nil {
		return err
	}
	key := make([]byte, 16)
	rand.Read(key)
	prefix := hex.EncodeToString(key)
	now := db.now()
	err := db.inTx(ctx, func(tx conn) error {
		if err := checkOnPremGroup(ctx, tx, workspaceID, a.GroupID); err != nil {
			return err
		}
		err := tx.queryRow(ctx, `INSERT INTO on_prem_agents (workspace_id, group_id, name, os, cn, awaiting_setup, enabled,
			created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			workspaceID, a.GroupID, a.Name, a.OS, prefix, a.AwaitingSetup, a.Enabled, now, now).Scan(&a.ID)
		if err != nil {
			return err
		}
		_, err = tx.exec(ctx, `UPDATE on_prem_agents SET cn = ? WHERE id = ?`, prefix+":"+strconv.FormatInt(a.ID, 10), a.ID)
		return err
	})
	if err != nil {
		return err
	}
	created, err := db.FindOnPremAgentByID(ctx, workspaceID, a.ID)
	if err == nil {
		*a = *created
	}
	return err
}

// FindOnPremAgentByID returns an agent of the workspace.
func (db *DB) FindOnPremAgentByID(ctx context.Context, workspaceID, id int64) (*partnerd.OnPremAgent, error) {
	return db.scanOnPremAgent(db.reader().queryRow(ctx, `SELECT `+onPremAgentColumns+` FROM on_prem_agents a
		WHERE a.workspace_id = ? AND a.id = ?`, workspaceID, id))
}

// FindOnPremAgentInAccount returns an agent of the account's admin
// workspace or of one of its customers.
func (db *DB) FindOnPremAgentInAccount(ctx context.Context, accountID, id int64) (*partnerd.OnPremAgent, error) {
	return db.scanOnPremAgent(db.reader().queryRow(ctx, `SELECT `+onPremAgentColumns+` FROM on_prem_agents a
		JOIN workspaces w ON w.id = a.workspace_id
		WHERE (w.account_id = ? OR (w.id = ? AND w.account_id IS NULL)) AND a.id = ?`, accountID, accountID, id))
}

// FindOnPremAgents returns a page of the workspace's agents.
func (db *DB) FindOnPremAgents(ctx context.Context, workspaceID int64, p partnerd.Page) ([]*partnerd.OnPremAgent, int, error) {
	var total int
	err := db.reader().queryRow(ctx, `SELECT COUNT(*) FROM on_prem_agents WHERE workspace_id = ?`, workspaceID).Scan(&total)
	if err != nil {
		return nil, 0, err
	}
	list, err := db.findOnPremAgents(ctx, `a.workspace_id = ? ORDER BY a.id LIMIT ? OFFSET ?`, workspaceID, p.PerPage, p.Offset())
	return list, total, err
}

// SearchOnPremAgents returns the workspace's agents whose CN or name is query.
func (db *DB) SearchOnPremAgents(ctx context.Context, workspaceID int64, query string) ([]*partnerd.OnPremAgent, error) {
	if !partnerd.ValidText(query) {
		return []*partnerd.OnPremAgent{}, nil
	}
	return db.findOnPremAgents(ctx, `a.workspace_id = ? AND (a.cn = ? OR a.name = ?) ORDER BY a.id`, workspaceID, query, query)
}

// findOnPremAgents returns the agents that where selects.
func (db *DB) findOnPremAgents(ctx context.Context, where string, args ...any) ([]*partnerd.OnPremAgent, error) {
	rows, err := db.reader().query(ctx, `SELECT `+onPremAgentColumns+` FROM on_prem_agents a WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []*partnerd.OnPremAgent{}
	for rows.Next() {
		a, err := db.scanOnPremAgent(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, a)
	}
	return list, rows.Err()
}

// UpdateOnPremAgent changes an agent; disabling it ends its presence.
func (db *DB) UpdateOnPremAgent(ctx context.Context, workspaceID, id int64, upd partnerd.OnPremAgentUpdate) (*partnerd.OnPremAgent, error) {
	err := db.inTx(ctx, func(tx conn) error {
		a, err := db.scanOnPremAgent(tx.queryRow(ctx, `SELECT `+onPremAgentColumns+` FROM on_prem_agents a
			WHERE a.workspace_id = ? AND a.id = ?`+db.dialect.forUpdate, workspaceID, id))
		if err != nil {
			return err
		}
		groupID := a.GroupID
		upd.Apply(a)
		if err := a.Validate(); err != nil {
			return err
		}
		if a.GroupID != groupID {
			if err := checkOnPremGroup(ctx, tx, workspaceID, a.GroupID); err != nil {
				return err
			}
		}
		_, err = tx.exec(ctx, `UPDATE on_prem_agents SET name = ?, os = ?, group_id = ?, enabled = ?, updated_at = ?,
			connection = CASE WHEN ? THEN connection END, heartbeat_deadline = CASE WHEN ? THEN heartbeat_deadline END
			WHERE workspace_id = ? AND id = ?`,
			a.Name, a.OS, a.GroupID, a.Enabled, db.now(), a.Enabled, a.Enabled, workspaceID, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return db.FindOnPremAgentByID(ctx, workspaceID, id)
}

// DeleteOnPremAgent deletes an agent; its activation codes go with it.
func (db *DB) DeleteOnPremAgent(ctx context.Context, workspaceID, id int64) error {
	return db.inTx(ctx, func(tx conn) error {
		res, err := tx.exec(ctx, `DELETE FROM on_prem_agents WHERE workspace_id = ? AND id = ?`, workspaceID, id)
		return changedOne(res, err)
	})
}
