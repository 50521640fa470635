package client

import (
	"context"
	"iter"
	"net/http"
)

// CustomerAPIClientsV2 returns one page of a customer workspace's API
// clients and their total (GET /api/v2/managed_users/{mu}/api_clients).
func (c *Client) CustomerAPIClientsV2(ctx context.Context, mu WorkspaceRef, opts ListOptions) ([]APIClientV2, int, error) {
	return c.apiClientsV2(ctx, &mu, opts)
}

// AllCustomerAPIClientsV2 iterates over every API client of a customer
// workspace, as AllAPIClientsV2 does.
func (c *Client) AllCustomerAPIClientsV2(ctx context.Context, mu WorkspaceRef, perPage int) iter.Seq2[APIClientV2, error] {
	return allPages(perPage, pageMax, func(p ListOptions, _ *APIClientV2) ([]APIClientV2, error) {
		list, _, err := c.CustomerAPIClientsV2(ctx, mu, p)
		return list, err
	})
}

// CustomerAPIClientV2 returns an API client of a customer workspace
// (GET /api/v2/managed_users/{mu}/api_clients/{id}).
func (c *Client) CustomerAPIClientV2(ctx context.Context, mu WorkspaceRef, id int64) (*APIClientV2, error) {
	return v2Call[APIClientV2](ctx, c, &mu, http.MethodGet, "/"+itoa(id), nil)
}

// CreateCustomerAPIClientV2 creates an API client in a customer workspace
// (POST /api/v2/managed_users/{mu}/api_clients).
func (c *Client) CreateCustomerAPIClientV2(ctx context.Context, mu WorkspaceRef, p APIClientV2Params) (*APIClientV2, error) {
	return v2Call[APIClientV2](ctx, c, &mu, http.MethodPost, "", p)
}

// UpdateCustomerAPIClientV2 changes an API client of a customer workspace
// (PUT /api/v2/managed_users/{mu}/api_clients/{id}).
func (c *Client) UpdateCustomerAPIClientV2(ctx context.Context, mu WorkspaceRef, id int64, p APIClientV2Params) (*APIClientV2, error) {
	return v2Call[APIClientV2](ctx, c, &mu, http.MethodPut, "/"+itoa(id), p)
}

// DeleteCustomerAPIClientV2 deletes an API client of a customer workspace
// with its keys (DELETE /api/v2/managed_users/{mu}/api_clients/{id}).
func (c *Client) DeleteCustomerAPIClientV2(ctx context.Context, mu WorkspaceRef, id int64) error {
	return v2Delete(ctx, c, &mu, "/"+itoa(id))
}

// CustomerAPIKeys returns the keys of an API client of a customer
// workspace (GET /api/v2/managed_users/{mu}/api_clients/{id}/api_keys).
func (c *Client) CustomerAPIKeys(ctx context.Context, mu WorkspaceRef, clientID int64, opts ListOptions) ([]APIKey, error) {
	return c.apiKeys(ctx, &mu, clientID, opts)
}

// AllCustomerAPIKeys iterates over every key of an API client of a
// customer workspace, as AllAPIKeys does.
func (c *Client) AllCustomerAPIKeys(ctx context.Context, mu WorkspaceRef, clientID int64, perPage int) iter.Seq2[APIKey, error] {
	return allPages(perPage, pageMax, func(p ListOptions, _ *APIKey) ([]APIKey, error) {
		return c.CustomerAPIKeys(ctx, mu, clientID, p)
	})
}

// CreateCustomerAPIKey creates a key of an API client of a customer
// workspace; its token, in AuthToken, is shown this once
// (POST /api/v2/managed_users/{mu}/api_clients/{id}/api_keys).
func (c *Client) CreateCustomerAPIKey(ctx context.Context, mu WorkspaceRef, clientID int64, p APIKeyParams) (*APIKey, error) {
	return v2Call[APIKey](ctx, c, &mu, http.MethodPost, "/"+itoa(clientID)+"/api_keys", p)
}

// UpdateCustomerAPIKey changes a key of a customer workspace
// (PUT /api/v2/managed_users/{mu}/api_clients/{id}/api_keys/{key_id}).
func (c *Client) UpdateCustomerAPIKey(ctx context.Context, mu WorkspaceRef, clientID, keyID int64, p APIKeyParams) (*APIKey, error) {
	return v2Call[APIKey](ctx, c, &mu, http.MethodPut, keyPath(clientID, keyID, ""), p)
}

// DeleteCustomerAPIKey deletes a key of a customer workspace
// (DELETE /api/v2/managed_users/{mu}/api_clients/{id}/api_keys/{key_id}).
func (c *Client) DeleteCustomerAPIKey(ctx context.Context, mu WorkspaceRef, clientID, keyID int64) error {
	return v2Delete(ctx, c, &mu, keyPath(clientID, keyID, ""))
}

// EnableCustomerAPIKey enables a key of a customer workspace
// (PUT …/api_keys/{key_id}/enable).
func (c *Client) EnableCustomerAPIKey(ctx context.Context, mu WorkspaceRef, clientID, keyID int64) (*APIKey, error) {
	return v2Call[APIKey](ctx, c, &mu, http.MethodPut, keyPath(clientID, keyID, "/enable"), nil)
}

// DisableCustomerAPIKey disables a key of a customer workspace
// (PUT …/api_keys/{key_id}/disable).
func (c *Client) DisableCustomerAPIKey(ctx context.Context, mu WorkspaceRef, clientID, keyID int64) (*APIKey, error) {
	return v2Call[APIKey](ctx, c, &mu, http.MethodPut, keyPath(clientID, keyID, "/disable"), nil)
}

// RefreshCustomerAPIKeySecret gives a key of a customer workspace a new
// token, in AuthToken and shown this once (PUT …/api_keys/{key_id}/refresh_secret).
func (c *Client) RefreshCustomerAPIKeySecret(ctx context.Context, mu WorkspaceRef, clientID, keyID int64) (*APIKey, error) {
	return v2Call[APIKey](ctx, c, &mu, http.MethodPut, keyPath(clientID, keyID, "/refresh_secret"), nil)
}
