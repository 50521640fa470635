package http

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/partnerd/partnerd"
)

// rateLimits is the table of behaviors §6: requests per minute for each
// route group, in an admin workspace and in a customer workspace.
var rateLimits = map[string]struct{ admin, customer int }{
	"customers.create":     {1000, 1000},
	"customers":            {60, 60},
	"members.delete":       {1000, 1000},
	"usage":                {1000, 1000},
	"folders":              {60, 60},
	"connections.list":     {1000, 1000},
	"connections":          {60, 60},
	"recipes.read":         {2000, 2000},
	"recipes":              {1000, 1000},
	"imports":              {1000, 1000},
	"exports":              {60, 60},
	"properties.list":      {1000, 1000},
	"properties.upsert":    {60, 60},
	"lookup_tables.rows":   {1000, 1000},
	"lookup_tables":        {60, 60},
	"api_platform":         {1000, 1000},
	"connectors":           {60, 60},
	"dev_api_clients.list": {60, 1000},
	"dev_api_clients":      {60, 60},
	"on_prem":              {1000, 1000},
	"developer":            {60, 60},
}

const rateWindow = time.Minute

// limit counts the request against its route group: per admin workspace on
// the Embedded families, per calling workspace on the Developer one. It sets
// the X-RateLimit headers and refuses a request over the limit.
func (s *Server) limit(w http.ResponseWriter, r *http.Request, rt route, caller *partnerd.Caller) error {
	if s.RateLimiter == nil || rt.limit == "" {
		return nil
	}
	l, ok := rateLimits[rt.limit]
	if !ok {
		panic("http: route " + rt.pattern + " names unknown rate-limit group " + rt.limit)
	}
	perMinute, key := l.customer, caller.AccountID
	if rt.family == familyD {
		key = caller.WorkspaceID
		if caller.IsAdminWorkspace() {
			perMinute = l.admin
		}
	} else if rt.family != familyE2 {
		perMinute = l.admin
	}
	perMinute = max(1, int(math.Ceil(float64(perMinute)*s.RateFactor)))
	d, err := s.RateLimiter.Allow(r.Context(), rt.limit+":"+strconv.FormatInt(key, 10), perMinute, rateWindow)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("X-RateLimit-Limit", strconv.Itoa(d.Limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(d.Remaining))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(d.Reset.Unix(), 10))
	if !d.Allowed {
		retry := int(math.Ceil(d.Reset.Sub(s.Now.Now()).Seconds()))
		h.Set("Retry-After", strconv.Itoa(max(1, retry)))
		s.metrics.rejections.WithLabelValues(rt.limit).Inc()
		return partnerd.Errorf(partnerd.ERATELIMIT, "Too many requests")
	}
	return nil
}

// MemoryRateLimiter counts requests in fixed windows in this process.
type MemoryRateLimiter struct {
	Now partnerd.Clock

	mu      sync.Mutex
	windows map[string]*rateWindowCount
}

type rateWindowCount struct {
	start time.Time
	count int
}

var _ partnerd.RateLimiter = (*MemoryRateLimiter)(nil)

// Allow implements partnerd.RateLimiter.
func (m *MemoryRateLimiter) Allow(_ context.Context, key string, limit int, window time.Duration) (partnerd.RateDecision, error) {
	start := m.Now.Now().Truncate(window)
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.windows == nil {
		m.windows = map[string]*rateWindowCount{}
	}
	c := m.windows[key]
	if c == nil || !c.start.Equal(start) {
		if len(m.windows) > 100_000 {
			m.sweep(start)
		}
		c = &rateWindowCount{start: start}
		m.windows[key] = c
	}
	c.count++
	return partnerd.RateDecision{Allowed: c.count <= limit, Limit: limit,
		Remaining: max(0, limit-c.count), Reset: start.Add(window)}, nil
}

// sweep forgets the windows that ended before start.
func (m *MemoryRateLimiter) sweep(start time.Time) {
	for k, c := range m.windows {
		if c.start.Before(start) {
			delete(m.windows, k)
		}
	}
}
