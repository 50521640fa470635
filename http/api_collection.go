package http

import (
	"net/http"

	"github.com/partnerd/partnerd"
)

// apiPageMax is the largest page of every API platform list.
const apiPageMax = 100

// apiCollectionJSON is the ApiCollection object of objects.md.
type apiCollectionJSON struct {
	ID         int64    `json:"id"`
	Name       string   `json:"name"`
	ProjectID  *int64   `json:"project_id"`
	URL        string   `json:"url"`
	APISpecURL string   `json:"api_spec_url"`
	Version    string   `json:"version"`
	CreatedAt  jsonTime `json:"created_at"`
	UpdatedAt  jsonTime `json:"updated_at"`
}

func newAPICollectionJSON(c *partnerd.APICollection, base string) apiCollectionJSON {
	return apiCollectionJSON{ID: c.ID, Name: c.Name, ProjectID: c.ProjectID, URL: c.URL(base), APISpecURL: c.SpecURL(base),
		Version: c.Version, CreatedAt: jsonTime(c.CreatedAt), UpdatedAt: jsonTime(c.UpdatedAt)}
}

// apiEndpointJSON is the ApiEndpoint object of objects.md. Endpoints are
// never legacy ones here: legacy_url is null and legacy false.
type apiEndpointJSON struct {
	ID              int64    `json:"id"`
	APICollectionID int64    `json:"api_collection_id"`
	FlowID          *int64   `json:"flow_id"`
	Name            string   `json:"name"`
	Method          string   `json:"method"`
	URL             string   `json:"url"`
	LegacyURL       *string  `json:"legacy_url"`
	BasePath        string   `json:"base_path"`
	Path            string   `json:"path"`
	Active          bool     `json:"active"`
	Legacy          bool     `json:"legacy"`
	CreatedAt       jsonTime `json:"created_at"`
	UpdatedAt       jsonTime `json:"updated_at"`
}

func newAPIEndpointJSON(e *partnerd.APIEndpoint, base string) apiEndpointJSON {
	return apiEndpointJSON{ID: e.ID, APICollectionID: e.CollectionID, FlowID: e.FlowID, Name: e.Name, Method: e.Method,
		URL: e.URL(base), BasePath: e.BasePath(), Path: e.Path, Active: e.Active,
		CreatedAt: jsonTime(e.CreatedAt), UpdatedAt: jsonTime(e.UpdatedAt)}
}

// apiCollectionInput is the body of a collection create.
type apiCollectionInput struct {
	Name        optional[string]  `json:"name"`
	ProjectID   optional[flexInt] `json:"project_id"`
	OpenAPISpec *openAPISpec      `json:"openapi_spec"`
}

// handleAPICollectionList handles GET E/api_collections and /api/api_collections.
func (s *Server) handleAPICollectionList(w http.ResponseWriter, r *http.Request) error {
	page, err := pageOf(r, apiPageMax)
	if err != nil {
		return err
	}
	list, _, err := s.APIPlatform.FindAPICollections(r.Context(), workspaceID(r), page)
	if err != nil {
		return err
	}
	out := make([]apiCollectionJSON, len(list))
	for i, c := range list {
		out[i] = newAPICollectionJSON(c, s.gatewayURL())
	}
	return ok(w, enveloped(r, out))
}

// handleAPICollectionCreate handles POST E/api_collections and
// /api/api_collections: a collection, with one endpoint per operation of
// its openapi_spec.
func (s *Server) handleAPICollectionCreate(w http.ResponseWriter, r *http.Request) error {
	var in apiCollectionInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	c := &partnerd.APICollection{Name: in.Name.Value, ProjectID: optionalID(in.ProjectID)}
	var endpoints []*partnerd.APIEndpoint
	if in.OpenAPISpec != nil {
		doc, err := parseOpenAPI(*in.OpenAPISpec)
		if err != nil {
			return err
		}
		c.Version, endpoints = doc.Version, doc.Endpoints
	}
	if err := s.APIPlatform.CreateAPICollection(r.Context(), workspaceID(r), c, endpoints); err != nil {
		return err
	}
	return ok(w, newAPICollectionJSON(c, s.gatewayURL()))
}

// handleAPIEndpointList handles GET E/api_endpoints and /api/api_endpoints,
// optionally of one api_collection_id.
func (s *Server) handleAPIEndpointList(w http.ResponseWriter, r *http.Request) error {
	page, err := pageOf(r, apiPageMax)
	if err != nil {
		return err
	}
	f := partnerd.APIEndpointFilter{Page: page}
	if f.CollectionID, _, err = queryInt(r, "api_collection_id"); err != nil {
		return err
	}
	list, _, err := s.APIPlatform.FindAPIEndpoints(r.Context(), workspaceID(r), f)
	if err != nil {
		return err
	}
	out := make([]apiEndpointJSON, len(list))
	for i, e := range list {
		out[i] = newAPIEndpointJSON(e, s.gatewayURL())
	}
	return ok(w, enveloped(r, out))
}

// handleAPIEndpointEnable handles PUT …/api_endpoints/{id}/enable: only an
// endpoint whose recipe runs is enabled, else 400.
func (s *Server) handleAPIEndpointEnable(w http.ResponseWriter, r *http.Request) error {
	return s.setAPIEndpointActive(w, r, true)
}

// handleAPIEndpointDisable handles PUT …/api_endpoints/{id}/disable.
func (s *Server) handleAPIEndpointDisable(w http.ResponseWriter, r *http.Request) error {
	return s.setAPIEndpointActive(w, r, false)
}

func (s *Server) setAPIEndpointActive(w http.ResponseWriter, r *http.Request, active bool) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.APIPlatform.SetAPIEndpointActive(r.Context(), workspaceID(r), id, active); err != nil {
		return err
	}
	return ok(w, success{true})
}
