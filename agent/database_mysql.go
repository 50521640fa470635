package agent

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/partnerd/partnerd"
)

// Timeouts of the agent's MySQL connections: to connect, and to read or
// write on a connection, a bound on a database that stopped answering.
// A statement ends sooner when the server cancels its step.
const (
	mysqlConnectTimeout = 10 * time.Second
	mysqlIOTimeout      = 5 * time.Minute
)

// mysqlPools keeps a pool per MySQL profile, opened on first use.
type mysqlPools struct {
	mu  sync.Mutex
	dbs map[string]*sql.DB
}

// get returns the pool of a profile.
func (m *mysqlPools) get(p *DatabaseProfile) (*sql.DB, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if db := m.dbs[p.Name]; db != nil {
		return db, nil
	}
	cfg, err := mysqlProfileConfig(p)
	if err != nil {
		return nil, err
	}
	connector, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, fmt.Errorf("profile %q: %v", p.Name, err)
	}
	db := sql.OpenDB(connector)
	db.SetMaxOpenConns(10)
	db.SetMaxIdleConns(10)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if m.dbs == nil {
		m.dbs = map[string]*sql.DB{}
	}
	m.dbs[p.Name] = db
	return db, nil
}

// mysqlProfileConfig reads a profile's host, port (3306), database,
// username and password into the driver's settings, with those of the
// server's own mysql connector: times in UTC, values always sent apart
// from the statement. Its sslmode chooses TLS: disable, require (without
// checking the certificate), verify-full, or prefer when unset.
func mysqlProfileConfig(p *DatabaseProfile) (*mysql.Config, error) {
	if p.Host == "" || p.Database == "" {
		return nil, fmt.Errorf("profile %q needs host and database", p.Name)
	}
	port := p.Port
	if port == "" {
		port = "3306"
	}
	cfg := mysql.NewConfig()
	cfg.Net = "tcp"
	cfg.Addr = net.JoinHostPort(strings.Trim(p.Host, "[]"), port)
	cfg.User, cfg.Passwd, cfg.DBName = p.Username, p.Password, p.Database
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	cfg.InterpolateParams = false
	cfg.Timeout = cmp.Or(p.ConnectTimeout, mysqlConnectTimeout)
	cfg.ReadTimeout, cfg.WriteTimeout = mysqlIOTimeout, mysqlIOTimeout
	cfg.Logger = &mysql.NopLogger{}
	cfg.Params = map[string]string{"time_zone": "'+00:00'"}
	switch p.SSLMode {
	case "", "prefer", "allow":
		cfg.TLSConfig = "preferred"
	case "disable":
		cfg.TLSConfig = "false"
	case "require":
		cfg.TLSConfig = "skip-verify"
	case "verify-ca", "verify-full":
		cfg.TLSConfig = "true"
	default:
		return nil, fmt.Errorf("profile %q: sslmode %q is not disable, prefer, require or verify-full", p.Name, p.SSLMode)
	}
	return cfg, nil
}

// exec runs one statement on a MySQL profile: a statement that answers no
// rows for the rows it changed and the id LAST_INSERT_ID gave, any other
// streams at most its request's rows to out, their encoding at most
// partnerd.OnPremMaxResult bytes.
func (m *mysqlPools) exec(ctx context.Context, p *DatabaseProfile, r *Request, out *resultStream) (*Result, error) {
	db, err := m.get(p)
	if err != nil {
		return nil, err
	}
	if r.Exec {
		done, err := db.ExecContext(ctx, r.SQL, r.Args...)
		if err != nil {
			return nil, mysqlError(ctx, err)
		}
		n, _ := done.RowsAffected()
		id, _ := done.LastInsertId()
		return &Result{RowsAffected: n, LastInsertID: id}, nil
	}
	rows, err := db.QueryContext(ctx, r.SQL, r.Args...)
	if err != nil {
		return nil, mysqlError(ctx, err)
	}
	defer rows.Close()
	types, err := rows.ColumnTypes()
	if err != nil {
		return nil, mysqlError(ctx, err)
	}
	res := &Result{HasRows: len(types) > 0, Kinds: make([]string, len(types))}
	for i, t := range types {
		res.Columns = append(res.Columns, t.Name())
		res.Kinds[i] = partnerd.MySQLKind(t.DatabaseTypeName())
	}
	out.Columns(res.Columns)
	values := make([]any, len(types))
	ptrs := make([]any, len(types))
	for i := range values {
		ptrs[i] = &values[i]
	}
	for !out.Full() && rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, mysqlError(ctx, err)
		}
		row := make([]any, len(values))
		for i, v := range values {
			row[i] = partnerd.OnPremWireValue(partnerd.MySQLValue(v, types[i].DatabaseTypeName()), res.Kinds[i])
		}
		if err := out.Row(row); err != nil {
			return nil, err
		}
	}
	if err := rows.Err(); err != nil {
		return nil, mysqlError(ctx, err)
	}
	if err := rows.Close(); err != nil {
		return nil, mysqlError(ctx, err)
	}
	return res, nil
}

// close closes every pool.
func (m *mysqlPools) close() {
	m.mu.Lock()
	defer m.mu.Unlock()
	for name, db := range m.dbs {
		db.Close()
		delete(m.dbs, name)
	}
}

// mysqlError words a database's refusal as the server's mysql connector
// does: with its error number and SQL state.
func mysqlError(ctx context.Context, err error) error {
	var my *mysql.MySQLError
	if errors.As(err, &my) {
		state := string(my.SQLState[:])
		if strings.Trim(state, "\x00") == "" {
			return fmt.Errorf("MySQL error %d: %s", my.Number, my.Message)
		}
		return fmt.Errorf("MySQL error %d (SQL state %s): %s", my.Number, state, my.Message)
	}
	if ctx.Err() != nil {
		return fmt.Errorf("MySQL: the statement was cancelled: %v", context.Cause(ctx))
	}
	return fmt.Errorf("MySQL: %v", err)
}
