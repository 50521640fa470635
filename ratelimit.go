package partnerd

import (
	"context"
	"time"
)

// RateDecision is the answer of a rate limiter for one request.
type RateDecision struct {
	Allowed   bool
	Limit     int
	Remaining int
	Reset     time.Time // the end of the current window
}

// RateLimiter counts requests per key in fixed windows. One process keeps
// counts in memory; replicas share them through the database.
type RateLimiter interface {
	// Allow counts one request under key and decides it against limit per window.
	Allow(ctx context.Context, key string, limit int, window time.Duration) (RateDecision, error)
}
