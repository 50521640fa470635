package http_test

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	phttp "github.com/partnerd/partnerd/http"
)

// TestSlowClients checks that connections whose bodies never end, and a
// client that never reads its answers, neither keep another tenant's
// requests from answering while they are open nor outlive the request
// budget.
func TestSlowClients(t *testing.T) {
	const budget = 2 * time.Second
	const stalled = 500
	e := newTestEnv(t, false)
	e.Server.RequestTimeout = budget
	ts := httptest.NewUnstartedServer(e.Server)
	ts.Listener = phttp.JSONErrorListener(ts.Listener)
	var mu sync.Mutex
	active := map[net.Conn]bool{}
	ts.Config.ConnState = func(c net.Conn, state http.ConnState) {
		if state == http.StateActive {
			mu.Lock()
			active[c] = true
			mu.Unlock()
		}
	}
	ts.Start()
	t.Cleanup(ts.Close)
	addr := strings.TrimPrefix(ts.URL, "http://")

	var wg sync.WaitGroup
	lifetimes := make(chan time.Duration, stalled+1)
	var answered atomic.Int64
	hold := func(c net.Conn, start time.Time) {
		defer wg.Done()
		defer c.Close()
		c.SetReadDeadline(start.Add(budget + 10*time.Second))
		answer, _ := io.ReadAll(c) // Until the server closes the connection.
		answered.Add(1)
		lifetimes <- time.Since(start)
		if !strings.HasPrefix(string(answer), "HTTP/1.1 504 ") || !strings.HasSuffix(string(answer), `{"message":"Request timeout"}`) {
			t.Errorf("a half-sent body was answered %q", answer)
		}
	}
	for range stalled {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		fmt.Fprintf(c, "POST /api/managed_users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Length: 1000\r\n\r\n{\"name\":", tokenA)
		wg.Add(1)
		go hold(c, start)
	}
	// A client that asks for large answers and never reads them: it writes
	// until the server, blocked on its answers, stops reading and closes.
	deaf, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	deafStart := time.Now()
	deaf.SetWriteDeadline(deafStart.Add(budget + 10*time.Second))
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer deaf.Close()
		for {
			if _, err := io.WriteString(deaf, "GET /openapi.json HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
				break
			}
		}
		lifetimes <- time.Since(deafStart)
	}()

	// The stalled requests are answered only at their deadline; another
	// tenant's requests that waited for them would be answered after.
	for deadline := time.Now().Add(budget / 2); ; time.Sleep(10 * time.Millisecond) {
		mu.Lock()
		n := len(active)
		mu.Unlock()
		if n > stalled || time.Now().After(deadline) {
			t.Logf("%d connections had begun a request", n)
			break
		}
	}
	other := &http.Client{Timeout: budget + 10*time.Second}
	for range 3 {
		req, _ := http.NewRequest("GET", ts.URL+"/api/managed_users", nil)
		req.Header.Set("Authorization", "Bearer "+tokenB)
		start := time.Now()
		res, err := other.Do(req)
		took := time.Since(start)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		t.Logf("another tenant's request with %d stalled connections open: %d in %v", stalled, res.StatusCode, took)
		if res.StatusCode != http.StatusOK {
			t.Errorf("another tenant's request: %d", res.StatusCode)
		}
		if n := answered.Load(); n != 0 {
			t.Errorf("another tenant's request was answered after %d stalled ones: it waited for them", n)
		}
	}

	wg.Wait()
	close(lifetimes)
	var longest time.Duration
	for d := range lifetimes {
		longest = max(longest, d)
	}
	// Far below the 10 s past the budget that a connection without the
	// request's deadline would live.
	t.Logf("the longest stalled connection lived %v (budget %v)", longest, budget)
	if longest > budget+6*time.Second {
		t.Errorf("a stalled connection lived %v, past the budget of %v", longest, budget)
	}
}
