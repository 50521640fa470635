package agent

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
)

// presenceCounter counts the presence writes that a server makes.
type presenceCounter struct {
	partnerd.OnPremService
	writes atomic.Int64
}

func (c *presenceCounter) ConnectOnPremAgent(ctx context.Context, id int64, p partnerd.OnPremPresence) error {
	c.writes.Add(1)
	return c.OnPremService.ConnectOnPremAgent(ctx, id, p)
}

func (c *presenceCounter) TouchOnPremAgent(ctx context.Context, id int64, connection string, deadline time.Time) error {
	c.writes.Add(1)
	return c.OnPremService.TouchOnPremAgent(ctx, id, connection, deadline)
}

// TestAgentPresenceFlood has an agent send heartbeats and hellos back to
// back: the server writes its presence at most once per fifth of a
// heartbeat period (at most a second), and still records the last hello's profiles.
func TestAgentPresenceFlood(t *testing.T) {
	counter := &presenceCounter{}
	const period = 2 * time.Second
	e := newTestEnv(t, func(s *Server) {
		s.Heartbeat = period
		counter.OnPremService = s.Store
		s.Store = counter
	})
	a := e.newAgent(t)
	if err := a.Enrol(t.Context(), e.code(t)); err != nil {
		t.Fatal(err)
	}
	c := dial(t, a)
	defer c.CloseNow()
	start := time.Now()
	if err := a.send(t.Context(), c, Message{Type: TypeHello}); err != nil {
		t.Fatal(err)
	}
	for i := range 200 {
		m := Message{Type: TypeHeartbeat}
		if i%50 == 49 {
			m = Message{Type: TypeHello, Profiles: []partnerd.OnPremProfile{{Name: "p" + string(rune('0'+i/50)), Provider: "postgresql"}}}
		}
		if err := a.send(t.Context(), c, m); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "the last hello's profiles", 30*time.Second, func() bool {
		p := e.find(t).Profiles
		return len(p) == 1 && p[0].Name == "p3"
	})
	elapsed := time.Since(start)
	if n, most := counter.writes.Load(), 2+int64(elapsed/(period/5)); n > most {
		t.Errorf("the server wrote the presence %d times in %v, want at most %d", n, elapsed, most)
	}
}
