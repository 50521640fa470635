package engine

import (
	"database/sql"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/partnerd/partnerd"
)

// mysqlPools keeps one pool per MySQL connection, made again when the
// connection is edited. Every pool dials through the egress policy.
type mysqlPools struct {
	e     *Engine
	mu    sync.Mutex
	pools map[[2]int64]*mysqlPool
}

// mysqlPool is the pool of one revision of a connection.
type mysqlPool struct {
	updatedAt int64
	db        *sql.DB
}

func newMySQLPools(e *Engine) *mysqlPools {
	return &mysqlPools{e: e, pools: map[[2]int64]*mysqlPool{}}
}

// get returns the pool of a connection, opening it on first use. Its
// input holds host, port (3306), database, username, password and tls
// (preferred, true, skip-verify or false).
func (p *mysqlPools) get(c *partnerd.Connection) (*sql.DB, error) {
	key, rev := [2]int64{c.WorkspaceID, c.ID}, c.UpdatedAt.UnixNano()
	p.mu.Lock()
	defer p.mu.Unlock()
	if old := p.pools[key]; old != nil {
		if old.updatedAt == rev {
			return old.db, nil
		}
		delete(p.pools, key)
		go old.db.Close() // Close waits for the connections in use.
	}
	cfg, err := mysqlConfig(c)
	if err != nil {
		return nil, err
	}
	cfg.DialFunc = p.e.Egress.DialContext
	connector, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, stepFailed("Connection %s: %v", connectionName(c), err)
	}
	db := sql.OpenDB(connector)
	db.SetMaxOpenConns(pgMaxConns)
	db.SetMaxIdleConns(pgMaxConns)
	db.SetConnMaxIdleTime(5 * time.Minute)
	p.pools[key] = &mysqlPool{updatedAt: rev, db: db}
	return db, nil
}

// mysqlConfig reads a connection's input into the driver's settings.
// Values are always sent apart from the statement (server-side
// prepared), never interpolated by the driver.
func mysqlConfig(c *partnerd.Connection) (*mysql.Config, error) {
	in := c.Input
	host, port := inputString(in, "host"), inputString(in, "port")
	if host == "" || inputString(in, "database") == "" {
		return nil, stepFailed("Connection %s needs host and database", connectionName(c))
	}
	if port == "" {
		port = "3306"
	}
	cfg := mysql.NewConfig()
	cfg.Net = "tcp"
	cfg.Addr = net.JoinHostPort(strings.Trim(host, "[]"), port)
	cfg.User, cfg.Passwd, cfg.DBName = inputString(in, "username"), inputString(in, "password"), inputString(in, "database")
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	cfg.InterpolateParams = false
	cfg.Timeout = pgConnectTimeout
	cfg.Logger = &mysql.NopLogger{}
	cfg.Params = map[string]string{"time_zone": "'+00:00'"}
	switch mode := inputString(in, "tls"); mode {
	case "":
		cfg.TLSConfig = "preferred"
	case "preferred", "true", "skip-verify", "false":
		cfg.TLSConfig = mode
	default:
		return nil, stepFailed("Connection %s: tls %q is not preferred, true, skip-verify or false", connectionName(c), mode)
	}
	return cfg, nil
}

// close closes every pool.
func (p *mysqlPools) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for key, pool := range p.pools {
		pool.db.Close()
		delete(p.pools, key)
	}
}
