package client

import (
	"context"
	"net/http"
	"time"
)

// APIPolicy is an API access policy: a rate limit and a usage quota, each
// a number of calls per interval ("second", "minute", "hour", "day" or
// "month", 30 days) that every access profile of a client holding the
// policy may make; 0 is no limit.
type APIPolicy struct {
	ID                int64     `json:"id"`
	Name              string    `json:"name"`
	RateLimitInterval string    `json:"rate_limit_interval"`
	RateLimitRequests int       `json:"rate_limit_requests"`
	QuotaInterval     string    `json:"quota_interval"`
	QuotaRequests     int       `json:"quota_requests"`
	CreatedAt         time.Time `json:"created_at"`
	UpdatedAt         time.Time `json:"updated_at"`
}

// APIPolicyParams is the body of a policy create or update; Name is
// required on create, and on update only the fields that are set change.
// The intervals default to a minute for the rate limit and a day for the
// quota.
type APIPolicyParams struct {
	Name              string `json:"name,omitempty"`
	RateLimitInterval string `json:"rate_limit_interval,omitempty"`
	RateLimitRequests *int   `json:"rate_limit_requests,omitempty"`
	QuotaInterval     string `json:"quota_interval,omitempty"`
	QuotaRequests     *int   `json:"quota_requests,omitempty"`
}

// policyPath returns the policy routes' base, the caller's own workspace's
// when mu is nil, followed by rest.
func policyPath(mu *WorkspaceRef, rest string) (string, error) {
	if mu == nil {
		return "/api/v2/api_policies" + rest, nil
	}
	scope, err := customerScope(*mu)
	return scope + "/api_policies" + rest, err
}

func (c *Client) policyCall(ctx context.Context, mu *WorkspaceRef, method, rest string, body any) (*APIPolicy, error) {
	path, err := policyPath(mu, rest)
	if err != nil {
		return nil, err
	}
	var out data[APIPolicy]
	if err := c.do(ctx, method, path, nil, body, &out); err != nil {
		return nil, err
	}
	return &out.Data, nil
}

// CreateAPIPolicy creates a policy (POST /api/v2/api_policies).
func (c *Client) CreateAPIPolicy(ctx context.Context, p APIPolicyParams) (*APIPolicy, error) {
	return c.policyCall(ctx, nil, http.MethodPost, "", p)
}

// UpdateAPIPolicy changes a policy (PUT /api/v2/api_policies/{id}); its
// clients are held to it from the next call.
func (c *Client) UpdateAPIPolicy(ctx context.Context, id int64, p APIPolicyParams) (*APIPolicy, error) {
	return c.policyCall(ctx, nil, http.MethodPut, "/"+itoa(id), p)
}

// CreateCustomerAPIPolicy creates a policy in a customer workspace
// (POST /api/v2/managed_users/{mu}/api_policies).
func (c *Client) CreateCustomerAPIPolicy(ctx context.Context, mu WorkspaceRef, p APIPolicyParams) (*APIPolicy, error) {
	return c.policyCall(ctx, &mu, http.MethodPost, "", p)
}

// CustomerAPIPolicy returns a policy of a customer workspace
// (GET /api/v2/managed_users/{mu}/api_policies/{id}).
func (c *Client) CustomerAPIPolicy(ctx context.Context, mu WorkspaceRef, id int64) (*APIPolicy, error) {
	return c.policyCall(ctx, &mu, http.MethodGet, "/"+itoa(id), nil)
}

// UpdateCustomerAPIPolicy changes a policy of a customer workspace
// (PUT /api/v2/managed_users/{mu}/api_policies/{id}).
func (c *Client) UpdateCustomerAPIPolicy(ctx context.Context, mu WorkspaceRef, id int64, p APIPolicyParams) (*APIPolicy, error) {
	return c.policyCall(ctx, &mu, http.MethodPut, "/"+itoa(id), p)
}

// DeleteCustomerAPIPolicy deletes a policy of a customer workspace; its
// clients keep none (DELETE /api/v2/managed_users/{mu}/api_policies/{id}).
func (c *Client) DeleteCustomerAPIPolicy(ctx context.Context, mu WorkspaceRef, id int64) error {
	path, err := policyPath(&mu, "/"+itoa(id))
	if err != nil {
		return err
	}
	return c.ack(ctx, http.MethodDelete, path, nil)
}
