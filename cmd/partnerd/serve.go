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
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/agent"
	"github.com/partnerd/partnerd/http"
	"github.com/partnerd/partnerd/store"
)

// errUsage is a command line error whose message the flag package printed.
var errUsage = errors.New("usage")

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
	done     chan error
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
	if err := m.Config.parse(fs, args, getenv); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errUsage
		}
		return err
	}
	m.Logger = newLogger(m.Stderr, m.Config.LogFormat)
	return nil
}

// Run opens the database, migrates it, bootstraps the first account, and
// starts serving in the background.
func (m *Main) Run(ctx context.Context) (err error) {
	start := time.Now()
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
	if err := m.seedOrBootstrap(ctx); err != nil {
		return err
	}
	srv, err := m.newHTTPServer()
	if err != nil {
		return err
	}
	if err := m.startAgentListener(ctx, srv); err != nil {
		return err
	}
	if err := m.startDebugListener(); err != nil {
		return err
	}
	var tlsConfig *tls.Config
	if m.Config.TLSCert != "" {
		cert, err := tls.LoadX509KeyPair(m.Config.TLSCert, m.Config.TLSKey)
		if err != nil {
			return err
		}
		tlsConfig = &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{cert}}
	}
	if m.listener, err = m.listen(m.Config.Addr, tlsConfig); err != nil {
		return err
	}
	// With TLS, net/http's own plain-text answers to a malformed request
	// are encrypted above this listener and stay plain text.
	m.listener = http.JSONErrorListener(m.listener)
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
	m.Logger.Info("serving", "addr", m.URL(), "db", m.DB.Dialect(), "version", partnerd.Version,
		"ready_in", time.Since(start).Round(time.Millisecond))
	return nil
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
	s.Packages = m.DB
	s.OnPrem = m.DB
	s.Snapshots = m.DB
	s.Ready = m.DB.Ready
	s.Console = m.newConsole(s)
	s.TrustedProxies = proxies
	s.RequestTimeout = m.Config.RequestTimeout
	s.TestHelpers = m.Config.TestHelpers
	s.JournalSize = m.Config.JournalSize
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

// bootstrap creates the first account when the database has none.
func (m *Main) bootstrap(ctx context.Context) error {
	n, err := m.DB.CountAccounts(ctx)
	if err != nil || n > 0 {
		return err
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
			return nil
		}
	}
	if err != nil {
		return fmt.Errorf("bootstrap: %w", err)
	}
	if m.Config.BootstrapToken == "" {
		fmt.Fprintf(m.Stderr, "Created the account \"Partner\" (%s). Its API token, shown once:\n\n    %s\n\n", m.Config.BootstrapEmail, token)
	}
	return nil
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
	if m.debug != nil {
		err = errors.Join(err, m.debug.Close())
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
