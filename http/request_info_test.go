package http_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// serveRecorded serves one request through e's server in the test's own
// goroutine, so that its log line is written when it returns.
func (e *testEnv) serveRecorded(method, url, body string, header map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tokenA)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	e.Server.ServeHTTP(rec, req)
	return rec
}

// TestAccessLog: one line per request with its method, path (secrets
// redacted), status, duration, request id, account and error detail; none
// when the access log is off.
func TestAccessLog(t *testing.T) {
	e := newTestEnv(t, false)
	var logs bytes.Buffer
	e.Server.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	e.Server.AccessLog = true
	e.serveRecorded("GET", "/api/managed_users/999?user_token=sekrit", "", map[string]string{"X-Request-Id": "abc-1"})
	line := regexp.MustCompile(`^time=\S+ level=INFO msg=request method=GET path="/api/managed_users/999\?user_token=\[REDACTED\]" status=404 duration=\S+ request_id=abc-1 account=1 detail="no customer workspace 999 in this account"\n$`)
	if !line.MatchString(logs.String()) {
		t.Errorf("the access log line:\n%s", logs.String())
	}
	logs.Reset()
	e.serveRecorded("GET", "/healthz", "", nil)
	if !regexp.MustCompile(`^time=\S+ level=INFO msg=request method=GET path=/healthz status=200 duration=\S+ request_id=req-\d+\n$`).MatchString(logs.String()) {
		t.Errorf("the access log line of a service route:\n%s", logs.String())
	}
	logs.Reset()
	e.Server.AccessLog = false
	e.serveRecorded("GET", "/api/managed_users", "", nil)
	if logs.Len() != 0 {
		t.Errorf("the access log is off, yet:\n%s", logs.String())
	}
}

// TestRequestID: every answer carries X-Request-Id, the client's own when
// it is sane, else a new one.
func TestRequestID(t *testing.T) {
	e := newTestEnv(t, false)
	for _, tt := range []struct {
		url, id, want string
	}{
		{"/api/managed_users", "trace-7.a:b_C", "trace-7.a:b_C"},
		{"/api/managed_users", "", "req-"},
		{"/api/managed_users", "has space", "req-"},
		{"/api/managed_users", strings.Repeat("x", 129), "req-"},
		{"/no/such/route", "mine", "mine"},
		{"/a//b", "", "req-"}, // A malformed path is answered too.
	} {
		rec := e.serveRecorded("GET", tt.url, "", map[string]string{"X-Request-Id": tt.id})
		if got := rec.Header().Get("X-Request-Id"); !strings.HasPrefix(got, tt.want) || (tt.want == "req-" && got == tt.id) {
			t.Errorf("%s with %q: X-Request-Id %q", tt.url, tt.id, got)
		}
	}
}

// TestErrorDetails: where Workato's body says little, the journal entry
// of the request (and its log line) says what a developer needs, while
// the body stays Workato's.
func TestErrorDetails(t *testing.T) {
	e := newTestEnv(t, false)
	e.Server.TestHelpers = true
	setupRecipes(t, e)
	setupRecipeClients(t, e)
	for _, tt := range []struct {
		method, url, body, token string
		status                   int
		message, detail          string
	}{
		{"POST", "/api/managed_users", `{"name": "Acme",}`, tokenA, 400, "Bad request", "invalid JSON at byte 17: invalid character '}'"},
		{"POST", "/api/managed_users", `["Acme"]`, tokenA, 400, "Bad request", `the body must be a JSON object; it starts with "[\"Acme\"]"`},
		{"GET", "/api/recipes", "", tokenNoRecipes, 403, "Forbidden", "the client's role lacks the privilege Recipes read"},
		{"GET", "/api/managed_users/Eacme%2F9", "", tokenA, 404, "Not found", "no customer workspace Eacme/9 in this account"},
		{"GET", "/api/managed_users/E/connections", "", tokenA, 404, "Not found", `"E" names no customer workspace`},
		{"GET", "/api/recipes/999", "", tokenA, 404, "Not found", "not found: recipe_id=999"},
		{"GET", "/api/users/me", "", "wrong", 401, "Unauthorized", ""},
	} {
		token := tt.token
		if token == "wrong" {
			token = "-"
		}
		status, body := e.do(scenario{Method: tt.method, URL: tt.url, Body: tt.body, Token: token})
		var got struct{ Message string }
		json.Unmarshal(body, &got)
		if status != tt.status || got.Message != tt.message || strings.Contains(string(body), "detail") {
			t.Errorf("%s %s: %d %s", tt.method, tt.url, status, body)
		}
		if tt.detail == "" {
			continue
		}
		_, journal := e.do(scenario{Method: "GET", URL: "/_partnerd/requests?status=" + itoa(int64(tt.status))})
		var entries []struct{ Path, Detail string }
		json.Unmarshal(journal, &entries)
		if len(entries) == 0 || !strings.HasPrefix(entries[0].Detail, tt.detail) {
			t.Errorf("%s %s: journal %s", tt.method, tt.url, journal)
		}
	}
}
