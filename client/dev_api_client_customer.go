package client

import (
	"context"
	"iter"
	"net/http"
)

// CustomerDevAPIClients returns one page of a customer workspace's
// developer API clients and their total
// (GET /api/v2/managed_users/{mu}/developer_api_clients).
func (c *Client) CustomerDevAPIClients(ctx context.Context, mu WorkspaceRef, opts ListOptions) ([]DevAPIClient, int, error) {
	scope, err := customerScope(mu)
	return c.devAPIClients(ctx, scope, err, opts)
}

// AllCustomerDevAPIClients iterates over every developer API client of a
// customer workspace, as AllDevAPIClients does.
func (c *Client) AllCustomerDevAPIClients(ctx context.Context, mu WorkspaceRef, perPage int) iter.Seq2[DevAPIClient, error] {
	return allPages(perPage, pageMax, func(p ListOptions, _ *DevAPIClient) ([]DevAPIClient, error) {
		list, _, err := c.CustomerDevAPIClients(ctx, mu, p)
		return list, err
	})
}

// CustomerDevAPIClient returns a developer API client of a customer
// workspace (GET /api/v2/managed_users/{mu}/developer_api_clients/{id}).
func (c *Client) CustomerDevAPIClient(ctx context.Context, mu WorkspaceRef, id int64) (*DevAPIClient, error) {
	scope, err := customerScope(mu)
	return c.devAPIClientCall(ctx, http.MethodGet, scope, err, "/"+itoa(id), nil)
}

// CreateCustomerDevAPIClient creates a developer API client in a customer
// workspace (POST /api/v2/managed_users/{mu}/developer_api_clients). Its
// token, in Token.Value and shown only this once, acts from that
// workspace on the Developer routes.
func (c *Client) CreateCustomerDevAPIClient(ctx context.Context, mu WorkspaceRef, p CreateDevAPIClientParams) (*DevAPIClient, error) {
	scope, err := customerScope(mu)
	return c.devAPIClientCall(ctx, http.MethodPost, scope, err, "", p)
}

// UpdateCustomerDevAPIClient changes a developer API client of a customer
// workspace (PUT /api/v2/managed_users/{mu}/developer_api_clients/{id}).
func (c *Client) UpdateCustomerDevAPIClient(ctx context.Context, mu WorkspaceRef, id int64, p UpdateDevAPIClientParams) (*DevAPIClient, error) {
	scope, err := customerScope(mu)
	return c.devAPIClientCall(ctx, http.MethodPut, scope, err, "/"+itoa(id), p)
}

// DeleteCustomerDevAPIClient deletes a developer API client of a customer
// workspace (DELETE /api/v2/managed_users/{mu}/developer_api_clients/{id}).
func (c *Client) DeleteCustomerDevAPIClient(ctx context.Context, mu WorkspaceRef, id int64) error {
	scope, err := customerScope(mu)
	if err != nil {
		return err
	}
	return c.do(ctx, http.MethodDelete, scope+"/developer_api_clients/"+itoa(id), nil, nil, nil)
}

// RegenerateCustomerDevAPIClientToken gives a developer API client of a
// customer workspace a new token, returned in Token.Value
// (POST /api/v2/managed_users/{mu}/developer_api_clients/{id}/regenerate).
func (c *Client) RegenerateCustomerDevAPIClientToken(ctx context.Context, mu WorkspaceRef, id int64) (*DevAPIClient, error) {
	scope, err := customerScope(mu)
	return c.devAPIClientCall(ctx, http.MethodPost, scope, err, "/"+itoa(id)+"/regenerate", nil)
}

// CustomerDevAPIClientRoles returns one page of a customer workspace's
// developer API client roles and their total
// (GET /api/v2/managed_users/{mu}/developer_api_client_roles).
func (c *Client) CustomerDevAPIClientRoles(ctx context.Context, mu WorkspaceRef, opts ListOptions) ([]ClientRole, int, error) {
	scope, err := customerScope(mu)
	return c.clientRoles(ctx, scope, err, opts)
}

// AllCustomerDevAPIClientRoles iterates over every developer API client
// role of a customer workspace, as AllDevAPIClientRoles does.
func (c *Client) AllCustomerDevAPIClientRoles(ctx context.Context, mu WorkspaceRef, perPage int) iter.Seq2[ClientRole, error] {
	return allPages(perPage, pageMax, func(p ListOptions, _ *ClientRole) ([]ClientRole, error) {
		list, _, err := c.CustomerDevAPIClientRoles(ctx, mu, p)
		return list, err
	})
}

// CopyCustomerDevAPIClientRole copies a developer API client role of a
// customer workspace under a new name
// (POST /api/v2/managed_users/{mu}/developer_api_client_roles/{id}/copy).
func (c *Client) CopyCustomerDevAPIClientRole(ctx context.Context, mu WorkspaceRef, id int64, name string) (*ClientRole, error) {
	scope, err := customerScope(mu)
	return c.copyClientRole(ctx, scope, err, id, name)
}
