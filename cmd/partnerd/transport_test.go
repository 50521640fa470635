package main

import (
	"bufio"
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestShutdownWithStalledBodies checks that a SIGTERM with half-sent bodies
// open in their handlers, on the API and the agent port, exits 0, the
// grace ending the requests still in flight rather than their request
// timeout of a minute.
func TestShutdownWithStalledBodies(t *testing.T) {
	const grace = 2 * time.Second
	p := startServer(t, ":memory:", "--shutdown-timeout", grace.String(), "--request-timeout", "1m")
	api, agents := strings.TrimPrefix(p.url, "http://"), strings.TrimPrefix(p.agentURL, "https://")
	for i := range 40 {
		var c net.Conn
		var err error
		if i%2 == 0 {
			c, err = net.Dial("tcp", api)
		} else {
			c, err = tls.Dial("tcp", agents, &tls.Config{InsecureSkipVerify: true})
		}
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		path := "/api/managed_users"
		if i%2 == 1 {
			path = "/enrol"
		}
		fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n{\"name\":", path, bootstrapToken)
		// The server answers 100 Continue when its handler reads the body.
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		if line, err := bufio.NewReader(c).ReadString('\n'); err != nil || !strings.HasPrefix(line, "HTTP/1.1 100 ") {
			t.Fatalf("%s: %q, %v; want 100 Continue from its handler", path, line, err)
		}
	}
	start := time.Now()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-p.done:
		p.exited, p.exitErr = true, err
		t.Logf("exited %v after %v", err, time.Since(start))
		if err != nil {
			t.Errorf("exited with %v; want 0", err)
		}
		if out := p.output.String(); !strings.Contains(out, "requests still in flight after the shutdown grace") {
			t.Errorf("the grace did not end the stalled requests:\n%s", out)
		}
	case <-time.After(grace + 20*time.Second):
		t.Fatalf("still running %v after SIGTERM, with a shutdown grace of %v", grace+20*time.Second, grace)
	}
}

// TestConnectionCap checks that a connection past --max-conns-per-addr is
// answered 503 with a JSON body and Retry-After.
func TestConnectionCap(t *testing.T) {
	p := startServer(t, ":memory:", "--max-conns-per-addr", "4")
	api := strings.TrimPrefix(p.url, "http://")
	served := 0
	for range 6 {
		c, err := net.Dial("tcp", api)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		c.SetDeadline(time.Now().Add(5 * time.Second))
		fmt.Fprintf(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
		res, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode == http.StatusOK {
			served++
			continue
		}
		line, _ := bufio.NewReader(res.Body).ReadString('\n')
		if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" ||
			!strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") || !strings.HasPrefix(line, `{"message":`) {
			t.Errorf("past the cap: %d %v %s", res.StatusCode, res.Header, line)
		}
		break
	}
	// The process's own readiness probe may hold one of the four.
	if served < 3 || served > 4 {
		t.Errorf("%d connections of one address served; the cap is 4", served)
	}
}
