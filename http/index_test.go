package http_test

import (
	nethttp "net/http"
	"testing"
)

// TestIndex: GET / tells an API client where things are, and sends a
// browser to the console.
func TestIndex(t *testing.T) {
	e := newTestEnv(t, false)
	e.Server.Console = nethttp.NotFoundHandler()
	e.run(t, "service", []scenario{
		{Name: "index", Method: "GET", URL: "/", Token: "-", WantStatus: 200},
		{Name: "index_post", Method: "POST", URL: "/", Token: "-", WantStatus: 405},
	})
	rec := e.serveRecorded("GET", "/", "", map[string]string{"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
	if rec.Code != nethttp.StatusSeeOther || rec.Header().Get("Location") != "/console" {
		t.Errorf("a browser: %d, Location %q", rec.Code, rec.Header().Get("Location"))
	}
	e.Server.Console = nil
	if rec := e.serveRecorded("GET", "/", "", map[string]string{"Accept": "text/html"}); rec.Code != 200 {
		t.Errorf("a browser without a console: %d", rec.Code)
	}
}
