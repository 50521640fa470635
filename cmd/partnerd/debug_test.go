package main

import (
	nethttp "net/http"
	"net/http/httptest"
	"testing"
)

// TestProfileRates checks that the debug listener's rates are numbers of
// at least 0, and that a refusal sets neither.
func TestProfileRates(t *testing.T) {
	for _, tc := range []struct {
		query string
		want  int
	}{
		{"block=1000&mutex=5", nethttp.StatusNoContent},
		{"block=0&mutex=0", nethttp.StatusNoContent},
		{"block=-1", nethttp.StatusBadRequest},
		{"mutex=x&block=0", nethttp.StatusBadRequest},
		{"", nethttp.StatusNoContent},
	} {
		w := httptest.NewRecorder()
		handleProfileRates(w, httptest.NewRequest(nethttp.MethodPost, "/debug/rates?"+tc.query, nil))
		if w.Code != tc.want {
			t.Errorf("%q: %d, want %d", tc.query, w.Code, tc.want)
		}
	}
}
