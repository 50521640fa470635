package agent

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"log/slog"
	"math/big"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// heartbeat is the short heartbeat period of these tests.
const heartbeat = 100 * time.Millisecond

// patient gives the server a silence bound far past any test, so that a
// heartbeat late on a busy machine cannot end a connection: tests of what
// else ends one, or keeps it, use it.
func patient(s *Server) { s.Heartbeat = time.Minute }

// testEnv is an agent listener over a fresh store with one agent, awaiting
// setup, in a customer workspace.
type testEnv struct {
	db     *store.DB
	server *Server
	ws     int64
	agent  *partnerd.OnPremAgent
}

func newTestEnv(t *testing.T, options ...func(*Server)) *testEnv {
	t.Helper()
	ctx := t.Context()
	db, err := store.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.Migrate(ctx))
	_, hash := partnerd.NewToken()
	account, _, err := db.CreateAccount(ctx, &partnerd.NewAccount{Name: "A", Email: "a@example.com", ClientName: "c", TokenHash: hash})
	must(err)
	w := &partnerd.Workspace{Name: "Customer", NotificationEmail: "ops@example.com", PlanID: partnerd.DefaultPlanID,
		TimeZone: partnerd.DefaultTimeZone, TeamName: "Customer"}
	must(db.CreateCustomer(ctx, account.ID, w))
	g := &partnerd.OnPremGroup{Name: "Group"}
	must(db.CreateOnPremGroup(ctx, w.ID, g))
	a := &partnerd.OnPremAgent{Name: "Agent", OS: "linux", GroupID: g.ID, AwaitingSetup: true, Enabled: true}
	must(db.CreateOnPremAgent(ctx, w.ID, a))
	s := &Server{Store: db, Heartbeat: heartbeat}
	for _, o := range options {
		o(s)
	}
	must(s.Open(ctx, "127.0.0.1:0"))
	t.Cleanup(func() { s.Close() })
	return &testEnv{db: db, server: s, ws: w.ID, agent: a}
}

// code returns a fresh activation code of the agent.
func (e *testEnv) code(t *testing.T) string {
	t.Helper()
	c, err := e.db.CreateOnPremActivationCode(t.Context(), e.ws, e.agent.ID)
	if err != nil {
		t.Fatal(err)
	}
	return c.Code
}

// newAgent returns an agent process's side with a state directory of its own.
func (e *testEnv) newAgent(t *testing.T) *Agent {
	return &Agent{Server: "https://" + e.server.Addr().String(), StateDir: t.TempDir(), Version: "9.9.9",
		Heartbeat: heartbeat, MaxBackoff: 200 * time.Millisecond,
		Profiles: []partnerd.OnPremProfile{{Name: "CRM-Oracle", Provider: "oracle", Type: "Database"}}}
}

// find reads the agent back.
func (e *testEnv) find(t *testing.T) *partnerd.OnPremAgent {
	t.Helper()
	a, err := e.db.FindOnPremAgentByID(context.Background(), e.ws, e.agent.ID)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// waitFor polls cond until it holds or the time is up.
func waitFor(t *testing.T, what string, within time.Duration, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(within); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("%s: not within %v", what, within)
		}
	}
}

// run starts the agent's Run and returns its stop function and result.
func run(t *testing.T, a *Agent) (stop func(), result chan error) {
	ctx, cancel := context.WithCancel(context.Background())
	result = make(chan error, 1)
	go func() { result <- a.Run(ctx) }()
	t.Cleanup(cancel)
	return cancel, result
}

// TestAgent enrols an agent, connects it, and checks that it is active
// with its version and profiles, that its heartbeats reach the store on its
// one connection, that its code works only once, and that it is inactive
// as soon as it stops, long before its silence would make it so.
func TestAgent(t *testing.T) {
	e := newTestEnv(t, patient)
	a := e.newAgent(t)
	code := e.code(t)
	if a.Enrolled() {
		t.Fatal("enrolled before enrolment")
	}
	if err := a.Enrol(t.Context(), code); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(filepath.Join(a.StateDir, keyFile)); err != nil || info.Mode().Perm() != 0o600 || !a.Enrolled() {
		t.Errorf("key file: %v, %v", info, err)
	}
	if err := e.newAgent(t).Enrol(t.Context(), code); !errors.Is(err, ErrRefused) {
		t.Errorf("a second enrolment with the code: %v, want ErrRefused", err)
	}
	if got := e.find(t); got.State() != partnerd.OnPremAwaitingSetup {
		t.Errorf("after enrolment: state %s", got.State())
	}

	stop, result := run(t, a)
	waitFor(t, "active", 5*time.Second, func() bool { return e.find(t).Active })
	got := e.find(t)
	if got.AwaitingSetup || got.LastSeenVersion == nil || *got.LastSeenVersion != "9.9.9" || !reflect.DeepEqual(got.Profiles, a.Profiles) ||
		e.server.Connected() != 1 {
		t.Errorf("connected agent = %+v, %d connected", got, e.server.Connected())
	}
	sessions, hello := e.server.seq.Load(), *got.LastSeenAt
	waitFor(t, "heartbeats seen over three periods", 10*time.Second, func() bool {
		seen := e.find(t).LastSeenAt
		return seen != nil && seen.Sub(hello) >= 3*heartbeat
	})
	if !e.find(t).Active || e.server.seq.Load() != sessions {
		t.Errorf("heartbeats on one connection: active %v, %d sessions more", e.find(t).Active, e.server.seq.Load()-sessions)
	}
	stop()
	if err := <-result; err != nil {
		t.Errorf("Run = %v", err)
	}
	// The silence bound is a minute: these come from the close alone.
	waitFor(t, "inactive at once", 10*time.Second, func() bool { return !e.find(t).Active })
	waitFor(t, "disconnected", 10*time.Second, func() bool { return e.server.Connected() == 0 })
}

// TestAgentSilence checks that a connection that sends its hello and then
// nothing is closed by the server for its silence, no sooner than three
// heartbeat periods after the hello, the agent inactive.
func TestAgentSilence(t *testing.T) {
	disconnects := &logCapture{message: "agent disconnected", key: "reason"}
	e := newTestEnv(t, func(s *Server) { s.Logger = slog.New(disconnects) })
	a := e.newAgent(t)
	if err := a.Enrol(t.Context(), e.code(t)); err != nil {
		t.Fatal(err)
	}
	c := dial(t, a)
	defer c.CloseNow()
	sent := time.Now()
	if err := a.send(t.Context(), c, Message{Type: TypeHello}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "active", 10*time.Second, func() bool { return e.find(t).Active })
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	_, _, err := c.Read(ctx)
	t.Logf("closed %v after the hello", time.Since(sent))
	if err == nil || ctx.Err() != nil || time.Since(sent) < 3*heartbeat {
		t.Errorf("read = %v after %v; want the server's close after %v", err, time.Since(sent), 3*heartbeat)
	}
	waitFor(t, "the server's reason", 10*time.Second, func() bool { return len(disconnects.values()) > 0 })
	if reasons := disconnects.values(); !strings.Contains(reasons[0], context.DeadlineExceeded.Error()) {
		t.Errorf("the server closed the silent connection for %q, want its silence bound", reasons[0])
	}
	waitFor(t, "inactive", 10*time.Second, func() bool { return !e.find(t).Active })
}

// dial opens a WebSocket with the agent's enrolled certificate.
func dial(t *testing.T, a *Agent) *websocket.Conn {
	t.Helper()
	cert, err := tls.LoadX509KeyPair(filepath.Join(a.StateDir, certFile), filepath.Join(a.StateDir, keyFile))
	if err != nil {
		t.Fatal(err)
	}
	c, _, err := websocket.Dial(t.Context(), a.Server+PathConnect, &websocket.DialOptions{HTTPClient: &http.Client{
		Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true, Certificates: []tls.Certificate{cert}}}}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestAgentRevoked checks that disabling an agent closes its connection
// and refuses it until it is enabled again, and that deleting it closes
// the connection and ends Run with ErrRefused.
func TestAgentRevoked(t *testing.T) {
	e := newTestEnv(t, patient)
	a := e.newAgent(t)
	lost := &logCapture{message: "connection to the server lost", key: "error"}
	a.Logger = slog.New(lost)
	if err := a.Enrol(t.Context(), e.code(t)); err != nil {
		t.Fatal(err)
	}
	_, result := run(t, a)
	waitFor(t, "active", 5*time.Second, func() bool { return e.find(t).Active })
	update := func(enabled bool) {
		if _, err := e.db.UpdateOnPremAgent(t.Context(), e.ws, e.agent.ID, partnerd.OnPremAgentUpdate{Enabled: &enabled}); err != nil {
			t.Fatal(err)
		}
	}
	update(false)
	// The silence bound is a minute: the revocation alone closes it.
	waitFor(t, "disconnected when disabled", 10*time.Second, func() bool { return e.server.Connected() == 0 })
	waitFor(t, "a reconnection refused", 10*time.Second, func() bool { return len(lost.values()) >= 2 })
	if e.find(t).Active || e.server.Connected() != 0 {
		t.Fatalf("a disabled agent connected again: %q", lost.values())
	}
	t.Logf("while disabled: %q", lost.values())
	update(true)
	waitFor(t, "active again when enabled", 5*time.Second, func() bool { return e.find(t).Active })

	if err := e.db.DeleteOnPremAgent(t.Context(), e.ws, e.agent.ID); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-result:
		if !errors.Is(err, ErrRefused) {
			t.Errorf("Run of a deleted agent = %v, want ErrRefused", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run of a deleted agent did not end")
	}
	waitFor(t, "a deleted agent disconnected", 10*time.Second, func() bool { return e.server.Connected() == 0 })
}

// TestForeignCertificate checks that a client certificate with an agent's
// cn that another CA signed cannot connect, nor a client without one.
func TestForeignCertificate(t *testing.T) {
	e := newTestEnv(t)
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTemplate := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "other CA"}, IsCA: true,
		BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	caDER, _ := x509.CreateCertificate(rand.Reader, caTemplate, caTemplate, &caKey.PublicKey, caKey)
	caCert, _ := x509.ParseCertificate(caDER)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	der, err := x509.CreateCertificate(rand.Reader, &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: e.agent.CN},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)},
		caCert, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	url := "https://" + e.server.Addr().String() + PathConnect
	foreign := &tls.Certificate{Certificate: [][]byte{der, caDER}, PrivateKey: key}
	for name, cert := range map[string]*tls.Certificate{"foreign": foreign, "none": {}} {
		// The certificate is presented whatever CAs the server asks for.
		hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true,
			GetClientCertificate: func(*tls.CertificateRequestInfo) (*tls.Certificate, error) { return cert, nil }}}}
		c, res, err := websocket.Dial(t.Context(), url, &websocket.DialOptions{HTTPClient: hc})
		switch {
		case err == nil:
			c.CloseNow()
			t.Errorf("%s: connected", name)
		case name == "foreign" && res != nil:
			t.Errorf("%s: the handshake passed: %s", name, res.Status)
		case name == "none" && (res == nil || res.StatusCode != http.StatusUnauthorized):
			t.Errorf("%s: %v, %v", name, res, err)
		}
	}
	if e.find(t).Active {
		t.Error("the agent is active")
	}
}

// TestEnrolOtherServer checks that an agent refuses a server whose CA is
// not the one its code names, before sending anything.
func TestEnrolOtherServer(t *testing.T) {
	e := newTestEnv(t)
	other := sha256.Sum256([]byte("another CA"))
	code, _ := partnerd.NewOnPremActivationCode(other[:])
	err := e.newAgent(t).Enrol(t.Context(), code)
	if err == nil || errors.Is(err, ErrRefused) {
		t.Errorf("enrol with another server's code: %v", err)
	}
}
