package engine

import (
	"context"
	"database/sql"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/formula"
)

// mysqlRunner runs the statements of a MySQL step: on a pool of the
// server's, or on an agent's profile through the tunnel. exec runs a
// statement that answers no rows and returns the rows it changed and the
// id LAST_INSERT_ID gave; query reads at most maxRowLimit rows as hashes.
type mysqlRunner interface {
	exec(ctx context.Context, st sqlStatement) (n, id int64, err error)
	query(ctx context.Context, st sqlStatement) ([]formula.Value, error)
}

// runner returns how a step reaches its connection's database: through an
// agent of its on-prem group, with the profile the connection names, or
// directly.
func (p mysqlProvider) runner(c *Call, conn *partnerd.Connection) (mysqlRunner, error) {
	if conn.OnPremGroupID == nil {
		db, err := p.pools.get(conn)
		if err != nil {
			return nil, err
		}
		return mysqlDB{db}, nil
	}
	t, err := onPremRunner(c, conn, "mysql")
	if err != nil {
		return nil, err
	}
	return &mysqlTunnel{tunnelRunner: t}, nil
}

// mysqlDB runs statements on a pool of the server's.
type mysqlDB struct{ db *sql.DB }

func (r mysqlDB) exec(ctx context.Context, st sqlStatement) (int64, int64, error) {
	return mysqlExec(ctx, r.db, st.sql, st.args)
}

func (r mysqlDB) query(ctx context.Context, st sqlStatement) ([]formula.Value, error) {
	return mysqlQuery(ctx, r.db, st.sql, st.args)
}

// mysqlTunnel runs statements through an agent of an on-prem group;
// servedBy is the agent that ran the first of them.
type mysqlTunnel struct {
	tunnelRunner
	servedBy *partnerd.LineAgent
}

func (r *mysqlTunnel) exec(ctx context.Context, st sqlStatement) (int64, int64, error) {
	res, err := r.send(ctx, mysqlTunnelArgs(st), true)
	if err != nil {
		return 0, 0, err
	}
	r.served(res)
	return res.rowsAffected, res.lastInsertID, nil
}

func (r *mysqlTunnel) query(ctx context.Context, st sqlStatement) ([]formula.Value, error) {
	res, err := r.send(ctx, mysqlTunnelArgs(st), false)
	if err != nil {
		return nil, err
	}
	r.served(res)
	return res.rows, nil
}

func (r *mysqlTunnel) served(res *sqlResult) {
	if r.servedBy == nil {
		r.servedBy = res.servedBy
	}
}

// mysqlTunnelArgs writes the times among a statement's values as the
// driver sends them to MySQL, in UTC, so that a value bound through an
// agent is the text a direct connection would bind.
func mysqlTunnelArgs(st sqlStatement) sqlStatement {
	args := make([]any, len(st.args))
	for i, a := range st.args {
		args[i] = a
		if t, ok := a.(time.Time); ok {
			args[i] = mysqlTimeText(t)
		}
	}
	st.args = args
	return st
}

// mysqlTimeText is a time as go-sql-driver/mysql binds it in UTC: the
// date alone at midnight, and 0000-00-00 for the zero time.
func mysqlTimeText(t time.Time) string {
	if t.IsZero() {
		return "0000-00-00"
	}
	t = t.UTC()
	if h, m, s := t.Clock(); h == 0 && m == 0 && s == 0 && t.Nanosecond() == 0 {
		return t.Format(time.DateOnly)
	}
	return t.Format("2006-01-02 15:04:05.999999999")
}
