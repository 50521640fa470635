package http_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
)

// TestTestStubs plays the stub helpers: create, list, get, delete one and
// all, refusals of bad rules, and another account's view.
func TestTestStubs(t *testing.T) {
	e := newTestEnv(t, false)
	e.Server.TestHelpers = true
	e.run(t, "stubs", []scenario{
		{Name: "create", Method: "POST", URL: "/_partnerd/stubs", Body: `{"provider":"salesforce","action":"search_sobjects",
			"match":{"contains":{"sobject_name":"Account"},"patterns":{"name":"Acme.*"}},
			"answer":{"output":{"records":[{"Id":"001"}]}}}`, WantStatus: 200},
		{Name: "create_sequence", Method: "POST", URL: "/_partnerd/stubs", Body: `{"provider":"slack","action":"post_message",
			"answers":[{"error":{"status":"429","message":"rate limited"},"delay_ms":10},{"output":{"ts":"1.2"}}]}`, WantStatus: 200},
		{Name: "create_missing", Method: "POST", URL: "/_partnerd/stubs", Body: `{}`, WantStatus: 400},
		{Name: "create_both_answers", Method: "POST", URL: "/_partnerd/stubs", Body: `{"provider":"p","action":"a","answer":{},"answers":[{}]}`, WantStatus: 400},
		{Name: "create_bad_status", Method: "POST", URL: "/_partnerd/stubs", Body: `{"provider":"p","action":"a","answer":{"error":{"status":200,"message":"m"}}}`, WantStatus: 400},
		{Name: "create_bad_pattern", Method: "POST", URL: "/_partnerd/stubs", Body: `{"provider":"p","action":"a","match":{"patterns":{"x":"("}},"answer":{}}`, WantStatus: 400},
		{Name: "create_bad_contains", Method: "POST", URL: "/_partnerd/stubs", Body: `{"provider":"p","action":"a","match":{"contains":[1]},"answer":{}}`, WantStatus: 400},
		{Name: "create_wrong_type", Method: "POST", URL: "/_partnerd/stubs", Body: `{"provider":"p","action":"a","answers":{}}`, WantStatus: 400},
		{Name: "create_not_json", Method: "POST", URL: "/_partnerd/stubs", Body: `{"provider":`, WantStatus: 400},
		{Name: "list", Method: "GET", URL: "/_partnerd/stubs", WantStatus: 200},
		{Name: "list_provider", Method: "GET", URL: "/_partnerd/stubs?provider=slack", WantStatus: 200},
		{Name: "list_other_account", Method: "GET", URL: "/_partnerd/stubs", Token: tokenB, WantStatus: 200},
		{Name: "get", Method: "GET", URL: "/_partnerd/stubs/1", WantStatus: 200},
		{Name: "get_other_account", Method: "GET", URL: "/_partnerd/stubs/1", Token: tokenB, WantStatus: 404},
		{Name: "get_bad_id", Method: "GET", URL: "/_partnerd/stubs/x", WantStatus: 404},
		{Name: "delete_other_account", Method: "DELETE", URL: "/_partnerd/stubs/1", Token: tokenB, WantStatus: 404},
		{Name: "delete", Method: "DELETE", URL: "/_partnerd/stubs/1", WantStatus: 200},
		{Name: "delete_again", Method: "DELETE", URL: "/_partnerd/stubs/1", WantStatus: 404},
		{Name: "clear", Method: "DELETE", URL: "/_partnerd/stubs", WantStatus: 200},
		{Name: "list_after_clear", Method: "GET", URL: "/_partnerd/stubs", WantStatus: 200},
		{Name: "no_token", Method: "GET", URL: "/_partnerd/stubs", Token: "-", WantStatus: 401},
	})
}

// TestTestCalls plays the recorded calls helper: filters, paging, another
// account's view and clearing.
func TestTestCalls(t *testing.T) {
	e := newTestEnv(t, false)
	e.Server.TestHelpers = true
	started := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	failed := "404 Not Found: no such project"
	calls := []*partnerd.ConnectorCall{
		{Provider: "salesforce", Action: "create_sobject", ConnectionID: 5, JobID: 10, RecipeID: 3, StepNumber: 1, StubID: 1,
			Input: json.RawMessage(`{"sobject_name":"Lead","password":"[REDACTED]"}`), Output: json.RawMessage(`{"id":"00Q1"}`),
			StartedAt: started, Duration: 250 * time.Microsecond},
		{Provider: "jira", Action: "create_issue", JobID: 10, RecipeID: 3, StepNumber: 2, StubID: 2,
			Input: json.RawMessage(`{"summary":"x"}`), Error: &failed, StartedAt: started, Duration: time.Millisecond},
		{Provider: "salesforce", Action: "create_sobject", ConnectionID: 5, JobID: 11, RecipeID: 4, StepNumber: 1,
			Input: json.RawMessage(`{}`), Output: json.RawMessage(`{}`), StartedAt: started},
	}
	if err := e.DB.RecordConnectorCalls(t.Context(), e.AccountA.ID, calls); err != nil {
		t.Fatal(err)
	}
	e.run(t, "calls", []scenario{
		{Name: "list", Method: "GET", URL: "/_partnerd/calls", WantStatus: 200},
		{Name: "list_provider_recipe", Method: "GET", URL: "/_partnerd/calls?provider=salesforce&recipe_id=3", WantStatus: 200},
		{Name: "list_job", Method: "GET", URL: "/_partnerd/calls?job_id=j-10&action=create_issue", WantStatus: 200},
		{Name: "list_connection_page", Method: "GET", URL: "/_partnerd/calls?connection_id=5&per_page=1&page=2", WantStatus: 200},
		{Name: "list_bad_job", Method: "GET", URL: "/_partnerd/calls?job_id=x", WantStatus: 400},
		{Name: "list_bad_recipe", Method: "GET", URL: "/_partnerd/calls?recipe_id=x", WantStatus: 400},
		{Name: "list_other_account", Method: "GET", URL: "/_partnerd/calls", Token: tokenB, WantStatus: 200},
		{Name: "clear_other_account", Method: "DELETE", URL: "/_partnerd/calls", Token: tokenB, WantStatus: 200},
		{Name: "list_after_other_clear", Method: "GET", URL: "/_partnerd/calls?per_page=1", WantStatus: 200},
		{Name: "clear", Method: "DELETE", URL: "/_partnerd/calls", WantStatus: 200},
		{Name: "list_after_clear", Method: "GET", URL: "/_partnerd/calls", WantStatus: 200},
	})
}
