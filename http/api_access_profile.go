package http

import (
	"net/http"

	"github.com/partnerd/partnerd"
)

// accessProfileJSON is the AccessProfile object of objects.md. Its secrets
// appear in the answers of create and refresh_secret only, the only ones
// whose profile carries them: secret for a token or oidc profile,
// oauth_client_id and oauth_client_secret for an oauth2 one.
type accessProfileJSON struct {
	ID                 int64    `json:"id"`
	Name               string   `json:"name"`
	APIClientID        int64    `json:"api_client_id"`
	APICollectionIDs   []int64  `json:"api_collection_ids"`
	Active             bool     `json:"active"`
	AuthType           string   `json:"auth_type"`
	JWTMethod          *string  `json:"jwt_method"`
	OIDCIssuer         *string  `json:"oidc_issuer"`
	OIDCJWKSURI        *string  `json:"oidc_jwks_uri"`
	AccessProfileClaim *string  `json:"access_profile_claim"`
	RequiredClaims     []string `json:"required_claims"`
	AllowedIssuers     []string `json:"allowed_issuers"`
	IPAllowList        []string `json:"ip_allow_list"`
	CreatedAt          jsonTime `json:"created_at"`
	UpdatedAt          jsonTime `json:"updated_at"`
	Secret             string   `json:"secret,omitempty"`
	OAuthClientID      string   `json:"oauth_client_id,omitempty"`
	OAuthClientSecret  string   `json:"oauth_client_secret,omitempty"`
}

func newAccessProfileJSON(p *partnerd.AccessProfile) accessProfileJSON {
	out := accessProfileJSON{ID: p.ID, Name: p.Name, APIClientID: p.ClientID, APICollectionIDs: p.CollectionIDs,
		Active: p.Active, AuthType: p.Auth.Type, JWTMethod: p.Auth.JWTMethod, OIDCIssuer: p.Auth.OIDCIssuer,
		OIDCJWKSURI: p.Auth.OIDCJWKSURI, AccessProfileClaim: p.Auth.AccessProfileClaim,
		RequiredClaims: p.Auth.RequiredClaims, AllowedIssuers: p.Auth.AllowedIssuers, IPAllowList: p.IPAllowList,
		CreatedAt: jsonTime(p.CreatedAt), UpdatedAt: jsonTime(p.UpdatedAt), Secret: string(p.Token)}
	if p.OAuthClientSecret != "" {
		out.OAuthClientID, out.OAuthClientSecret = p.OAuthClientID, string(p.OAuthClientSecret)
	}
	return out
}

// accessProfileInput is the body of a profile create or update.
type accessProfileInput struct {
	Name             optional[string]     `json:"name"`
	APIClientID      optional[flexInt]    `json:"api_client_id"`
	APICollectionIDs optional[flexInts]   `json:"api_collection_ids"`
	IPAllowList      optional[stringList] `json:"ip_allow_list"`
	apiAuthInput
}

// apply copies the given fields onto p; on an update, a change of client
// is refused by the store and one of auth type here.
func (in *accessProfileInput) apply(p *partnerd.AccessProfile) error {
	if in.Name.Set {
		p.Name = in.Name.Value
	}
	if in.APIClientID.Set {
		p.ClientID = int64(in.APIClientID.Value)
	}
	if in.APICollectionIDs.Set {
		p.CollectionIDs = in.APICollectionIDs.Value.ids()
	}
	if in.IPAllowList.Set {
		p.IPAllowList = in.IPAllowList.Value
	}
	return in.apiAuthInput.apply(&p.Auth)
}

// handleAccessProfileList handles GET E/api_access_profiles and
// /api/api_access_profiles, optionally of one api_client_id.
func (s *Server) handleAccessProfileList(w http.ResponseWriter, r *http.Request) error {
	page, err := pageOf(r, apiPageMax)
	if err != nil {
		return err
	}
	f := partnerd.AccessProfileFilter{Page: page}
	if f.ClientID, _, err = queryInt(r, "api_client_id"); err != nil {
		return err
	}
	list, _, err := s.APIPlatform.FindAccessProfiles(r.Context(), workspaceID(r), f)
	if err != nil {
		return err
	}
	out := make([]accessProfileJSON, len(list))
	for i, p := range list {
		out[i] = newAccessProfileJSON(p)
	}
	return ok(w, enveloped(r, out))
}

// handleAccessProfileCreate handles POST E/api_access_profiles and
// /api/api_access_profiles: an active profile of a legacy client, with its
// secret shown this once.
func (s *Server) handleAccessProfileCreate(w http.ResponseWriter, r *http.Request) error {
	var in accessProfileInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	p := &partnerd.AccessProfile{}
	p.SetActive(true, s.Now.Now())
	if err := in.apply(p); err != nil {
		return err
	}
	p.IssueSecret()
	if err := s.APIPlatform.CreateAccessProfile(r.Context(), workspaceID(r), p); err != nil {
		return err
	}
	return ok(w, newAccessProfileJSON(p))
}

// handleAccessProfileUpdate handles PUT …/api_access_profiles/{id}: only
// the fields present change.
func (s *Server) handleAccessProfileUpdate(w http.ResponseWriter, r *http.Request) error {
	if _, err := pathID(r, "id"); err != nil {
		return err
	}
	var in accessProfileInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	return s.changeAccessProfile(w, r, in.apply, false)
}

// handleAccessProfileEnable handles PUT …/api_access_profiles/{id}/enable.
func (s *Server) handleAccessProfileEnable(w http.ResponseWriter, r *http.Request) error {
	return s.changeAccessProfile(w, r, s.setProfileActive(true), true)
}

// handleAccessProfileDisable handles PUT …/api_access_profiles/{id}/disable.
func (s *Server) handleAccessProfileDisable(w http.ResponseWriter, r *http.Request) error {
	return s.changeAccessProfile(w, r, s.setProfileActive(false), true)
}

// handleAccessProfileRefresh handles PUT
// …/api_access_profiles/{id}/refresh_secret: the profile with its new
// secret, shown this once; a jwt profile has none (400).
func (s *Server) handleAccessProfileRefresh(w http.ResponseWriter, r *http.Request) error {
	return s.changeAccessProfile(w, r, (*partnerd.AccessProfile).RefreshSecret, false)
}

// setProfileActive returns the change that enables or disables a profile.
func (s *Server) setProfileActive(active bool) func(*partnerd.AccessProfile) error {
	return func(p *partnerd.AccessProfile) error {
		p.SetActive(active, s.Now.Now())
		return nil
	}
}

// changeAccessProfile applies a change to the profile {id} and answers it,
// or {"success":true} when ack is set.
func (s *Server) changeAccessProfile(w http.ResponseWriter, r *http.Request, change func(*partnerd.AccessProfile) error, ack bool) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.APIPlatform.UpdateAccessProfile(r.Context(), workspaceID(r), id, change)
	if err != nil {
		return err
	}
	if ack {
		return ok(w, success{true})
	}
	return ok(w, newAccessProfileJSON(p))
}
