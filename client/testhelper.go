package client

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// The calls of this file are partnerd test helpers (/_partnerd/…), for
// partners' own tests: the server must run with --test-helpers, the client
// must have the Admin role, and each call acts on the client's account.
// Workato has none of them.

// TestAccountParams is the body of TestCreateAccount.
type TestAccountParams struct {
	Name  string `json:"name"`
	Email string `json:"email"` // the owner, who signs in with the legacy key
}

// TestAccount is an account that TestCreateAccount created: the id of its
// admin workspace, the token of its Admin client "bootstrap", and its
// legacy API key. The token and key are shown once.
type TestAccount struct {
	ID     int64  `json:"id"`
	Token  string `json:"token"`
	APIKey string `json:"api_key"`
}

// TestCreateAccount creates another account, isolated from every other, so
// that parallel tests can share one server without seeing each other's
// objects (POST /_partnerd/accounts).
func (c *Client) TestCreateAccount(ctx context.Context, p TestAccountParams) (*TestAccount, error) {
	var out TestAccount
	if err := c.do(ctx, http.MethodPost, "/_partnerd/accounts", nil, p, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// TestReset deletes every customer workspace of the account and everything
// in them; the admin workspace keeps its own objects (POST /_partnerd/reset).
func (c *Client) TestReset(ctx context.Context) error {
	return c.ack(ctx, http.MethodPost, "/_partnerd/reset", nil)
}

// TestSnapshot saves the whole account and returns the snapshot's id
// (POST /_partnerd/snapshot). The server keeps the newest 100 snapshots of
// an account.
func (c *Client) TestSnapshot(ctx context.Context) (int64, error) {
	var out struct {
		ID int64 `json:"id"`
	}
	if err := c.do(ctx, http.MethodPost, "/_partnerd/snapshot", nil, nil, &out); err != nil {
		return 0, err
	}
	return out.ID, nil
}

// TestRestore returns the account to a snapshot, ids included: objects
// created since are gone, deleted ones are back, and tokens of the
// snapshot's time work again (POST /_partnerd/snapshot/{id}/restore). A
// client created after the snapshot is gone too, so restore with a token
// that existed then, such as the bootstrap token.
func (c *Client) TestRestore(ctx context.Context, snapshotID int64) error {
	return c.ack(ctx, http.MethodPost, "/_partnerd/snapshot/"+itoa(snapshotID)+"/restore", nil)
}

// TestRequest is a request of the account's journal. Path holds the query;
// Body is an excerpt of at most 1 KiB of a JSON body, secrets redacted, or
// nil.
type TestRequest struct {
	Time      time.Time `json:"time"`
	Method    string    `json:"method"`
	Path      string    `json:"path"`
	Status    int       `json:"status"`
	AccountID int64     `json:"account_id"`
	Body      *string   `json:"body"`
}

// TestRequests returns the journal of the account's requests, newest first
// (GET /_partnerd/requests). The server keeps the newest --journal-size of
// them, in the memory of the process that served them.
func (c *Client) TestRequests(ctx context.Context) ([]TestRequest, error) {
	var out []TestRequest
	if err := c.do(ctx, http.MethodGet, "/_partnerd/requests", nil, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// Fault is a rule that answers the account's matching requests with an
// error, or delays them. PathPattern is a path where * stands for one
// segment (/api/managed_users/*/recipes/*/start); Method is one method or
// "*" (any, also when empty). Status answers the request with Body, or
// with the server's standard error body of the status when Body is nil; a
// rule with DelayMS and no Status only delays the request, which is then
// served. Probability is 1 when nil.
type Fault struct {
	Method      string          `json:"method,omitempty"`
	PathPattern string          `json:"path_pattern"`
	Status      int             `json:"status,omitempty"`
	Body        json.RawMessage `json:"body,omitempty"`
	DelayMS     int             `json:"delay_ms,omitempty"`
	Probability *float64        `json:"probability,omitempty"`
}

// TestSetFaults replaces the fault rules of the account and returns them
// as the server keeps them; none clears them (PUT /_partnerd/faults).
// Rules never apply to the test helpers themselves.
func (c *Client) TestSetFaults(ctx context.Context, faults []Fault) ([]Fault, error) {
	if faults == nil {
		faults = []Fault{}
	}
	var out []Fault
	if err := c.do(ctx, http.MethodPut, "/_partnerd/faults", nil, faults, &out); err != nil {
		return nil, err
	}
	for i := range out {
		if string(out[i].Body) == "null" {
			out[i].Body = nil
		}
	}
	return out, nil
}
