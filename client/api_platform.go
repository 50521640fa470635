package client

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"time"
)

// APICollection is a group of API endpoints published together, in a
// project (ProjectID nil: the home folder).
type APICollection struct {
	ID         int64     `json:"id"`
	Name       string    `json:"name"`
	ProjectID  *int64    `json:"project_id"`
	URL        string    `json:"url"`
	APISpecURL string    `json:"api_spec_url"`
	Version    string    `json:"version"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// APIEndpoint is one operation of a collection, calling the recipe FlowID.
// It can be active only while its recipe runs.
type APIEndpoint struct {
	ID              int64     `json:"id"`
	APICollectionID int64     `json:"api_collection_id"`
	FlowID          *int64    `json:"flow_id"`
	Name            string    `json:"name"`
	Method          string    `json:"method"`
	URL             string    `json:"url"`
	LegacyURL       *string   `json:"legacy_url"`
	BasePath        string    `json:"base_path"`
	Path            string    `json:"path"`
	Active          bool      `json:"active"`
	Legacy          bool      `json:"legacy"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
}

// OpenAPISpec is an OpenAPI 3.x document as text; Format is "json" or
// "yaml".
type OpenAPISpec struct {
	Content string `json:"content"`
	Format  string `json:"format"`
}

// CreateAPICollectionParams is the body of CreateAPICollection. Name is
// required; a zero ProjectID puts the collection in the home folder. Each
// operation of OpenAPISpec becomes an endpoint named by its operationId
// (else "METHOD /path"); partnerd reads an operation's x-workato-recipe-id
// extension as the id of the recipe the endpoint calls.
type CreateAPICollectionParams struct {
	Name        string       `json:"name"`
	ProjectID   int64        `json:"project_id,omitempty"`
	OpenAPISpec *OpenAPISpec `json:"openapi_spec,omitempty"`
}

// APIEndpointListOptions selects endpoints, of one collection when
// APICollectionID is set, one page at a time (at most 100 per page).
type APIEndpointListOptions struct {
	APICollectionID int64
	Page            int
	PerPage         int
}

func (o APIEndpointListOptions) values() url.Values {
	q := ListOptions{Page: o.Page, PerPage: o.PerPage}.values()
	if o.APICollectionID > 0 {
		q.Set("api_collection_id", itoa(o.APICollectionID))
	}
	return q
}

// v1Scope is where the v1 API platform routes act: a customer workspace
// (/api/managed_users/{mu}, lists under "result"), or the caller's own
// workspace (/api, bare lists).
type v1Scope struct {
	base      string
	enveloped bool
	err       error
}

func customerV1(mu WorkspaceRef) v1Scope {
	base, err := customerPath(mu, "")
	return v1Scope{base: base, enveloped: true, err: err}
}

var ownV1 = v1Scope{base: "/api"}

// v1List gets one page of a v1 list.
func v1List[T any](ctx context.Context, c *Client, s v1Scope, path string, q url.Values) ([]T, error) {
	if s.err != nil {
		return nil, s.err
	}
	if s.enveloped {
		var out result[[]T]
		err := c.do(ctx, http.MethodGet, s.base+path, q, nil, &out)
		return out.Result, err
	}
	var out []T
	err := c.do(ctx, http.MethodGet, s.base+path, q, nil, &out)
	return out, err
}

// v1Call sends a v1 request whose answer is a bare object.
func v1Call[T any](ctx context.Context, c *Client, s v1Scope, method, path string, body any) (*T, error) {
	if s.err != nil {
		return nil, s.err
	}
	var out T
	if err := c.do(ctx, method, s.base+path, nil, body, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// v1Ack sends a v1 request whose answer is {"success": true}.
func v1Ack(ctx context.Context, c *Client, s v1Scope, path string) error {
	if s.err != nil {
		return s.err
	}
	return c.ack(ctx, http.MethodPut, s.base+path, nil)
}

// APICollections returns one page of a customer workspace's API
// collections (GET /api/managed_users/{mu}/api_collections).
func (c *Client) APICollections(ctx context.Context, mu WorkspaceRef, opts ListOptions) ([]APICollection, error) {
	return v1List[APICollection](ctx, c, customerV1(mu), "/api_collections", opts.values())
}

// AllAPICollections iterates over every API collection of a customer
// workspace, perPage a page (0, or more than 100, is 100, the route's
// maximum). It stops after the first short page; an error ends the
// iteration after it is yielded.
func (c *Client) AllAPICollections(ctx context.Context, mu WorkspaceRef, perPage int) iter.Seq2[APICollection, error] {
	return allPages(perPage, pageMax, func(p ListOptions, _ *APICollection) ([]APICollection, error) {
		return c.APICollections(ctx, mu, p)
	})
}

// CreateAPICollection creates an API collection in a customer workspace
// (POST /api/managed_users/{mu}/api_collections).
func (c *Client) CreateAPICollection(ctx context.Context, mu WorkspaceRef, p CreateAPICollectionParams) (*APICollection, error) {
	return v1Call[APICollection](ctx, c, customerV1(mu), http.MethodPost, "/api_collections", p)
}

// APIEndpoints returns one page of a customer workspace's API endpoints
// (GET /api/managed_users/{mu}/api_endpoints).
func (c *Client) APIEndpoints(ctx context.Context, mu WorkspaceRef, opts APIEndpointListOptions) ([]APIEndpoint, error) {
	return v1List[APIEndpoint](ctx, c, customerV1(mu), "/api_endpoints", opts.values())
}

// AllAPIEndpoints iterates over every API endpoint of a customer workspace
// that opts selects, opts.PerPage a page (0, or more than 100, is 100, the
// route's maximum); opts.Page is ignored. It stops after the first short
// page; an error ends the iteration after it is yielded.
func (c *Client) AllAPIEndpoints(ctx context.Context, mu WorkspaceRef, opts APIEndpointListOptions) iter.Seq2[APIEndpoint, error] {
	return allPages(opts.PerPage, pageMax, func(p ListOptions, _ *APIEndpoint) ([]APIEndpoint, error) {
		o := opts
		o.Page, o.PerPage = p.Page, p.PerPage
		return c.APIEndpoints(ctx, mu, o)
	})
}

// EnableAPIEndpoint enables an endpoint of a customer workspace
// (PUT /api/managed_users/{mu}/api_endpoints/{id}/enable); one whose
// recipe does not run is refused with a 400.
func (c *Client) EnableAPIEndpoint(ctx context.Context, mu WorkspaceRef, id int64) error {
	return v1Ack(ctx, c, customerV1(mu), "/api_endpoints/"+itoa(id)+"/enable")
}

// DisableAPIEndpoint disables an endpoint of a customer workspace
// (PUT /api/managed_users/{mu}/api_endpoints/{id}/disable).
func (c *Client) DisableAPIEndpoint(ctx context.Context, mu WorkspaceRef, id int64) error {
	return v1Ack(ctx, c, customerV1(mu), "/api_endpoints/"+itoa(id)+"/disable")
}

// DeveloperAPICollections returns one page of the caller's own workspace's
// API collections (GET /api/api_collections).
func (c *Client) DeveloperAPICollections(ctx context.Context, opts ListOptions) ([]APICollection, error) {
	return v1List[APICollection](ctx, c, ownV1, "/api_collections", opts.values())
}

// AllDeveloperAPICollections iterates over every API collection of the
// caller's own workspace, as AllAPICollections does.
func (c *Client) AllDeveloperAPICollections(ctx context.Context, perPage int) iter.Seq2[APICollection, error] {
	return allPages(perPage, pageMax, func(p ListOptions, _ *APICollection) ([]APICollection, error) {
		return c.DeveloperAPICollections(ctx, p)
	})
}

// CreateDeveloperAPICollection creates an API collection in the caller's
// own workspace (POST /api/api_collections).
func (c *Client) CreateDeveloperAPICollection(ctx context.Context, p CreateAPICollectionParams) (*APICollection, error) {
	return v1Call[APICollection](ctx, c, ownV1, http.MethodPost, "/api_collections", p)
}

// DeveloperAPIEndpoints returns one page of the caller's own workspace's
// API endpoints (GET /api/api_endpoints).
func (c *Client) DeveloperAPIEndpoints(ctx context.Context, opts APIEndpointListOptions) ([]APIEndpoint, error) {
	return v1List[APIEndpoint](ctx, c, ownV1, "/api_endpoints", opts.values())
}

// AllDeveloperAPIEndpoints iterates over every API endpoint of the
// caller's own workspace that opts selects, as AllAPIEndpoints does.
func (c *Client) AllDeveloperAPIEndpoints(ctx context.Context, opts APIEndpointListOptions) iter.Seq2[APIEndpoint, error] {
	return allPages(opts.PerPage, pageMax, func(p ListOptions, _ *APIEndpoint) ([]APIEndpoint, error) {
		o := opts
		o.Page, o.PerPage = p.Page, p.PerPage
		return c.DeveloperAPIEndpoints(ctx, o)
	})
}

// EnableDeveloperAPIEndpoint enables an endpoint of the caller's own
// workspace (PUT /api/api_endpoints/{id}/enable), refused as
// EnableAPIEndpoint is.
func (c *Client) EnableDeveloperAPIEndpoint(ctx context.Context, id int64) error {
	return v1Ack(ctx, c, ownV1, "/api_endpoints/"+itoa(id)+"/enable")
}

// DisableDeveloperAPIEndpoint disables an endpoint of the caller's own
// workspace (PUT /api/api_endpoints/{id}/disable).
func (c *Client) DisableDeveloperAPIEndpoint(ctx context.Context, id int64) error {
	return v1Ack(ctx, c, ownV1, "/api_endpoints/"+itoa(id)+"/disable")
}
