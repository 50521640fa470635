package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	nethttp "net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/agent"
	"github.com/partnerd/partnerd/engine"
	"github.com/partnerd/partnerd/http"
	"github.com/partnerd/partnerd/store"
)

// errUsage is a command line error whose message the flag package printed.
var errUsage = errors.New("usage")

// errHelp is a request for help, which the flag package printed.
var errHelp = errors.New("help")

// Main is a running server: its database, HTTP server and listener.
type Main struct {
	Config Config
	Stderr io.Writer
	Logger *slog.Logger

	DB       *store.DB
	server   *nethttp.Server
	listener net.Listener
	agents   *agent.Server   // the agent listener, on Config.AgentAddr
	debug    *nethttp.Server // pprof, on Config.DebugAddr
	runtime  *runtimeWorkers // the recipe runtime
	eng      *engine.Engine  // the recipe runtime's engine, shared with the API gateway

	agentListener net.Listener // bound before the database opens
	debugListener net.Listener
	done          chan error
}

// NewMain returns a Main with the default configuration.
func NewMain() *Main {
	return &Main{Config: DefaultConfig(), Stderr: io.Discard, Logger: slog.New(slog.DiscardHandler)}
}

// ParseFlags reads the serve command line and the environment.
func (m *Main) ParseFlags(args []string, getenv func(string) string) error {
	fs := flag.NewFlagSet("partnerd serve", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	m.Config.bindFlags(fs, true)
	fs.Usage = flagUsage(fs, true)
	if err := m.Config.parse(fs, args, getenv); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return err
	}
	m.Logger = newLogger(m.Stderr, m.Config.LogFormat)
	return nil
}

// Run binds its ports, then opens the database, migrates it, bootstraps
// the first account, and starts serving in the background. A port that is
// taken fails the start before any database is created.
func (m *Main) Run(ctx context.Context) (err error) {
	start := time.Now()
	var tlsConfig *tls.Config
	if m.Config.TLSCert != "" {
		cert, err := tls.LoadX509KeyPair(m.Config.TLSCert, m.Config.TLSKey)
		if err != nil {
			return err
		}
		tlsConfig = &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{cert}}
	}
	if err := m.bind(tlsConfig); err != nil {
		return err
	}
	if m.DB, err = store.Open(ctx, m.Config.DB, store.Synchronous(m.Config.Synchronous)); err != nil {
		return err
	}
	if err := m.DB.Migrate(ctx); err != nil {
		return err
	}
	if key, err := m.Config.SecretKeyBytes(); err != nil {
		return err
	} else if err := m.DB.InitSecretKey(ctx, key); err != nil {
		return fmt.Errorf("--secret-key: %w", err)
	}
	auth, err := m.seedOrBootstrap(ctx)
	if err != nil {
		return err
	}
	srv, err := m.newHTTPServer()
	if err != nil {
		return err
	}
	if err := m.startAgentListener(ctx, srv); err != nil {
		return err
	}
	m.startDebugListener()
	m.startRuntime()
	m.server = &nethttp.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		// Backstops; the server sets each request's own deadlines.
		ReadTimeout:  10*time.Second + m.Config.RequestTimeout,
		WriteTimeout: 10*time.Second + m.Config.RequestTimeout,
		IdleTimeout:  120 * time.Second,
		ErrorLog:     slog.NewLogLogger(m.Logger.Handler(), slog.LevelWarn),
		TLSConfig:    tlsConfig,
	}
	m.done = make(chan error, 1)
	go func() {
		var err error
		if tlsConfig != nil {
			err = m.server.ServeTLS(m.listener, "", "")
		} else {
			err = m.server.Serve(m.listener)
		}
		if errors.Is(err, nethttp.ErrServerClosed) {
			err = nil
		}
		m.done <- err
	}()
	attrs := []any{"url", m.URL(), "db", m.dbName(), "console", m.URL() + "/console", "openapi", m.URL() + "/openapi.json", "auth", auth}
	if a := m.AgentURL(); a != "" {
		attrs = append(attrs, "agents", a)
	}
	if m.Config.TestHelpers {
		attrs = append(attrs, "test_helpers", m.URL()+"/_partnerd/")
	}
	m.Logger.Info("serving", append(attrs, "version", partnerd.Version, "ready_in", time.Since(start).Round(time.Millisecond))...)
	return nil
}

// bind listens on every address of the configuration: the API, the
// agents' listener and --debug-addr.
func (m *Main) bind(tlsConfig *tls.Config) (err error) {
	if m.listener, err = m.listen(m.Config.Addr, tlsConfig); err != nil {
		return fmt.Errorf("--addr: %w", err)
	}
	// With TLS, net/http's own plain-text answers to a malformed request
	// are encrypted above this listener and stay plain text.
	m.listener = http.JSONErrorListener(m.listener)
	if m.Config.AgentAddr != "" {
		if m.agentListener, err = net.Listen("tcp", m.Config.AgentAddr); err != nil {
			return fmt.Errorf("--agent-addr: %w", err)
		}
	}
	if m.Config.DebugAddr != "" {
		if m.debugListener, err = m.listen(m.Config.DebugAddr, nil); err != nil {
			return fmt.Errorf("--debug-addr: %w", err)
		}
	}
	return nil
}

// dbName returns the database as the start line shows it: a file path, or
// a URL without its password.
func (m *Main) dbName() string {
	if u, err := url.Parse(m.Config.DB); err == nil && u.Scheme != "" {
		return u.Redacted()
	}
	return m.Config.DB
}

// listen listens on addr for TCP, capped by --max-conns and
// --max-conns-per-addr; peers in --trusted-proxies count only in the
// overall cap. tlsConfig, when set, is what the connections speak.
func (m *Main) listen(addr string, tlsConfig *tls.Config) (net.Listener, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	return http.LimitListener(l, m.connLimits(tlsConfig)), nil
}

// connLimits returns the caps of every listener; tlsConfig, when set, is
// what its connections speak.
func (m *Main) connLimits(tlsConfig *tls.Config) http.ConnLimits {
	proxies, _ := m.Config.TrustedProxyPrefixes()
	if tlsConfig != nil {
		tlsConfig = tlsConfig.Clone()
		tlsConfig.NextProtos = []string{"http/1.1"} // A refusal is HTTP/1.1.
	}
	return http.ConnLimits{Max: m.Config.MaxConns, PerAddr: m.Config.MaxConnsPerAddr, TLSConfig: tlsConfig,
		Exempt: func(a netip.Addr) bool {
			for _, p := range proxies {
				if p.Contains(a) {
					return true
				}
			}
			return false
		}}
}

// newHTTPServer wires the REST server to the store.
func (m *Main) newHTTPServer() (*http.Server, error) {
	factor, err := m.Config.RateFactor()
	if err != nil {
		return nil, err
	}
	proxies, err := m.Config.TrustedProxyPrefixes()
	if err != nil {
		return nil, err
	}
	s := http.NewServer()
	s.Logger = m.Logger
	s.Workspaces, s.Auth, s.DevAPIClients = m.DB, m.DB, m.DB
	s.Members, s.Roles, s.Folders = m.DB, m.DB, m.DB
	s.Connectors, s.Connections, s.Recipes = m.DB, m.DB, m.DB
	s.LookupTables, s.Properties, s.APIPlatform = m.DB, m.DB, m.DB
	s.Packages, s.Deployments = m.DB, m.DB
	s.OnPrem = m.DB
	s.Snapshots = m.DB
	s.Jobs = m.DB
	s.Activities, s.Tags = m.DB, m.DB
	s.Stubs, s.ConnectorCalls = m.DB, m.DB
	s.APIGateway, s.Runner = m.DB, m.engine()
	s.GatewayTimeout, s.GatewayRateLimit, s.GatewayQuota = m.Config.GatewayTimeout, m.Config.GatewayRate, m.Config.GatewayQuota
	s.GatewayLimiter = &http.MemoryRateLimiter{}
	if m.DB.IsPostgres() {
		s.GatewayLimiter = m.DB // One count across replicas.
	}
	s.PublicURL = m.publicURL
	s.Ready = m.DB.Ready
	s.Console = m.newConsole(s)
	s.TrustedProxies = proxies
	s.RequestTimeout = m.Config.RequestTimeout
	s.TestHelpers = m.Config.TestHelpers
	s.JournalSize = m.Config.JournalSize
	s.AccessLog = m.Config.AccessLog
	s.RateFactor = factor
	if factor > 0 {
		if m.DB.IsPostgres() {
			s.RateLimiter = m.DB // Replicas on one database share the counts.
		} else {
			s.RateLimiter = &http.MemoryRateLimiter{}
		}
	}
	return s, nil
}

// bootstrap creates the first account when the database has none, and
// returns how to authenticate, for the start line. On a database that has
// an account, it says in the log which bootstrap variables it ignores.
func (m *Main) bootstrap(ctx context.Context) (string, error) {
	n, err := m.DB.CountAccounts(ctx)
	if err != nil {
		return "", err
	}
	if n > 0 {
		return m.bootstrapIgnored(ctx), nil
	}
	token := m.Config.BootstrapToken
	if token == "" {
		token, _ = partnerd.NewToken()
	}
	apiKey := m.Config.BootstrapAPIKey
	keyHash := ""
	if apiKey != "" {
		keyHash = partnerd.HashSecret(apiKey)
	}
	_, _, err = m.DB.CreateAccount(ctx, &partnerd.NewAccount{Name: "Partner", Email: m.Config.BootstrapEmail,
		APIKeyHash: keyHash, ClientName: "bootstrap", TokenHash: partnerd.HashSecret(token)})
	if partnerd.ErrorCode(err) == partnerd.ECONFLICT {
		// A replica starting at the same time has just bootstrapped.
		if n, cerr := m.DB.CountAccounts(ctx); cerr == nil && n > 0 {
			return m.bootstrapIgnored(ctx), nil
		}
	}
	if err != nil {
		return "", fmt.Errorf("bootstrap: %w", err)
	}
	if m.Config.BootstrapToken == "" {
		fmt.Fprintf(m.Stderr, "Created the account \"Partner\" (%s). Its API token, shown once:\n\n    %s\n\n", m.Config.BootstrapEmail, token)
		return "Authorization: Bearer <the token printed above>", nil
	}
	return "Authorization: Bearer $PARTNERD_BOOTSTRAP_TOKEN", nil
}

// bootstrapIgnored warns of the bootstrap variables a database with an
// account leaves unused, unless they already authenticate there, and
// returns how to authenticate.
func (m *Main) bootstrapIgnored(ctx context.Context) string {
	const auth = "Authorization: Bearer <a token of an account of this database>"
	var ignored []string
	token := m.Config.BootstrapToken
	if token != "" {
		if _, err := m.DB.AuthenticateToken(ctx, partnerd.HashSecret(token)); err == nil {
			return "Authorization: Bearer $PARTNERD_BOOTSTRAP_TOKEN"
		}
		ignored = append(ignored, "PARTNERD_BOOTSTRAP_TOKEN")
	}
	if key := m.Config.BootstrapAPIKey; key != "" {
		if _, err := m.DB.AuthenticateAPIKey(ctx, m.Config.BootstrapEmail, key); err != nil {
			ignored = append(ignored, "PARTNERD_BOOTSTRAP_API_KEY")
		}
	}
	if len(ignored) > 0 {
		m.Logger.Warn(strings.Join(ignored, " and ")+" ignored: the database already has an account, and bootstrap variables act only on an empty database",
			"db", m.dbName(), "fix", "use the token printed at the database's first start, or start on a new database (--db new.db, or remove "+m.dbName()+")")
	}
	return auth
}

// URL returns the base URL the server listens on.
func (m *Main) URL() string {
	scheme := "http"
	if m.Config.TLSCert != "" {
		scheme = "https"
	}
	return scheme + "://" + m.listener.Addr().String()
}

// Wait blocks until the server stops by itself or ctx ends.
func (m *Main) Wait(ctx context.Context) error {
	select {
	case err := <-m.done:
		return err
	case <-ctx.Done():
		return nil
	}
}

// Close shuts down gracefully: no new connections, in-flight requests
// finish within the shutdown timeout, and the database closes.
func (m *Main) Close() error {
	var err error
	if m.agents != nil {
		err = m.agents.Close() // Before the database: agents' presence ends in the store.
	}
	if m.server != nil {
		ctx, cancel := context.WithTimeout(context.Background(), m.Config.ShutdownTimeout)
		defer cancel()
		if serr := m.server.Shutdown(ctx); errors.Is(serr, context.DeadlineExceeded) {
			// Requests still in flight after the grace are their clients'
			// doing, not a failure of the server: their connections close.
			m.Logger.Warn("requests still in flight after the shutdown grace; closing their connections",
				"grace", m.Config.ShutdownTimeout)
			m.server.Close()
		} else {
			err = errors.Join(err, serr)
		}
	}
	m.stopRuntime() // After the requests: a request may wait for a job.
	if m.debug != nil {
		err = errors.Join(err, m.debug.Close())
	}
	if m.listener != nil && m.server == nil {
		m.listener.Close() // Bound, never served.
	}
	if m.agentListener != nil && m.agents == nil {
		m.agentListener.Close()
	}
	if m.debugListener != nil && m.debug == nil {
		m.debugListener.Close()
	}
	if m.DB != nil {
		err = errors.Join(err, m.DB.Close())
	}
	return err
}

// runServe runs "partnerd serve" until a signal ends ctx.
func runServe(ctx context.Context, args []string, stderr io.Writer, getenv func(string) string) error {
	m := NewMain()
	m.Stderr = stderr
	if err := m.ParseFlags(args, getenv); err != nil {
		return err
	}
	if err := m.Run(ctx); err != nil {
		m.Close()
		return err
	}
	err := m.Wait(ctx)
	m.Logger.Info("shutting down")
	return errors.Join(err, m.Close())
}
