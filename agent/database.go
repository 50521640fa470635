package agent

import (
	"context"
	"database/sql/driver"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"go.yaml.in/yaml/v3"
)

// DatabaseProfile is a database profile of config.yml with the settings
// the agent connects with.
type DatabaseProfile struct {
	Name     string
	Adapter  string
	Host     string
	Port     string
	Database string
	Username string
	Password string
	SSLMode  string // sslmode, prefer unless set
	// Unread lists the settings given as secrets ({secret: …}), which
	// this agent does not read; the profile fails when used.
	Unread []string
}

// ParseDatabases reads the database profiles of Workato's config.yml: for
// each, its adapter, host, port, database, username and password, and
// partnerd's sslmode. A setting given as a secret ({secret: …}) is not
// read: the profile fails when used, naming it.
func ParseDatabases(b []byte) (map[string]*DatabaseProfile, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("profiles: %w", err)
	}
	out := map[string]*DatabaseProfile{}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return out, nil
	}
	section := setting(doc.Content[0], "database")
	if section == nil || section.Kind != yaml.MappingNode {
		return out, nil
	}
	for i := 0; i+1 < len(section.Content); i += 2 {
		name, settings := section.Content[i], section.Content[i+1]
		if settings.Kind != yaml.MappingNode {
			continue
		}
		p := &DatabaseProfile{Name: name.Value}
		for key, field := range map[string]*string{"adapter": &p.Adapter, "host": &p.Host, "port": &p.Port,
			"database": &p.Database, "username": &p.Username, "password": &p.Password, "sslmode": &p.SSLMode} {
			n := setting(settings, key)
			if n == nil {
				continue
			}
			if n.Kind != yaml.ScalarNode {
				p.Unread = append(p.Unread, key)
				continue
			}
			*field = n.Value
		}
		out[p.Name] = p
	}
	return out, nil
}

// databases runs the server's statements on the agent's database profiles,
// with a pool per profile opened on first use.
type databases struct {
	profiles map[string]*DatabaseProfile
	mu       sync.Mutex
	pools    map[string]*pgxpool.Pool
}

// pool returns the pool of a profile; a profile the agent does not have,
// or not of PostgreSQL, is an error naming it.
func (d *databases) pool(name string) (*pgxpool.Pool, error) {
	p := d.profiles[name]
	if p == nil {
		return nil, fmt.Errorf("profile %q is not in this agent's config.yml", name)
	}
	if len(p.Unread) > 0 {
		slices.Sort(p.Unread)
		return nil, fmt.Errorf("profile %q: %s given as secrets, which this agent does not read", name, strings.Join(p.Unread, ", "))
	}
	if p.Adapter != "postgresql" {
		return nil, fmt.Errorf("profile %q: adapter %q is not supported by this agent (postgresql is)", name, p.Adapter)
	}
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
	u := url.URL{Scheme: "postgres", User: url.UserPassword(p.Username, p.Password),
		Host: net.JoinHostPort(strings.Trim(p.Host, "[]"), port), Path: "/" + p.Database, RawQuery: q.Encode()}
	cfg, err := pgxpool.ParseConfig(u.String())
	if err != nil {
		return nil, fmt.Errorf("profile %q: its host, port, database or sslmode is not valid", name)
	}
	cfg.MaxConns = 10
	cfg.ConnConfig.ConnectTimeout = 10 * time.Second
	cfg.ConnConfig.RuntimeParams["application_name"] = "partnerd agent"
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
	pool, err := d.pool(r.Profile)
	if err != nil {
		return nil, err
	}
	rows, err := pool.Query(ctx, r.SQL, r.Args...)
	if err != nil {
		return nil, databaseError(err)
	}
	defer rows.Close()
	fields := rows.FieldDescriptions()
	res := &Result{HasRows: len(fields) > 0}
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
			row[i] = jsonValue(v)
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
}

// databaseError words a database's refusal with its SQL state.
func databaseError(err error) error {
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

// jsonValue is a value pgx read as a JSON value: times as RFC 3339 text,
// numerics as numbers, uuids and bytes as text.
func jsonValue(x any) any {
	switch x := x.(type) {
	case nil, bool, int16, int32, int64, float32, float64, string:
		return x
	case []byte:
		return string(x)
	case time.Time:
		return x.Format(time.RFC3339Nano)
	case [16]byte:
		s := hex.EncodeToString(x[:])
		return s[0:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:]
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonValue(e)
		}
		return out
	case map[string]any:
		return x
	case driver.Valuer:
		if v, err := x.Value(); err == nil {
			if s, ok := v.(string); ok {
				if json.Valid([]byte(s)) && isNumber(s) {
					return json.Number(s)
				}
				return s
			}
			return jsonValue(v)
		}
	}
	return fmt.Sprint(x)
}

// isNumber reports whether s is a plain decimal number.
func isNumber(s string) bool {
	if s == "" || s == "-" {
		return false
	}
	for i, c := range s {
		if !(c >= '0' && c <= '9' || c == '.' || c == '-' && i == 0) {
			return false
		}
	}
	return true
}
