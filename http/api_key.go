package http

import (
	"net/http"

	"github.com/partnerd/partnerd"
)

// apiKeyJSON is the ApiKey object of objects.md: an access profile seen
// from the v2 routes. auth_token appears in the answers of create and
// refresh_secret only, the only ones whose key carries it.
type apiKeyJSON struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	AuthType    string    `json:"auth_type"`
	IPAllowList []string  `json:"ip_allow_list"`
	IPDenyList  []string  `json:"ip_deny_list"`
	Active      bool      `json:"active"`
	ActiveSince *jsonTime `json:"active_since"`
	AuthToken   string    `json:"auth_token,omitempty"`
}

func newAPIKeyJSON(p *partnerd.AccessProfile) apiKeyJSON {
	return apiKeyJSON{ID: p.ID, Name: p.Name, AuthType: p.Auth.Type, IPAllowList: p.IPAllowList, IPDenyList: p.IPDenyList,
		Active: p.Active, ActiveSince: timePtr(p.ActiveSince), AuthToken: string(p.Token)}
}

// apiKeyInput is the body of a key create or update.
type apiKeyInput struct {
	Name        optional[string]     `json:"name"`
	Active      optional[flexBool]   `json:"active"`
	IPAllowList optional[stringList] `json:"ip_allow_list"`
	IPDenyList  optional[stringList] `json:"ip_deny_list"`
}

// apply copies the given fields onto p at now.
func (in *apiKeyInput) apply(p *partnerd.AccessProfile, now partnerd.Clock) {
	if in.Name.Set {
		p.Name = in.Name.Value
	}
	if in.Active.Set && !in.Active.Null {
		p.SetActive(bool(in.Active.Value), now.Now())
	}
	if in.IPAllowList.Set {
		p.IPAllowList = in.IPAllowList.Value
	}
	if in.IPDenyList.Set {
		p.IPDenyList = in.IPDenyList.Value
	}
}

// apiKeyClient returns the client {id} of the request, or ENOTFOUND.
func (s *Server) apiKeyClient(r *http.Request) (*partnerd.APIClient, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.APIPlatform.FindAPIClientByID(r.Context(), workspaceID(r), id)
}

// handleAPIKeyList handles GET …/api_clients/{id}/api_keys.
func (s *Server) handleAPIKeyList(w http.ResponseWriter, r *http.Request) error {
	c, err := s.apiKeyClient(r)
	if err != nil {
		return err
	}
	page, err := pageOf(r, apiPageMax)
	if err != nil {
		return err
	}
	list, total, err := s.APIPlatform.FindAccessProfiles(r.Context(), workspaceID(r), partnerd.AccessProfileFilter{ClientID: c.ID, Page: page})
	if err != nil {
		return err
	}
	out := dataPage[apiKeyJSON]{Data: make([]apiKeyJSON, len(list)), Count: total, Page: page.Page, PerPage: page.PerPage}
	for i, p := range list {
		out.Data[i] = newAPIKeyJSON(p)
	}
	return ok(w, out)
}

// handleAPIKeyCreate handles POST …/api_clients/{id}/api_keys: name and
// active are required; the key's token is shown this once.
func (s *Server) handleAPIKeyCreate(w http.ResponseWriter, r *http.Request) error {
	c, err := s.apiKeyClient(r)
	if err != nil {
		return err
	}
	var in apiKeyInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	if !in.Active.Set || in.Active.Null {
		v := partnerd.Validation{"active": {"can't be blank"}}
		if !in.Name.Set || in.Name.Null {
			v.Add("name", "can't be blank")
		}
		return v.Err()
	}
	p := &partnerd.AccessProfile{ClientID: c.ID, Inherited: true}
	in.apply(p, s.Now)
	p.IssueSecret()
	if err := s.APIPlatform.CreateAccessProfile(r.Context(), workspaceID(r), p); err != nil {
		return err
	}
	return ok(w, dataOf[apiKeyJSON]{newAPIKeyJSON(p)})
}

// handleAPIKeyUpdate handles PUT …/api_clients/{id}/api_keys/{key_id}:
// only the fields present change.
func (s *Server) handleAPIKeyUpdate(w http.ResponseWriter, r *http.Request) error {
	if _, err := pathID(r, "key_id"); err != nil {
		return err
	}
	var in apiKeyInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	return s.changeAPIKey(w, r, func(p *partnerd.AccessProfile) error {
		in.apply(p, s.Now)
		return nil
	})
}

// handleAPIKeyEnable handles PUT …/api_keys/{key_id}/enable.
func (s *Server) handleAPIKeyEnable(w http.ResponseWriter, r *http.Request) error {
	return s.changeAPIKey(w, r, s.setProfileActive(true))
}

// handleAPIKeyDisable handles PUT …/api_keys/{key_id}/disable.
func (s *Server) handleAPIKeyDisable(w http.ResponseWriter, r *http.Request) error {
	return s.changeAPIKey(w, r, s.setProfileActive(false))
}

// handleAPIKeyRefresh handles PUT …/api_keys/{key_id}/refresh_secret: the
// key with its new token, shown this once.
func (s *Server) handleAPIKeyRefresh(w http.ResponseWriter, r *http.Request) error {
	return s.changeAPIKey(w, r, (*partnerd.AccessProfile).RefreshSecret)
}

// changeAPIKey applies a change to the key {key_id} of the client {id} and
// answers {"data": key}; a key of another client is not found.
func (s *Server) changeAPIKey(w http.ResponseWriter, r *http.Request, change func(*partnerd.AccessProfile) error) error {
	clientID, err := pathID(r, "id")
	if err != nil {
		return err
	}
	keyID, err := pathID(r, "key_id")
	if err != nil {
		return err
	}
	p, err := s.APIPlatform.UpdateAccessProfile(r.Context(), workspaceID(r), keyID, func(p *partnerd.AccessProfile) error {
		if p.ClientID != clientID {
			return partnerd.ErrNotFound()
		}
		return change(p)
	})
	if err != nil {
		return err
	}
	return ok(w, dataOf[apiKeyJSON]{newAPIKeyJSON(p)})
}

// handleAPIKeyDelete handles DELETE …/api_clients/{id}/api_keys/{key_id}.
func (s *Server) handleAPIKeyDelete(w http.ResponseWriter, r *http.Request) error {
	clientID, err := pathID(r, "id")
	if err != nil {
		return err
	}
	keyID, err := pathID(r, "key_id")
	if err != nil {
		return err
	}
	p, err := s.APIPlatform.FindAccessProfileByID(r.Context(), workspaceID(r), keyID)
	if err != nil {
		return err
	}
	if p.ClientID != clientID {
		return partnerd.ErrNotFound()
	}
	if err := s.APIPlatform.DeleteAccessProfile(r.Context(), workspaceID(r), keyID); err != nil {
		return err
	}
	return ok(w, success{true})
}
