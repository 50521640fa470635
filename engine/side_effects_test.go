package engine

import (
	"slices"
	"testing"

	"github.com/partnerd/partnerd"
)

// TestHTTPSideEffects checks that a GET, HEAD or OPTIONS request, by the
// rest connector or an ad-hoc action, is a step without side effects, so
// that an interrupted job that made only such requests runs again, and
// that any other method has them.
func TestHTTPSideEffects(t *testing.T) {
	srv := echo(t)
	in := partnerd.ConnectionInput{"base_url": srv.URL}
	for _, c := range []struct {
		name     string
		provider string
		step     map[string]any
		want     bool
	}{
		{"rest default", "rest", restStep(map[string]any{"url": "/a"}, nil), false},
		{"rest head", "rest", restStep(map[string]any{"method": "head", "url": "/a"}, nil), false},
		{"rest post", "rest", restStep(map[string]any{"method": "POST", "url": "/a"}, nil), true},
		{"rest delete", "rest", restStep(map[string]any{"method": "DELETE", "url": "/a"}, nil), true},
		{"adhoc get", "stripe", action(1, "stripe", adhocHTTPAction, "x", map[string]any{"verb": "get", "path": "/v1/customers"}), false},
		{"adhoc post", "stripe", action(1, "stripe", adhocHTTPAction, "x", map[string]any{"verb": "post", "path": "/v1/customers"}), true},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t)
			wantStatus(t, runStep(t, h, c.provider, in, c.step), partnerd.JobSucceeded, "")
			if got := slices.Contains(h.beats, true); got != c.want {
				t.Errorf("side effects = %v, want %v (beats %v)", got, c.want, h.beats)
			}
		})
	}
}
