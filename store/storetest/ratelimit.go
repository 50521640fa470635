package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// testRateLimitAllow checks fixed windows on a fixed clock: the request past
// the limit is denied until the next window, and keys count apart.
func testRateLimitAllow(t *testing.T, db *store.DB) {
	ctx := t.Context()
	now := fixClock(db, t0) // 12:00:30
	windowEnd := time.Date(2024, 5, 1, 12, 1, 0, 0, time.UTC)
	allow := func(key string) partnerd.RateDecision {
		t.Helper()
		d, err := db.Allow(ctx, key, 3, time.Minute)
		mustOK(t, err)
		return d
	}
	want := func(d partnerd.RateDecision, allowed bool, remaining int, reset time.Time) {
		t.Helper()
		if d.Allowed != allowed || d.Limit != 3 || d.Remaining != remaining || !d.Reset.Equal(reset) {
			t.Errorf("decision = %+v, want allowed %v, limit 3, remaining %d, reset %v", d, allowed, remaining, reset)
		}
	}
	for i, remaining := range []int{2, 1, 0} {
		*now = t0.Add(time.Duration(i) * 5 * time.Second)
		want(allow("client:1"), true, remaining, windowEnd)
	}
	*now = t0.Add(29 * time.Second) // 12:00:59, the window's last second
	want(allow("client:1"), false, 0, windowEnd)
	want(allow("client:1"), false, 0, windowEnd)
	want(allow("client:2"), true, 2, windowEnd)

	*now = windowEnd
	want(allow("client:1"), true, 2, windowEnd.Add(time.Minute))
	*now = windowEnd.Add(90 * time.Second) // a window later still
	want(allow("client:1"), true, 2, windowEnd.Add(2*time.Minute))
	want(allow("client:2"), true, 2, windowEnd.Add(2*time.Minute))
}

// testRateLimitConcurrent checks that concurrent requests on one key are
// counted exactly: no more than the limit is allowed.
func testRateLimitConcurrent(t *testing.T, db *store.DB) {
	ctx := t.Context()
	fixClock(db, t0)
	const limit, requests = 5, 20
	var mu sync.Mutex
	allowed, remaining := 0, map[int]bool{}
	var wg sync.WaitGroup
	for range requests {
		wg.Go(func() {
			d, err := db.Allow(ctx, "shared", limit, time.Hour)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			if d.Allowed {
				allowed++
				remaining[d.Remaining] = true
			}
		})
	}
	wg.Wait()
	if allowed != limit || len(remaining) != limit {
		t.Errorf("allowed %d of %d (remaining seen %v), want exactly %d", allowed, requests, remaining, limit)
	}
}

// testRateLimitWindows checks that counters of windows of different
// lengths share the table: a minute's new window does not sweep a day's
// count that has not ended.
func testRateLimitWindows(t *testing.T, db *store.DB) {
	ctx := t.Context()
	now := fixClock(db, t0)
	allow := func(key string, window time.Duration) partnerd.RateDecision {
		t.Helper()
		d, err := db.Allow(ctx, key, 2, window)
		mustOK(t, err)
		return d
	}
	allow("quota", 24*time.Hour)
	allow("rate", time.Minute)
	*now = t0.Add(5 * time.Minute) // A new minute window sweeps the ended ones.
	allow("rate", time.Minute)
	if d := allow("quota", 24*time.Hour); !d.Allowed || d.Remaining != 0 {
		t.Errorf("second of the day = %+v, want the day's count kept", d)
	}
	if d := allow("quota", 24*time.Hour); d.Allowed {
		t.Errorf("third of the day = %+v, want refused", d)
	}
}
