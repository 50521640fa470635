package http_test

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	phttp "github.com/partnerd/partnerd/http"
)

// TestSlowClients checks that connections whose bodies never end, and a
// client that never reads its answers, neither keep another tenant's
// requests from answering at once nor outlive the request budget.
func TestSlowClients(t *testing.T) {
	const budget = 2 * time.Second
	const stalled = 500
	e := newTestEnv(t, false)
	e.Server.RequestTimeout = budget
	ts := httptest.NewUnstartedServer(e.Server)
	ts.Listener = phttp.JSONErrorListener(ts.Listener)
	ts.Start()
	t.Cleanup(ts.Close)
	addr := strings.TrimPrefix(ts.URL, "http://")

	var wg sync.WaitGroup
	lifetimes := make(chan time.Duration, stalled+1)
	hold := func(c net.Conn, start time.Time) {
		defer wg.Done()
		defer c.Close()
		c.SetReadDeadline(start.Add(budget + 10*time.Second))
		answer, _ := io.ReadAll(c) // Until the server closes the connection.
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

	time.Sleep(200 * time.Millisecond)
	other := &http.Client{Timeout: 5 * time.Second}
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
		if res.StatusCode != http.StatusOK || took > time.Second {
			t.Errorf("another tenant's request: %d in %v", res.StatusCode, took)
		}
	}

	wg.Wait()
	close(lifetimes)
	var longest time.Duration
	for d := range lifetimes {
		longest = max(longest, d)
	}
	t.Logf("the longest stalled connection lived %v (budget %v)", longest, budget)
	if longest > budget+1500*time.Millisecond {
		t.Errorf("a stalled connection lived %v, past the budget of %v", longest, budget)
	}
}
