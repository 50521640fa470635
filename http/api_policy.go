package http

import (
	"net/http"

	"github.com/partnerd/partnerd"
)

// apiPolicyJSON is an API access policy. Workato documents the policy's
// settings (a rate limit and a usage quota, each a time interval and a
// number of requests per access profile) but not its object, so the
// fields name those settings.
type apiPolicyJSON struct {
	ID                int64    `json:"id"`
	Name              string   `json:"name"`
	RateLimitInterval string   `json:"rate_limit_interval"`
	RateLimitRequests int      `json:"rate_limit_requests"`
	QuotaInterval     string   `json:"quota_interval"`
	QuotaRequests     int      `json:"quota_requests"`
	CreatedAt         jsonTime `json:"created_at"`
	UpdatedAt         jsonTime `json:"updated_at"`
}

func newAPIPolicyJSON(p *partnerd.APIPolicy) apiPolicyJSON {
	return apiPolicyJSON{ID: p.ID, Name: p.Name, RateLimitInterval: p.RateLimitInterval, RateLimitRequests: p.RateLimitRequests,
		QuotaInterval: p.QuotaInterval, QuotaRequests: p.QuotaRequests, CreatedAt: jsonTime(p.CreatedAt), UpdatedAt: jsonTime(p.UpdatedAt)}
}

// apiPolicyInput is the body of a policy create or update.
type apiPolicyInput struct {
	Name              optional[string]  `json:"name"`
	RateLimitInterval optional[string]  `json:"rate_limit_interval"`
	RateLimitRequests optional[flexInt] `json:"rate_limit_requests"`
	QuotaInterval     optional[string]  `json:"quota_interval"`
	QuotaRequests     optional[flexInt] `json:"quota_requests"`
}

// apply copies the given fields onto p; a null number is no limit.
func (in *apiPolicyInput) apply(p *partnerd.APIPolicy) error {
	if in.Name.Set {
		p.Name = in.Name.Value
	}
	if in.RateLimitInterval.Set {
		p.RateLimitInterval = in.RateLimitInterval.Value
	}
	if in.QuotaInterval.Set {
		p.QuotaInterval = in.QuotaInterval.Value
	}
	for _, f := range []struct {
		in  optional[flexInt]
		dst *int
	}{{in.RateLimitRequests, &p.RateLimitRequests}, {in.QuotaRequests, &p.QuotaRequests}} {
		if f.in.Set {
			n := int64(f.in.Value)
			if n < 0 || n > 1<<40 {
				n = -1 // Validate names the field.
			}
			*f.dst = int(n)
		}
	}
	return nil
}

// handleAPIPolicyList handles GET …/api_policies.
func (s *Server) handleAPIPolicyList(w http.ResponseWriter, r *http.Request) error {
	page, err := pageOf(r, apiPageMax)
	if err != nil {
		return err
	}
	list, total, err := s.APIPlatform.FindAPIPolicies(r.Context(), workspaceID(r), page)
	if err != nil {
		return err
	}
	out := dataPage[apiPolicyJSON]{Data: make([]apiPolicyJSON, len(list)), Count: total, Page: page.Page, PerPage: page.PerPage}
	for i, p := range list {
		out.Data[i] = newAPIPolicyJSON(p)
	}
	return ok(w, out)
}

// handleAPIPolicyCreate handles POST …/api_policies.
func (s *Server) handleAPIPolicyCreate(w http.ResponseWriter, r *http.Request) error {
	var in apiPolicyInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	p := &partnerd.APIPolicy{}
	if err := in.apply(p); err != nil {
		return err
	}
	if err := s.APIPlatform.CreateAPIPolicy(r.Context(), workspaceID(r), p); err != nil {
		return err
	}
	return ok(w, dataOf[apiPolicyJSON]{newAPIPolicyJSON(p)})
}

// handleAPIPolicyGet handles GET …/api_policies/{id}.
func (s *Server) handleAPIPolicyGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.APIPlatform.FindAPIPolicyByID(r.Context(), workspaceID(r), id)
	if err != nil {
		return err
	}
	return ok(w, dataOf[apiPolicyJSON]{newAPIPolicyJSON(p)})
}

// handleAPIPolicyUpdate handles PUT …/api_policies/{id}: only the fields
// present change.
func (s *Server) handleAPIPolicyUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in apiPolicyInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	p, err := s.APIPlatform.UpdateAPIPolicy(r.Context(), workspaceID(r), id, in.apply)
	if err != nil {
		return err
	}
	return ok(w, dataOf[apiPolicyJSON]{newAPIPolicyJSON(p)})
}

// handleAPIPolicyDelete handles DELETE …/api_policies/{id}; the clients
// that had it are left without a policy.
func (s *Server) handleAPIPolicyDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.APIPlatform.DeleteAPIPolicy(r.Context(), workspaceID(r), id); err != nil {
		return err
	}
	return ok(w, success{true})
}
