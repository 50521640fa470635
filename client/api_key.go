package client

import (
	"context"
	"iter"
	"net/http"
	"time"
)

// APIClientV2 is an API client as the v2 routes show it (Workato's CLI
// uses them): the same clients as the v1 routes', legacy ones (IsLegacy)
// included. The calls named …V2 and …APIKey… act on the caller's own
// workspace; those named Customer… on a customer workspace.
type APIClientV2 struct {
	ID                 int64     `json:"id"`
	Name               string    `json:"name"`
	Description        *string   `json:"description"`
	AuthType           string    `json:"auth_type"`
	IsLegacy           bool      `json:"is_legacy"`
	MTLSEnabled        bool      `json:"mtls_enabled"`
	ActiveAPIKeysCount int       `json:"active_api_keys_count"`
	TotalAPIKeysCount  int       `json:"total_api_keys_count"`
	APICollections     []Named   `json:"api_collections"`
	APIPolicies        []Named   `json:"api_policies"`
	CreatedAt          time.Time `json:"created_at"`
	UpdatedAt          time.Time `json:"updated_at"`
}

// Named is a reference to an object by id and name.
type Named struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// APIClientV2Params is the body of a v2 client create or update. On
// create, Name and AuthType ("token", "jwt", "oauth2" or "oidc") are
// required, and the settings of the auth type as for an access profile;
// on update, only the fields that are set are sent and change, and the
// auth type cannot change. APIPolicyID attaches an API access policy; 0
// on update detaches it.
type APIClientV2Params struct {
	Name               string   `json:"name,omitempty"`
	Description        *string  `json:"description,omitempty"`
	AuthType           string   `json:"auth_type,omitempty"`
	APICollectionIDs   []int64  `json:"api_collection_ids,omitempty"`
	MTLSEnabled        *bool    `json:"mtls_enabled,omitempty"`
	APIPolicyID        *int64   `json:"api_policy_id,omitempty"`
	JWTMethod          string   `json:"jwt_method,omitempty"`
	JWTSecret          string   `json:"jwt_secret,omitempty"`
	OIDCIssuer         string   `json:"oidc_issuer,omitempty"`
	OIDCJWKSURI        string   `json:"oidc_jwks_uri,omitempty"`
	AccessProfileClaim string   `json:"access_profile_claim,omitempty"`
	RequiredClaims     []string `json:"required_claims,omitempty"`
	AllowedIssuers     []string `json:"allowed_issuers,omitempty"`
}

// APIKey is a credential of a v2 client (an access profile on the v1
// routes). AuthToken is set only in the answers of create and refresh:
// the token is shown once.
type APIKey struct {
	ID          int64      `json:"id"`
	Name        string     `json:"name"`
	AuthType    string     `json:"auth_type"`
	IPAllowList []string   `json:"ip_allow_list"`
	IPDenyList  []string   `json:"ip_deny_list"`
	Active      bool       `json:"active"`
	ActiveSince *time.Time `json:"active_since"`
	AuthToken   string     `json:"auth_token,omitempty"`
}

// APIKeyParams is the body of a key create or update. Name and Active are
// required on create; on update only the fields that are set are sent.
type APIKeyParams struct {
	Name        string   `json:"name,omitempty"`
	Active      *bool    `json:"active,omitempty"`
	IPAllowList []string `json:"ip_allow_list,omitempty"`
	IPDenyList  []string `json:"ip_deny_list,omitempty"`
}

// v2Scope returns the base of the v2 client routes: the caller's own
// workspace's when mu is nil, else a customer workspace's.
func v2Scope(mu *WorkspaceRef) (string, error) {
	if mu == nil {
		return "/api/v2/api_clients", nil
	}
	scope, err := customerScope(*mu)
	return scope + "/api_clients", err
}

// data is the {"data": …} envelope.
type data[T any] struct {
	Data T `json:"data"`
}

// v2Call sends a v2 request and returns the object under "data".
func v2Call[T any](ctx context.Context, c *Client, mu *WorkspaceRef, method, rest string, body any) (*T, error) {
	base, err := v2Scope(mu)
	if err != nil {
		return nil, err
	}
	var out data[T]
	if err := c.do(ctx, method, base+rest, nil, body, &out); err != nil {
		return nil, err
	}
	return &out.Data, nil
}

// v2Delete sends a v2 delete.
func v2Delete(ctx context.Context, c *Client, mu *WorkspaceRef, rest string) error {
	base, err := v2Scope(mu)
	if err != nil {
		return err
	}
	return c.ack(ctx, http.MethodDelete, base+rest, nil)
}

// apiClientsV2 returns one page of v2 clients and their total.
func (c *Client) apiClientsV2(ctx context.Context, mu *WorkspaceRef, opts ListOptions) ([]APIClientV2, int, error) {
	base, err := v2Scope(mu)
	if err != nil {
		return nil, 0, err
	}
	var out struct {
		Data  []APIClientV2 `json:"data"`
		Count int           `json:"count"`
	}
	if err := c.do(ctx, http.MethodGet, base, opts.values(), nil, &out); err != nil {
		return nil, 0, err
	}
	return out.Data, out.Count, nil
}

func keyPath(clientID, keyID int64, action string) string {
	return "/" + itoa(clientID) + "/api_keys/" + itoa(keyID) + action
}

// APIClientsV2 returns one page of the caller's own workspace's API
// clients and their total (GET /api/v2/api_clients).
func (c *Client) APIClientsV2(ctx context.Context, opts ListOptions) ([]APIClientV2, int, error) {
	return c.apiClientsV2(ctx, nil, opts)
}

// AllAPIClientsV2 iterates over every API client of the caller's own
// workspace, perPage a page (0, or more than 100, is 100, the route's
// maximum). It stops after the first short page; an error ends the
// iteration after it is yielded.
func (c *Client) AllAPIClientsV2(ctx context.Context, perPage int) iter.Seq2[APIClientV2, error] {
	return allPages(perPage, pageMax, func(p ListOptions, _ *APIClientV2) ([]APIClientV2, error) {
		list, _, err := c.APIClientsV2(ctx, p)
		return list, err
	})
}

// APIClientV2 returns an API client (GET /api/v2/api_clients/{id}).
func (c *Client) APIClientV2(ctx context.Context, id int64) (*APIClientV2, error) {
	return v2Call[APIClientV2](ctx, c, nil, http.MethodGet, "/"+itoa(id), nil)
}

// CreateAPIClientV2 creates an API client (POST /api/v2/api_clients).
func (c *Client) CreateAPIClientV2(ctx context.Context, p APIClientV2Params) (*APIClientV2, error) {
	return v2Call[APIClientV2](ctx, c, nil, http.MethodPost, "", p)
}

// UpdateAPIClientV2 changes an API client (PUT /api/v2/api_clients/{id}).
func (c *Client) UpdateAPIClientV2(ctx context.Context, id int64, p APIClientV2Params) (*APIClientV2, error) {
	return v2Call[APIClientV2](ctx, c, nil, http.MethodPut, "/"+itoa(id), p)
}

// DeleteAPIClientV2 deletes an API client with its keys
// (DELETE /api/v2/api_clients/{id}).
func (c *Client) DeleteAPIClientV2(ctx context.Context, id int64) error {
	return v2Delete(ctx, c, nil, "/"+itoa(id))
}

// APIKeys returns the keys of an API client
// (GET /api/v2/api_clients/{id}/api_keys).
func (c *Client) APIKeys(ctx context.Context, clientID int64, opts ListOptions) ([]APIKey, error) {
	return c.apiKeys(ctx, nil, clientID, opts)
}

// AllAPIKeys iterates over every key of an API client, perPage a page (0,
// or more than 100, is 100, the route's maximum). It stops after the
// first short page; an error ends the iteration after it is yielded.
func (c *Client) AllAPIKeys(ctx context.Context, clientID int64, perPage int) iter.Seq2[APIKey, error] {
	return allPages(perPage, pageMax, func(p ListOptions, _ *APIKey) ([]APIKey, error) {
		return c.APIKeys(ctx, clientID, p)
	})
}

// CreateAPIKey creates a key of an API client; its token, in AuthToken,
// is shown this once (POST /api/v2/api_clients/{id}/api_keys).
func (c *Client) CreateAPIKey(ctx context.Context, clientID int64, p APIKeyParams) (*APIKey, error) {
	return v2Call[APIKey](ctx, c, nil, http.MethodPost, "/"+itoa(clientID)+"/api_keys", p)
}

// UpdateAPIKey changes a key (PUT /api/v2/api_clients/{id}/api_keys/{key_id}).
func (c *Client) UpdateAPIKey(ctx context.Context, clientID, keyID int64, p APIKeyParams) (*APIKey, error) {
	return v2Call[APIKey](ctx, c, nil, http.MethodPut, keyPath(clientID, keyID, ""), p)
}

// DeleteAPIKey deletes a key (DELETE /api/v2/api_clients/{id}/api_keys/{key_id}).
func (c *Client) DeleteAPIKey(ctx context.Context, clientID, keyID int64) error {
	return v2Delete(ctx, c, nil, keyPath(clientID, keyID, ""))
}

// EnableAPIKey enables a key (PUT …/api_keys/{key_id}/enable).
func (c *Client) EnableAPIKey(ctx context.Context, clientID, keyID int64) (*APIKey, error) {
	return v2Call[APIKey](ctx, c, nil, http.MethodPut, keyPath(clientID, keyID, "/enable"), nil)
}

// DisableAPIKey disables a key (PUT …/api_keys/{key_id}/disable).
func (c *Client) DisableAPIKey(ctx context.Context, clientID, keyID int64) (*APIKey, error) {
	return v2Call[APIKey](ctx, c, nil, http.MethodPut, keyPath(clientID, keyID, "/disable"), nil)
}

// RefreshAPIKeySecret gives a key a new token, in AuthToken and shown this
// once (PUT …/api_keys/{key_id}/refresh_secret).
func (c *Client) RefreshAPIKeySecret(ctx context.Context, clientID, keyID int64) (*APIKey, error) {
	return v2Call[APIKey](ctx, c, nil, http.MethodPut, keyPath(clientID, keyID, "/refresh_secret"), nil)
}

// apiKeys returns the keys of a client.
func (c *Client) apiKeys(ctx context.Context, mu *WorkspaceRef, clientID int64, opts ListOptions) ([]APIKey, error) {
	base, err := v2Scope(mu)
	if err != nil {
		return nil, err
	}
	var out data[[]APIKey]
	if err := c.do(ctx, http.MethodGet, base+"/"+itoa(clientID)+"/api_keys", opts.values(), nil, &out); err != nil {
		return nil, err
	}
	return out.Data, nil
}
