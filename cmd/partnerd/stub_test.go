package main

import (
	"encoding/json"
	nethttp "net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/partnerd/partnerd/client"
)

// step is a recipe step in the exported format.
func step(n int, keyword, provider, name, as string, input any, block ...any) map[string]any {
	s := map[string]any{"number": n, "keyword": keyword, "as": as, "input": input}
	if provider != "" {
		s["provider"], s["name"] = provider, name
	}
	if len(block) > 0 {
		s["block"] = block
	}
	return s
}

// mustConnect creates an authorized connection of provider in the
// customer workspace and returns its config entry.
func mustConnect(t *testing.T, c *client.Client, mu client.WorkspaceRef, provider string) client.RecipeConfig {
	t.Helper()
	conn, err := c.CreateConnection(t.Context(), mu, client.CreateConnectionParams{Provider: provider, Name: provider + " sandbox"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.TestAuthorizeConnection(t.Context(), conn.ID, "success", ""); err != nil {
		t.Fatal(err)
	}
	return client.RecipeConfig{Keyword: "application", Provider: provider, Name: provider, AccountID: &conn.ID}
}

func mustStub(t *testing.T, c *client.Client, s client.Stub) *client.Stub {
	t.Helper()
	out, err := c.TestCreateStub(t.Context(), s)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestStubbedSalesforceRecipe runs a recipe function modelled on the
// Salesforce contact search of the public recipe templates: a search,
// an if on its first record, a result for each branch, and a catch that
// logs the error. Stubs answer the search; the recorded calls hold the
// inputs that the recipe's pills produced.
func TestStubbedSalesforceRecipe(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	m := MustRunMain(t, tempDB(t), nil)
	c := newClient(m, bootstrapToken)
	mu := MustCreateCustomer(t, c, "Stubbed CRM", "stub-sf").Ref()
	sf := mustConnect(t, c, mu, "salesforce")
	email := "#{" + datapill("workato_recipe_function", "trigger", "parameters", "email") + "}"
	firstID := "#{" + datapill("salesforce", "search", "Contact", map[string]any{"path_element_type": "current_item"}, "Id") + "}"
	id, err := c.CreateRecipe(ctx, mu, client.RecipeParams{Name: "Find contact",
		Config: []client.RecipeConfig{{Provider: "workato_recipe_function"}, sf, {Provider: "logger"}},
		Code: callableCode(step(1, "try", "", "", "", map[string]any{},
			step(2, "action", "salesforce", "search_sobjects", "search", map[string]any{"sobject_name": "Contact", "limit": "1", "Email": email}),
			step(3, "if", "", "", "", map[string]any{"type": "compound", "operand": "and",
				"conditions": []any{map[string]any{"operand": "present", "lhs": firstID}}},
				step(4, "action", "workato_recipe_function", "return_result", "found", map[string]any{"result": map[string]any{"id": firstID, "found": "true"}}),
				step(5, "else", "", "", "", nil,
					step(6, "action", "workato_recipe_function", "return_result", "missing", map[string]any{"result": map[string]any{"id": "=null", "found": "false"}}))),
			step(7, "catch", "", "", "failure", map[string]any{},
				step(8, "action", "logger", "log_message", "log", map[string]any{"message": "Search failed: #{" + datapill("catch", "failure", "message") + "}"}),
				step(9, "action", "workato_recipe_function", "return_result", "failed", map[string]any{"result": map[string]any{"id": "=null", "found": "error"}})),
		))})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.StartRecipe(ctx, mu, id); err != nil {
		t.Fatal(err)
	}
	ada := mustStub(t, c, client.Stub{Provider: "salesforce", Action: "search_sobjects",
		Match:   &client.StubMatch{Contains: json.RawMessage(`{"sobject_name":"Contact","Email":"ada@example.com"}`)},
		Answers: []client.StubAnswer{{Output: json.RawMessage(`{"Contact":[{"Id":"003Ada","Email":"ada@example.com"}]}`)}}})
	mustStub(t, c, client.Stub{Provider: "salesforce", Action: "search_sobjects",
		Match:   &client.StubMatch{Patterns: map[string]string{"Email": `.*@nowhere\.test`}},
		Answers: []client.StubAnswer{{Output: json.RawMessage(`{"Contact":[]}`)}, {Error: &client.StubError{Status: 503, Message: "Server unavailable"}}}})

	for _, tc := range []struct{ email, result string }{
		{"ada@example.com", `{"found":"true","id":"003Ada"}`},
		{"bob@nowhere.test", `{"found":"false","id":null}`},
		{"bob@nowhere.test", `{"found":"error","id":null}`}, // the sequence's second answer
		{"eve@example.com", `{"found":"error","id":null}`},  // no stub matches
	} {
		job, err := c.TestTriggerRecipe(ctx, id, client.TestTriggerParams{Output: map[string]any{"parameters": map[string]any{"email": tc.email}}, Wait: true, Timeout: "20s"})
		if err != nil {
			t.Fatal(err)
		}
		if job.Status != "succeeded" || string(job.Result) != tc.result {
			t.Errorf("%s: job %s, result %s, want %s", tc.email, job.Status, job.Result, tc.result)
		}
	}
	calls, total, err := c.TestConnectorCalls(ctx, client.ConnectorCallOptions{Provider: "salesforce", RecipeID: id})
	if err != nil {
		t.Fatal(err)
	}
	if total != 4 || len(calls) != 4 {
		t.Fatalf("%d recorded calls, want 4", total)
	}
	first := calls[3] // newest first
	if first.Action != "search_sobjects" || first.StepNumber != 2 || first.ConnectionID == nil || *first.ConnectionID != *sf.AccountID ||
		first.StubID == nil || *first.StubID != ada.ID || string(first.Input) != `{"Email":"ada@example.com","limit":"1","sobject_name":"Contact"}` ||
		!strings.Contains(string(first.Output), "003Ada") || first.Error != nil {
		t.Errorf("first call = %+v, input %s, output %s", first, first.Input, first.Output)
	}
	if e := calls[1].Error; e == nil || *e != "503 Service Unavailable: Server unavailable" {
		t.Errorf("sequence's error = %v", e)
	}
	if e := calls[0].Error; e == nil || !strings.Contains(*e, "no stub matched the input; tried stub") || calls[0].StubID != nil {
		t.Errorf("unmatched call's error = %v", e)
	}
	got, err := c.TestStub(ctx, ada.ID)
	if err != nil || got.Calls != 1 {
		t.Errorf("stub after the jobs = %+v, %v", got, err)
	}
	if err := c.TestClearConnectorCalls(ctx); err != nil {
		t.Fatal(err)
	}
	if _, total, _ := c.TestConnectorCalls(ctx, client.ConnectorCallOptions{}); total != 0 {
		t.Errorf("%d calls after clearing", total)
	}
}

// TestStubbedSlackRecipe runs a Workbot command recipe modelled on the
// Slack channel template: an ad-hoc HTTP request that creates a channel
// from the command's parameter, and a message to it, both stubbed.
func TestStubbedSlackRecipe(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	m := MustRunMain(t, tempDB(t), nil)
	c := newClient(m, bootstrapToken)
	mu := MustCreateCustomer(t, c, "Stubbed chat", "stub-slack").Ref()
	bot := mustConnect(t, c, mu, "slack_bot")
	channel := "#{" + datapill("slack_bot", "create_channel", "body", "channel", "id") + "}"
	id, err := c.CreateRecipe(ctx, mu, client.RecipeParams{Name: "New channel", Config: []client.RecipeConfig{bot},
		Code: step(0, "trigger", "slack_bot", "bot_command_v2", "command", map[string]any{"name": "newchannel"},
			step(1, "action", "slack_bot", "__adhoc_http_action", "create_channel", map[string]any{"verb": "post", "path": "conversations.create",
				"input": map[string]any{"data": map[string]any{"name": "=" + datapill("slack_bot", "command", "parameters", "channel_name") + ".downcase.gsub(' ', '-')"}}}),
			step(2, "action", "slack_bot", "post_bot_message", "welcome", map[string]any{"channel": channel,
				"message": map[string]any{"title": "Welcome to #{" + datapill("slack_bot", "create_channel", "body", "channel", "name") + "}"}}),
		)})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.StartRecipe(ctx, mu, id); err != nil {
		t.Fatal(err)
	}
	mustStub(t, c, client.Stub{Provider: "slack_bot", Action: "__adhoc_http_action",
		Match:   &client.StubMatch{Equals: json.RawMessage(`{"verb":"post","path":"conversations.create","input":{"data":{"name":"project-apollo"}}}`)},
		Answers: []client.StubAnswer{{Output: json.RawMessage(`{"body":{"ok":true,"channel":{"id":"C42","name":"project-apollo"}}}`), DelayMS: 1}}})
	mustStub(t, c, client.Stub{Provider: "slack_bot", Action: "post_bot_message", Answers: []client.StubAnswer{{Output: json.RawMessage(`{"ts":"1.1"}`)}}})
	stubs, err := c.TestStubs(ctx, "slack_bot", "")
	if err != nil || len(stubs) != 2 {
		t.Fatalf("stubs = %v, %v", stubs, err)
	}

	job, err := c.TestTriggerRecipe(ctx, id, client.TestTriggerParams{Output: map[string]any{"parameters": map[string]any{"channel_name": "Project Apollo"}}, Wait: true, Timeout: "20s"})
	if err != nil {
		t.Fatal(err)
	}
	if job.Status != "succeeded" || len(job.Lines) != 3 || string(job.Lines[2].Output) != `{"ts":"1.1"}` {
		t.Fatalf("job = %+v, lines %+v", job.Job, job.Lines)
	}
	calls, _, err := c.TestConnectorCalls(ctx, client.ConnectorCallOptions{JobID: job.ID, Action: "post_bot_message"})
	if err != nil || len(calls) != 1 {
		t.Fatalf("calls = %v, %v", calls, err)
	}
	if string(calls[0].Input) != `{"channel":"C42","message":{"title":"Welcome to project-apollo"}}` {
		t.Errorf("message input = %s", calls[0].Input)
	}

	// Without stubs, the step fails and says why.
	if err := c.TestDeleteStubs(ctx); err != nil {
		t.Fatal(err)
	}
	job, err = c.TestTriggerRecipe(ctx, id, client.TestTriggerParams{Output: map[string]any{"parameters": map[string]any{"channel_name": "x"}}, Wait: true, Timeout: "20s"})
	if err != nil {
		t.Fatal(err)
	}
	if job.Status != "failed" || job.Error == nil || !strings.Contains(*job.Error, "slack_bot.__adhoc_http_action has no stub") {
		t.Errorf("job without stubs = %s %v", job.Status, job.Error)
	}
}

// TestRealCallsRecorded checks that a real connector's call is recorded
// like a stubbed one, without a stub, its secrets redacted: an HTTP step
// to a local server whose request carries a token field.
func TestRealCallsRecorded(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	srv := httptest.NewServer(nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"id":"cus_9"}`))
	}))
	defer srv.Close()
	m := MustRunMain(t, tempDB(t), nil)
	c := newClient(m, bootstrapToken)
	mu := MustCreateCustomer(t, c, "Real calls", "real-calls").Ref()
	conn, err := c.CreateConnection(ctx, mu, client.CreateConnectionParams{Provider: "rest", Name: "API",
		Input: map[string]any{"auth_type": "none", "base_url": srv.URL}})
	if err != nil {
		t.Fatal(err)
	}
	id, err := c.CreateRecipe(ctx, mu, client.RecipeParams{Name: "Create",
		Config: []client.RecipeConfig{{Provider: "workato_recipe_function"}, {Provider: "rest", AccountID: &conn.ID}},
		Code: callableCode(step(1, "action", "rest", "make_request_v2", "create", map[string]any{"request": map[string]any{
			"method": "POST", "url": "/customers", "content_type": "json",
			"body": map[string]any{"email": "a@b.test", "card_token": "tok_secret"}}}))})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.StartRecipe(ctx, mu, id); err != nil {
		t.Fatal(err)
	}
	job, err := c.TestTriggerRecipe(ctx, id, client.TestTriggerParams{Wait: true, Timeout: "20s"})
	if err != nil || job.Status != "succeeded" {
		t.Fatalf("job = %+v, %v", job, err)
	}
	calls, _, err := c.TestConnectorCalls(ctx, client.ConnectorCallOptions{Provider: "rest", ConnectionID: conn.ID})
	if err != nil || len(calls) != 1 {
		t.Fatalf("calls = %+v, %v", calls, err)
	}
	call := calls[0]
	if call.Action != "make_request_v2" || call.StubID != nil || call.JobID != job.ID || call.Error != nil ||
		!strings.Contains(string(call.Input), `"card_token":"[REDACTED]"`) || !strings.Contains(string(call.Output), "cus_9") {
		t.Errorf("call = %+v, input %s, output %s", call, call.Input, call.Output)
	}
}
