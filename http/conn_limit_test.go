package http_test

import (
	"bufio"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"

	phttp "github.com/partnerd/partnerd/http"
)

// TestLimitListener checks the caps on connections, overall and per remote
// address, and the JSON 503 that refuses a connection past them.
func TestLimitListener(t *testing.T) {
	e := newTestEnv(t, false)
	ts := httptest.NewUnstartedServer(e.Server)
	ts.Listener = phttp.LimitListener(ts.Listener, phttp.ConnLimits{Max: 3, PerAddr: 2,
		Exempt: func(a netip.Addr) bool { return a == netip.MustParseAddr("127.0.0.4") }})
	ts.Start()
	t.Cleanup(ts.Close)
	addr := ts.Listener.Addr().String()
	dial := func(from string) net.Conn {
		t.Helper()
		d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}}
		c, err := d.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	// served reports whether c is served, or fails unless it is refused.
	served := func(c net.Conn) bool {
		t.Helper()
		c.SetDeadline(time.Now().Add(5 * time.Second))
		if _, err := c.Write([]byte("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")); err != nil {
			t.Fatal(err)
		}
		res, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode == http.StatusServiceUnavailable {
			if res.Header.Get("Retry-After") == "" || !res.Close {
				t.Errorf("a refusal without Retry-After or Connection: close: %v", res.Header)
			}
			checkJSONError(t, res, http.StatusServiceUnavailable, "Too many connections; retry later")
			return false
		}
		res.Body.Close()
		return true
	}
	// servedOnce reports whether a connection from the address is served
	// before long: the server frees a closed connection's place when it
	// notices the close.
	servedOnce := func(from string) bool {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			if served(dial(from)) {
				return true
			}
		}
		return false
	}
	a1, a2 := dial("127.0.0.1"), dial("127.0.0.1")
	if !served(a1) || !served(a2) {
		t.Fatal("the first two connections of an address were refused")
	}
	if served(dial("127.0.0.1")) {
		t.Error("a third connection of one address was served")
	}
	if !served(dial("127.0.0.2")) {
		t.Error("another address was refused")
	}
	if served(dial("127.0.0.3")) {
		t.Error("a fourth connection in all was served")
	}
	a1.Close()
	if !servedOnce("127.0.0.3") {
		t.Error("a connection was refused after another closed")
	}
	// An exempt address counts only in the overall cap.
	if served(dial("127.0.0.4")) {
		t.Error("an exempt address was served past the overall cap")
	}
	a2.Close()
	if !servedOnce("127.0.0.4") {
		t.Error("an exempt address was refused under the cap")
	}
}
