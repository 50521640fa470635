// Package web serves the console: server-rendered pages for an account's
// Admin that show its customer workspaces and what is in them, with a
// little JavaScript that polls the live state of recipes and agents.
package web

import (
	"context"
	"crypto/rand"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/partnerd/partnerd"
)

//go:embed templates static
var files embed.FS

// Console is the web console, served at /console. Set its services and
// Key before serving; OnPrem and Journal may be nil.
type Console struct {
	Auth         partnerd.AuthService
	Workspaces   partnerd.WorkspaceService
	Folders      partnerd.FolderService
	Members      partnerd.MemberService
	Roles        partnerd.RoleService
	Connectors   partnerd.ConnectorService
	Connections  partnerd.ConnectionService
	Recipes      partnerd.RecipeService
	LookupTables partnerd.LookupTableService
	Properties   partnerd.PropertyService
	APIPlatform  partnerd.APIPlatformService
	OnPrem       partnerd.OnPremService    // nil hides the on-prem agents
	Jobs         partnerd.JobQueue         // nil hides the jobs' lines
	Calls        partnerd.ConnectorCallLog // nil hides the jobs' connector calls
	Activities   partnerd.ActivityService  // the activity log of the console's changes; nil records none

	// Journal returns the request journal of an account, newest first;
	// nil when the test helpers are off.
	Journal func(ctx context.Context, accountID int64) ([]JournalEntry, error)

	// Key signs the session cookies; replicas that share it share
	// sessions. NewConsole sets a random one.
	Key []byte
	// ClientAddr returns the address a request comes from, for the
	// clients' IP allow lists; nil reads the TCP peer.
	ClientAddr func(r *http.Request) netip.Addr

	Logger *slog.Logger
	Now    partnerd.Clock

	mux   *http.ServeMux
	pages map[string]*template.Template
}

// JournalEntry is one request of the journal.
type JournalEntry struct {
	Time   time.Time
	Method string
	Path   string
	Status int
	Body   string
}

// NewConsole returns a console with its routes and templates in place.
func NewConsole() *Console {
	c := &Console{Logger: slog.Default(), mux: http.NewServeMux(), pages: parsePages(), Key: make([]byte, 32)}
	rand.Read(c.Key) // A key of this process alone, until one shared with replicas is set.
	static, _ := fs.Sub(files, "static")
	c.mux.Handle("GET /console/static/", http.StripPrefix("/console/static/", http.FileServerFS(static)))
	c.mux.HandleFunc("GET /console/sign-in", c.handleSignInForm)
	c.mux.HandleFunc("POST /console/sign-in", c.handleSignIn)
	c.mux.HandleFunc("POST /console/sign-out", c.handleSignOut)
	c.mux.Handle("GET /console", c.page(c.handleHome))
	c.mux.Handle("GET /console/customers/{id}", c.page(c.handleCustomer))
	c.mux.Handle("GET /console/customers/{id}/live", c.page(c.handleLive))
	c.mux.Handle("GET /console/customers/{id}/recipes/{recipe}", c.page(c.handleRecipe))
	c.mux.Handle("GET /console/customers/{id}/recipes/{recipe}/jobs/{job}", c.page(c.handleJob))
	c.mux.Handle("POST /console/customers/{id}/recipes/{recipe}/start", c.page(c.handleRecipeStart))
	c.mux.Handle("POST /console/customers/{id}/recipes/{recipe}/stop", c.page(c.handleRecipeStop))
	c.mux.Handle("GET /console/requests", c.page(c.handleRequests))
	return c
}

// parsePages parses each page with the layout it shares.
func parsePages() map[string]*template.Template {
	pages := map[string]*template.Template{}
	names, _ := fs.Glob(files, "templates/*.html")
	for _, name := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(name, "templates/"), ".html")
		if base == "layout" {
			continue
		}
		pages[base] = template.Must(template.New("layout.html").Funcs(funcs).ParseFS(files, "templates/layout.html", name))
	}
	return pages
}

// ServeHTTP implements http.Handler.
func (c *Console) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	if p := r.URL.Path; len(p) > len("/console") && strings.HasSuffix(p, "/") && !strings.HasPrefix(p, "/console/static/") {
		r.URL.Path = strings.TrimRight(p, "/")
	}
	if _, pattern := c.mux.Handler(r); pattern == "" {
		s, _ := c.authenticate(r) // The navigation, for a signed-in Admin.
		c.renderError(w, r, s, http.StatusNotFound, "There is no such page.")
		return
	}
	c.mux.ServeHTTP(w, r)
}

// session is a signed-in Admin and the account it acts on.
type session struct {
	Caller  *partnerd.Caller
	Account *partnerd.Workspace
	Cookie  bool // signed in with the session cookie, not a Bearer token
}

// pageFunc is a console page: it renders itself, or returns an error
// that the console answers.
type pageFunc func(w http.ResponseWriter, r *http.Request, s *session) error

// page adapts a pageFunc: the request must carry a valid session cookie or
// Bearer token of an Admin client of an admin workspace, and a form post
// signed in by cookie must come from the console's own origin.
func (c *Console) page(fn pageFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		s, err := c.authenticate(r)
		if err != nil {
			c.refuse(w, r, err)
			return
		}
		if r.Method == http.MethodPost && s.Cookie && !sameOrigin(r) {
			c.renderError(w, r, s, http.StatusForbidden, "The form was not sent from this console.")
			return
		}
		ctx := partnerd.NewContextWithCaller(r.Context(), s.Caller)
		if err := fn(w, r.WithContext(ctx), s); err != nil {
			c.fail(w, r, s, err)
		}
	})
}

// refuse answers a request without a valid session: a browser's page
// request goes to the sign-in form, anything else gets 401.
func (c *Console) refuse(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, errForbidden):
		c.renderError(w, r, nil, http.StatusForbidden, "The console is for Admin clients of a partner account.")
	case r.Method == http.MethodGet && r.Header.Get("Authorization") == "" && strings.Contains(r.Header.Get("Accept"), "text/html"):
		http.Redirect(w, r, "/console/sign-in", http.StatusFound)
	default:
		w.Header().Set("WWW-Authenticate", `Bearer realm="partnerd console"`)
		c.renderError(w, r, nil, http.StatusUnauthorized, "Sign in with an API token.")
	}
}

// fail answers an error of a page in the session's layout: not found as
// 404, anything else as a 500 whose cause is logged.
func (c *Console) fail(w http.ResponseWriter, r *http.Request, s *session, err error) {
	switch partnerd.ErrorCode(err) {
	case partnerd.ENOTFOUND:
		c.renderError(w, r, s, http.StatusNotFound, "There is no such page.")
		return
	case partnerd.EINVALID, partnerd.ESTATE, partnerd.ECONFLICT:
		c.renderError(w, r, s, http.StatusBadRequest, partnerd.ErrorMessage(err))
		return
	}
	if r.Context().Err() != nil {
		return
	}
	c.Logger.Error("console error", "method", r.Method, "path", r.URL.Path, "error", err)
	c.renderError(w, r, s, http.StatusInternalServerError, "Something went wrong; the server's log says what.")
}
