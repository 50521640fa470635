package client

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"net/url"
	"time"
)

// APIClient is a consumer of a workspace's API collections, as the v1
// routes show it; see APIClientV2 for the v2 routes' view of the same
// clients.
type APIClient struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	Description *string   `json:"description"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// CreateAPIClientParams is the body of CreateAPIClient; Name is required.
type CreateAPIClientParams struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
}

// AccessProfile is a credential of an API client: the collections it
// reaches and how its callers authenticate. Its secrets are set only in
// the answers of create and refresh: Secret for the auth types token and
// oidc, OAuthClientID and OAuthClientSecret for oauth2; a jwt profile's
// secret is the partner's own.
type AccessProfile struct {
	ID                 int64     `json:"id"`
	Name               string    `json:"name"`
	APIClientID        int64     `json:"api_client_id"`
	APICollectionIDs   []int64   `json:"api_collection_ids"`
	Active             bool      `json:"active"`
	AuthType           string    `json:"auth_type"`
	JWTMethod          *string   `json:"jwt_method"`
	OIDCIssuer         *string   `json:"oidc_issuer"`
	OIDCJWKSURI        *string   `json:"oidc_jwks_uri"`
	AccessProfileClaim *string   `json:"access_profile_claim"`
	RequiredClaims     []string  `json:"required_claims"`
	AllowedIssuers     []string  `json:"allowed_issuers"`
	IPAllowList        []string  `json:"ip_allow_list"`
	CreatedAt          time.Time `json:"created_at"`
	UpdatedAt          time.Time `json:"updated_at"`
	Secret             string    `json:"secret,omitempty"`
	OAuthClientID      string    `json:"oauth_client_id,omitempty"`
	OAuthClientSecret  string    `json:"oauth_client_secret,omitempty"`
}

// CreateAccessProfileParams is the body of CreateAccessProfile. Name,
// APIClientID and AuthType ("token", "jwt", "oauth2" or "oidc") are
// required. A jwt profile needs JWTMethod ("hmac" or "rsa") and JWTSecret
// (the shared secret, or the RSA public key in PEM); an oidc one
// OIDCIssuer or OIDCJWKSURI.
type CreateAccessProfileParams struct {
	Name               string   `json:"name"`
	APIClientID        int64    `json:"api_client_id"`
	APICollectionIDs   []int64  `json:"api_collection_ids,omitempty"`
	AuthType           string   `json:"auth_type"`
	JWTMethod          string   `json:"jwt_method,omitempty"`
	JWTSecret          string   `json:"jwt_secret,omitempty"`
	OIDCIssuer         string   `json:"oidc_issuer,omitempty"`
	OIDCJWKSURI        string   `json:"oidc_jwks_uri,omitempty"`
	AccessProfileClaim string   `json:"access_profile_claim,omitempty"`
	RequiredClaims     []string `json:"required_claims,omitempty"`
	AllowedIssuers     []string `json:"allowed_issuers,omitempty"`
	IPAllowList        []string `json:"ip_allow_list,omitempty"`
}

// UpdateAccessProfileParams is the body of UpdateAccessProfile: only the
// fields that are set are sent and change; an empty, non-nil list is sent
// and clears the list. The auth type and the client cannot change.
type UpdateAccessProfileParams struct {
	Name               *string
	APICollectionIDs   []int64
	JWTMethod          *string
	JWTSecret          *string
	OIDCIssuer         *string
	OIDCJWKSURI        *string
	AccessProfileClaim *string
	RequiredClaims     []string
	AllowedIssuers     []string
	IPAllowList        []string
}

// MarshalJSON sends the set fields, empty lists included.
func (p UpdateAccessProfileParams) MarshalJSON() ([]byte, error) {
	m := map[string]any{}
	put(m, "name", p.Name)
	put(m, "jwt_method", p.JWTMethod)
	put(m, "jwt_secret", p.JWTSecret)
	put(m, "oidc_issuer", p.OIDCIssuer)
	put(m, "oidc_jwks_uri", p.OIDCJWKSURI)
	put(m, "access_profile_claim", p.AccessProfileClaim)
	if p.APICollectionIDs != nil {
		m["api_collection_ids"] = p.APICollectionIDs
	}
	putList(m, "required_claims", p.RequiredClaims)
	putList(m, "allowed_issuers", p.AllowedIssuers)
	putList(m, "ip_allow_list", p.IPAllowList)
	return json.Marshal(m)
}

// putList sets m[name] to a list that is not nil.
func putList(m map[string]any, name string, list []string) {
	if list != nil {
		m[name] = list
	}
}

// AccessProfileListOptions selects profiles, of one client when
// APIClientID is set, one page at a time (at most 100 per page).
type AccessProfileListOptions struct {
	APIClientID int64
	Page        int
	PerPage     int
}

func (o AccessProfileListOptions) values() url.Values {
	q := ListOptions{Page: o.Page, PerPage: o.PerPage}.values()
	if o.APIClientID > 0 {
		q.Set("api_client_id", itoa(o.APIClientID))
	}
	return q
}

// APIClients returns one page of a customer workspace's API clients
// (GET /api/managed_users/{mu}/api_clients).
func (c *Client) APIClients(ctx context.Context, mu WorkspaceRef, opts ListOptions) ([]APIClient, error) {
	return v1List[APIClient](ctx, c, customerV1(mu), "/api_clients", opts.values())
}

// AllAPIClients iterates over every API client of a customer workspace,
// perPage a page (0, or more than 100, is 100, the route's maximum). It
// stops after the first short page; an error ends the iteration after it
// is yielded.
func (c *Client) AllAPIClients(ctx context.Context, mu WorkspaceRef, perPage int) iter.Seq2[APIClient, error] {
	return allPages(perPage, pageMax, func(p ListOptions, _ *APIClient) ([]APIClient, error) {
		return c.APIClients(ctx, mu, p)
	})
}

// CreateAPIClient creates a (legacy) API client in a customer workspace,
// whose credentials are access profiles
// (POST /api/managed_users/{mu}/api_clients).
func (c *Client) CreateAPIClient(ctx context.Context, mu WorkspaceRef, p CreateAPIClientParams) (*APIClient, error) {
	return v1Call[APIClient](ctx, c, customerV1(mu), http.MethodPost, "/api_clients", p)
}

// AccessProfiles returns one page of a customer workspace's access
// profiles (GET /api/managed_users/{mu}/api_access_profiles).
func (c *Client) AccessProfiles(ctx context.Context, mu WorkspaceRef, opts AccessProfileListOptions) ([]AccessProfile, error) {
	return v1List[AccessProfile](ctx, c, customerV1(mu), "/api_access_profiles", opts.values())
}

// AllAccessProfiles iterates over every access profile of a customer
// workspace that opts selects, opts.PerPage a page (0, or more than 100,
// is 100, the route's maximum); opts.Page is ignored. It stops after the
// first short page; an error ends the iteration after it is yielded.
func (c *Client) AllAccessProfiles(ctx context.Context, mu WorkspaceRef, opts AccessProfileListOptions) iter.Seq2[AccessProfile, error] {
	return allPages(opts.PerPage, pageMax, func(p ListOptions, _ *AccessProfile) ([]AccessProfile, error) {
		o := opts
		o.Page, o.PerPage = p.Page, p.PerPage
		return c.AccessProfiles(ctx, mu, o)
	})
}

// CreateAccessProfile creates an active access profile in a customer
// workspace (POST /api/managed_users/{mu}/api_access_profiles); the answer
// carries its secret, shown this once.
func (c *Client) CreateAccessProfile(ctx context.Context, mu WorkspaceRef, p CreateAccessProfileParams) (*AccessProfile, error) {
	return v1Call[AccessProfile](ctx, c, customerV1(mu), http.MethodPost, "/api_access_profiles", p)
}

// UpdateAccessProfile changes an access profile of a customer workspace
// (PUT /api/managed_users/{mu}/api_access_profiles/{id}).
func (c *Client) UpdateAccessProfile(ctx context.Context, mu WorkspaceRef, id int64, p UpdateAccessProfileParams) (*AccessProfile, error) {
	return v1Call[AccessProfile](ctx, c, customerV1(mu), http.MethodPut, "/api_access_profiles/"+itoa(id), p)
}

// EnableAccessProfile enables an access profile of a customer workspace
// (PUT /api/managed_users/{mu}/api_access_profiles/{id}/enable).
func (c *Client) EnableAccessProfile(ctx context.Context, mu WorkspaceRef, id int64) error {
	return v1Ack(ctx, c, customerV1(mu), "/api_access_profiles/"+itoa(id)+"/enable")
}

// DisableAccessProfile disables an access profile of a customer workspace
// (PUT /api/managed_users/{mu}/api_access_profiles/{id}/disable).
func (c *Client) DisableAccessProfile(ctx context.Context, mu WorkspaceRef, id int64) error {
	return v1Ack(ctx, c, customerV1(mu), "/api_access_profiles/"+itoa(id)+"/disable")
}

// RefreshAccessProfileSecret replaces the secret of an access profile of
// a customer workspace and returns the profile with the new one, shown
// this once (PUT /api/managed_users/{mu}/api_access_profiles/{id}/refresh_secret).
// A jwt profile has none to refresh: 400.
func (c *Client) RefreshAccessProfileSecret(ctx context.Context, mu WorkspaceRef, id int64) (*AccessProfile, error) {
	return v1Call[AccessProfile](ctx, c, customerV1(mu), http.MethodPut, "/api_access_profiles/"+itoa(id)+"/refresh_secret", nil)
}

// DeveloperAPIClients returns one page of the caller's own workspace's API
// clients (GET /api/api_clients).
func (c *Client) DeveloperAPIClients(ctx context.Context, opts ListOptions) ([]APIClient, error) {
	return v1List[APIClient](ctx, c, ownV1, "/api_clients", opts.values())
}

// AllDeveloperAPIClients iterates over every API client of the caller's
// own workspace, as AllAPIClients does.
func (c *Client) AllDeveloperAPIClients(ctx context.Context, perPage int) iter.Seq2[APIClient, error] {
	return allPages(perPage, pageMax, func(p ListOptions, _ *APIClient) ([]APIClient, error) {
		return c.DeveloperAPIClients(ctx, p)
	})
}

// CreateDeveloperAPIClient creates a (legacy) API client in the caller's
// own workspace (POST /api/api_clients).
func (c *Client) CreateDeveloperAPIClient(ctx context.Context, p CreateAPIClientParams) (*APIClient, error) {
	return v1Call[APIClient](ctx, c, ownV1, http.MethodPost, "/api_clients", p)
}

// DeveloperAccessProfiles returns one page of the caller's own
// workspace's access profiles (GET /api/api_access_profiles).
func (c *Client) DeveloperAccessProfiles(ctx context.Context, opts AccessProfileListOptions) ([]AccessProfile, error) {
	return v1List[AccessProfile](ctx, c, ownV1, "/api_access_profiles", opts.values())
}

// AllDeveloperAccessProfiles iterates over every access profile of the
// caller's own workspace that opts selects, as AllAccessProfiles does.
func (c *Client) AllDeveloperAccessProfiles(ctx context.Context, opts AccessProfileListOptions) iter.Seq2[AccessProfile, error] {
	return allPages(opts.PerPage, pageMax, func(p ListOptions, _ *AccessProfile) ([]AccessProfile, error) {
		o := opts
		o.Page, o.PerPage = p.Page, p.PerPage
		return c.DeveloperAccessProfiles(ctx, o)
	})
}

// CreateDeveloperAccessProfile creates an access profile in the caller's
// own workspace (POST /api/api_access_profiles), its secret shown once.
func (c *Client) CreateDeveloperAccessProfile(ctx context.Context, p CreateAccessProfileParams) (*AccessProfile, error) {
	return v1Call[AccessProfile](ctx, c, ownV1, http.MethodPost, "/api_access_profiles", p)
}

// UpdateDeveloperAccessProfile changes an access profile of the caller's
// own workspace (PUT /api/api_access_profiles/{id}).
func (c *Client) UpdateDeveloperAccessProfile(ctx context.Context, id int64, p UpdateAccessProfileParams) (*AccessProfile, error) {
	return v1Call[AccessProfile](ctx, c, ownV1, http.MethodPut, "/api_access_profiles/"+itoa(id), p)
}

// EnableDeveloperAccessProfile enables an access profile of the caller's
// own workspace (PUT /api/api_access_profiles/{id}/enable).
func (c *Client) EnableDeveloperAccessProfile(ctx context.Context, id int64) error {
	return v1Ack(ctx, c, ownV1, "/api_access_profiles/"+itoa(id)+"/enable")
}

// DisableDeveloperAccessProfile disables an access profile of the caller's
// own workspace (PUT /api/api_access_profiles/{id}/disable).
func (c *Client) DisableDeveloperAccessProfile(ctx context.Context, id int64) error {
	return v1Ack(ctx, c, ownV1, "/api_access_profiles/"+itoa(id)+"/disable")
}

// RefreshDeveloperAccessProfileSecret replaces the secret of an access
// profile of the caller's own workspace, as RefreshAccessProfileSecret
// does (PUT /api/api_access_profiles/{id}/refresh_secret).
func (c *Client) RefreshDeveloperAccessProfileSecret(ctx context.Context, id int64) (*AccessProfile, error) {
	return v1Call[AccessProfile](ctx, c, ownV1, http.MethodPut, "/api_access_profiles/"+itoa(id)+"/refresh_secret", nil)
}
