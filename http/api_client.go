package http

import (
	"bytes"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"

	"github.com/partnerd/partnerd"
)

// apiClientJSON is the ApiClient object of objects.md (the v1 routes).
type apiClientJSON struct {
	ID          int64    `json:"id"`
	Name        string   `json:"name"`
	Description *string  `json:"description"`
	CreatedAt   jsonTime `json:"created_at"`
	UpdatedAt   jsonTime `json:"updated_at"`
}

func newAPIClientJSON(c *partnerd.APIClient) apiClientJSON {
	return apiClientJSON{ID: c.ID, Name: c.Name, Description: c.Description,
		CreatedAt: jsonTime(c.CreatedAt), UpdatedAt: jsonTime(c.UpdatedAt)}
}

// apiClientV2JSON is the ApiClientV2 object of objects.md; api_policies
// holds the client's policy, if it has one.
type apiClientV2JSON struct {
	ID                 int64          `json:"id"`
	Name               string         `json:"name"`
	Description        *string        `json:"description"`
	AuthType           string         `json:"auth_type"`
	IsLegacy           bool           `json:"is_legacy"`
	MTLSEnabled        bool           `json:"mtls_enabled"`
	ActiveAPIKeysCount int            `json:"active_api_keys_count"`
	TotalAPIKeysCount  int            `json:"total_api_keys_count"`
	APICollections     []apiNamedJSON `json:"api_collections"`
	APIPolicies        []apiNamedJSON `json:"api_policies"`
	CreatedAt          jsonTime       `json:"created_at"`
	UpdatedAt          jsonTime       `json:"updated_at"`
}

// apiNamedJSON is an {id, name} reference.
type apiNamedJSON struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

func newAPIClientV2JSON(c *partnerd.APIClient) apiClientV2JSON {
	out := apiClientV2JSON{ID: c.ID, Name: c.Name, Description: c.Description, AuthType: c.Auth.Type, IsLegacy: c.IsLegacy,
		MTLSEnabled: c.MTLSEnabled, ActiveAPIKeysCount: c.ActiveKeysCount, TotalAPIKeysCount: c.TotalKeysCount,
		APICollections: []apiNamedJSON{}, APIPolicies: []apiNamedJSON{},
		CreatedAt: jsonTime(c.CreatedAt), UpdatedAt: jsonTime(c.UpdatedAt)}
	for _, ref := range c.Collections {
		out.APICollections = append(out.APICollections, apiNamedJSON{ref.ID, ref.Name})
	}
	if c.PolicyID != nil {
		out.APIPolicies = append(out.APIPolicies, apiNamedJSON{*c.PolicyID, c.PolicyName})
	}
	return out
}

// stringList is a list of strings that arrives as a JSON array or as one
// comma-separated string.
type stringList []string

// UnmarshalJSON implements json.Unmarshaler.
func (l *stringList) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	var one string
	var many []string
	switch {
	case bytes.Equal(b, []byte("null")):
		*l = nil
	case json.Unmarshal(b, &one) == nil:
		*l = strings.Split(one, ",")
	case json.Unmarshal(b, &many) == nil:
		*l = many
	default:
		return &json.UnmarshalTypeError{Value: "value", Type: reflect.TypeFor[[]string]()}
	}
	return nil
}

// apiAuthInput is the auth settings of a v2 client or an access profile.
type apiAuthInput struct {
	AuthType           optional[string]     `json:"auth_type"`
	JWTMethod          optional[string]     `json:"jwt_method"`
	JWTSecret          optional[string]     `json:"jwt_secret"`
	OIDCIssuer         optional[string]     `json:"oidc_issuer"`
	OIDCJWKSURI        optional[string]     `json:"oidc_jwks_uri"`
	AccessProfileClaim optional[string]     `json:"access_profile_claim"`
	RequiredClaims     optional[stringList] `json:"required_claims"`
	AllowedIssuers     optional[stringList] `json:"allowed_issuers"`
}

// apply copies the given settings onto a; a blank text is as null. A
// change of an auth type that is set already is EINVALID.
func (in *apiAuthInput) apply(a *partnerd.APIAuth) error {
	if in.AuthType.Set {
		t := strings.ToLower(strings.TrimSpace(in.AuthType.Value))
		if a.Type != "" && t != a.Type {
			return partnerd.FieldError("auth_type", "can't be changed")
		}
		a.Type = t
	}
	setText(&a.JWTMethod, in.JWTMethod, true)
	if in.JWTSecret.Set {
		a.JWTSecret = partnerd.Secret(in.JWTSecret.Value)
	}
	setText(&a.OIDCIssuer, in.OIDCIssuer, false)
	setText(&a.OIDCJWKSURI, in.OIDCJWKSURI, false)
	setText(&a.AccessProfileClaim, in.AccessProfileClaim, false)
	if in.RequiredClaims.Set {
		a.RequiredClaims = in.RequiredClaims.Value
	}
	if in.AllowedIssuers.Set {
		a.AllowedIssuers = in.AllowedIssuers.Value
	}
	return nil
}

// setText sets *dst from a given text field, trimmed (and in lower case
// when lower is set); null and blank clear it.
func setText(dst **string, o optional[string], lower bool) {
	if !o.Set {
		return
	}
	s := strings.TrimSpace(o.Value)
	if lower {
		s = strings.ToLower(s)
	}
	*dst = nil
	if s != "" {
		*dst = &s
	}
}

// apiClientInput is the body of a client create (v1: name and description)
// or of a v2 client create or update.
type apiClientInput struct {
	Name             optional[string]   `json:"name"`
	Description      optional[string]   `json:"description"`
	APICollectionIDs optional[flexInts] `json:"api_collection_ids"`
	MTLSEnabled      optional[flexBool] `json:"mtls_enabled"`
	APIPolicyID      optional[flexInt]  `json:"api_policy_id"`
	apiAuthInput
}

// apply copies the given fields onto c.
func (in *apiClientInput) apply(c *partnerd.APIClient) error {
	if in.Name.Set {
		c.Name = in.Name.Value
	}
	setText(&c.Description, in.Description, false)
	if in.APICollectionIDs.Set {
		c.CollectionIDs = in.APICollectionIDs.Value.ids()
	}
	if in.MTLSEnabled.Set {
		c.MTLSEnabled = bool(in.MTLSEnabled.Value)
	}
	if in.APIPolicyID.Set {
		c.PolicyID = nil
		if id := int64(in.APIPolicyID.Value); !in.APIPolicyID.Null && id != 0 {
			c.PolicyID = &id
		}
	}
	return in.apiAuthInput.apply(&c.Auth)
}

// handleAPIClientList handles GET E/api_clients and /api/api_clients.
func (s *Server) handleAPIClientList(w http.ResponseWriter, r *http.Request) error {
	page, err := pageOf(r, apiPageMax)
	if err != nil {
		return err
	}
	list, _, err := s.APIPlatform.FindAPIClients(r.Context(), workspaceID(r), page)
	if err != nil {
		return err
	}
	out := make([]apiClientJSON, len(list))
	for i, c := range list {
		out[i] = newAPIClientJSON(c)
	}
	return ok(w, enveloped(r, out))
}

// handleAPIClientCreate handles POST E/api_clients and /api/api_clients: a
// legacy client, whose credentials are its access profiles.
func (s *Server) handleAPIClientCreate(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Name        optional[string] `json:"name"`
		Description optional[string] `json:"description"`
	}
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	c := &partnerd.APIClient{Name: in.Name.Value, IsLegacy: true}
	setText(&c.Description, in.Description, false)
	if err := s.APIPlatform.CreateAPIClient(r.Context(), workspaceID(r), c); err != nil {
		return err
	}
	return ok(w, newAPIClientJSON(c))
}

// handleAPIClientV2List handles GET …/v2/…/api_clients.
func (s *Server) handleAPIClientV2List(w http.ResponseWriter, r *http.Request) error {
	page, err := pageOf(r, apiPageMax)
	if err != nil {
		return err
	}
	list, total, err := s.APIPlatform.FindAPIClients(r.Context(), workspaceID(r), page)
	if err != nil {
		return err
	}
	out := dataPage[apiClientV2JSON]{Data: make([]apiClientV2JSON, len(list)), Count: total, Page: page.Page, PerPage: page.PerPage}
	for i, c := range list {
		out.Data[i] = newAPIClientV2JSON(c)
	}
	return ok(w, out)
}

// handleAPIClientV2Create handles POST …/v2/…/api_clients: a v2 client with
// its own auth settings and collections.
func (s *Server) handleAPIClientV2Create(w http.ResponseWriter, r *http.Request) error {
	var in apiClientInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	c := &partnerd.APIClient{}
	if err := in.apply(c); err != nil {
		return err
	}
	if err := s.APIPlatform.CreateAPIClient(r.Context(), workspaceID(r), c); err != nil {
		return err
	}
	return ok(w, dataOf[apiClientV2JSON]{newAPIClientV2JSON(c)})
}

// handleAPIClientV2Get handles GET …/v2/…/api_clients/{id}.
func (s *Server) handleAPIClientV2Get(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := s.APIPlatform.FindAPIClientByID(r.Context(), workspaceID(r), id)
	if err != nil {
		return err
	}
	return ok(w, dataOf[apiClientV2JSON]{newAPIClientV2JSON(c)})
}

// handleAPIClientV2Update handles PUT …/v2/…/api_clients/{id}: only the
// fields present change, and the auth type stays.
func (s *Server) handleAPIClientV2Update(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in apiClientInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	c, err := s.APIPlatform.UpdateAPIClient(r.Context(), workspaceID(r), id, in.apply)
	if err != nil {
		return err
	}
	return ok(w, dataOf[apiClientV2JSON]{newAPIClientV2JSON(c)})
}

// handleAPIClientV2Delete handles DELETE …/v2/…/api_clients/{id}, which
// deletes the client's keys with it.
func (s *Server) handleAPIClientV2Delete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.APIPlatform.DeleteAPIClient(r.Context(), workspaceID(r), id); err != nil {
		return err
	}
	return ok(w, success{true})
}
