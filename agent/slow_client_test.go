package agent

import (
	"crypto/tls"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestSlowEnrol checks that enrolments whose bodies never end neither keep
// an agent from enrolling and connecting while they are open nor outlive
// the request budget, and that the server does not close a connected
// agent's connection at the request deadline.
func TestSlowEnrol(t *testing.T) {
	const budget = 2 * time.Second
	const stalled = 100
	disconnects := &logCapture{message: "agent disconnected", key: "reason"}
	// The server's silence bound is far past the test, so that a heartbeat
	// late on a busy machine cannot end the agent's connection: only the
	// request deadline, the bug this test looks for, could.
	e := newTestEnv(t, func(s *Server) {
		s.RequestTimeout = budget
		s.Heartbeat = time.Minute
		s.Logger = slog.New(disconnects)
	})
	addr := e.server.Addr().String()
	var wg sync.WaitGroup
	var mu sync.Mutex
	var longest time.Duration
	var answered atomic.Int64
	// The connections are opened first, so that the stalled requests'
	// deadlines, which start with their headers, start together.
	conns := make([]*tls.Conn, stalled)
	for i := range conns {
		c, err := tls.Dial("tcp", addr, &tls.Config{InsecureSkipVerify: true})
		if err != nil {
			t.Fatal(err)
		}
		conns[i] = c
	}
	for _, c := range conns {
		start := time.Now()
		fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"code\":", PathEnrol)
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer c.Close()
			// Past the server's backstop of 10 s beyond the budget.
			c.SetReadDeadline(start.Add(budget + 15*time.Second))
			answer, _ := io.ReadAll(c)
			answered.Add(1)
			mu.Lock()
			longest = max(longest, time.Since(start))
			mu.Unlock()
			if !strings.HasPrefix(string(answer), "HTTP/1.1 504 ") {
				t.Errorf("a half-sent enrolment was answered %q", answer)
			}
		}()
	}

	// The stalled enrolments are answered only at their deadline; an
	// enrolment and a connection that waited for them would come after.
	a := e.newAgent(t)
	start := time.Now()
	if err := a.Enrol(t.Context(), e.code(t)); err != nil {
		t.Fatal(err)
	}
	t.Logf("an enrolment with %d stalled ones open took %v", stalled, time.Since(start))
	if n := answered.Load(); n != 0 {
		t.Errorf("the enrolment ended after %d stalled enrolments were answered: it waited for them", n)
	}
	run(t, a)
	waitFor(t, "connected", budget+10*time.Second, func() bool { return e.server.Connected() == 1 })
	t.Logf("connected %v after the enrolment began", time.Since(start))
	if n := answered.Load(); n != 0 {
		t.Errorf("the agent connected after %d stalled enrolments were answered: it waited for them", n)
	}
	connected, sessions := time.Now(), e.server.seq.Load()

	wg.Wait()
	// Far below the backstop of 10 s past the budget that the request's own
	// deadline must come before.
	t.Logf("the longest stalled enrolment lived %v (budget %v)", longest, budget)
	if longest > budget+6*time.Second {
		t.Errorf("a stalled enrolment lived %v, past the budget of %v", longest, budget)
	}
	// The agent's connection request had its deadline set before it was
	// connected, so it has passed by now.
	time.Sleep(time.Until(connected.Add(budget + time.Second)))
	if reasons := disconnects.values(); len(reasons) > 0 || e.server.Connected() != 1 || e.server.seq.Load() != sessions {
		t.Errorf("the server closed the agent's connection past the request deadline (%d connected, %d sessions more): %v",
			e.server.Connected(), e.server.seq.Load()-sessions, reasons)
	}
}
