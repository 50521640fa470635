package store

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"time"

	"github.com/partnerd/partnerd"
)

const onPremAgentColumns = `a.id, a.workspace_id, a.group_id, a.name, a.os, a.cn, a.awaiting_setup, a.enabled,
	a.created_at, a.updated_at, a.last_seen_version, a.profiles, a.connection, a.connected_at, a.last_seen_at,
	a.heartbeat_deadline`

// scanOnPremAgent reads onPremAgentColumns; the agent is active when a
// connection holds it and its deadline, if any, is after the store's now.
func (db *DB) scanOnPremAgent(row interface{ Scan(...any) error }) (*partnerd.OnPremAgent, error) {
	var a partnerd.OnPremAgent
	var created, updated int64
	var version, connection sql.NullString
	var connected, seen, deadline sql.NullInt64
	err := row.Scan(&a.ID, &a.WorkspaceID, &a.GroupID, &a.Name, &a.OS, &a.CN, &a.AwaitingSetup, &a.Enabled,
		&created, &updated, &version, jsonColumn{&a.Profiles}, &connection, &connected, &seen, &deadline)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, partnerd.ErrNotFound()
	} else if err != nil {
		return nil, err
	}
	a.CreatedAt, a.UpdatedAt = fromMS(created), fromMS(updated)
	a.LastSeenVersion, a.ConnectedAt, a.LastSeenAt = stringPtr(version), nullTime(connected), nullTime(seen)
	a.Active = connection.Valid && (!deadline.Valid || deadline.Int64 > db.now())
	if a.Profiles == nil {
		a.Profiles = []partnerd.OnPremProfile{}
	}
	return &a, nil
}

// FindOnPremGroupStatus counts a group's agents and lists the profiles its
// active agents report, each with the connections that use it.
func (db *DB) FindOnPremGroupStatus(ctx context.Context, workspaceID, id int64) (*partnerd.OnPremGroupStatus, error) {
	if _, err := db.FindOnPremGroupByID(ctx, workspaceID, id); err != nil {
		return nil, err
	}
	agents, err := db.findOnPremAgents(ctx, `a.workspace_id = ? AND a.group_id = ? ORDER BY a.id`, workspaceID, id)
	if err != nil {
		return nil, err
	}
	status := &partnerd.OnPremGroupStatus{AgentCount: len(agents), Profiles: []*partnerd.OnPremProfileUse{}}
	seen := map[partnerd.OnPremProfile]bool{}
	for _, a := range agents {
		if !a.Active {
			continue
		}
		status.ActiveAgentCount++
		for _, p := range a.Profiles {
			if !seen[p] {
				seen[p] = true
				status.Profiles = append(status.Profiles, &partnerd.OnPremProfileUse{OnPremProfile: p, Connections: []*partnerd.Connection{}})
			}
		}
	}
	sort.Slice(status.Profiles, func(i, j int) bool {
		a, b := status.Profiles[i], status.Profiles[j]
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		if a.Provider != b.Provider {
			return a.Provider < b.Provider
		}
		return a.Type < b.Type
	})
	if len(status.Profiles) == 0 {
		return status, nil
	}
	scope, args := folderScope(ctx, workspaceID, "c.folder_id")
	rows, err := db.reader().query(ctx, `SELECT c.id, c.name, c.provider FROM connections c
		WHERE c.workspace_id = ? AND c.on_prem_group_id = ?`+scope+` ORDER BY c.id`, append([]any{workspaceID, id}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		c := &partnerd.Connection{WorkspaceID: workspaceID, OnPremGroupID: &id}
		if err := rows.Scan(&c.ID, &c.Name, &c.Provider); err != nil {
			return nil, err
		}
		for _, p := range status.Profiles {
			if p.Provider == c.Provider {
				p.Connections = append(p.Connections, c)
			}
		}
	}
	return status, rows.Err()
}

// CreateOnPremActivationCode issues a code for the agent that replaces its
// earlier ones, used or not.
func (db *DB) CreateOnPremActivationCode(ctx context.Context, workspaceID, id int64) (*partnerd.OnPremActivationCode, error) {
	ca, err := db.OnPremCA(ctx)
	if err != nil {
		return nil, err
	}
	fingerprint, err := ca.Fingerprint()
	if err != nil {
		return nil, err
	}
	code, hash := partnerd.NewOnPremActivationCode(fingerprint)
	expires := db.Now.Now().Add(partnerd.OnPremCodeLifetime)
	err = db.inTx(ctx, func(tx conn) error {
		var agentID int64
		err := tx.queryRow(ctx, `SELECT id FROM on_prem_agents WHERE workspace_id = ? AND id = ?`+db.dialect.forUpdate,
			workspaceID, id).Scan(&agentID)
		if errors.Is(err, sql.ErrNoRows) {
			return partnerd.ErrNotFound()
		} else if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM on_prem_activation_codes WHERE agent_id = ?`, id); err != nil {
			return err
		}
		_, err = tx.exec(ctx, `INSERT INTO on_prem_activation_codes (code_hash, agent_id, expires_at) VALUES (?, ?, ?)`,
			hash, id, toMS(expires))
		return err
	})
	if err != nil {
		return nil, err
	}
	return &partnerd.OnPremActivationCode{Code: code, ExpiresAt: expires}, nil
}

// RedeemOnPremActivationCode uses up a code that is known, unused and not
// expired, and returns its agent.
func (db *DB) RedeemOnPremActivationCode(ctx context.Context, hash string) (*partnerd.OnPremAgent, error) {
	var agentID int64
	now := db.now()
	err := db.inTx(ctx, func(tx conn) error {
		return tx.queryRow(ctx, `UPDATE on_prem_activation_codes SET used_at = ?
			WHERE code_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING agent_id`, now, hash, now).Scan(&agentID)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, partnerd.ErrNotFound()
	} else if err != nil {
		return nil, err
	}
	return db.scanOnPremAgent(db.reader().queryRow(ctx, `SELECT `+onPremAgentColumns+` FROM on_prem_agents a
		WHERE a.id = ?`, agentID))
}

// FindOnPremAgentByCN returns the agent with the CN, in any workspace.
func (db *DB) FindOnPremAgentByCN(ctx context.Context, cn string) (*partnerd.OnPremAgent, error) {
	if !partnerd.ValidText(cn) {
		return nil, partnerd.ErrNotFound()
	}
	return db.scanOnPremAgent(db.reader().queryRow(ctx, `SELECT `+onPremAgentColumns+` FROM on_prem_agents a
		WHERE a.cn = ?`, cn))
}

// ConnectOnPremAgent records the presence of an enabled agent's process.
func (db *DB) ConnectOnPremAgent(ctx context.Context, id int64, p partnerd.OnPremPresence) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if p.Profiles == nil {
		p.Profiles = []partnerd.OnPremProfile{}
	}
	now := db.now()
	return db.inTx(ctx, func(tx conn) error {
		var enabled, awaiting bool
		var version sql.NullString
		var updated int64
		err := tx.queryRow(ctx, `SELECT enabled, awaiting_setup, last_seen_version, updated_at FROM on_prem_agents
			WHERE id = ?`+db.dialect.forUpdate, id).Scan(&enabled, &awaiting, &version, &updated)
		if errors.Is(err, sql.ErrNoRows) {
			return partnerd.ErrNotFound()
		} else if err != nil {
			return err
		} else if !enabled {
			return partnerd.Errorf(partnerd.ESTATE, "On-prem agent is disabled")
		}
		// updated_at moves when a field the API shows changes.
		if p.Version == nil {
			p.Version = stringPtr(version)
		}
		if awaiting || (p.Version != nil && (!version.Valid || version.String != *p.Version)) {
			updated = now
		}
		_, err = tx.exec(ctx, `UPDATE on_prem_agents SET connection = ?, connected_at = ?, last_seen_at = ?,
			heartbeat_deadline = ?, profiles = ?, last_seen_version = ?, awaiting_setup = FALSE, updated_at = ?
			WHERE id = ?`, p.Connection, now, now, nullMS(p.Deadline), jsonText(p.Profiles), nullString(p.Version), updated, id)
		return err
	})
}

// TouchOnPremAgent moves the deadline of an enabled agent that the
// connection still holds.
func (db *DB) TouchOnPremAgent(ctx context.Context, id int64, connection string, deadline time.Time) error {
	return db.inTx(ctx, func(tx conn) error {
		res, err := tx.exec(ctx, `UPDATE on_prem_agents SET last_seen_at = ?, heartbeat_deadline = ?
			WHERE id = ? AND connection = ? AND enabled`, db.now(), toMS(deadline), id, connection)
		return changedOne(res, err)
	})
}

// DisconnectOnPremAgent ends the presence the connection holds, or any
// presence when connection is "".
func (db *DB) DisconnectOnPremAgent(ctx context.Context, id int64, connection string) error {
	return db.inTx(ctx, func(tx conn) error {
		_, err := tx.exec(ctx, `UPDATE on_prem_agents SET connection = NULL, heartbeat_deadline = NULL
			WHERE id = ? AND (connection = ? OR ? = '')`, id, connection, connection)
		return err
	})
}
