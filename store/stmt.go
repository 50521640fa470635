package store

import (
	"context"
	"database/sql"
	"sync"
)

// maxStatements is the most statements a cache keeps prepared; further
// queries run unprepared.
const maxStatements = 1024

// stmtCache keeps statements prepared on one SQLite pool, by query text,
// so that SQLite parses each query once rather than on every call.
// PostgreSQL needs none: pgx keeps its own.
type stmtCache struct {
	db *sql.DB
	mu sync.RWMutex
	m  map[string]*sql.Stmt
}

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, m: map[string]*sql.Stmt{}}
}

// prepared returns the statement of query, preparing it the first time;
// nil when it cannot be prepared or the cache is full, and the caller runs
// the query unprepared.
func (c *stmtCache) prepared(ctx context.Context, query string) *sql.Stmt {
	c.mu.RLock()
	s, ok := c.m[query]
	c.mu.RUnlock()
	if ok {
		return s
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.m[query]; ok {
		return s
	}
	if len(c.m) >= maxStatements {
		return nil
	}
	s, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	c.m[query] = s
	return s
}

// close closes every statement.
func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, s := range c.m {
		s.Close()
		delete(c.m, q)
	}
}

// statement returns the prepared statement of a rebound query on c, bound
// to c's transaction when it runs in one; nil when c has no cache.
func (c conn) statement(ctx context.Context, query string) *sql.Stmt {
	if c.stmts == nil {
		return nil
	}
	s := c.stmts.prepared(ctx, query)
	if s == nil || c.tx == nil {
		return s
	}
	return c.tx.StmtContext(ctx, s)
}
