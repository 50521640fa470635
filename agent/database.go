package agent

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/jackc/pgx/v5/pgxpool"
)

// databases runs the server's statements on the agent's database profiles,
// with a pool per profile opened on first use.
type databases struct {
	profiles map[string]*DatabaseProfile
	mu       sync.Mutex
	pools    map[string]*pgxpool.Pool
	mysql    mysqlPools
}

// pool returns the pool of a PostgreSQL profile, which profile has
// checked, opening it on first use.
func (d *databases) pool(p *DatabaseProfile) (*pgxpool.Pool, error) {
	name := p.Name
	d.mu.Lock()
	defer d.mu.Unlock()
	if pool := d.pools[name]; pool != nil {
		return pool, nil
	}
	port := p.Port
	if port == "" {
		port = "5432"
	}
	q := url.Values{}
	q.Set("sslmode", "prefer")
	if p.SSLMode != "" {
		q.Set("sslmode", p.SSLMode)
	}
	for k, v := range p.Options {
		q.Set(k, v)
	}
	u := url.URL{Scheme: "postgres", User: url.UserPassword(p.Username, p.Password),
		Host: net.JoinHostPort(strings.Trim(p.Host, "[]"), port), Path: "/" + p.Database, RawQuery: q.Encode()}
	cfg, err := pgxpool.ParseConfig(u.String())
	if err != nil {
		return nil, fmt.Errorf("profile %q: its host, port, database or sslmode is not valid", name)
	}
	cfg.MaxConns = 10
	cfg.ConnConfig.BuildFrontend = func(r io.Reader, w io.Writer) *pgproto3.Frontend {
		f := pgproto3.NewFrontend(r, w)
		f.SetMaxBodyLen(maxPGMessage)
		return f
	}
	cfg.ConnConfig.ConnectTimeout = cmp.Or(p.ConnectTimeout, 10*time.Second)
	if cfg.ConnConfig.RuntimeParams["application_name"] == "" {
		cfg.ConnConfig.RuntimeParams["application_name"] = "partnerd agent"
	}
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		return nil, fmt.Errorf("profile %q: %v", name, err)
	}
	if d.pools == nil {
		d.pools = map[string]*pgxpool.Pool{}
	}
	d.pools[name] = pool
	return pool, nil
}

// exec runs one statement and streams at most its request's rows to out,
// their encoding at most partnerd.OnPremMaxResult bytes.
func (d *databases) exec(ctx context.Context, r *Request, out *resultStream) (*Result, error) {
	p, err := d.profile(r)
	if err != nil {
		return nil, err
	}
	if p.Adapter == AdapterMySQL {
		return d.mysql.exec(ctx, p, r, out)
	}
	pool, err := d.pool(p)
	if err != nil {
		return nil, err
	}
	rows, err := pool.Query(ctx, r.SQL, r.Args...)
	if err != nil {
		return nil, databaseError(err)
	}
	defer rows.Close()
	fields := rows.FieldDescriptions()
	res := &Result{HasRows: len(fields) > 0, Kinds: pgKinds(fields)}
	for _, f := range fields {
		res.Columns = append(res.Columns, f.Name)
	}
	out.Columns(res.Columns)
	for !out.Full() && rows.Next() {
		values, err := rows.Values()
		if err != nil {
			return nil, databaseError(err)
		}
		row := make([]any, len(values))
		for i, v := range values {
			row[i] = pgWireValue(v, res.Kinds[i])
		}
		if err := out.Row(row); err != nil {
			return nil, err
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, databaseError(err)
	}
	res.RowsAffected = rows.CommandTag().RowsAffected()
	return res, nil
}

// close closes every pool.
func (d *databases) close() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for name, pool := range d.pools {
		pool.Close()
		delete(d.pools, name)
	}
	d.mysql.close()
}

// maxPGMessage bounds a message the agent reads from PostgreSQL, a row
// above all: a row whose encoding passes maxRowBytes fails anyway, and
// PostgreSQL's binary form of a value takes at most four times its JSON
// (an int4 array's element: 8 bytes against 2). A larger row fails before
// it is read, rather than after the agent holds it whole.
const maxPGMessage = 4 * maxRowBytes

// databaseError words a database's refusal with its SQL state.
func databaseError(err error) error {
	if errors.As(err, new(*pgproto3.ExceededMaxBodyLenErr)) {
		return fmt.Errorf("a row is larger than %d MiB: select fewer or narrower columns", maxPGMessage>>20)
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		msg := "PostgreSQL error " + pg.Code + ": " + pg.Message
		if pg.Detail != "" {
			msg += " (" + pg.Detail + ")"
		}
		return errors.New(msg)
	}
	return fmt.Errorf("PostgreSQL: %v", err)
}
