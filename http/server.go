// Package http serves the Workato Embedded partner API over the services
// of package partnerd.
package http

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/partnerd/partnerd"
)

// Server is the REST server. Set its services before serving.
type Server struct {
	Workspaces    partnerd.WorkspaceService
	Auth          partnerd.AuthService
	DevAPIClients partnerd.DevAPIClientService
	Members       partnerd.MemberService
	Roles         partnerd.RoleService
	Folders       partnerd.FolderService
	Connectors    partnerd.ConnectorService
	Connections   partnerd.ConnectionService
	Recipes       partnerd.RecipeService
	LookupTables  partnerd.LookupTableService
	Properties    partnerd.PropertyService
	APIPlatform   partnerd.APIPlatformService
	Packages      partnerd.PackageService
	Deployments   partnerd.DeploymentService
	OnPrem        partnerd.OnPremService
	// OnPremLoad counts the operations in flight on this process's agents;
	// nil counts none.
	OnPremLoad partnerd.OnPremLoad
	Snapshots  partnerd.SnapshotService
	Jobs       partnerd.JobQueue
	// Activities keeps the activity log; nil records nothing.
	Activities partnerd.ActivityService
	Tags       partnerd.TagService
	// Stubs and ConnectorCalls serve the test helpers' stubs and recorded calls.
	Stubs          partnerd.StubService
	ConnectorCalls partnerd.ConnectorCallLog
	APIGateway     partnerd.APIGatewayService

	// Runner runs at once the jobs of API gateway calls and of the trigger
	// helper that waits; nil answers gateway calls 503 and has the helper
	// queue its job for the workers.
	Runner partnerd.JobRunner
	// GatewayTimeout is how long a gateway call waits for its recipe's
	// answer (30 s when zero); GatewayRateLimit is how many calls an access
	// profile makes per minute (0 is no limit).
	GatewayTimeout   time.Duration
	GatewayRateLimit int
	// GatewayQuota is how many calls an access profile makes per day
	// (UTC); 0 is no quota.
	GatewayQuota int
	// GatewayLimiter counts gateway calls; nil counts none.
	GatewayLimiter partnerd.RateLimiter

	// RateLimiter counts requests; nil serves without limits.
	RateLimiter partnerd.RateLimiter
	// RateFactor scales every limit of the table (1 is Workato's).
	RateFactor float64
	// TrustedProxies are the peers whose X-Forwarded-For is believed.
	TrustedProxies []netip.Prefix
	// Ready reports whether the server can serve, for /readyz.
	Ready func(ctx context.Context) error
	// PublicURL returns the server's public URL, the base of recipes'
	// webhook URLs; nil writes them as paths. It is read when a recipe is
	// encoded, so it may name a listener that starts after the server.
	PublicURL func() string
	// TestHelpers serves the /_partnerd/ routes; without it they are not found.
	TestHelpers bool
	// JournalSize is how many requests the test helpers' journal keeps per account.
	JournalSize int
	// RequestTimeout bounds the time a request is served in.
	RequestTimeout time.Duration
	// AccessLog logs one line per request.
	AccessLog bool
	// NewRequestID returns the id of a request that brings no sane
	// X-Request-Id; nil makes random UUIDs.
	NewRequestID func() string

	Logger *slog.Logger
	Now    partnerd.Clock

	// Console serves the web console at /console; nil serves none.
	Console http.Handler

	mux     *http.ServeMux
	aliases *http.ServeMux // routes whose paths overlap the {mu} family
	metrics *serverMetrics
	openAPI openAPICache
	journal journal  // the test helpers' journal of requests
	faults  faultSet // the test helpers' fault rules
	// gatewayFailures counts gateway calls that failed to authenticate.
	gatewayFailures gatewayFailures
	// faultTargets are the routes fault rules may reach.
	faultTargets []faultTarget
	// activityKinds are what the activity log records of each route that
	// changes workspace data, by pattern.
	activityKinds map[string]activityKind

	recipes     *recipeCache
	recipeFiles *recipeFiles // encodings of recipes with large code
	recipeLoads *byteBudget  // the bytes of large recipes read at once
}

// NewServer returns a server with its route table in place.
func NewServer() *Server {
	s := &Server{
		RateFactor:     1,
		RequestTimeout: 40 * time.Second,
		Logger:         slog.Default(),
		mux:            http.NewServeMux(),
		aliases:        http.NewServeMux(),
		metrics:        newServerMetrics(),
		recipes:        newRecipeCache(recipeCacheBudget),
		recipeFiles:    newRecipeFiles("", recipeFileBudget, recipeFileCount),
		recipeLoads:    newByteBudget(recipeLoadBudget),
		JournalSize:    1000,
	}
	routes := s.routes()
	s.faultTargets = faultTargets(routes)
	s.activityKinds = map[string]activityKind{}
	for _, rt := range routes {
		if k, ok := activityOf(rt); ok {
			s.activityKinds[rt.pattern] = k
		}
	}
	for _, rt := range routes {
		mux := s.mux
		if rt.alias {
			mux = s.aliases
		}
		mux.Handle(rt.pattern, s.adapt(rt))
	}
	s.mux.HandleFunc("/", s.handleNoRoute)
	return s
}

// ServeHTTP implements http.Handler. A trailing slash names the same route
// as the path without it. Every answer carries the request's id in
// X-Request-Id, and the access log has a line for each.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	setDeadlines(w, s.RequestTimeout)
	info, r := s.startRequest(w, r)
	sw := &statusWriter{ResponseWriter: w}
	defer func() { s.logRequest(r, info, sw.status, start) }()
	s.route(sw, r)
}

// route sends a request to the console or to the route that serves it.
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	if r.RequestURI == "*" || !canonical(r.URL.Path) || !canonical(r.URL.EscapedPath()) || !plainText(r.URL.Path) || !plainQuery(r.URL.RawQuery) || !plainText(r.Header.Get("X-User-Email")) {
		writeJSON(w, http.StatusBadRequest, errorBody{Message: "Bad request"})
		return
	}
	if p := r.URL.Path; len(p) > 1 && strings.HasSuffix(p, "/") {
		r.URL.Path = strings.TrimRight(p, "/")
		r.URL.RawPath = strings.TrimRight(r.URL.RawPath, "/")
		if r.URL.Path == "" {
			r.URL.Path = "/"
		}
	}
	if strings.HasPrefix(r.URL.Path, partnerd.APIGatewayPath+"/") {
		s.serveGateway(w, r)
		return
	}
	if s.Console != nil && (r.URL.Path == "/console" || strings.HasPrefix(r.URL.Path, "/console/")) {
		s.Console.ServeHTTP(w, r)
		return
	}
	if strings.HasPrefix(r.URL.Path, "/api/managed_users/members/") {
		if _, pattern := s.aliases.Handler(r); pattern != "" {
			s.aliases.ServeHTTP(w, r)
			return
		}
	}
	s.mux.ServeHTTP(w, r)
}

// deadlineGrace is how long past its budget a request's connection is
// read, and twice that how long its answer may take to write: the
// request's context ends first, so that its handler answers a 504, rather
// than net/http, whose read past the deadline would cancel the context and
// leave the request without an answer.
const deadlineGrace = 500 * time.Millisecond

// setDeadlines bounds the reading of the request, body included, by the
// budget and deadlineGrace, and the writing of its answer by the budget
// and twice deadlineGrace, so that no client holds a connection longer by
// sending or reading slowly. A writer that has no connection (a test's
// recorder) is left as it is.
func setDeadlines(w http.ResponseWriter, budget time.Duration) {
	now := time.Now()
	rc := http.NewResponseController(w)
	rc.SetReadDeadline(now.Add(budget + deadlineGrace))
	rc.SetWriteDeadline(now.Add(budget + 2*deadlineGrace))
}

// canonical reports whether p is an absolute path without empty, "." or
// ".." segments (one trailing slash aside), decoded or not. Any other path
// is a 400 "Bad request" rather than ServeMux's redirect to the cleaned
// path: a client that sends "a//b" or "../" has built its URL wrongly, and
// a 404 would let it read a DELETE of an empty id as "already gone".
func canonical(p string) bool {
	if len(p) > 1 {
		p = strings.TrimSuffix(p, "/")
	}
	return strings.HasPrefix(p, "/") && path.Clean(p) == p
}

// plainText reports whether s is valid UTF-8 without NUL: text that every
// database can store and compare. Nothing else reaches a handler.
func plainText(s string) bool {
	return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0
}

// plainQuery reports whether every key and value of a raw query is plain text.
func plainQuery(raw string) bool {
	if strings.IndexByte(raw, '%') < 0 {
		return plainText(raw)
	}
	u, err := url.QueryUnescape(strings.ReplaceAll(raw, "+", "%2B"))
	return err == nil && plainText(u)
}

// handleNoRoute answers a path no route serves: 405 when another method
// has a route there, else 404, both as JSON.
func (s *Server) handleNoRoute(w http.ResponseWriter, r *http.Request) {
	var allowed []string
	for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
		probe := r.Clone(r.Context())
		probe.Method = m
		_, pattern := s.mux.Handler(probe)
		if _, alias := s.aliases.Handler(probe); (pattern != "/" && pattern != "") || alias != "" {
			allowed = append(allowed, m)
		}
	}
	if len(allowed) > 0 {
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		infoOf(r).Detail = r.Method + " is not served here; " + strings.Join(allowed, ", ") + " are"
		writeJSON(w, http.StatusMethodNotAllowed, errorBody{Message: "Method not allowed"})
		return
	}
	infoOf(r).Detail = "no route serves " + r.Method + " " + r.URL.Path
	writeJSON(w, http.StatusNotFound, errorBody{Message: "Not found"})
}

// handlerFunc is an API handler: it writes a success itself and returns
// every failure, which adapt answers in one place.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// adapt turns a route into an http.Handler that authenticates, authorizes,
// limits, resolves the workspace, serves, answers errors and records metrics.
func (s *Server) adapt(rt route) http.Handler {
	duration := s.metrics.durations.WithLabelValues(rt.pattern)
	maxBody := rt.maxBody
	if maxBody == 0 {
		maxBody = 1 << 20
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		ctx, cancel := context.WithTimeout(r.Context(), s.RequestTimeout)
		defer cancel()
		r = r.WithContext(ctx)
		r.Body = http.MaxBytesReader(sw, r.Body, maxBody)
		infoOf(r).Route = rt.pattern
		if err := s.serve(rt, sw, r); err != nil {
			s.writeError(sw, r, err)
		}
		duration.Observe(time.Since(start).Seconds())
		s.metrics.requests.WithLabelValues(rt.pattern, statusText(sw.status)).Inc()
	})
}

// serve runs the checks of the route's family, then its handler.
func (s *Server) serve(rt route, w http.ResponseWriter, r *http.Request) error {
	switch {
	case rt.family == familyService:
		return rt.handle(w, r)
	case rt.family == familyTest && !s.TestHelpers:
		return partnerd.ErrNotFound()
	}
	caller, err := s.authenticate(r)
	if err != nil {
		return err
	}
	infoOf(r).AccountID = caller.AccountID
	if s.TestHelpers {
		return s.observe(rt, w, r, caller)
	}
	return s.serveCaller(rt, w, r, caller)
}

// serveCaller runs the checks of the route's family for an authenticated
// caller, then its handler.
func (s *Server) serveCaller(rt route, w http.ResponseWriter, r *http.Request, caller *partnerd.Caller) error {
	var err error
	forbidden := partnerd.Errorf(partnerd.EFORBIDDEN, "Forbidden")
	if rt.family != familyD && !caller.IsAdminWorkspace() {
		return forbidden.WithDetail("the client belongs to a customer workspace; this route needs a client of the partner's admin workspace")
	}
	if rt.family == familyTest && (!caller.AllFolders || !caller.Privileges.Includes(partnerd.AdminPrivileges())) {
		// The test helpers reach the whole account: its reset, snapshots and journal.
		return forbidden.WithDetail("the test helpers need an Admin client that reaches every folder")
	}
	if verb := rt.verbOf(r.Method); rt.area != "" && !caller.Privileges.Allows(rt.area, verb) {
		return forbidden.WithDetail("the client's role lacks the privilege %s %s", rt.area, verb)
	}
	if err := s.limit(w, r, rt, caller); err != nil {
		return err
	}
	ctx := partnerd.NewContextWithCaller(r.Context(), caller)
	t := &target{ID: caller.WorkspaceID}
	if strings.Contains(rt.pattern, "{mu}") {
		if t.ID, err = s.resolveCustomer(ctx, caller.AccountID, r.PathValue("mu")); err != nil {
			return err
		}
		t.Customer = true
	}
	return s.serveRecorded(rt, w, r.WithContext(context.WithValue(ctx, targetKey{}, t)))
}

// verbOf returns the privilege verb a request needs: the route's own, or
// read for GET and write for every other method.
func (rt route) verbOf(method string) string {
	if rt.verb != "" {
		return rt.verb
	}
	if method == http.MethodGet || method == http.MethodHead {
		return partnerd.VerbRead
	}
	return partnerd.VerbWrite
}

// target is the workspace a request acts on.
type target struct {
	ID       int64
	Customer bool // a customer workspace named by {mu}
}

type targetKey struct{}

// workspaceID returns the id of the workspace the request acts on.
func workspaceID(r *http.Request) int64 { return r.Context().Value(targetKey{}).(*target).ID }

// isCustomer reports whether the request acts on a customer workspace
// named by {mu}.
func isCustomer(r *http.Request) bool { return r.Context().Value(targetKey{}).(*target).Customer }

// callerOf returns the authenticated caller of the request.
func callerOf(r *http.Request) *partnerd.Caller { return partnerd.CallerFromContext(r.Context()) }

// resolveCustomer finds the customer named by {mu} within the account; any
// other workspace is not found.
func (s *Server) resolveCustomer(ctx context.Context, accountID int64, mu string) (int64, error) {
	ref, ok := parseWorkspaceRef(mu)
	if !ok {
		return 0, partnerd.ErrNotFound().WithDetail("%q names no customer workspace: an id, or E and a URL-encoded external id, either with an optional _dev, _test or _prod suffix", mu)
	}
	id, err := s.Workspaces.FindCustomerID(ctx, accountID, ref.ID, ref.ExternalID)
	if ref.ID == 0 && partnerd.ErrorCode(err) == partnerd.ENOTFOUND {
		if rest, env, ok := splitEnvironment(ref.ExternalID); ok {
			ref.Environment = env
			id, err = s.Workspaces.FindCustomerID(ctx, accountID, 0, rest)
		}
	}
	if err == nil && ref.Environment != "" {
		id, err = s.Workspaces.FindEnvironmentID(ctx, accountID, id, ref.Environment)
	}
	if partnerd.ErrorCode(err) == partnerd.ENOTFOUND {
		return 0, partnerd.ErrNotFound().WithDetail("no customer workspace %s in this account", mu)
	}
	return id, err
}

// statusWriter remembers the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func statusText(code int) string {
	if code == 0 {
		code = http.StatusOK
	}
	const digits = "0123456789"
	return string([]byte{digits[code/100%10], digits[code/10%10], digits[code%10]})
}
