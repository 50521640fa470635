package main

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/partnerd/partnerd/client"
)

// serverProcess is a real "partnerd serve" process: the test binary run
// again as partnerd (see TestMain), on ports the test chose.
type serverProcess struct {
	cmd      *exec.Cmd
	url      string // the API's base URL
	agentURL string // where agents enrol and connect
	output   *syncBuffer
	done     chan error
	exited   bool
	exitErr  error
}

// startServer starts "partnerd serve" on db with the bootstrap credentials,
// the test helpers on and the extra flags args (such as "--rate-limits",
// "on"; rate limits are off otherwise), and returns once /readyz answers.
// A port taken between its choice and the bind is chosen again. The
// process is stopped when the test ends.
func startServer(tb testing.TB, db string, args ...string) *serverProcess {
	tb.Helper()
	for attempt := 1; ; attempt++ {
		p, err := tryStartServer(db, args)
		if err == nil {
			tb.Cleanup(func() {
				p.stop(tb)
				if tb.Failed() {
					tb.Logf("output of the server at %s:\n%s", p.url, p.output)
				}
			})
			return p
		}
		if !errors.Is(err, errPortTaken) || attempt == 5 {
			tb.Fatal(err)
		}
	}
}

// errPortTaken reports a start that failed because a chosen port was taken.
var errPortTaken = errors.New("a chosen port was taken")

// tryStartServer starts one process and waits until it is ready or exits.
func tryStartServer(db string, args []string) (*serverProcess, error) {
	addrs, err := freeAddrs(2)
	if err != nil {
		return nil, err
	}
	argv := append([]string{"serve", "--db", db, "--addr", addrs[0], "--agent-addr", addrs[1],
		"--rate-limits", "off", "--test-helpers"}, args...)
	cmd := exec.Command(os.Args[0], argv...)
	cmd.Env = append(environWithout("PARTNERD_"), runMainEnv+"=1",
		"PARTNERD_BOOTSTRAP_TOKEN="+bootstrapToken, "PARTNERD_BOOTSTRAP_API_KEY="+bootstrapAPIKey)
	p := &serverProcess{cmd: cmd, url: "http://" + addrs[0], agentURL: "https://" + addrs[1],
		output: &syncBuffer{}, done: make(chan error, 1)}
	cmd.Stdout, cmd.Stderr = p.output, p.output
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go func() { p.done <- cmd.Wait() }()

	hc := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(time.Minute)
	for {
		if res, err := hc.Get(p.url + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return p, nil
			}
		}
		select {
		case err := <-p.done:
			p.exited, p.exitErr = true, err
			if strings.Contains(p.output.String(), "address already in use") {
				return nil, errPortTaken
			}
			return nil, fmt.Errorf("partnerd serve exited before it was ready: %v\n%s", err, p.output)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			p.cmd.Process.Kill()
			<-p.done
			return nil, fmt.Errorf("partnerd serve not ready within a minute:\n%s", p.output)
		}
	}
}

// freeAddrs returns n loopback addresses whose ports were free a moment
// ago; they are held together so that no two are the same.
func freeAddrs(n int) ([]string, error) {
	var addrs []string
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		defer l.Close()
		addrs = append(addrs, l.Addr().String())
	}
	return addrs, nil
}

// environWithout returns the environment without the variables whose
// names start with prefix, so that the machine's settings do not leak in.
func environWithout(prefix string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, prefix) {
			env = append(env, kv)
		}
	}
	return env
}

// client returns a client of the process with token, over hc.
func (p *serverProcess) client(token string, hc *http.Client) *client.Client {
	return client.New(p.url, client.WithToken(token), client.WithUserAgent("partnerd-e2e"), client.WithHTTPClient(hc))
}

// kill ends the process with SIGKILL, as a crash would, and waits for it.
func (p *serverProcess) kill(tb testing.TB) {
	tb.Helper()
	if p.exited {
		return
	}
	if err := p.cmd.Process.Kill(); err != nil {
		tb.Fatal(err)
	}
	p.wait()
}

// stop ends the process gracefully (SIGINT) and fails the test when it
// does not exit 0; after 30 s it is killed.
func (p *serverProcess) stop(tb testing.TB) {
	tb.Helper()
	if p.exited {
		return
	}
	if err := p.cmd.Process.Signal(os.Interrupt); err != nil {
		tb.Errorf("interrupt the server: %v", err)
	}
	select {
	case err := <-p.done:
		p.exited, p.exitErr = true, err
		if err != nil {
			tb.Errorf("the server exited with %v after an interrupt:\n%s", err, p.output)
		}
	case <-time.After(30 * time.Second):
		p.cmd.Process.Kill()
		p.wait()
		tb.Errorf("the server still ran 30 s after an interrupt:\n%s", p.output)
	}
}

// wait waits for the process to exit.
func (p *serverProcess) wait() {
	if !p.exited {
		p.exited, p.exitErr = true, <-p.done
	}
}

// newHTTPClient returns an HTTP client that keeps up to conns connections
// to one host alive, with a bound on every request.
func newHTTPClient(conns int) *http.Client {
	return &http.Client{Timeout: time.Minute, Transport: &http.Transport{
		MaxIdleConns: conns, MaxIdleConnsPerHost: conns, IdleConnTimeout: 30 * time.Second,
	}}
}
