package store

import (
	"context"
	"time"

	"github.com/partnerd/partnerd"
)

var _ partnerd.RateLimiter = (*DB)(nil)

// Allow counts one request under key in the current fixed window, in the
// database, so that every replica on it shares the count.
func (db *DB) Allow(ctx context.Context, key string, limit int, window time.Duration) (partnerd.RateDecision, error) {
	now := db.Now.Now()
	start := now.Truncate(window)
	var count int
	err := db.inTx(ctx, func(tx conn) error {
		err := tx.queryRow(ctx, `INSERT INTO rate_counters (key, window_start, window_end, count) VALUES (?, ?, ?, 1)
			ON CONFLICT (key, window_start) DO UPDATE SET count = rate_counters.count + 1
			RETURNING count`, key, toMS(start), toMS(start.Add(window))).Scan(&count)
		if err != nil {
			return err
		}
		if count == 1 {
			// The first request of a key's window sweeps every window that has
			// ended, whatever its length, so that keys never seen again leave
			// nothing behind.
			_, err = tx.exec(ctx, `DELETE FROM rate_counters WHERE window_end < ?`, toMS(now))
		}
		return err
	})
	if err != nil {
		return partnerd.RateDecision{}, err
	}
	return partnerd.RateDecision{Allowed: count <= limit, Limit: limit,
		Remaining: max(0, limit-count), Reset: start.Add(window)}, nil
}
