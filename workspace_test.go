package partnerd_test

import (
	"testing"
	"time"

	"github.com/partnerd/partnerd"
)

// TestBillingPeriod checks monthly periods anchored on the day of creation,
// clamped to short months.
func TestBillingPeriod(t *testing.T) {
	day := func(s string) time.Time {
		d, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	for _, tc := range []struct{ created, now, start, end string }{
		{"2026-01-15T10:00:00Z", "2026-01-15T10:00:00Z", "2026-01-15T10:00:00Z", "2026-02-15T10:00:00Z"},
		{"2026-01-15T10:00:00Z", "2026-03-15T09:59:59Z", "2026-02-15T10:00:00Z", "2026-03-15T10:00:00Z"},
		{"2026-01-31T00:00:00Z", "2026-02-28T12:00:00Z", "2026-02-28T00:00:00Z", "2026-03-31T00:00:00Z"},
		{"2025-12-31T00:00:00Z", "2026-01-05T00:00:00Z", "2025-12-31T00:00:00Z", "2026-01-31T00:00:00Z"},
		{"2024-02-29T08:00:00Z", "2026-11-02T09:30:00Z", "2026-10-29T08:00:00Z", "2026-11-29T08:00:00Z"},
	} {
		start, end := partnerd.BillingPeriod(day(tc.created), day(tc.now))
		if !start.Equal(day(tc.start)) || !end.Equal(day(tc.end)) {
			t.Errorf("BillingPeriod(%s, %s) = %s, %s; want %s, %s", tc.created, tc.now, start, end, tc.start, tc.end)
		}
	}
}
