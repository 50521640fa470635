package agent

import (
	"context"
	"encoding/json"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/partnerd/partnerd"
)

// Behaviours of a fakeAgent on an exec.
const (
	answer   = iota // answer with one row naming the agent
	drop            // close the connection
	silence         // answer nothing
	scripted        // answer the messages of script
)

// fakeAgent is an agent's connection that the test drives.
type fakeAgent struct {
	id       int64
	conn     *websocket.Conn
	mode     atomic.Int32
	script   atomic.Pointer[func(*Request) []Message]
	requests chan *Request
}

// connectFake enrols and connects a fake agent of the group, and waits
// until the server can send it work.
func (e *testEnv) connectFake(t *testing.T, record *partnerd.OnPremAgent) *fakeAgent {
	t.Helper()
	code, err := e.db.CreateOnPremActivationCode(t.Context(), e.ws, record.ID)
	if err != nil {
		t.Fatal(err)
	}
	a := e.newAgent(t)
	if err := a.Enrol(t.Context(), code.Code); err != nil {
		t.Fatal(err)
	}
	f := &fakeAgent{id: record.ID, conn: dial(t, a), requests: make(chan *Request, 16)}
	t.Cleanup(func() { f.conn.CloseNow() })
	if err := a.send(t.Context(), f.conn, Message{Type: TypeHello}); err != nil {
		t.Fatal(err)
	}
	go f.serve()
	waitFor(t, "the agent is live", 2*time.Second, func() bool {
		_, ok := e.server.InFlight()[record.ID]
		return ok
	})
	return f
}

// serve answers the server's requests as the agent's mode says.
func (f *fakeAgent) serve() {
	for {
		_, data, err := f.conn.Read(context.Background())
		if err != nil {
			return
		}
		req, err := DecodeRequest(data)
		if err != nil {
			return
		}
		f.requests <- req
		if req.Type != TypeExec {
			continue
		}
		switch f.mode.Load() {
		case drop:
			f.conn.CloseNow()
			return
		case answer:
			b, _ := json.Marshal(Message{Type: TypeResult, ID: req.ID, Result: &Result{HasRows: true,
				Columns: []string{"n"}, Rows: [][]any{{req.Args[0]}}}})
			f.conn.Write(context.Background(), websocket.MessageText, b)
		case scripted:
			for _, m := range (*f.script.Load())(req) {
				b, _ := json.Marshal(m)
				f.conn.Write(context.Background(), websocket.MessageText, b)
			}
		}
	}
}

// secondAgent adds another agent to the test's group.
func (e *testEnv) secondAgent(t *testing.T) *partnerd.OnPremAgent {
	t.Helper()
	a := &partnerd.OnPremAgent{Name: "Second", OS: "linux", GroupID: e.agent.GroupID, AwaitingSetup: true, Enabled: true}
	if err := e.db.CreateOnPremAgent(t.Context(), e.ws, a); err != nil {
		t.Fatal(err)
	}
	return a
}

var readOp = partnerd.OnPremOperation{Action: "select_rows", SQL: "SELECT $1::int AS n", Args: []any{int64(7)}, MaxRows: 10}

// TestTunnelAgents checks that operations go to the group's agents in
// turn, that a read whose agent drops runs again on another, and that a
// write whose agent drops fails without being sent again.
func TestTunnelAgents(t *testing.T) {
	e := newTestEnv(t)
	first := e.connectFake(t, e.agent)
	second := e.connectFake(t, e.secondAgent(t))
	ctx := t.Context()
	served := map[int64]bool{}
	for range 2 {
		res, err := e.server.Exec(ctx, e.ws, e.agent.GroupID, "db", readOp)
		if err != nil || len(res.Rows) != 1 || res.Rows[0][0] != json.Number("7") {
			t.Fatalf("Exec = %+v, %v", res, err)
		}
		served[res.AgentID] = true
	}
	if !served[first.id] || !served[second.id] {
		t.Errorf("served by %v, want both agents in turn", served)
	}

	first.mode.Store(drop)
	for range 2 {
		if res, err := e.server.Exec(ctx, e.ws, e.agent.GroupID, "db", readOp); err != nil || res.AgentID != second.id {
			t.Fatalf("a read after the first agent dropped = %+v, %v", res, err)
		}
	}

	second.mode.Store(drop)
	write := readOp
	write.Action, write.Write = "insert_row", true
	_, err := e.server.Exec(ctx, e.ws, e.agent.GroupID, "db", write)
	if partnerd.ErrorCode(err) != partnerd.EUNAVAILABLE || !strings.Contains(err.Error(), "disconnected") {
		t.Errorf("a write whose agent dropped = %v", err)
	}
}

// TestTunnelNoAgent checks that a group without an active agent fails
// after the bounded wait with an error naming it, and that another
// workspace cannot use the group.
func TestTunnelNoAgent(t *testing.T) {
	e := newTestEnv(t, func(s *Server) { s.AgentWait = 100 * time.Millisecond })
	start := time.Now()
	_, err := e.server.Exec(t.Context(), e.ws, e.agent.GroupID, "db", readOp)
	if partnerd.ErrorCode(err) != partnerd.EUNAVAILABLE || !strings.Contains(err.Error(), `"Group"`) || time.Since(start) < 100*time.Millisecond {
		t.Errorf("no agent: %v after %v", err, time.Since(start))
	}
	e.connectFake(t, e.agent)
	if _, err := e.server.Exec(t.Context(), e.ws+1000, e.agent.GroupID, "db", readOp); partnerd.ErrorCode(err) != partnerd.ENOTFOUND {
		t.Errorf("another workspace: %v", err)
	}
}

// TestTunnelCancel checks that a step that ends while its operation runs
// sends the agent a cancel of that operation, and that the agent's and
// group's operations in flight count it, in its workspace only, until then.
func TestTunnelCancel(t *testing.T) {
	e := newTestEnv(t)
	f := e.connectFake(t, e.agent)
	f.mode.Store(silence)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		_, err := e.server.Exec(ctx, e.ws, e.agent.GroupID, "db", readOp)
		done <- err
	}()
	exec := <-f.requests
	if got := e.server.InFlight()[f.id]; got != 1 {
		t.Errorf("in flight = %d, want 1", got)
	}
	if a, g := e.server.AgentInFlight(e.ws, f.id), e.server.GroupInFlight(e.ws, e.agent.GroupID); a != 1 || g != 1 {
		t.Errorf("agent and group in flight = %d, %d, want 1, 1", a, g)
	}
	if a, g := e.server.AgentInFlight(e.ws+1000, f.id), e.server.GroupInFlight(e.ws+1000, e.agent.GroupID); a != 0 || g != 0 {
		t.Errorf("another workspace sees %d, %d in flight", a, g)
	}
	cancel()
	if err := <-done; err != context.Canceled {
		t.Errorf("Exec = %v", err)
	}
	if a, g := e.server.AgentInFlight(e.ws, f.id), e.server.GroupInFlight(e.ws, e.agent.GroupID); a != 0 || g != 0 {
		t.Errorf("after the cancel: agent and group in flight = %d, %d", a, g)
	}
	if req := <-f.requests; req.Type != TypeCancel || req.ID != exec.ID {
		t.Errorf("after the cancel the agent got %+v", req)
	}
}

// TestAgentRefusesUnknownProfile checks that an agent runs nothing on a
// profile its config.yml does not have, and names the profile.
func TestAgentRefusesUnknownProfile(t *testing.T) {
	config := "database:\n  crm:\n    adapter: oracle\n"
	profiles, err := ParseDatabases([]byte(config))
	if err != nil {
		t.Fatal(err)
	}
	dbs := &databases{profiles: profiles}
	for _, tt := range []struct{ profile, want string }{{"payroll", `profile "payroll" is not in`}, {"crm", `adapter "oracle"`}} {
		req := &Request{Type: TypeExec, ID: 1, Profile: tt.profile, SQL: "SELECT 1", MaxRows: 1}
		_, err := dbs.exec(t.Context(), req, newResultStream(req, func(Message) error { return nil }))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v", tt.profile, err)
		}
	}
}
