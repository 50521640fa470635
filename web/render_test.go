package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestRenderFailure checks that a page that fails to render is answered
// by the error page in the layout, with a 500.
func TestRenderFailure(t *testing.T) {
	c := NewConsole()
	c.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	w := httptest.NewRecorder()
	// The customer page without its customer fails as it renders.
	c.render(w, httptest.NewRequest("GET", "/console/customers/1", nil), http.StatusOK, "customer", nil, map[string]any{})
	body := w.Body.String()
	if w.Code != http.StatusInternalServerError || !strings.Contains(body, "<h1>500 Internal Server Error</h1>") ||
		!strings.Contains(body, `href="/console/static/console.css"`) || w.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("a failed render: %d %v %s", w.Code, w.Header(), body)
	}
}
