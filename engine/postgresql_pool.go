package engine

import (
	"context"
	"net"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/partnerd/partnerd"
)

// pgPools keeps one pool per PostgreSQL connection, made again when the
// connection is edited. Every pool dials through the egress policy.
type pgPools struct {
	e     *Engine
	mu    sync.Mutex
	pools map[[2]int64]*pgPool
}

// pgPool is the pool of one revision of a connection.
type pgPool struct {
	updatedAt int64
	pool      *pgxpool.Pool
}

// Pool limits per connection.
const (
	pgMaxConns       = 10
	pgConnectTimeout = 10 * time.Second
)

func newPGPools(e *Engine) *pgPools { return &pgPools{e: e, pools: map[[2]int64]*pgPool{}} }

// get returns the pool of a connection, opening it on first use. Its
// input holds host, port (5432), database, username, password, schema
// (the search path) and sslmode (prefer).
func (p *pgPools) get(c *partnerd.Connection) (*pgxpool.Pool, error) {
	key, rev := [2]int64{c.WorkspaceID, c.ID}, c.UpdatedAt.UnixNano()
	p.mu.Lock()
	defer p.mu.Unlock()
	if old := p.pools[key]; old != nil {
		if old.updatedAt == rev {
			return old.pool, nil
		}
		delete(p.pools, key)
		go old.pool.Close() // Close waits for the connections in use.
	}
	cfg, err := pgConfig(c)
	if err != nil {
		return nil, err
	}
	cfg.ConnConfig.DialFunc = p.e.Egress.DialContext
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		return nil, stepFailed("Connection %s: %v", connectionName(c), err)
	}
	p.pools[key] = &pgPool{updatedAt: rev, pool: pool}
	return pool, nil
}

// pgConfig reads a connection's input into a pool's settings.
func pgConfig(c *partnerd.Connection) (*pgxpool.Config, error) {
	in := c.Input
	host, port := inputString(in, "host"), inputString(in, "port")
	if host == "" || inputString(in, "database") == "" {
		return nil, stepFailed("Connection %s needs host and database", connectionName(c))
	}
	if port == "" {
		port = "5432"
	}
	q := url.Values{}
	q.Set("sslmode", "prefer")
	if mode := inputString(in, "sslmode"); mode != "" {
		q.Set("sslmode", mode)
	}
	q.Set("pool_max_conns", "10")
	u := url.URL{Scheme: "postgres", User: url.UserPassword(inputString(in, "username"), inputString(in, "password")),
		Host: net.JoinHostPort(strings.Trim(host, "[]"), port), Path: "/" + inputString(in, "database"), RawQuery: q.Encode()}
	cfg, err := pgxpool.ParseConfig(u.String())
	if err != nil {
		return nil, stepFailed("Connection %s: its host, port, database or sslmode is not valid", connectionName(c))
	}
	cfg.MaxConns = pgMaxConns
	cfg.MaxConnIdleTime = 5 * time.Minute
	cfg.ConnConfig.ConnectTimeout = pgConnectTimeout
	if schema := inputString(in, "schema"); schema != "" {
		quoted, err := quoteIdent(schema)
		if err != nil {
			return nil, err
		}
		cfg.ConnConfig.RuntimeParams["search_path"] = quoted
	}
	cfg.ConnConfig.RuntimeParams["application_name"] = "partnerd"
	return cfg, nil
}

// close closes every pool.
func (p *pgPools) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for key, pool := range p.pools {
		pool.pool.Close()
		delete(p.pools, key)
	}
}
