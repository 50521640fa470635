package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	nethttp "net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/http"
	"github.com/partnerd/partnerd/mock"
)

// TestServerError checks that an unexpected failure is a 500 whose id is in
// the log beside the cause, and that the cause never reaches the client.
func TestServerError(t *testing.T) {
	var logs bytes.Buffer
	s := http.NewServer()
	s.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	s.Auth = mock.AdminCaller(1)
	s.Workspaces = &mock.WorkspaceService{
		FindCustomersFn: func(context.Context, int64, partnerd.Page) ([]*partnerd.Workspace, int, error) {
			return nil, 0, errors.New("disk on fire at /var/lib/secret")
		},
	}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/api/managed_users", nil)
	req.Header.Set("Authorization", "Bearer x")
	s.ServeHTTP(rec, req)
	if rec.Code != nethttp.StatusInternalServerError {
		t.Fatalf("status %d", rec.Code)
	}
	var body struct{ Message, ID string }
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	if body.Message != "Server error" || !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(body.ID) {
		t.Errorf("body %s", rec.Body)
	}
	if strings.Contains(rec.Body.String(), "fire") {
		t.Errorf("the cause reached the client: %s", rec.Body)
	}
	if !strings.Contains(logs.String(), body.ID) || !strings.Contains(logs.String(), "disk on fire") {
		t.Errorf("the log lacks the id or the cause: %s", logs.String())
	}
}

// TestBodyTooLarge checks that a body past the limit is a 413 with a message.
func TestBodyTooLarge(t *testing.T) {
	s := http.NewServer()
	s.Auth = mock.AdminCaller(1)
	s.Workspaces = &mock.WorkspaceService{}
	big := `{"name":"` + strings.Repeat("x", 2<<20) + `"}`
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/api/managed_users", strings.NewReader(big))
	req.Header.Set("Authorization", "Bearer x")
	s.ServeHTTP(rec, req)
	if rec.Code != nethttp.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), `"message"`) {
		t.Errorf("status %d body %s", rec.Code, rec.Body)
	}
}

// TestUnstorableText checks that text no database can store (NUL, invalid
// UTF-8) in a path, a query, a legacy email or a body is a 400, never a 500.
func TestUnstorableText(t *testing.T) {
	s := http.NewServer()
	s.Auth = mock.AdminCaller(1)
	s.Workspaces = &mock.WorkspaceService{}
	for _, tt := range []struct{ method, url, body, email string }{
		{"GET", "/api/managed_users/E%00", "", ""},
		{"GET", "/api/managed_users?page=%zz", "", ""},
		{"GET", "/api/managed_users/E%FF", "", ""},
		{"GET", "/api/managed_users?page=%00", "", ""},
		{"GET", "/api/managed_users", "", "a@b.test\xff"},
		{"POST", "/api/managed_users", `{"name":"a\u0000b","notification_email":"a@b.test"}`, ""},
	} {
		rec := httptest.NewRecorder()
		var body *strings.Reader
		body = strings.NewReader(tt.body)
		req := httptest.NewRequest(tt.method, "/", body)
		req.URL.Path, req.URL.RawQuery, _ = strings.Cut(tt.url, "?")
		if p, err := url.PathUnescape(req.URL.Path); err == nil {
			req.URL.RawPath, req.URL.Path = req.URL.Path, p
		}
		req.Header.Set("Authorization", "Bearer x")
		if tt.email != "" {
			req.Header.Set("X-User-Email", tt.email)
		}
		s.ServeHTTP(rec, req)
		if rec.Code != nethttp.StatusBadRequest {
			t.Errorf("%s %s: %d %s", tt.method, tt.url, rec.Code, rec.Body)
		}
	}
}
