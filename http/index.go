package http

import (
	"net/http"
	"strings"

	"github.com/partnerd/partnerd"
)

// indexJSON is the answer of GET /: where things are.
type indexJSON struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Console string `json:"console,omitempty"`
	OpenAPI string `json:"openapi"`
	Healthz string `json:"healthz"`
	Readyz  string `json:"readyz"`
	Metrics string `json:"metrics"`
	Docs    string `json:"docs"`
	// TestHelpers is where the test helpers are, when they are served.
	TestHelpers string `json:"test_helpers,omitempty"`
}

// docsURL is where the API partnerd serves is documented.
const docsURL = "https://docs.workato.com/workato-api.html"

// handleIndex handles GET /: a browser (Accept: text/html) is sent to the
// console, an API client gets the paths of what the server serves.
func (s *Server) handleIndex(w http.ResponseWriter, r *http.Request) error {
	if s.Console != nil && strings.Contains(r.Header.Get("Accept"), "text/html") {
		http.Redirect(w, r, "/console", http.StatusSeeOther)
		return nil
	}
	out := indexJSON{Name: "partnerd", Version: partnerd.Version, OpenAPI: "/openapi.json",
		Healthz: "/healthz", Readyz: "/readyz", Metrics: "/metrics", Docs: docsURL}
	if s.Console != nil {
		out.Console = "/console"
	}
	if s.TestHelpers {
		out.TestHelpers = "/_partnerd/"
	}
	return ok(w, out)
}
