package engine

import (
	"context"
	"sync"
	"time"

	"github.com/partnerd/partnerd/formula"
)

// zoneTTL is how long a workspace's time zone is kept before it is read
// again: a change of a workspace's time_zone reaches its jobs within it.
const zoneTTL = 10 * time.Second

// zoneCache keeps the time zone of each workspace whose jobs ran lately.
type zoneCache struct {
	mu sync.Mutex
	m  map[int64]zoneEntry
}

type zoneEntry struct {
	loc   *time.Location
	until time.Time
}

// maxZoneEntries bounds the cache; past it, it starts again empty.
const maxZoneEntries = 10_000

// location returns the time zone of a workspace for its jobs' formulas,
// or nil (the formula default) without Workspaces, for an unknown zone
// name, or when the workspace cannot be read.
func (e *Engine) location(ctx context.Context, workspaceID int64) *time.Location {
	if e.Workspaces == nil {
		return nil
	}
	now := time.Now()
	e.zones.mu.Lock()
	entry, ok := e.zones.m[workspaceID]
	e.zones.mu.Unlock()
	if ok && now.Before(entry.until) {
		return entry.loc
	}
	w, err := e.Workspaces.FindWorkspaceByID(ctx, workspaceID)
	if err != nil {
		return nil
	}
	loc := formula.Zone(w.TimeZone)
	e.zones.mu.Lock()
	if e.zones.m == nil || len(e.zones.m) >= maxZoneEntries {
		e.zones.m = map[int64]zoneEntry{}
	}
	e.zones.m[workspaceID] = zoneEntry{loc: loc, until: now.Add(zoneTTL)}
	e.zones.mu.Unlock()
	return loc
}
