package http_test

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// rawRequest writes raw to the server at addr over TCP and reads its answer.
func rawRequest(t *testing.T, addr, raw string) *http.Response {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(c, raw); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("%q: %v", raw, err)
	}
	t.Cleanup(func() { res.Body.Close() })
	return res
}

// checkJSONError fails unless res is status with Workato's error body.
func checkJSONError(t *testing.T, res *http.Response, status int, message string) {
	t.Helper()
	body, _ := io.ReadAll(res.Body)
	var got struct{ Message string }
	if res.StatusCode != status || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") ||
		json.Unmarshal(body, &got) != nil || got.Message != message {
		t.Errorf("got %d %q %s, want %d JSON with message %q", res.StatusCode, res.Header.Get("Content-Type"), body, status, message)
	}
	if loc := res.Header.Get("Location"); loc != "" {
		t.Errorf("Location: %s", loc)
	}
}

// TestNonCanonicalPath checks that a path that is not canonical is refused
// with a JSON 400 rather than redirected.
func TestNonCanonicalPath(t *testing.T) {
	e := newTestEnv(t, false)
	addr := strings.TrimPrefix(e.URL, "http://")
	for _, path := range []string{
		"/api/managed_users/../../etc/passwd",
		"/api//managed_users",
		"/api/./managed_users",
		"/api/managed_users/%2e%2e%2fetc",
		"/api/managed_users/%2E%2E/x",
		"//api/managed_users",
		"/api/managed_users/.",
		"/console/../api/managed_users",
	} {
		t.Run(path, func(t *testing.T) {
			res := rawRequest(t, addr, "GET "+path+" HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "+tokenA+"\r\n\r\n")
			checkJSONError(t, res, http.StatusBadRequest, "Bad request")
		})
	}
	// A trailing slash is still the same route.
	res := rawRequest(t, addr, "GET /api/managed_users/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "+tokenA+"\r\n\r\n")
	if res.StatusCode != http.StatusOK {
		t.Errorf("trailing slash: %d", res.StatusCode)
	}
}
