// Package partnerdtest runs a partnerd server inside a Go test, in place of
// Workato: a fresh database, a free port, an account with an Admin token,
// and the test helpers (/_partnerd/…) on. The server stops, and its
// database goes, when the test ends.
//
//	func TestSync(t *testing.T) {
//		srv := partnerdtest.Start(t)
//		c := srv.Client()
//		cu, err := c.CreateCustomer(t.Context(), client.CreateCustomerParams{…})
//		…
//	}
//
// Parallel tests may share one server, each in an account of its own:
// srv.NewAccount(t) returns a client of a new, isolated account.
package partnerdtest

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/client"
	"github.com/partnerd/partnerd/http"
	"github.com/partnerd/partnerd/store"
)

// Server is a running partnerd server and its first account.
type Server struct {
	URL       string // the base URL, such as http://127.0.0.1:41234
	AccountID int64  // the first account's admin workspace
	Token     string // the token of its Admin client "bootstrap"
	Email     string // its owner, whose legacy key is APIKey
	APIKey    string

	accounts atomic.Int64
}

type config struct {
	db          string
	journalSize int
	rateLimits  bool
}

// Option configures Start.
type Option func(*config)

// WithDatabase serves from the database at dsn, a SQLite file path or a
// postgres:// URL, instead of a new SQLite file in the test's temporary
// directory. Start migrates it and creates an account of its own there.
func WithDatabase(dsn string) Option { return func(c *config) { c.db = dsn } }

// WithJournalSize keeps n requests per account in the journal of
// TestRequests instead of 1000.
func WithJournalSize(n int) Option { return func(c *config) { c.journalSize = n } }

// WithRateLimits applies Workato's rate limits, which are off by default.
func WithRateLimits() Option { return func(c *config) { c.rateLimits = true } }

// Start starts a server on a free port of 127.0.0.1 for the test and stops
// it when the test ends; a failure to start fails the test.
func Start(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	cfg := config{db: filepath.Join(tb.TempDir(), "partnerd.db"), journalSize: 1000}
	for _, opt := range opts {
		opt(&cfg)
	}
	ctx := context.Background()
	db, err := store.Open(ctx, cfg.db)
	if err != nil {
		tb.Fatalf("partnerdtest: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		tb.Fatalf("partnerdtest: migrate: %v", err)
	}
	if err := db.InitSecretKey(ctx, nil); err != nil {
		tb.Fatalf("partnerdtest: %v", err)
	}
	srv := &Server{Email: "admin-" + strings.ToLower(partnerd.RandomString(8)) + "@partnerd.test", APIKey: partnerd.RandomString(40)}
	token, hash := partnerd.NewToken()
	account, _, err := db.CreateAccount(ctx, &partnerd.NewAccount{Name: "Partner", Email: srv.Email,
		APIKeyHash: partnerd.HashSecret(srv.APIKey), ClientName: "bootstrap", TokenHash: hash})
	if err != nil {
		tb.Fatalf("partnerdtest: create the account: %v", err)
	}
	srv.AccountID, srv.Token = account.ID, token

	s := http.NewServer()
	setServices(s, db)
	s.Ready = db.Ready
	s.TestHelpers = true
	s.JournalSize = cfg.journalSize
	if cfg.rateLimits {
		s.RateLimiter = &http.MemoryRateLimiter{}
	}
	ts := httptest.NewServer(s)
	tb.Cleanup(ts.Close)
	srv.URL = ts.URL
	return srv
}

// setServices sets every service of s that the store implements, as
// "partnerd serve" does, so that a service added to the server later is
// set too. The rate limiter is left to Start.
func setServices(s *http.Server, db *store.DB) {
	limiter := reflect.TypeFor[partnerd.RateLimiter]()
	v := reflect.ValueOf(s).Elem()
	for i := range v.NumField() {
		f, field := v.Field(i), v.Type().Field(i)
		if field.IsExported() && field.Type.Kind() == reflect.Interface && field.Type != limiter &&
			f.IsNil() && reflect.TypeOf(db).Implements(field.Type) {
			f.Set(reflect.ValueOf(db))
		}
	}
}

// Client returns a client of the first account, with its Admin token.
func (s *Server) Client(opts ...client.Option) *client.Client {
	return client.New(s.URL, append([]client.Option{client.WithToken(s.Token)}, opts...)...)
}

// NewAccount creates another account, isolated from every other, named
// after the test, and returns a client with its Admin token, and the
// account's id, token and legacy key. Parallel tests on one server each
// take one.
func (s *Server) NewAccount(tb testing.TB, opts ...client.Option) (*client.Client, *client.TestAccount) {
	tb.Helper()
	name := []rune(tb.Name())
	email := "owner-" + strconv.FormatInt(s.accounts.Add(1), 10) + "-" + strings.ToLower(partnerd.RandomString(8)) + "@partnerd.test"
	a, err := s.Client().TestCreateAccount(context.Background(), client.TestAccountParams{
		Name: string(name[:min(len(name), 255)]), Email: email})
	if err != nil {
		tb.Fatalf("partnerdtest: create an account: %v", err)
	}
	return client.New(s.URL, append([]client.Option{client.WithToken(a.Token)}, opts...)...), a
}
