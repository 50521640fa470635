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
// open, on the API and the agent port, exits 0 within the shutdown grace.
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
		fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Length: 1000\r\n\r\n{\"name\":", path, bootstrapToken)
	}
	time.Sleep(300 * time.Millisecond) // The requests reach their handlers.
	start := time.Now()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-p.done:
		p.exited, p.exitErr = true, err
		took := time.Since(start)
		t.Logf("exited %v after %v", err, took)
		if err != nil || took > grace+3*time.Second {
			t.Errorf("exited with %v after %v; want 0 within the grace of %v", err, took, grace)
		}
	case <-time.After(grace + 10*time.Second):
		t.Fatalf("still running %v after SIGTERM", grace+10*time.Second)
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
