package agent

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/partnerd/partnerd"
)

// The relay runs an operation through an agent connected to another
// replica: a replica with no agent of the group queues the operation in
// the database the replicas share, a replica with one claims it under a
// lease that it renews while the operation runs, and stores its outcome,
// which the queuing replica reads and deletes.
const (
	relayLease      = 10 * time.Second // a claimer silent this long counts as gone
	relayRenew      = time.Second      // how often a claimer renews, and notices a cancellation
	relayPoll       = 250 * time.Millisecond
	relayPruneEvery = time.Minute
	relayPruneAge   = 10 * time.Minute // a row this old whose lease is not live has lost its waiter
	relayInFlight   = 256              // the most relayed operations a replica runs at once
	relayClaimBatch = 32               // the most operations one claim takes
)

// relayMaxRun bounds a relayed operation on the replica that claimed it.
// A waiter waits no longer than its step's timeout, well under this, so an
// operation still running past it has lost its waiter (a replica that
// stopped without deleting its row): it is cancelled on its agent and
// fails, rather than hold its slot, its statement and, by the lease it
// renews, its row for ever.
var relayMaxRun = relayPruneAge

// relayQueuedMax is how long an operation may have waited, queued, for a
// claim: its waiter deletes it after its agent wait, so one queued longer
// ago has lost its waiter (a replica that stopped) and is not run. The
// lease's span allows for the replicas' clocks.
func (s *Server) relayQueuedMax() time.Duration {
	return max(s.AgentWait, DefaultAgentWait) + relayLease
}

// relayedKey marks the context of an operation that this replica runs for
// another: it runs through a local agent or not at all.
type relayedKey struct{}

// errNoLocalAgent ends a relayed operation that finds no agent of its
// group on this replica; it is queued again for another.
var errNoLocalAgent = errors.New("no agent of the group is connected to this replica")

func isRelayed(ctx context.Context) bool { return ctx.Value(relayedKey{}) != nil }

// agentWait is how long an operation waits for an agent of its group: a
// relayed one does not wait.
func (s *Server) agentWait(ctx context.Context) time.Duration {
	switch {
	case isRelayed(ctx):
		return 0
	case s.AgentWait == 0:
		return DefaultAgentWait
	}
	return s.AgentWait
}

// noAgent is the error of an operation that found no active agent of its
// group within the wait.
func noAgent(ctx context.Context, g *partnerd.OnPremGroup) error {
	if isRelayed(ctx) {
		return errNoLocalAgent
	}
	return partnerd.Errorf(partnerd.EUNAVAILABLE, "On-prem group %q (%d) has no active agent: start an agent of the group and run the job again", g.Name, g.ID)
}

// relaying reports whether an operation of the group goes through the
// relay: this replica has no agent of the group it has not tried, and the
// operation is not one it runs for another replica.
func (s *Server) relaying(ctx context.Context, workspaceID, groupID int64, tried map[*session]bool) bool {
	if s.Relay == nil || isRelayed(ctx) {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sess := range s.live {
		if sess.agent.WorkspaceID == workspaceID && sess.agent.GroupID == groupID && !tried[sess] {
			return false
		}
	}
	return true
}

// relay queues an operation for a replica with an agent of the group and
// waits for its outcome. Unclaimed within the agent wait, it fails as an
// operation without an agent does; a read whose claimer's lease runs out
// is queued again, and a write fails, since it may have been applied.
func (s *Server) relay(ctx context.Context, workspaceID int64, g *partnerd.OnPremGroup, profile string, op partnerd.OnPremOperation) (*partnerd.OnPremResult, error) {
	b, err := encodeRelayedOperation(op)
	if err != nil {
		return nil, err
	}
	id, err := s.Relay.QueueOnPremOperation(ctx, workspaceID, g.ID, profile, op.Write, b)
	if partnerd.ErrorCode(err) == partnerd.ENOTFOUND {
		return nil, partnerd.Errorf(partnerd.ENOTFOUND, "On-prem group %d does not exist in this workspace", g.ID)
	} else if err != nil {
		return nil, err
	}
	done, stop := s.Relay.WatchOnPremOperation(id)
	defer stop()
	wait := s.agentWait(ctx)
	deadline := time.Now().Add(wait)
	poll := time.NewTicker(relayPoll)
	defer poll.Stop()
	for {
		select {
		case <-ctx.Done():
			// The claimer sees its row gone, announced or when it next
			// renews, and cancels the operation on its agent.
			bg, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			defer cancel()
			s.Relay.DeleteOnPremOperation(bg, workspaceID, id, "")
			return nil, ctx.Err()
		case <-done:
			if o, err := s.Relay.DeleteOnPremOperation(context.WithoutCancel(ctx), workspaceID, id, partnerd.OnPremRelayDone); err == nil {
				return decodeRelayedOutcome(o.Outcome)
			}
		case <-poll.C:
		}
		o, err := s.Relay.FindOnPremOperation(ctx, workspaceID, id)
		if partnerd.ErrorCode(err) == partnerd.ENOTFOUND {
			return nil, partnerd.Errorf(partnerd.EUNAVAILABLE, "On-prem group %q (%d): the operation %s was dropped before an agent answered it", g.Name, g.ID, op.Action)
		} else if err != nil {
			if ctx.Err() != nil {
				continue
			}
			return nil, err
		}
		switch o.State {
		case partnerd.OnPremRelayDone:
			if o, err := s.Relay.DeleteOnPremOperation(context.WithoutCancel(ctx), workspaceID, id, partnerd.OnPremRelayDone); err == nil {
				return decodeRelayedOutcome(o.Outcome)
			}
		case partnerd.OnPremRelayQueued:
			if !time.Now().After(deadline) {
				continue
			}
			if _, err := s.Relay.DeleteOnPremOperation(ctx, workspaceID, id, partnerd.OnPremRelayQueued); err == nil {
				return nil, noAgent(ctx, g)
			}
		case partnerd.OnPremRelayClaimed:
			if !o.LeaseUntil.Before(s.Now.Now()) {
				continue
			}
			if op.Write {
				s.Relay.DeleteOnPremOperation(context.WithoutCancel(ctx), workspaceID, id, "")
				return nil, partnerd.Errorf(partnerd.EUNAVAILABLE, "The replica that ran %s through an agent of on-prem group %q stopped answering; the change may or may not have been made, so it is not sent to another agent",
					op.Action, g.Name)
			}
			if s.Relay.RequeueOnPremOperation(ctx, workspaceID, id, o.ClaimedBy) == nil {
				deadline = time.Now().Add(wait)
			}
		}
	}
}

// serveRelays claims the operations that other replicas queued for the
// groups of the agents connected to this one, until the server closes:
// when one is queued, when an agent connects, and at each poll.
func (s *Server) serveRelays() {
	defer s.sessions.Done()
	queued := s.Relay.OnPremOperationsQueued()
	poll := time.NewTicker(relayPoll)
	defer poll.Stop()
	prune := time.NewTicker(relayPruneEvery)
	defer prune.Stop()
	slots := make(chan struct{}, relayInFlight)
	for {
		s.mu.Lock()
		if s.changed == nil {
			s.changedLocked()
		}
		changed := s.changed
		s.mu.Unlock()
		s.claimRelayed(slots)
		select {
		case <-s.ctx.Done():
			return
		case <-queued:
		case <-poll.C:
		case <-changed:
		case <-prune.C:
			if _, err := s.Relay.PruneOnPremOperations(s.ctx, time.Now().Add(-relayPruneAge)); err != nil && s.ctx.Err() == nil {
				s.Logger.Error("prune relayed on-prem operations", "error", err)
			}
		}
	}
}

// claimRelayed claims queued operations of the local agents' groups, a
// batch at a time while slots are free, and runs each.
func (s *Server) claimRelayed(slots chan struct{}) {
	s.mu.Lock()
	seen := map[partnerd.OnPremGroupKey]bool{}
	var groups []partnerd.OnPremGroupKey
	for _, sess := range s.live {
		k := partnerd.OnPremGroupKey{WorkspaceID: sess.agent.WorkspaceID, GroupID: sess.agent.GroupID}
		if !seen[k] {
			seen[k] = true
			groups = append(groups, k)
		}
	}
	s.mu.Unlock()
	for len(groups) > 0 {
		free := cap(slots) - len(slots) // only this loop fills slots
		if free == 0 {
			return
		}
		ops, err := s.Relay.ClaimOnPremOperations(s.ctx, s.id, groups, relayLease, min(free, relayClaimBatch))
		if err != nil && s.ctx.Err() == nil {
			s.Logger.Error("claim relayed on-prem operations", "error", err)
		}
		for _, o := range ops {
			slots <- struct{}{}
			s.sessions.Add(1)
			go func() {
				defer s.sessions.Done()
				defer func() { <-slots }()
				s.runRelayed(o)
			}()
		}
		if len(ops) < min(free, relayClaimBatch) {
			return
		}
	}
}

// runRelayed runs a claimed operation through a local agent, renewing its
// lease meanwhile, and stores its outcome. An operation whose row is gone
// (its waiter cancelled it) is cancelled on its agent; one that finds no
// local agent is queued again, as is a read cut short by the server's
// closing.
func (s *Server) runRelayed(o *partnerd.OnPremRelayedOperation) {
	ctx, cancel := context.WithTimeout(context.WithValue(s.ctx, relayedKey{}, true), relayMaxRun)
	defer cancel()
	op, err := decodeRelayedOperation(o.Operation)
	var res *partnerd.OnPremResult
	if age := s.Now.Now().Sub(o.CreatedAt); err == nil && age > s.relayQueuedMax() {
		err = partnerd.Errorf(partnerd.EUNAVAILABLE, "%s waited %v for an agent of its on-prem group, longer than any step waits: it was not run, since its job has given up on it",
			op.Action, age.Round(time.Second))
	} else if err == nil {
		changed, stop := s.Relay.WatchOnPremOperation(o.ID)
		renewed := make(chan struct{})
		go func() {
			defer close(renewed)
			s.renewRelayed(ctx, cancel, changed, o)
		}()
		res, err = s.Exec(ctx, o.WorkspaceID, o.GroupID, o.Profile, op)
		stop()
		cancel()
		<-renewed
	}
	bg, stop := context.WithTimeout(context.Background(), 10*time.Second)
	defer stop()
	closing := s.ctx.Err() != nil
	switch {
	case errors.Is(err, errNoLocalAgent), closing && err != nil && !op.Write:
		s.Relay.RequeueOnPremOperation(bg, o.WorkspaceID, o.ID, s.id)
		return
	case closing && err != nil:
		err = partnerd.Errorf(partnerd.EUNAVAILABLE, "The replica that ran %s through an agent of its on-prem group shut down; the change may or may not have been made, so it is not sent to another agent", op.Action)
	case err != nil && ctx.Err() != nil && errors.Is(err, context.Canceled):
		return // its waiter cancelled it
	case err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded):
		err = partnerd.Errorf(partnerd.EUNAVAILABLE, "%s ran longer than %v through an agent of its on-prem group and was cancelled", op.Action, relayMaxRun)
	}
	if err := s.Relay.FinishOnPremOperation(bg, o.WorkspaceID, o.ID, s.id, encodeRelayedOutcome(op.Action, res, err)); err != nil &&
		partnerd.ErrorCode(err) != partnerd.ENOTFOUND {
		s.Logger.Error("finish relayed on-prem operation", "error", err)
	}
}

// renewRelayed renews a claimed operation's lease until ctx ends, and
// cancels the operation once the row is no longer this replica's: at once
// when its deletion is announced, else at the next renewal.
func (s *Server) renewRelayed(ctx context.Context, cancel context.CancelFunc, changed <-chan struct{}, o *partnerd.OnPremRelayedOperation) {
	t := time.NewTicker(relayRenew)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-changed:
		}
		err := s.Relay.RenewOnPremOperation(ctx, o.WorkspaceID, o.ID, s.id, relayLease)
		if partnerd.ErrorCode(err) == partnerd.ENOTFOUND {
			cancel()
			return
		}
	}
}

// relayedOperation is an operation as the relay stores it; its arguments
// keep their types.
type relayedOperation struct {
	Action  string                      `json:"action"`
	Adapter string                      `json:"adapter,omitempty"`
	Exec    bool                        `json:"exec,omitempty"`
	SQL     string                      `json:"sql,omitempty"`
	Args    []relayedArg                `json:"args,omitempty"`
	MaxRows int                         `json:"max_rows,omitempty"`
	Write   bool                        `json:"write,omitempty"`
	HTTP    *partnerd.OnPremHTTPRequest `json:"http,omitempty"`
}

// relayedArg is a statement's value: its type (n, b, i, f or s) and text.
type relayedArg struct {
	Type  string `json:"t"`
	Value string `json:"v,omitempty"`
}

func encodeRelayedOperation(op partnerd.OnPremOperation) ([]byte, error) {
	r := relayedOperation{Action: op.Action, Adapter: op.Adapter, Exec: op.Exec, SQL: op.SQL, MaxRows: op.MaxRows, Write: op.Write, HTTP: op.HTTP}
	for _, a := range op.Args {
		switch v := wireArg(a).(type) {
		case nil:
			r.Args = append(r.Args, relayedArg{Type: "n"})
		case bool:
			r.Args = append(r.Args, relayedArg{Type: "b", Value: strconv.FormatBool(v)})
		case int64:
			r.Args = append(r.Args, relayedArg{Type: "i", Value: strconv.FormatInt(v, 10)})
		case float64:
			r.Args = append(r.Args, relayedArg{Type: "f", Value: strconv.FormatFloat(v, 'g', -1, 64)})
		case json.Number:
			r.Args = append(r.Args, relayedArg{Type: "f", Value: v.String()})
		case string:
			r.Args = append(r.Args, relayedArg{Type: "s", Value: v})
		default:
			return nil, fmt.Errorf("relay: argument of type %T", v)
		}
	}
	return json.Marshal(r)
}

func decodeRelayedOperation(b []byte) (partnerd.OnPremOperation, error) {
	var r relayedOperation
	if err := json.Unmarshal(b, &r); err != nil {
		return partnerd.OnPremOperation{}, fmt.Errorf("relay: decode operation: %w", err)
	}
	op := partnerd.OnPremOperation{Action: r.Action, Adapter: r.Adapter, Exec: r.Exec, SQL: r.SQL, MaxRows: r.MaxRows, Write: r.Write, HTTP: r.HTTP}
	for _, a := range r.Args {
		var v any
		var err error
		switch a.Type {
		case "n":
		case "b":
			v, err = strconv.ParseBool(a.Value)
		case "i":
			v, err = strconv.ParseInt(a.Value, 10, 64)
		case "f":
			v, err = strconv.ParseFloat(a.Value, 64)
		case "s":
			v = a.Value
		default:
			err = fmt.Errorf("type %q", a.Type)
		}
		if err != nil {
			return partnerd.OnPremOperation{}, fmt.Errorf("relay: decode argument: %w", err)
		}
		op.Args = append(op.Args, v)
	}
	return op, nil
}

// relayedOutcome is the result of a relayed operation, or its error.
type relayedOutcome struct {
	Result  *partnerd.OnPremResult `json:"result,omitempty"`
	Code    string                 `json:"code,omitempty"`
	Message string                 `json:"message,omitempty"`
}

// encodeRelayedOutcome encodes a result, or an error in its place when the
// result is larger than an agent may answer.
func encodeRelayedOutcome(action string, res *partnerd.OnPremResult, err error) []byte {
	if err == nil {
		b, merr := json.Marshal(relayedOutcome{Result: res})
		if merr == nil && len(b) <= partnerd.OnPremMaxResult {
			return b
		}
		err = partnerd.Errorf(partnerd.EINVALID, "The result of %s is larger than %d MiB, the most an on-prem agent answers: ask for fewer rows", action, partnerd.OnPremMaxResult>>20)
		if merr != nil {
			err = merr
		}
	}
	out := relayedOutcome{Message: err.Error()}
	if perr := (*partnerd.Error)(nil); errors.As(err, &perr) {
		out.Code, out.Message = perr.Code, perr.Message
	}
	b, _ := json.Marshal(out)
	return b
}

func decodeRelayedOutcome(b []byte) (*partnerd.OnPremResult, error) {
	var out relayedOutcome
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(&out); err != nil {
		return nil, fmt.Errorf("relay: decode outcome: %w", err)
	}
	switch {
	case out.Result != nil:
		return out.Result, nil
	case out.Code != "":
		return nil, partnerd.Errorf(out.Code, "%s", out.Message)
	}
	return nil, errors.New(out.Message)
}
