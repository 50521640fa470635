package agent

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/coder/websocket"
	"github.com/partnerd/partnerd"
	"github.com/prometheus/client_golang/prometheus"
)

// DefaultAgentWait is how long a step waits for an active agent of its
// group before it fails.
const DefaultAgentWait = 5 * time.Second

// errAgentGone is the end of an operation whose agent's connection ended
// before it answered.
var errAgentGone = errors.New("the agent's connection ended")

// session is the connection of one agent on this replica, with the
// operations it runs for the server.
type session struct {
	agent   *partnerd.OnPremAgent
	conn    *websocket.Conn
	done    chan struct{}
	pending map[int64]*operation // guarded by Server.mu
}

// register makes an agent's connection available to the tunnel.
func (s *Server) register(c *websocket.Conn, a *partnerd.OnPremAgent) *session {
	sess := &session{agent: a, conn: c, done: make(chan struct{}), pending: map[int64]*operation{}}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.live == nil {
		s.live = map[int64]*session{}
	}
	s.live[a.ID] = sess
	s.changedLocked()
	return sess
}

// unregister ends a connection's operations: their steps see errAgentGone.
func (s *Server) unregister(sess *session) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.live[sess.agent.ID] == sess {
		delete(s.live, sess.agent.ID)
	}
	close(sess.done)
	s.changedLocked()
}

// changedLocked wakes the steps that wait for an agent.
func (s *Server) changedLocked() {
	if s.changed != nil {
		close(s.changed)
	}
	s.changed = make(chan struct{})
}

// deliver hands a rows, body or result message of size bytes to the
// operation that waits for it; one nobody waits for (a cancelled or failed
// operation's) is dropped. A result, or a fault of a chunk, ends the
// operation.
func (s *Server) deliver(sess *session, m *Message, size int) {
	s.mu.Lock()
	op := sess.pending[m.ID]
	s.mu.Unlock()
	if op == nil {
		return
	}
	var a outcome
	if m.Type != TypeResult {
		err := op.add(m, size)
		if err == nil {
			return
		}
		a = outcome{err: err, fault: true}
	} else {
		a = op.finish(m, size)
	}
	s.mu.Lock()
	delete(sess.pending, m.ID)
	s.mu.Unlock()
	op.end <- a
}

// InFlight returns the number of operations that each agent connected to
// this replica runs, by agent id.
func (s *Server) InFlight() map[int64]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[int64]int{}
	for id, sess := range s.live {
		out[id] = len(sess.pending)
	}
	return out
}

// AgentInFlight implements partnerd.OnPremLoad: the operations that an
// agent of the workspace, connected to this replica, runs.
func (s *Server) AgentInFlight(workspaceID, agentID int64) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sess := s.live[agentID]; sess != nil && sess.agent.WorkspaceID == workspaceID {
		return len(sess.pending)
	}
	return 0
}

// GroupInFlight implements partnerd.OnPremLoad: the operations that the
// agents of a group of the workspace, connected to this replica, run.
func (s *Server) GroupInFlight(workspaceID, groupID int64) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, sess := range s.live {
		if sess.agent.WorkspaceID == workspaceID && sess.agent.GroupID == groupID {
			n += len(sess.pending)
		}
	}
	return n
}

// OperationsCollector returns the gauge of the operations that agents
// connected to this replica run.
func (s *Server) OperationsCollector() prometheus.Collector {
	return prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "partnerd_agent_operations_in_flight", Help: "Operations sent to on-prem agents of this replica and not yet answered.",
	}, func() float64 {
		n := 0
		for _, v := range s.InFlight() {
			n += v
		}
		return float64(n)
	})
}

// Exec implements partnerd.OnPremTunnel: it sends the operation to an
// active agent of the workspace's group, in turn among them, and waits for
// its answer. A read whose agent disappears runs again on another; a write
// fails, since it may have been applied.
func (s *Server) Exec(ctx context.Context, workspaceID, groupID int64, profile string, op partnerd.OnPremOperation) (*partnerd.OnPremResult, error) {
	g, err := s.Store.FindOnPremGroupByID(ctx, workspaceID, groupID)
	if partnerd.ErrorCode(err) == partnerd.ENOTFOUND {
		return nil, partnerd.Errorf(partnerd.ENOTFOUND, "On-prem group %d does not exist in this workspace", groupID)
	} else if err != nil {
		return nil, err
	}
	args := make([]any, len(op.Args))
	for i, a := range op.Args {
		args[i] = wireArg(a)
	}
	maxRows := op.MaxRows
	if maxRows <= 0 || maxRows > partnerd.OnPremMaxRows {
		maxRows = partnerd.OnPremMaxRows
	}
	tried := map[*session]bool{}
	for {
		if s.relaying(ctx, workspaceID, g.ID, tried) {
			return s.relay(ctx, workspaceID, g, profile, op)
		}
		sess, err := s.pick(ctx, workspaceID, g, tried)
		if err != nil {
			return nil, err
		}
		req := Request{Type: TypeExec, ID: s.requests.Add(1), Profile: profile, Action: op.Action, Adapter: op.Adapter,
			SQL: op.SQL, Args: args, MaxRows: maxRows, Exec: op.Exec}
		if h := op.HTTP; h != nil {
			req = Request{Type: TypeHTTP, ID: req.ID, Profile: profile, Action: op.Action,
				HTTP: &HTTPRequest{Method: h.Method, Path: h.Path, Query: h.Query, Header: h.Header, Body: h.Body}}
		}
		res, err := s.run(ctx, sess, &req, maxRows)
		if errors.Is(err, errAgentGone) {
			if op.Write {
				return nil, partnerd.Errorf(partnerd.EUNAVAILABLE, "On-prem agent %q disconnected while it ran %s; the change may or may not have been made, so it is not sent to another agent",
					sess.agent.Name, op.Action)
			}
			tried[sess] = true
			continue
		}
		if err != nil {
			return nil, err
		}
		res.AgentID, res.AgentName = sess.agent.ID, sess.agent.Name
		return res, nil
	}
}

// pick returns an agent of the group in turn, waiting up to AgentWait for
// one; agents that were tried are left out.
func (s *Server) pick(ctx context.Context, workspaceID int64, g *partnerd.OnPremGroup, tried map[*session]bool) (*session, error) {
	timer := time.NewTimer(s.agentWait(ctx))
	defer timer.Stop()
	for {
		s.mu.Lock()
		var ids []int64
		for id, sess := range s.live {
			if sess.agent.WorkspaceID == workspaceID && sess.agent.GroupID == g.ID && !tried[sess] {
				ids = append(ids, id)
			}
		}
		if len(ids) > 0 {
			slices.Sort(ids)
			sess := s.live[ids[int(s.turn.Add(1)%uint64(len(ids)))]]
			s.mu.Unlock()
			return sess, nil
		}
		if s.changed == nil {
			s.changedLocked()
		}
		changed := s.changed
		s.mu.Unlock()
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-timer.C:
			return nil, noAgent(ctx, g)
		case <-changed:
		}
	}
}

// run sends a request to an agent and waits for its answer, built from
// its rows or body messages up to its result; when ctx ends first, or
// the agent's messages fail the operation, it asks the agent to cancel.
func (s *Server) run(ctx context.Context, sess *session, req *Request, maxRows int) (*partnerd.OnPremResult, error) {
	op := &operation{maxRows: maxRows, http: req.Type == TypeHTTP, end: make(chan outcome, 1)}
	s.mu.Lock()
	select {
	case <-sess.done:
		s.mu.Unlock()
		return nil, errAgentGone
	default:
	}
	sess.pending[req.ID] = op
	s.mu.Unlock()
	forget := func() {
		s.mu.Lock()
		delete(sess.pending, req.ID)
		s.mu.Unlock()
	}
	b, err := json.Marshal(req)
	if err != nil {
		forget()
		return nil, err
	}
	// The write does not take the step's ctx: a write abandoned midway
	// closes the whole connection, the other steps' operations with it.
	if err := writeWithin(context.Background(), sess.conn, b); err != nil {
		forget()
		return nil, errAgentGone
	}
	cancel := func() {
		b, _ := json.Marshal(Request{Type: TypeCancel, ID: req.ID})
		writeWithin(context.Background(), sess.conn, b)
	}
	select {
	case a := <-op.end:
		if a.fault {
			cancel()
		}
		if a.err != nil {
			return nil, partnerd.Errorf(partnerd.EINVALID, "On-prem agent %q: %v", sess.agent.Name, a.err)
		}
		return a.result, nil
	case <-sess.done:
		return nil, errAgentGone
	case <-ctx.Done():
		forget()
		cancel()
		return nil, ctx.Err()
	}
}

// writeWithin writes one message within ten seconds; a connection that
// takes longer is stuck, and the write closes it.
func writeWithin(ctx context.Context, c *websocket.Conn, b []byte) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	return c.Write(ctx, websocket.MessageText, b)
}

// wireArg is a statement's value as JSON: times as RFC 3339 text, floats
// with a fraction so that the agent binds them as floats.
func wireArg(a any) any {
	switch a := a.(type) {
	case time.Time, float64:
		return partnerd.OnPremWireValue(a, partnerd.OnPremKindJSON)
	case []byte:
		return string(a)
	case int:
		return int64(a)
	case nil, bool, int64, string:
		return a
	}
	return fmt.Sprint(a)
}
