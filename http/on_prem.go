package http

import (
	"net/http"
	"strings"

	"github.com/partnerd/partnerd"
)

// onPremGroupJSON is the OnPremGroup object: the fields of seed 000's
// list sample, in its order, on every route. partnerd has no agent
// configuration versions or agent logs, and every group uses managed
// connections, so those three fields are constant.
type onPremGroupJSON struct {
	ID                   int64    `json:"id"`
	Name                 string   `json:"name"`
	CreatedAt            jsonTime `json:"created_at"`
	UseManagedConnection bool     `json:"use_managed_connection"`
	ConfigVersion        *int     `json:"config_version"`
	InUse                bool     `json:"in_use"`
	LogsEnabled          bool     `json:"logs_enabled"`
	// WhitelistedIPs are shown on the Developer routes alone, as
	// Workato's Developer on-prem page shows them; partnerd keeps none.
	WhitelistedIPs *[]string `json:"whitelisted_ips,omitempty"`
}

// newOnPremGroupJSON renders a group for the request's family.
func newOnPremGroupJSON(r *http.Request, g *partnerd.OnPremGroup) onPremGroupJSON {
	out := onPremGroupJSON{ID: g.ID, Name: g.Name, CreatedAt: jsonTime(g.CreatedAt), UseManagedConnection: true, InUse: g.InUse}
	if !isCustomer(r) {
		out.WhitelistedIPs = &[]string{}
	}
	return out
}

// onPremStatusJSON is a group's status.
type onPremStatusJSON struct {
	AgentCount       int                 `json:"agent_count"`
	ActiveAgentCount int                 `json:"active_agent_count"`
	Profiles         []onPremProfileJSON `json:"profiles"`
	// OperationsInFlight is partnerd's own: the operations that the
	// group's agents connected to this process run now.
	OperationsInFlight int `json:"operations_in_flight"`
}

// onPremProfileJSON is a profile of a group's status with the connections
// that use it.
type onPremProfileJSON struct {
	Name        string               `json:"name"`
	Provider    string               `json:"provider"`
	Type        string               `json:"type"`
	Connections []onPremConnectionID `json:"connections"`
}

type onPremConnectionID struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// onPremGroupInput is the body of a group create or update.
type onPremGroupInput struct {
	Name *string `json:"name"`
}

// handleOnPremGroupList handles GET E2/on_prem_groups and /api/on_prem_groups.
func (s *Server) handleOnPremGroupList(w http.ResponseWriter, r *http.Request) error {
	page, err := pageOf(r, 500)
	if err != nil {
		return err
	}
	list, _, err := s.OnPrem.FindOnPremGroups(r.Context(), workspaceID(r), page)
	if err != nil {
		return err
	}
	out := make([]onPremGroupJSON, len(list))
	for i, g := range list {
		out[i] = newOnPremGroupJSON(r, g)
	}
	if !isCustomer(r) {
		return ok(w, out) // The Developer route's bare array.
	}
	return ok(w, dataOf[[]onPremGroupJSON]{out})
}

// handleOnPremGroupCreate handles POST E2/on_prem_groups and /api/on_prem_groups.
func (s *Server) handleOnPremGroupCreate(w http.ResponseWriter, r *http.Request) error {
	var in onPremGroupInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	g := &partnerd.OnPremGroup{}
	if in.Name != nil {
		g.Name = strings.TrimSpace(*in.Name)
	}
	if err := s.OnPrem.CreateOnPremGroup(r.Context(), workspaceID(r), g); err != nil {
		return err
	}
	return ok(w, []onPremGroupJSON{newOnPremGroupJSON(r, g)})
}

// handleOnPremGroupGet handles GET E2/on_prem_groups/{group_id} and /api/on_prem_groups/{group_id}.
func (s *Server) handleOnPremGroupGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "group_id")
	if err != nil {
		return err
	}
	g, err := s.OnPrem.FindOnPremGroupByID(r.Context(), workspaceID(r), id)
	if err != nil {
		return err
	}
	return ok(w, []onPremGroupJSON{newOnPremGroupJSON(r, g)})
}

// handleOnPremGroupUpdate handles PUT E2/on_prem_groups/{group_id} and
// /api/on_prem_groups/{group_id}: an absent or null name changes nothing.
func (s *Server) handleOnPremGroupUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "group_id")
	if err != nil {
		return err
	}
	var in onPremGroupInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	g, err := s.OnPrem.UpdateOnPremGroup(r.Context(), workspaceID(r), id, in.Name)
	if err != nil {
		return err
	}
	return ok(w, []onPremGroupJSON{newOnPremGroupJSON(r, g)})
}

// handleOnPremGroupDelete handles DELETE E2/on_prem_groups/{group_id} and
// /api/on_prem_groups/{group_id}; a group with agents, or that a
// connection names, stays (400).
func (s *Server) handleOnPremGroupDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "group_id")
	if err != nil {
		return err
	}
	if err := s.OnPrem.DeleteOnPremGroup(r.Context(), workspaceID(r), id); err != nil {
		return err
	}
	return ok(w, success{true})
}

// handleOnPremGroupStatus handles GET E2/on_prem_groups/{group_id}/status
// and /api/on_prem_groups/{group_id}/status.
func (s *Server) handleOnPremGroupStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "group_id")
	if err != nil {
		return err
	}
	st, err := s.OnPrem.FindOnPremGroupStatus(r.Context(), workspaceID(r), id)
	if err != nil {
		return err
	}
	out := onPremStatusJSON{AgentCount: st.AgentCount, ActiveAgentCount: st.ActiveAgentCount, Profiles: []onPremProfileJSON{}}
	if s.OnPremLoad != nil {
		out.OperationsInFlight = s.OnPremLoad.GroupInFlight(workspaceID(r), id)
	}
	for _, p := range st.Profiles {
		pj := onPremProfileJSON{Name: p.Name, Provider: p.Provider, Type: p.Type, Connections: []onPremConnectionID{}}
		for _, c := range p.Connections {
			pj.Connections = append(pj.Connections, onPremConnectionID{ID: c.ID, Name: c.Name})
		}
		out.Profiles = append(out.Profiles, pj)
	}
	return ok(w, out)
}
