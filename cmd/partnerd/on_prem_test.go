package main

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"math/big"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/partnerd/partnerd/client"
)

// pauseProcess stops a process (stop true) or lets it run on, where the
// system can; on_prem_unix_test.go sets it.
var pauseProcess func(p *os.Process, stop bool) error

// runMainEnv switches the test binary into partnerd itself: with it set,
// TestMain runs main with the binary's arguments, so that a test can start
// a real "partnerd agent" process from its own executable.
const runMainEnv = "PARTNERD_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// agentProcess is a "partnerd agent" process and its output.
type agentProcess struct {
	cmd    *exec.Cmd
	output *syncBuffer
	done   chan error
}

// startAgent starts "partnerd agent" with args; it is killed when the test ends.
func startAgent(tb testing.TB, args ...string) *agentProcess {
	tb.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"agent"}, args...)...)
	cmd.Env = append(os.Environ(), runMainEnv+"=1")
	p := &agentProcess{cmd: cmd, output: &syncBuffer{}, done: make(chan error, 1)}
	cmd.Stdout, cmd.Stderr = p.output, p.output
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	go func() { p.done <- cmd.Wait() }()
	tb.Cleanup(func() { cmd.Process.Kill() })
	return p
}

// wait returns the process's exit error, failing the test when it runs on.
func (p *agentProcess) wait(tb testing.TB, within time.Duration) error {
	tb.Helper()
	select {
	case err := <-p.done:
		return err
	case <-time.After(within):
		tb.Fatalf("the agent process still runs after %v:\n%s", within, p.output)
		return nil
	}
}

// syncBuffer is a buffer that a process and a test share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// eventually polls cond until it holds, and returns how long that took.
func eventually(tb testing.TB, what string, within time.Duration, cond func() bool) time.Duration {
	tb.Helper()
	start := time.Now()
	for !cond() {
		if time.Since(start) > within {
			tb.Fatalf("%s: not within %v", what, within)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return time.Since(start)
}

// TestOnPremAgent is the proof of on-prem agents: a real "partnerd agent"
// process enrols with an activation code and connects over mutual TLS;
// the agent turns from awaiting_setup to active, its group counts it and
// lists its profile with the connection that uses it, and killing the
// process makes it inactive at once. A used code is refused, and neither
// a deleted agent's certificate nor one of another CA can connect.
func TestOnPremAgent(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	m := MustRunMain(t, tempDB(t), nil)
	c := newClient(m, bootstrapToken)
	MustCreateCustomer(t, c, "Acme", "acme")
	mu := client.ExternalID("acme")

	group, err := c.CreateOnPremGroup(ctx, mu, "CRM server")
	if err != nil {
		t.Fatal(err)
	}
	agent, err := c.CreateOnPremAgent(ctx, mu, client.CreateOnPremAgentParams{Name: "primary agent", OS: "linux", OnPremGroupID: group.ID})
	if err != nil {
		t.Fatal(err)
	}
	if agent.State != "awaiting_setup" || !agent.AwaitingSetup || !strings.HasSuffix(agent.CN, ":"+strconv.FormatInt(agent.ID, 10)) {
		t.Errorf("new agent = %+v", agent)
	}
	if active, err := c.OnPremAgentActive(ctx, mu, agent.ID); err != nil || active {
		t.Errorf("status before enrolment: %v, %v", active, err)
	}
	crm, err := c.CreateConnection(ctx, mu, client.CreateConnectionParams{Provider: "oracle", Name: "Oracle CRM DB", OnPremGroupID: group.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateConnection(ctx, mu, client.CreateConnectionParams{Provider: "oracle", Name: "Cloud Oracle"}); err != nil {
		t.Fatal(err)
	}

	code, err := c.OnPremActivationCode(ctx, mu, agent.ID)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	profiles := filepath.Join(dir, "profiles.yml")
	if err := os.WriteFile(profiles, []byte("profiles:\n  - name: CRM-Oracle\n    provider: oracle\n    type: Database\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	state := filepath.Join(dir, "state")
	proc := startAgent(t, "--server", m.AgentURL(), "--code", code.Code, "--profiles", profiles, "--state-dir", state)
	eventually(t, "the agent is active", 15*time.Second, func() bool {
		active, err := c.OnPremAgentActive(ctx, mu, agent.ID)
		return err == nil && active
	})
	got, err := c.OnPremAgent(ctx, mu, agent.ID)
	if err != nil || got.State != "active" || got.AwaitingSetup || got.LastSeenVersion == nil {
		t.Errorf("connected agent = %+v, %v", got, err)
	}
	status, err := c.OnPremGroupStatus(ctx, mu, group.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := client.OnPremProfile{Name: "CRM-Oracle", Provider: "oracle", Type: "Database",
		Connections: []client.OnPremConnectionRef{{ID: crm.ID, Name: "Oracle CRM DB"}}}
	if status.AgentCount != 1 || status.ActiveAgentCount != 1 || len(status.Profiles) != 1 || !sameProfile(status.Profiles[0], want) {
		t.Errorf("group status = %+v", status)
	}
	if metrics := getMetrics(t, m); !strings.Contains(metrics, "partnerd_agents_connected 1") {
		t.Errorf("/metrics does not count the agent:\n%s", grepLines(metrics, "agents"))
	}

	// A process that stops heartbeating, its connection still open, is
	// inactive after 15 s of silence; once it runs again it reconnects.
	if pauseProcess != nil {
		if err := pauseProcess(proc.cmd.Process, true); err != nil {
			t.Fatal(err)
		}
		// The last heartbeat came at most 5 s before the pause, so the silence
		// ends 10 to 15 s after it; a busy machine only makes it later.
		took := eventually(t, "inactive after 15 s of silence", 30*time.Second, func() bool {
			active, err := c.OnPremAgentActive(ctx, mu, agent.ID)
			return err == nil && !active
		})
		if took < 9*time.Second {
			t.Errorf("inactive %v after the process stopped, before 15 s of silence", took)
		}
		t.Logf("inactive %v after the process stopped", took)
		if err := pauseProcess(proc.cmd.Process, false); err != nil {
			t.Fatal(err)
		}
		eventually(t, "active again after reconnecting", 15*time.Second, func() bool {
			active, err := c.OnPremAgentActive(ctx, mu, agent.ID)
			return err == nil && active
		})
	}

	// Killing the process closes its connection: inactive at once. Its last
	// heartbeat came at most 5 s before, so its silence could not make it
	// inactive within 10 s: only the close can.
	if err := proc.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	took := eventually(t, "inactive after the kill, before its silence could end it", 9500*time.Millisecond, func() bool {
		active, err := c.OnPremAgentActive(ctx, mu, agent.ID)
		return err == nil && !active
	})
	t.Logf("inactive %v after the kill", took)
	if status, err := c.OnPremGroupStatus(ctx, mu, group.ID); err != nil || status.ActiveAgentCount != 0 || len(status.Profiles) != 0 {
		t.Errorf("group status after the kill = %+v, %v", status, err)
	}
	if got, err := c.OnPremAgent(ctx, mu, agent.ID); err != nil || got.State != "inactive" {
		t.Errorf("killed agent = %+v, %v", got, err)
	}

	// A second enrolment with the used code is refused: the process exits
	// with an error.
	again := startAgent(t, "--server", m.AgentURL(), "--code", code.Code, "--state-dir", filepath.Join(dir, "again"))
	if err := again.wait(t, 15*time.Second); err == nil || !strings.Contains(again.output.String(), "refused") {
		t.Errorf("a second enrolment with the code: %v\n%s", err, again.output)
	}

	// The enrolled agent comes back without a code; once it is deleted,
	// its certificate is refused and the process ends.
	back := startAgent(t, "--server", m.AgentURL(), "--state-dir", state)
	eventually(t, "the agent is back", 15*time.Second, func() bool {
		active, err := c.OnPremAgentActive(ctx, mu, agent.ID)
		return err == nil && active
	})
	if err := c.DeleteOnPremAgent(ctx, mu, agent.ID); err != nil {
		t.Fatal(err)
	}
	if err := back.wait(t, 15*time.Second); err == nil || !strings.Contains(back.output.String(), "deleted") {
		t.Errorf("the deleted agent's process: %v\n%s", err, back.output)
	}
	gone := startAgent(t, "--server", m.AgentURL(), "--state-dir", state)
	if err := gone.wait(t, 15*time.Second); err == nil {
		t.Errorf("a deleted agent's certificate connected:\n%s", gone.output)
	}

	// A client certificate of another CA, presented whatever CAs the
	// server asks for, fails the TLS handshake.
	foreign := foreignCertificate(t, agent.CN)
	hc := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true,
		GetClientCertificate: func(*tls.CertificateRequestInfo) (*tls.Certificate, error) { return &foreign, nil }}}}
	if res, err := hc.Get(m.AgentURL() + "/connect"); err == nil {
		res.Body.Close()
		t.Errorf("a certificate of another CA got %s", res.Status)
	}
}

// sameProfile compares two profiles with their connections.
func sameProfile(a, b client.OnPremProfile) bool {
	if a.Name != b.Name || a.Provider != b.Provider || a.Type != b.Type || len(a.Connections) != len(b.Connections) {
		return false
	}
	for i := range a.Connections {
		if a.Connections[i] != b.Connections[i] {
			return false
		}
	}
	return true
}

// foreignCertificate returns a client certificate for cn signed by a CA of
// its own.
func foreignCertificate(tb testing.TB, cn string) tls.Certificate {
	tb.Helper()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	now := time.Now()
	ca := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "impostor CA"}, IsCA: true,
		BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign, NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour)}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		tb.Fatal(err)
	}
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	leaf := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: cn},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}, NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, leaf, ca, &key.PublicKey, caKey)
	if err != nil {
		tb.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der, caDER}, PrivateKey: key}
}

// getMetrics reads the server's /metrics.
func getMetrics(tb testing.TB, m *Main) string {
	tb.Helper()
	res, err := http.Get(m.URL() + "/metrics")
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b)
}

// grepLines returns the lines of text that hold s.
func grepLines(text, s string) string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if strings.Contains(line, s) {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}
