package engine

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/formula"
)

// sqlStatement is one statement of a step: its action, its SQL whose
// values are all placeholders, and the values bound to them.
type sqlStatement struct {
	action string
	sql    string
	args   []any
	write  bool
}

// sqlResult is what a statement answered: rows as hashes, or the count of
// rows it changed; servedBy is the on-prem agent that ran it, if any.
type sqlResult struct {
	hasRows      bool
	rows         []formula.Value
	rowsAffected int64
	lastInsertID int64
	servedBy     *partnerd.LineAgent
}

// sqlRunner runs a statement on a database: a pool of the server's own,
// or an on-prem agent's profile through the tunnel.
type sqlRunner interface {
	run(ctx context.Context, st sqlStatement) (*sqlResult, error)
}

// runner returns how a step reaches its connection's database: through an
// agent of its on-prem group, with the profile the connection names, or
// directly.
func (p postgresProvider) runner(c *Call, conn *partnerd.Connection) (sqlRunner, error) {
	if conn.OnPremGroupID == nil {
		pool, err := p.pools.get(conn)
		if err != nil {
			return nil, err
		}
		return poolRunner{pool}, nil
	}
	return onPremRunner(c, conn, "postgresql")
}

// onPremRunner returns the runner of a connection of an on-prem group for
// the statements of a config.yml adapter: with the profile it names,
// through the engine's tunnel.
func onPremRunner(c *Call, conn *partnerd.Connection, adapter string) (tunnelRunner, error) {
	profile := inputString(conn.Input, "profile")
	if profile == "" {
		return tunnelRunner{}, stepFailed("Connection %s names an on-prem group but no profile: set its profile to one of the agent's config.yml", connectionName(conn))
	}
	tunnel := c.run.e.OnPrem
	if tunnel == nil {
		return tunnelRunner{}, stepFailed("Connection %s uses an on-prem group, but this server has no agent listener", connectionName(conn))
	}
	return tunnelRunner{tunnel: tunnel, workspaceID: c.WorkspaceID(), groupID: *conn.OnPremGroupID, profile: profile, adapter: adapter}, nil
}

// poolRunner runs statements on a pool of the server's.
type poolRunner struct{ pool *pgxpool.Pool }

func (r poolRunner) run(ctx context.Context, st sqlStatement) (*sqlResult, error) {
	rows, err := r.pool.Query(ctx, st.sql, st.args...)
	if err != nil {
		return nil, abandonedOr(ctx, sqlError(err))
	}
	list, err := collectRows(rows, maxRowLimit)
	if err != nil {
		return nil, abandonedOr(ctx, sqlError(err))
	}
	return &sqlResult{hasRows: len(rows.FieldDescriptions()) > 0, rows: list,
		rowsAffected: rows.CommandTag().RowsAffected()}, nil
}

// collectRows reads at most limit rows as hashes of column → value.
func collectRows(rows pgx.Rows, limit int) ([]formula.Value, error) {
	defer rows.Close()
	fields := rows.FieldDescriptions()
	var list []formula.Value
	for rows.Next() {
		if len(list) >= limit {
			break
		}
		values, err := rows.Values()
		if err != nil {
			return nil, err
		}
		row := formula.NewHash(len(fields))
		for i, f := range fields {
			row.Set(f.Name, pgValue(values[i]))
		}
		list = append(list, formula.HashValue(row))
	}
	rows.Close()
	return list, rows.Err()
}

// tunnelRunner runs statements of a config.yml adapter through an agent
// of an on-prem group.
type tunnelRunner struct {
	tunnel      partnerd.OnPremTunnel
	workspaceID int64
	groupID     int64
	profile     string
	adapter     string
}

func (r tunnelRunner) run(ctx context.Context, st sqlStatement) (*sqlResult, error) {
	return r.send(ctx, st, false)
}

// send runs a statement on the agent; exec says it answers no rows, so
// that the agent answers the rows it changed and the id it generated.
func (r tunnelRunner) send(ctx context.Context, st sqlStatement, exec bool) (*sqlResult, error) {
	res, err := r.tunnel.Exec(ctx, r.workspaceID, r.groupID, r.profile, partnerd.OnPremOperation{
		Action: st.action, Adapter: r.adapter, SQL: st.sql, Args: st.args, MaxRows: maxRowLimit, Write: st.write, Exec: exec})
	if err != nil {
		var perr *partnerd.Error
		if errors.As(err, &perr) {
			return nil, abandonedOr(ctx, stepFailed("%s", perr.Message))
		}
		return nil, abandonedOr(ctx, stepFailed("On-prem agent: %v", err))
	}
	out := &sqlResult{hasRows: res.HasRows, rowsAffected: res.RowsAffected, lastInsertID: res.LastInsertID,
		servedBy: &partnerd.LineAgent{ID: res.AgentID, Name: res.AgentName}}
	for _, values := range res.Rows {
		row := formula.NewHash(len(res.Columns))
		for i, col := range res.Columns {
			var v any
			if i < len(values) {
				v = values[i]
			}
			kind := partnerd.OnPremKindJSON
			if i < len(res.Kinds) {
				kind = res.Kinds[i]
			}
			row.Set(col, plainValue(partnerd.OnPremPlainValue(v, kind)))
		}
		out.rows = append(out.rows, formula.HashValue(row))
	}
	return out, nil
}
