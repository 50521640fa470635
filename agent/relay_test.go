package agent

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// relayEnv is two replicas on one store: the test env's server, to which
// agents connect, and another with no agent.
func relayEnv(t *testing.T, wait time.Duration) (*testEnv, *Server) {
	t.Helper()
	e := newTestEnv(t, patient, func(s *Server) { s.Relay = s.Store.(partnerd.OnPremRelayService) })
	other := &Server{Store: e.db, Relay: e.db, Heartbeat: heartbeat, AgentWait: wait}
	if err := other.Open(t.Context(), "127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	return e, other
}

// TestRelay runs operations on a replica with no agent of the group
// through the agent connected to the other: the result keeps its values
// and names the agent; a cancelled operation is cancelled on the agent;
// and a group with no agent on any replica fails after the wait.
func TestRelay(t *testing.T) {
	e, other := relayEnv(t, 300*time.Millisecond)
	f := e.connectFake(t, e.agent)
	ctx := t.Context()
	op := partnerd.OnPremOperation{Action: "select_rows", SQL: "SELECT $1::int AS n, $2 AS s", Args: []any{int64(7), "x"}, MaxRows: 10}
	res, err := other.Exec(ctx, e.ws, e.agent.GroupID, "db", op)
	if err != nil || len(res.Rows) != 1 || res.Rows[0][0] != json.Number("7") || res.AgentID != e.agent.ID || res.AgentName != "Agent" {
		t.Fatalf("relayed Exec = %+v, %v", res, err)
	}
	if req := <-f.requests; req.SQL != op.SQL || len(req.Args) != 2 || req.Args[1] != "x" {
		t.Errorf("the agent was sent %+v", req)
	}

	f.mode.Store(silence)
	cctx, cancel := context.WithCancel(ctx)
	errs := make(chan error, 1)
	go func() {
		_, err := other.Exec(cctx, e.ws, e.agent.GroupID, "db", op)
		errs <- err
	}()
	exec := <-f.requests
	cancel()
	if err := <-errs; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled Exec = %v", err)
	}
	select {
	case req := <-f.requests:
		if req.Type != TypeCancel || req.ID != exec.ID {
			t.Errorf("after the cancellation the agent was sent %+v, want the cancel of %d", req, exec.ID)
		}
	case <-time.After(30 * time.Second):
		t.Error("the agent was not told to cancel the operation")
	}

	empty := &partnerd.OnPremGroup{Name: "Empty"}
	if err := e.db.CreateOnPremGroup(ctx, e.ws, empty); err != nil {
		t.Fatal(err)
	}
	_, err = other.Exec(ctx, e.ws, empty.ID, "db", op)
	if partnerd.ErrorCode(err) != partnerd.EUNAVAILABLE || !strings.Contains(err.Error(), `"Empty"`) {
		t.Errorf("a group without agents = %v", err)
	}
	if ops, err := e.db.ClaimOnPremOperations(ctx, "any", []partnerd.OnPremGroupKey{{WorkspaceID: e.ws, GroupID: empty.ID}}, time.Minute, 10); len(ops) != 0 || err != nil {
		t.Errorf("the unclaimed operation was left queued: %v, %v", ops, err)
	}
}

// TestRelayLeaseExpired has a replica claim operations and vanish: the
// read is queued again and answered by the next claimer, and the write
// fails without being run again.
func TestRelayLeaseExpired(t *testing.T) {
	e, other := relayEnv(t, time.Minute)
	ctx := t.Context()
	keys := []partnerd.OnPremGroupKey{{WorkspaceID: e.ws, GroupID: e.agent.GroupID}}
	claim := func(replica string, lease time.Duration) *partnerd.OnPremRelayedOperation {
		t.Helper()
		for {
			ops, err := e.db.ClaimOnPremOperations(ctx, replica, keys, lease, 1)
			if err != nil {
				t.Fatal(err)
			} else if len(ops) == 1 {
				return ops[0]
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	type outcome struct {
		res *partnerd.OnPremResult
		err error
	}
	run := func(op partnerd.OnPremOperation) chan outcome {
		out := make(chan outcome, 1)
		go func() {
			res, err := other.Exec(ctx, e.ws, e.agent.GroupID, "db", op)
			out <- outcome{res, err}
		}()
		return out
	}

	read := run(readOp)
	claim("gone", time.Millisecond)
	o := claim("next", time.Hour)
	res := &partnerd.OnPremResult{HasRows: true, Columns: []string{"n"}, Rows: [][]any{{json.Number("7")}}, AgentID: 5, AgentName: "far"}
	if err := e.db.FinishOnPremOperation(ctx, e.ws, o.ID, "next", encodeRelayedOutcome("select_rows", res, nil)); err != nil {
		t.Fatal(err)
	}
	if got := <-read; got.err != nil || got.res.AgentName != "far" || got.res.Rows[0][0] != json.Number("7") {
		t.Errorf("the read queued again = %+v, %v", got.res, got.err)
	}

	write := run(partnerd.OnPremOperation{Action: "insert_row", SQL: "INSERT INTO t VALUES ($1)", Args: []any{int64(1)}, Write: true})
	claim("gone", time.Millisecond)
	if got := <-write; partnerd.ErrorCode(got.err) != partnerd.EUNAVAILABLE || !strings.Contains(got.err.Error(), "may or may not have been made") {
		t.Errorf("the write whose replica vanished = %+v, %v", got.res, got.err)
	}
}

// TestRelayEncoding checks that an operation keeps its arguments' types
// and its HTTP request through the relay, and that an outcome keeps its
// result, or its error's code, and turns a result larger than an agent
// may answer into an error.
func TestRelayEncoding(t *testing.T) {
	at := time.Date(2024, 5, 1, 12, 0, 0, 500, time.UTC)
	op := partnerd.OnPremOperation{Action: "insert_row", Adapter: "mysql", Exec: true, SQL: "INSERT", MaxRows: 3, Write: true,
		Args: []any{nil, true, int64(1) << 60, 2.5, "x", at, []byte("b"), 7},
		HTTP: &partnerd.OnPremHTTPRequest{Method: "POST", Path: "/a%2Fb", Query: "q=1", Header: map[string][]string{"X": {"1", "2"}}, Body: []byte{0, 1}}}
	b, err := encodeRelayedOperation(op)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeRelayedOperation(b)
	if err != nil {
		t.Fatal(err)
	}
	want := op
	want.Args = []any{nil, true, int64(1) << 60, 2.5, "x", at.Format(time.RFC3339Nano), "b", int64(7)}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("decoded operation = %#v\nwant %#v", got, want)
	}

	res := &partnerd.OnPremResult{HasRows: true, Columns: []string{"n"}, Kinds: []string{"", partnerd.OnPremKindTime, ""},
		Rows: [][]any{{json.Number("12345678901234567890"), "s", nil}}, LastInsertID: 9, AgentID: 3, AgentName: "a", HTTP: &partnerd.OnPremHTTPResponse{Status: 201, Body: []byte("ok")}}
	if r, err := decodeRelayedOutcome(encodeRelayedOutcome("select_rows", res, nil)); err != nil || !reflect.DeepEqual(r, res) {
		t.Errorf("decoded result = %+v, %v", r, err)
	}
	refused := partnerd.Errorf(partnerd.EINVALID, "On-prem agent %q: no profile", "a")
	if _, err := decodeRelayedOutcome(encodeRelayedOutcome("select_rows", nil, refused)); partnerd.ErrorCode(err) != partnerd.EINVALID || err.Error() != refused.Error() {
		t.Errorf("decoded error = %v", err)
	}
	if _, err := decodeRelayedOutcome(encodeRelayedOutcome("select_rows", nil, errors.New("plain"))); err == nil || err.Error() != "plain" {
		t.Errorf("decoded plain error = %v", err)
	}
	huge := &partnerd.OnPremResult{HasRows: true, Columns: []string{"s"}, Rows: [][]any{{strings.Repeat("x", partnerd.OnPremMaxResult)}}}
	if _, err := decodeRelayedOutcome(encodeRelayedOutcome("select_rows", huge, nil)); partnerd.ErrorCode(err) != partnerd.EINVALID || !strings.Contains(err.Error(), "16 MiB") {
		t.Errorf("a result past the bound = %v", err)
	}
}

// TestRelayOrphanBounded queues an operation whose waiter is gone (its
// replica stopped without deleting the row) to an agent that never
// answers: the claimer cancels it on the agent after relayMaxRun and
// stores its failure, so that neither its slot nor its row is held for
// ever by the lease it renews.
func TestRelayOrphanBounded(t *testing.T) {
	old := relayMaxRun
	relayMaxRun = 300 * time.Millisecond
	t.Cleanup(func() { relayMaxRun = old })
	e, _ := relayEnv(t, time.Minute)
	f := e.connectFake(t, e.agent)
	f.mode.Store(silence)
	ctx := t.Context()
	b, err := encodeRelayedOperation(readOp)
	if err != nil {
		t.Fatal(err)
	}
	id, err := e.db.QueueOnPremOperation(ctx, e.ws, e.agent.GroupID, "db", false, b)
	if err != nil {
		t.Fatal(err)
	}
	exec := <-f.requests
	select {
	case req := <-f.requests:
		if req.Type != TypeCancel || req.ID != exec.ID {
			t.Fatalf("the agent was sent %+v, want the cancel of %d", req, exec.ID)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the orphaned operation was never cancelled on its agent")
	}
	waitFor(t, "the orphaned operation is done", 30*time.Second, func() bool {
		o, err := e.db.FindOnPremOperation(ctx, e.ws, id)
		return err == nil && o.State == partnerd.OnPremRelayDone
	})
	o, _ := e.db.FindOnPremOperation(ctx, e.ws, id)
	if _, err := decodeRelayedOutcome(o.Outcome); partnerd.ErrorCode(err) != partnerd.EUNAVAILABLE {
		t.Errorf("the orphaned operation's outcome = %v", err)
	}
}

// TestRelayStaleQueued has a replica queue a write and stop before any
// agent of the group connects: when one does, long after any waiter would
// have given up, the claimer fails the operation instead of running it,
// since the job that wanted it has failed and may run again.
func TestRelayStaleQueued(t *testing.T) {
	var offset atomic.Int64
	e := newTestEnv(t, patient, func(s *Server) {
		s.Relay = s.Store.(partnerd.OnPremRelayService)
		s.Store.(*store.DB).Now = func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
	})
	ctx := t.Context()
	b, err := encodeRelayedOperation(partnerd.OnPremOperation{Action: "insert_row", SQL: "INSERT INTO t VALUES ($1)", Args: []any{int64(1)}, Write: true})
	if err != nil {
		t.Fatal(err)
	}
	offset.Store(int64(-time.Minute))
	id, err := e.db.QueueOnPremOperation(ctx, e.ws, e.agent.GroupID, "db", true, b)
	offset.Store(0)
	if err != nil {
		t.Fatal(err)
	}
	f := e.connectFake(t, e.agent)
	waitFor(t, "the stale operation is done", 30*time.Second, func() bool {
		o, err := e.db.FindOnPremOperation(ctx, e.ws, id)
		return err == nil && o.State == partnerd.OnPremRelayDone
	})
	select {
	case req := <-f.requests:
		t.Errorf("the agent was sent the stale operation: %+v", req)
	default:
	}
	o, _ := e.db.FindOnPremOperation(ctx, e.ws, id)
	if _, err := decodeRelayedOutcome(o.Outcome); partnerd.ErrorCode(err) != partnerd.EUNAVAILABLE {
		t.Errorf("the stale operation's outcome = %v", err)
	}
}
