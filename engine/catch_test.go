package engine

import (
	"encoding/json"
	"testing"

	"github.com/partnerd/partnerd"
)

// tryCatch wraps a step in a try whose catch logs the caught pill's
// fields.
func tryCatch(step map[string]any) map[string]any {
	return map[string]any{"number": 1, "keyword": "try", "block": []any{
		step,
		map[string]any{"number": 3, "keyword": "catch", "provider": nil, "as": "e", "block": []any{
			log(4, "l", pill("catch", "e", "error_type")+" "+pill("catch", "e", "status")+" "+pill("catch", "e", "body")),
		}},
	}}
}

// caughtPill returns the catch line's output of a job.
func caughtPill(t *testing.T, res *partnerd.JobResult) map[string]any {
	t.Helper()
	for _, l := range res.Lines {
		if l.Keyword == "catch" {
			var out map[string]any
			if err := json.Unmarshal(l.Output, &out); err != nil {
				t.Fatalf("catch output %s: %v", l.Output, err)
			}
			return out
		}
	}
	t.Fatalf("no catch line in %s", lineSummary(res))
	return nil
}

// TestCatchHTTPError checks that a catch sees an HTTP failure's status,
// headers and body beside its message.
func TestCatchHTTPError(t *testing.T) {
	srv := echo(t)
	h := newHarness(t)
	step := restStep(map[string]any{"url": "/missing"}, nil)
	step["number"] = 2
	res := runStep(t, h, "rest", partnerd.ConnectionInput{"base_url": srv.URL}, tryCatch(step))
	wantStatus(t, res, partnerd.JobSucceeded, "")
	out := caughtPill(t, res)
	if out["error_type"] != "HTTPError" || out["status"] != float64(404) {
		t.Errorf("caught = %v", out)
	}
	if hd, _ := out["headers"].(map[string]any); hd["X-Echo"] != "yes" {
		t.Errorf("caught headers = %v", out["headers"])
	}
	var body map[string]any
	if err := json.Unmarshal([]byte(out["body"].(string)), &body); err != nil || body["path"] != "/missing" {
		t.Errorf("caught body = %v (%v)", out["body"], err)
	}
	if msg, _ := out["message"].(string); len(msg) < 18 || msg[:18] != "HTTP 404 Not Found" {
		t.Errorf("caught message = %q", msg)
	}
}

// TestCatchStubError checks that a stubbed error reaches the catch with
// its status and message, and that any other failure has neither.
func TestCatchStubError(t *testing.T) {
	h := newHarness(t)
	h.withStubs(&partnerd.Stub{Provider: "jira", Action: "create_issue",
		Answers: []partnerd.StubAnswer{{Error: &partnerd.StubError{Status: 409, Message: "Duplicate"}}}})
	res := h.run(t, h.addRecipe(1, webhookTrigger(tryCatch(action(2, "jira", "create_issue", "i", nil)))), `{}`)
	wantStatus(t, res, partnerd.JobSucceeded, "")
	out := caughtPill(t, res)
	if out["error_type"] != "HTTPError" || out["status"] != float64(409) || out["body"] != "Duplicate" ||
		out["message"] != "409 Conflict: Duplicate" {
		t.Errorf("caught = %v", out)
	}
	if got := string(res.Lines[len(res.Lines)-1].Input); got != `{"message":"HTTPError 409 Duplicate"}` {
		t.Errorf("log input = %s", got)
	}

	bad := action(2, "workato_variable", "update_variables", "bad", map[string]any{"variables": []any{
		map[string]any{"variable": "missing", "value": "1"}}})
	out = caughtPill(t, h.run(t, h.addRecipe(2, webhookTrigger(tryCatch(bad))), `{}`))
	if _, has := out["status"]; has || out["error_type"] != "StepError" {
		t.Errorf("caught = %v", out)
	}
}
