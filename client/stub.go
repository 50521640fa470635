package client

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"time"
)

// Stub is a rule of the account that answers the steps of a connector
// partnerd cannot reach (Salesforce, Slack, a custom connector…): the
// first stub of the step's provider and action whose Match holds answers
// it. The nth call a stub answers gets the nth of its Answers, the last
// repeating. A test helper of partnerd (POST /_partnerd/stubs).
type Stub struct {
	ID        int64        `json:"id,omitempty"`
	Provider  string       `json:"provider"`
	Action    string       `json:"action"`
	Match     *StubMatch   `json:"match,omitempty"`
	Answers   []StubAnswer `json:"answers"`
	Calls     int          `json:"calls,omitempty"`
	CreatedAt time.Time    `json:"created_at,omitempty"`
}

// StubMatch is what a stub asks of a step's input; every part set must
// hold. Equals is the whole input; Contains a subset of it (objects
// recursively, arrays item by item); Patterns maps dotted paths
// ("customer.email", "lines.0.sku") to regular expressions that the
// field's whole text must match.
type StubMatch struct {
	Equals   json.RawMessage   `json:"equals,omitempty"`
	Contains json.RawMessage   `json:"contains,omitempty"`
	Patterns map[string]string `json:"patterns,omitempty"`
}

// StubAnswer is one answer of a stub: after DelayMS, Output, or when
// Error is set a failure of the step ("404 Not Found: message").
type StubAnswer struct {
	Output  json.RawMessage `json:"output,omitempty"`
	Error   *StubError      `json:"error,omitempty"`
	DelayMS int             `json:"delay_ms,omitempty"`
}

// StubError is a stubbed failure: a status from 400 to 599 and a message.
type StubError struct {
	Status  int    `json:"status"`
	Message string `json:"message"`
}

// TestCreateStub adds a stub to the account, tried after the others, and
// returns it as the server keeps it.
func (c *Client) TestCreateStub(ctx context.Context, s Stub) (*Stub, error) {
	var out Stub
	if err := c.do(ctx, http.MethodPost, "/_partnerd/stubs", nil, s, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// TestStubs returns the account's stubs in the order they are tried, of
// one provider and action when they are not empty (GET /_partnerd/stubs).
func (c *Client) TestStubs(ctx context.Context, provider, action string) ([]Stub, error) {
	q := url.Values{}
	if provider != "" {
		q.Set("provider", provider)
	}
	if action != "" {
		q.Set("action", action)
	}
	var out []Stub
	if err := c.do(ctx, http.MethodGet, "/_partnerd/stubs", q, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// TestStub returns one stub, with the calls it answered (GET /_partnerd/stubs/{id}).
func (c *Client) TestStub(ctx context.Context, id int64) (*Stub, error) {
	var out Stub
	if err := c.do(ctx, http.MethodGet, "/_partnerd/stubs/"+itoa(id), nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// TestDeleteStub removes one stub (DELETE /_partnerd/stubs/{id}).
func (c *Client) TestDeleteStub(ctx context.Context, id int64) error {
	return c.ack(ctx, http.MethodDelete, "/_partnerd/stubs/"+itoa(id), nil)
}

// TestDeleteStubs removes every stub of the account (DELETE /_partnerd/stubs).
func (c *Client) TestDeleteStubs(ctx context.Context) error {
	return c.ack(ctx, http.MethodDelete, "/_partnerd/stubs", nil)
}

// ConnectorCall is a recorded call of a job's step to a connector,
// stubbed (StubID set) or real, its input and answer with secrets
// redacted. Output is null when the call failed with Error.
type ConnectorCall struct {
	ID           int64           `json:"id"`
	Provider     string          `json:"provider"`
	Action       string          `json:"action"`
	WorkspaceID  int64           `json:"workspace_id"`
	ConnectionID *int64          `json:"connection_id"`
	RecipeID     int64           `json:"recipe_id"`
	JobID        string          `json:"job_id"`
	StepNumber   int             `json:"step_number"`
	StubID       *int64          `json:"stub_id"`
	Input        json.RawMessage `json:"input"`
	Output       json.RawMessage `json:"output"`
	Error        *string         `json:"error"`
	StartedAt    time.Time       `json:"started_at"`
	DurationMS   float64         `json:"duration_ms"`
}

// ConnectorCallOptions selects recorded calls; zero fields select all.
type ConnectorCallOptions struct {
	Provider     string
	Action       string
	RecipeID     int64
	JobID        string // j-12
	ConnectionID int64
	ListOptions
}

// TestConnectorCalls returns a page of the account's recorded connector
// calls, newest first, and how many match in all (GET /_partnerd/calls).
func (c *Client) TestConnectorCalls(ctx context.Context, o ConnectorCallOptions) ([]ConnectorCall, int, error) {
	q := o.ListOptions.values()
	for k, v := range map[string]string{"provider": o.Provider, "action": o.Action, "job_id": o.JobID} {
		if v != "" {
			q.Set(k, v)
		}
	}
	for k, v := range map[string]int64{"recipe_id": o.RecipeID, "connection_id": o.ConnectionID} {
		if v != 0 {
			q.Set(k, itoa(v))
		}
	}
	var out struct {
		Data  []ConnectorCall `json:"data"`
		Total int             `json:"total"`
	}
	if err := c.do(ctx, http.MethodGet, "/_partnerd/calls", q, nil, &out); err != nil {
		return nil, 0, err
	}
	return out.Data, out.Total, nil
}

// TestClearConnectorCalls forgets every recorded call of the account
// (DELETE /_partnerd/calls).
func (c *Client) TestClearConnectorCalls(ctx context.Context) error {
	return c.ack(ctx, http.MethodDelete, "/_partnerd/calls", nil)
}
