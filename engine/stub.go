package engine

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/formula"
)

// stubProvider answers the steps of every connector that partnerd cannot
// reach from the stubs of the job's account (partnerd.Stub): the first
// stub of the step's provider and action whose match holds answers it.
// Starting a recipe has already checked its providers and actions against
// the catalogue, so the provider runs every action it is asked.
type stubProvider struct{ e *Engine }

func (stubProvider) Has(string) bool { return true }

// SideEffects reports whether a stubbed action stands for one that
// changes the app: every action but those whose names say they read.
func (stubProvider) SideEffects(action string) bool {
	for _, read := range []string{"search", "get", "list", "find", "read", "fetch", "lookup", "query"} {
		if strings.HasPrefix(action, read) {
			return false
		}
	}
	return true
}

// Action answers from the first matching stub, or fails the step with the
// stubs it tried.
func (p stubProvider) Action(ctx context.Context, c *Call) (formula.Value, error) {
	provider := c.Provider()
	name := provider + "." + c.Action
	stubs, err := c.run.stubsOf(ctx, provider, c.Action)
	if err != nil {
		return formula.Value{}, err
	}
	if len(stubs) == 0 {
		return formula.Value{}, &stepError{msg: name + " has no stub in this account: add one with POST /_partnerd/stubs"}
	}
	input := partnerd.DecodeStubInput(c.inputJSON())
	var tried []string
	for _, s := range stubs {
		if why := s.Match.Mismatch(input); why != "" {
			tried = append(tried, "stub "+strconv.FormatInt(s.ID, 10)+" ("+why+")")
			continue
		}
		n := 1
		if len(s.Answers) > 1 { // A sequence counts its calls across jobs and replicas.
			if n, err = p.e.Stubs.HitStub(ctx, s.AccountID, s.ID); partnerd.ErrorCode(err) == partnerd.ENOTFOUND {
				tried = append(tried, "stub "+strconv.FormatInt(s.ID, 10)+" (deleted)")
				continue
			} else if err != nil {
				return formula.Value{}, err
			}
		}
		c.stubID = s.ID
		return p.answer(ctx, s.Answers[min(n, len(s.Answers))-1])
	}
	return formula.Value{}, &stepError{msg: name + ": no stub matched the input; tried " + strings.Join(tried, ", ")}
}

// answer plays one answer of a stub.
func (p stubProvider) answer(ctx context.Context, a partnerd.StubAnswer) (formula.Value, error) {
	if a.DelayMS > 0 {
		if err := p.e.sleep(ctx, time.Duration(a.DelayMS)*time.Millisecond); err != nil {
			return formula.Value{}, errAbandoned
		}
	}
	if a.Error != nil {
		return formula.Value{}, &stepError{a.Error.Error(), a.Error}
	}
	if len(a.Output) == 0 {
		return formula.HashValue(formula.NewHash(0)), nil
	}
	return formula.ParseJSON(a.Output)
}

// stubsOf returns the stubs of provider and action that the job's account
// holds, read at the job's first call of that action and kept for the job.
func (r *run) stubsOf(ctx context.Context, provider, action string) ([]*partnerd.Stub, error) {
	key := provider + "." + action
	if stubs, ok := r.stubs[key]; ok {
		return stubs, nil
	}
	stubs, err := r.e.Stubs.FindWorkspaceStubs(ctx, r.job.WorkspaceID, provider, action)
	if err != nil {
		return nil, err
	}
	if r.stubs == nil {
		r.stubs = map[string][]*partnerd.Stub{}
	}
	r.stubs[key] = stubs
	return stubs, nil
}
