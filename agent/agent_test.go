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
	"math/big"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// heartbeat is the short heartbeat period of these tests.
const heartbeat = 100 * time.Millisecond

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
// with its version and profiles while it heartbeats, that its code works
// only once, and that it is inactive as soon as it stops.
func TestAgent(t *testing.T) {
	e := newTestEnv(t)
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
	time.Sleep(5 * heartbeat)
	if !e.find(t).Active {
		t.Error("inactive although it heartbeats")
	}
	stop()
	if err := <-result; err != nil {
		t.Errorf("Run = %v", err)
	}
	waitFor(t, "inactive at once", time.Second, func() bool { return !e.find(t).Active })
	waitFor(t, "disconnected", time.Second, func() bool { return e.server.Connected() == 0 })
}

// TestAgentSilence checks that a connection that sends its hello and then
// nothing is closed after three heartbeat periods, the agent inactive.
func TestAgentSilence(t *testing.T) {
	e := newTestEnv(t)
	a := e.newAgent(t)
	if err := a.Enrol(t.Context(), e.code(t)); err != nil {
		t.Fatal(err)
	}
	c := dial(t, a)
	defer c.CloseNow()
	if err := a.send(t.Context(), c, Message{Type: TypeHello}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "active", time.Second, func() bool { return e.find(t).Active })
	start := time.Now()
	_, _, err := c.Read(t.Context())
	if err == nil || time.Since(start) < 2*heartbeat {
		t.Errorf("read = %v after %v", err, time.Since(start))
	}
	waitFor(t, "inactive", time.Second, func() bool { return !e.find(t).Active })
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
	e := newTestEnv(t)
	a := e.newAgent(t)
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
	waitFor(t, "disconnected when disabled", 5*heartbeat, func() bool { return e.server.Connected() == 0 })
	time.Sleep(5 * heartbeat)
	if e.find(t).Active || e.server.Connected() != 0 {
		t.Fatal("a disabled agent connected again")
	}
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
	if e.server.Connected() != 0 {
		t.Error("a deleted agent is still connected")
	}
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
