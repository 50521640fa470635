package agent

import (
	"crypto/tls"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestSlowEnrol checks that enrolments whose bodies never end neither keep
// an agent from enrolling and connecting at once nor outlive the request
// budget, and that a connected agent outlives it.
func TestSlowEnrol(t *testing.T) {
	const budget = 2 * time.Second
	const stalled = 100
	e := newTestEnv(t, func(s *Server) { s.RequestTimeout = budget })
	addr := e.server.Addr().String()
	var wg sync.WaitGroup
	var mu sync.Mutex
	var longest time.Duration
	for range stalled {
		c, err := tls.Dial("tcp", addr, &tls.Config{InsecureSkipVerify: true})
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"code\":", PathEnrol)
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer c.Close()
			c.SetReadDeadline(start.Add(budget + 10*time.Second))
			answer, _ := io.ReadAll(c)
			mu.Lock()
			longest = max(longest, time.Since(start))
			mu.Unlock()
			if !strings.HasPrefix(string(answer), "HTTP/1.1 504 ") {
				t.Errorf("a half-sent enrolment was answered %q", answer)
			}
		}()
	}

	a := e.newAgent(t)
	start := time.Now()
	if err := a.Enrol(t.Context(), e.code(t)); err != nil {
		t.Fatal(err)
	}
	t.Logf("an enrolment with %d stalled ones open took %v", stalled, time.Since(start))
	if took := time.Since(start); took > time.Second {
		t.Errorf("an enrolment took %v", took)
	}
	run(t, a)
	waitFor(t, "connected", time.Second, func() bool { return e.server.Connected() == 1 })
	connected, sessions := time.Now(), e.server.seq.Load()

	wg.Wait()
	t.Logf("the longest stalled enrolment lived %v (budget %v)", longest, budget)
	if longest > budget+1500*time.Millisecond {
		t.Errorf("a stalled enrolment lived %v, past the budget of %v", longest, budget)
	}
	time.Sleep(time.Until(connected.Add(budget + 1500*time.Millisecond)))
	if e.server.Connected() != 1 || e.server.seq.Load() != sessions {
		t.Error("the agent's connection did not outlive the request budget")
	}
}
