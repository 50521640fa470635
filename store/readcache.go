package store

import (
	"fmt"
	"sync"
	"sync/atomic"
)

// maxCachedReads bounds a readCache: past it, the cache starts afresh.
const maxCachedReads = 20000

// readCache keeps the answers of frequent small reads on SQLite, where one
// process does every write: each commit moves the store's generation on,
// and an answer is good only for the generation it was read in. PostgreSQL
// replicas write behind each other's backs, so there the cache is off.
type readCache struct {
	mu      sync.Mutex
	entries map[any]cachedRead
}

type cachedRead struct {
	generation uint64
	value      any
}

// generations counts a store's commits.
type generations struct{ n atomic.Uint64 }

func (g *generations) current() uint64 { return g.n.Load() }

// advance marks a commit. It follows the commit, so that a read which
// began before the commit became visible is kept under an older number.
func (g *generations) advance() { g.n.Add(1) }

func newReadCache() *readCache { return &readCache{entries: map[any]cachedRead{}} }

func (c *readCache) get(key any, generation uint64) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || e.generation != generation {
		return nil, false
	}
	return e.value, true
}

func (c *readCache) put(key any, generation uint64, value any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= maxCachedReads {
		clear(c.entries)
	}
	c.entries[key] = cachedRead{generation: generation, value: value}
}

// cached returns read's answer for key from the cache, or reads it
// and keeps it under the generation current before the read began. A nil
// cache reads every time.
func cached[T any](db *DB, key any, read func() (T, error)) (T, error) {
	if db.reads == nil {
		return read()
	}
	generation := db.commits.current()
	if v, ok := db.reads.get(key, generation); ok {
		return v.(T), nil
	}
	v, err := read()
	if err == nil {
		db.reads.put(key, generation, v)
	}
	return v, err
}

// queryKey keys the answer of a query in the read cache: its text and its
// arguments, the caller's folder scope included, written unambiguously.
type queryKey string

func keyOfQuery(query string, args []any) queryKey {
	return queryKey(query + "\x00" + fmt.Sprintf("%#v", args))
}
