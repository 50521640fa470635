package http_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	phttp "github.com/partnerd/partnerd/http"
)

// TestServerErrorsAreJSON checks that the answers net/http writes before any
// handler runs reach the client as JSON in Workato's error shape.
func TestServerErrorsAreJSON(t *testing.T) {
	e := newTestEnv(t, false)
	ts := httptest.NewUnstartedServer(e.Server)
	ts.Listener = phttp.JSONErrorListener(ts.Listener)
	ts.Config.MaxHeaderBytes = 1 << 10
	ts.Start()
	t.Cleanup(ts.Close)
	addr := strings.TrimPrefix(ts.URL, "http://")
	for _, tc := range []struct {
		name, raw   string
		wantStatus  int
		wantMessage string
	}{
		{"request line", "GARBAGE\r\n\r\n", 400, "Bad request"},
		{"header name", "GET /api/managed_users HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n", 400, "Bad request"},
		{"no host", "GET /api/managed_users HTTP/1.1\r\n\r\n", 400, "Bad request"},
		{"version", "GET /api/managed_users HTTP/3.0\r\nHost: x\r\n\r\n", 505, "HTTP version not supported"},
		{"too large", "GET /api/managed_users HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("a", 16<<10) + "\r\n\r\n", 431, "Request header fields too large"},
		{"transfer encoding", "POST /api/managed_users HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 501, "Unsupported transfer encoding"},
		{"expect", "GET /api/managed_users HTTP/1.1\r\nHost: x\r\nExpect: magic\r\n\r\n", 417, "Expectation failed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := rawRequest(t, addr, tc.raw)
			checkJSONError(t, res, tc.wantStatus, tc.wantMessage)
		})
	}
	// A request that is fine is served as before.
	res := rawRequest(t, addr, "GET /api/managed_users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "+tokenA+"\r\n\r\n")
	if res.StatusCode != http.StatusOK {
		t.Errorf("a good request: %d", res.StatusCode)
	}
}
