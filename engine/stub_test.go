package engine

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/mock"
)

// stubFake keeps stubs and recorded calls in memory, as the store does.
type stubFake struct {
	mu    sync.Mutex
	stubs []*partnerd.Stub
	calls []*partnerd.ConnectorCall
}

// withStubs gives the harness's engine stubs and a call log.
func (h *harness) withStubs(stubs ...*partnerd.Stub) *stubFake {
	f := &stubFake{stubs: stubs}
	for i, s := range stubs {
		s.ID, s.AccountID = int64(i+1), 1
	}
	h.e.Stubs = &mock.StubService{
		FindWorkspaceStubsFn: func(_ context.Context, _ int64, provider, action string) ([]*partnerd.Stub, error) {
			f.mu.Lock()
			defer f.mu.Unlock()
			var out []*partnerd.Stub
			for _, s := range f.stubs {
				if s.Provider == provider && s.Action == action {
					c := *s
					out = append(out, &c)
				}
			}
			return out, nil
		},
		HitStubFn: func(_ context.Context, _, id int64) (int, error) {
			f.mu.Lock()
			defer f.mu.Unlock()
			f.stubs[id-1].Calls++
			return f.stubs[id-1].Calls, nil
		},
	}
	h.e.Calls = &mock.ConnectorCallLog{
		RecordConnectorCallsFn: func(_ context.Context, _ int64, calls []*partnerd.ConnectorCall) error {
			f.mu.Lock()
			defer f.mu.Unlock()
			f.calls = append(f.calls, calls...)
			return nil
		},
	}
	return f
}

func answer(output string) partnerd.StubAnswer {
	return partnerd.StubAnswer{Output: json.RawMessage(output)}
}

// TestStubAnswers checks that a stubbed step answers from the first
// matching stub, its sequence in turn with the last repeating, and that
// its output feeds the next steps.
func TestStubAnswers(t *testing.T) {
	h := newHarness(t)
	h.withStubs(
		&partnerd.Stub{Provider: "salesforce", Action: "create_sobject",
			Match:   &partnerd.StubMatch{Contains: json.RawMessage(`{"sobject_name":"Lead"}`)},
			Answers: []partnerd.StubAnswer{answer(`{"id":"L1"}`), answer(`{"id":"L2"}`)}},
		&partnerd.Stub{Provider: "salesforce", Action: "create_sobject", Answers: []partnerd.StubAnswer{answer(`{"id":"other"}`)}},
	)
	r := h.addRecipe(1, webhookTrigger(
		action(1, "salesforce", "create_sobject", "lead", map[string]any{"sobject_name": "Lead", "Email": pill("workato_webhooks", "trigger", "email")}),
		log(2, "l", "created "+pill("salesforce", "lead", "id")),
	))
	for _, want := range []string{"L1", "L2", "L2"} {
		res := h.run(t, r, `{"email":"a@b.test"}`)
		wantStatus(t, res, partnerd.JobSucceeded, "")
		if got := string(res.Lines[1].Input); got != `{"message":"created `+want+`"}` {
			t.Errorf("log input = %s, want created %s", got, want)
		}
	}
	other := h.addRecipe(2, webhookTrigger(action(1, "salesforce", "create_sobject", "c", map[string]any{"sobject_name": "Contact"})))
	res := h.run(t, other, `{}`)
	wantStatus(t, res, partnerd.JobSucceeded, "")
	if string(res.Lines[0].Output) != `{"id":"other"}` {
		t.Errorf("output = %s", res.Lines[0].Output)
	}
}

// TestStubErrors checks a stubbed error, which a try catches, and the
// error of a step no stub answers, which lists the stubs it tried.
func TestStubErrors(t *testing.T) {
	h := newHarness(t)
	h.withStubs(
		&partnerd.Stub{Provider: "jira", Action: "create_issue",
			Answers: []partnerd.StubAnswer{{Error: &partnerd.StubError{Status: 404, Message: "No project"}, DelayMS: 250}}},
		&partnerd.Stub{Provider: "slack", Action: "post_message",
			Match:   &partnerd.StubMatch{Patterns: map[string]string{"channel": "#ops-.*"}},
			Answers: []partnerd.StubAnswer{answer(`{}`)}},
	)
	r := h.addRecipe(1, webhookTrigger(map[string]any{"number": 1, "keyword": "try", "block": []any{
		action(2, "jira", "create_issue", "i", map[string]any{"summary": "x"}),
		map[string]any{"number": 3, "keyword": "catch", "as": "e", "block": []any{log(4, "l", "caught")}},
	}}))
	res := h.run(t, r, `{}`)
	wantStatus(t, res, partnerd.JobSucceeded, "")
	if l := res.Lines[1]; l.Error == nil || *l.Error != "404 Not Found: No project" || l.CompletedAt.Sub(l.StartedAt).Milliseconds() != 250 {
		t.Errorf("jira line = %+v", l)
	}
	r = h.addRecipe(2, webhookTrigger(action(1, "slack", "post_message", "m", map[string]any{"channel": "#general"})))
	wantStatus(t, h.run(t, r, `{}`), partnerd.JobFailed,
		"slack.post_message: no stub matched the input; tried stub 2 (input's channel does not match match.patterns.channel)")
	r = h.addRecipe(3, webhookTrigger(action(1, "stripe", "create_customer", "c", nil)))
	wantStatus(t, h.run(t, r, `{}`), partnerd.JobFailed, "stripe.create_customer has no stub in this account")
}

// TestConnectorCallsRecorded checks that every connector call is recorded
// with its step, job, recipe and connection, secrets redacted, and that
// built-in steps are not.
func TestConnectorCallsRecorded(t *testing.T) {
	h := newHarness(t)
	f := h.withStubs(&partnerd.Stub{Provider: "stripe", Action: "create_customer", Answers: []partnerd.StubAnswer{answer(`{"id":"cus_1","client_secret":"x"}`)}})
	r := h.addRecipe(1, webhookTrigger(
		log(1, "l", "start"),
		action(2, "stripe", "create_customer", "c", map[string]any{"email": "a@b.test", "api_token": "sk_live"}),
		action(3, "stripe", "delete_customer", "d", nil),
	))
	conn := int64(42)
	r.Config = []partnerd.RecipeConfig{{Keyword: "application", Provider: "stripe", Name: "stripe", AccountID: &conn}}
	res := h.run(t, r, `{}`)
	wantStatus(t, res, partnerd.JobFailed, "stripe.delete_customer has no stub")
	if len(f.calls) != 2 {
		t.Fatalf("recorded %d calls, want 2", len(f.calls))
	}
	c := f.calls[0]
	if c.Provider != "stripe" || c.Action != "create_customer" || c.StepNumber != 2 || c.RecipeID != 1 ||
		c.ConnectionID != 42 || c.JobID == 0 || c.StubID != 1 || c.Error != nil ||
		!strings.Contains(string(c.Input), `"api_token":"[REDACTED]"`) || !strings.Contains(string(c.Input), `"email":"a@b.test"`) ||
		string(c.Output) != `{"client_secret":"[REDACTED]","id":"cus_1"}` {
		t.Errorf("call = %+v input %s output %s", c, c.Input, c.Output)
	}
	if c := f.calls[1]; c.Error == nil || c.Output != nil || c.StubID != 0 {
		t.Errorf("failed call = %+v", c)
	}
}

// TestConnectorCallsWithFinish checks that a job's calls travel with its
// end to the queue, which stores them in the finishing transaction, and
// that a finish the queue refuses leaves them to the call log.
func TestConnectorCallsWithFinish(t *testing.T) {
	for _, refused := range []bool{false, true} {
		h := newHarness(t)
		f := h.withStubs(&partnerd.Stub{Provider: "stripe", Action: "create_customer", Answers: []partnerd.StubAnswer{answer(`{"id":"cus_1"}`)}})
		var finished []*partnerd.ConnectorCall
		h.e.Jobs.(*mock.JobQueue).FinishJobFn = func(_ context.Context, _ int64, _ string, r *partnerd.JobResult) error {
			if refused {
				return partnerd.Errorf(partnerd.ESTATE, "The job is no longer this worker's")
			}
			finished = r.Calls
			return nil
		}
		r := h.addRecipe(1, webhookTrigger(action(1, "stripe", "create_customer", "c", map[string]any{"email": "a@b.test"})))
		res := h.e.Run(t.Context(), &partnerd.ClaimedJob{Job: &partnerd.Job{ID: 7, RecipeID: r.ID}, WorkspaceID: r.WorkspaceID,
			Recipe: r, TriggerOutput: json.RawMessage(`{}`), Attempt: 1, Worker: "w"})
		if (res == nil) != refused {
			t.Errorf("refused %v: result %+v", refused, res)
		}
		if refused && (len(finished) != 0 || len(f.calls) != 1) || !refused && (len(finished) != 1 || len(f.calls) != 0) {
			t.Errorf("refused %v: %d calls with the finish, %d in the log", refused, len(finished), len(f.calls))
		}
	}
}
