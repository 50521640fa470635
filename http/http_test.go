package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	nethttp "net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/http"
	"github.com/partnerd/partnerd/store"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/")

// testNow is the fixed clock of every http test, so that output is stable.
var testNow = time.Date(2026, 11, 2, 9, 30, 0, 123_000_000, time.UTC)

func TestMain(m *testing.M) {
	time.Local = time.UTC
	os.Exit(m.Run())
}

// Tokens of the two accounts every test environment has.
const (
	tokenA = "wrkaus-account-a-token-000000000000000000000000000"
	tokenB = "wrkaus-account-b-token-000000000000000000000000000"
	keyA   = "legacy-key-a"
)

// testEnv is a server on a fresh in-memory database with two accounts.
type testEnv struct {
	t        *testing.T
	URL      string
	DB       *store.DB
	Server   *http.Server
	AccountA *partnerd.Workspace
	AccountB *partnerd.Workspace
}

// newTestEnv starts a server whose rate limits are off unless limits is true.
func newTestEnv(t *testing.T, limits bool) *testEnv {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	db.Now = func() time.Time { return testNow }
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	e := &testEnv{t: t, DB: db}
	e.AccountA, _, err = db.CreateAccount(ctx, &partnerd.NewAccount{Name: "Partner A", Email: "a@partner.test",
		APIKeyHash: partnerd.HashSecret(keyA), ClientName: "bootstrap", TokenHash: partnerd.HashSecret(tokenA)})
	if err != nil {
		t.Fatal(err)
	}
	e.AccountB, _, err = db.CreateAccount(ctx, &partnerd.NewAccount{Name: "Partner B", Email: "b@partner.test",
		ClientName: "bootstrap", TokenHash: partnerd.HashSecret(tokenB)})
	if err != nil {
		t.Fatal(err)
	}
	s := http.NewServer()
	s.Workspaces, s.Auth, s.DevAPIClients, s.Members, s.Roles, s.Folders = db, db, db, db, db, db
	s.Connectors, s.Connections, s.Recipes = db, db, db
	s.LookupTables, s.Properties, s.APIPlatform = db, db, db
	s.Packages, s.Deployments = db, db
	s.OnPrem = db
	s.Snapshots = db
	s.Jobs = db
	s.Activities, s.Tags = db, db
	s.Stubs, s.ConnectorCalls = db, db
	s.PublicURL = func() string { return "http://partnerd.test" }
	s.Now = db.Now
	s.Ready = db.Ping
	var requests atomic.Int64 // Request ids count, so that journals are stable.
	s.NewRequestID = func() string { return fmt.Sprintf("req-%d", requests.Add(1)) }
	if limits {
		s.RateLimiter = &http.MemoryRateLimiter{Now: db.Now}
	}
	e.Server = s
	ts := httptest.NewUnstartedServer(s)
	ts.Listener = http.JSONErrorListener(ts.Listener)
	ts.Start()
	e.URL = ts.URL
	t.Cleanup(func() { ts.Close(); db.Close() })
	return e
}

// scenario is one request and the answer it must get; the body must equal
// testdata/<resource>/<Name>.json.
type scenario struct {
	Name       string
	Method     string
	URL        string
	Body       string
	Token      string // tokenA when empty; "-" sends no credentials
	Header     map[string]string
	WantStatus int
}

// run plays the scenarios in order on one environment.
func (e *testEnv) run(t *testing.T, resource string, scenarios []scenario) {
	t.Helper()
	for _, sc := range scenarios {
		status, body := e.do(sc)
		if status != sc.WantStatus {
			t.Errorf("%s: status %d, want %d; body %s", sc.Name, status, sc.WantStatus, body)
		}
		checkGolden(t, filepath.Join("testdata", resource, sc.Name+".json"), body)
	}
}

// do sends a scenario's request and returns the status and body.
func (e *testEnv) do(sc scenario) (int, []byte) {
	e.t.Helper()
	var body io.Reader
	if sc.Body != "" {
		body = strings.NewReader(sc.Body)
	}
	req, err := nethttp.NewRequest(sc.Method, e.URL+sc.URL, body)
	if err != nil {
		e.t.Fatal(err)
	}
	switch sc.Token {
	case "":
		req.Header.Set("Authorization", "Bearer "+tokenA)
	case "-":
	default:
		req.Header.Set("Authorization", "Bearer "+sc.Token)
	}
	for k, v := range sc.Header {
		req.Header.Set(k, v)
	}
	res, err := nethttp.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		e.t.Errorf("%s %s: Content-Type %q", sc.Method, sc.URL, ct)
	}
	return res.StatusCode, b
}

// checkGolden compares a JSON body, indented, with a golden file, or
// rewrites the file under -update.
func checkGolden(t *testing.T, path string, body []byte) {
	t.Helper()
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, body, "", "  "); err != nil {
		t.Errorf("%s: the body is not JSON: %q", path, body)
		return
	}
	pretty.WriteByte('\n')
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, pretty.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Errorf("%s: %v (run go test ./http -update)", path, err)
		return
	}
	if !bytes.Equal(pretty.Bytes(), want) {
		t.Errorf("%s: the body differs from the golden file:\n got: %s\nwant: %s", path, pretty.Bytes(), want)
	}
}
