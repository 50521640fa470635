package http

import (
	"net/http"
	"strings"

	"github.com/partnerd/partnerd"
)

// onPremAgentJSON is the OnPremAgent object: the fields of seed 000's list
// sample, in its order, on every route. activated mirrors enabled: an
// agent is deactivated by enabled:false alone.
type onPremAgentJSON struct {
	ID                 int64    `json:"id"`
	Name               string   `json:"name"`
	OS                 string   `json:"os"`
	InstallationMethod *string  `json:"installation_method"`
	AwaitingSetup      bool     `json:"awaiting_setup"`
	Enabled            bool     `json:"enabled"`
	LastSeenVersion    *string  `json:"last_seen_version"`
	CreatedAt          jsonTime `json:"created_at"`
	UpdatedAt          jsonTime `json:"updated_at"`
	State              string   `json:"state"`
	Activated          bool     `json:"activated"`
	CN                 string   `json:"cn"`
	OnPremGroupID      int64    `json:"on_prem_group_id"`
}

func newOnPremAgentJSON(a *partnerd.OnPremAgent) onPremAgentJSON {
	return onPremAgentJSON{ID: a.ID, Name: a.Name, OS: a.OS, AwaitingSetup: a.AwaitingSetup, Enabled: a.Enabled,
		LastSeenVersion: a.LastSeenVersion, CreatedAt: jsonTime(a.CreatedAt), UpdatedAt: jsonTime(a.UpdatedAt),
		State: a.State(), Activated: a.Enabled, CN: a.CN, OnPremGroupID: a.GroupID}
}

func newOnPremAgentsJSON(list []*partnerd.OnPremAgent) []onPremAgentJSON {
	out := make([]onPremAgentJSON, len(list))
	for i, a := range list {
		out[i] = newOnPremAgentJSON(a)
	}
	return out
}

// onPremAgentStatusJSON is an agent's status.
type onPremAgentStatusJSON struct {
	Active bool `json:"active"`
	// OperationsInFlight is partnerd's own: the operations that the agent,
	// connected to this process, runs now.
	OperationsInFlight int `json:"operations_in_flight"`
}

// onPremCodeJSON is an activation code, shown once.
type onPremCodeJSON struct {
	Code      string   `json:"code"`
	ExpiresAt jsonTime `json:"expires_at"`
}

// onPremAgentInput is the body of an agent create or update. On update
// every field is optional and null changes nothing.
type onPremAgentInput struct {
	Name          *string            `json:"name"`
	OS            *string            `json:"os"`
	OnPremGroupID optional[flexInt]  `json:"on_prem_group_id"`
	AwaitingSetup optional[flexBool] `json:"awaiting_setup"` // create only; true when absent
	Enabled       optional[flexBool] `json:"enabled"`        // update only (ours)
}

// update returns the changes of a PUT body.
func (in *onPremAgentInput) update() partnerd.OnPremAgentUpdate {
	upd := partnerd.OnPremAgentUpdate{Name: in.Name, OS: in.OS, GroupID: optionalID(in.OnPremGroupID)}
	if in.Enabled.Set && !in.Enabled.Null {
		enabled := bool(in.Enabled.Value)
		upd.Enabled = &enabled
	}
	return upd
}

// handleOnPremAgentList handles GET E2/on_prem_agents and /api/on_prem_agents.
func (s *Server) handleOnPremAgentList(w http.ResponseWriter, r *http.Request) error {
	page, err := pageOf(r, 500)
	if err != nil {
		return err
	}
	list, _, err := s.OnPrem.FindOnPremAgents(r.Context(), workspaceID(r), page)
	if err != nil {
		return err
	}
	return ok(w, dataOf[[]onPremAgentJSON]{newOnPremAgentsJSON(list)})
}

// handleOnPremAgentCreate handles POST E2/on_prem_agents and /api/on_prem_agents.
func (s *Server) handleOnPremAgentCreate(w http.ResponseWriter, r *http.Request) error {
	var in onPremAgentInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	a := &partnerd.OnPremAgent{AwaitingSetup: true, Enabled: true}
	partnerd.OnPremAgentUpdate{Name: in.Name, OS: in.OS}.Apply(a)
	if id := optionalID(in.OnPremGroupID); id != nil {
		a.GroupID = *id
	}
	if in.AwaitingSetup.Set && !in.AwaitingSetup.Null {
		a.AwaitingSetup = bool(in.AwaitingSetup.Value)
	}
	if err := s.OnPrem.CreateOnPremAgent(r.Context(), workspaceID(r), a); err != nil {
		return err
	}
	return ok(w, []onPremAgentJSON{newOnPremAgentJSON(a)})
}

// handleOnPremAgentGet handles GET E2/on_prem_agents/{agent_id} and /api/on_prem_agents/{agent_id}.
func (s *Server) handleOnPremAgentGet(w http.ResponseWriter, r *http.Request) error {
	a, err := s.onPremAgentOf(r)
	if err != nil {
		return err
	}
	return ok(w, dataOf[[]onPremAgentJSON]{[]onPremAgentJSON{newOnPremAgentJSON(a)}})
}

// handleOnPremAgentUpdate handles PUT E2/on_prem_agents/{agent_id} and
// /api/on_prem_agents/{agent_id}; enabled:false closes the agent's
// connection and refuses its certificate until it is true again.
func (s *Server) handleOnPremAgentUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "agent_id")
	if err != nil {
		return err
	}
	var in onPremAgentInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	a, err := s.OnPrem.UpdateOnPremAgent(r.Context(), workspaceID(r), id, in.update())
	if err != nil {
		return err
	}
	return ok(w, []onPremAgentJSON{newOnPremAgentJSON(a)})
}

// handleOnPremAgentDelete handles DELETE E2/on_prem_agents/{agent_id} and
// /api/on_prem_agents/{agent_id}; the agent's certificate is refused from
// then on.
func (s *Server) handleOnPremAgentDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "agent_id")
	if err != nil {
		return err
	}
	if err := s.OnPrem.DeleteOnPremAgent(r.Context(), workspaceID(r), id); err != nil {
		return err
	}
	return ok(w, success{true})
}

// handleOnPremAgentStatus handles GET E2/on_prem_agents/{agent_id}/status
// and /api/on_prem_agents/{agent_id}/status.
func (s *Server) handleOnPremAgentStatus(w http.ResponseWriter, r *http.Request) error {
	a, err := s.onPremAgentOf(r)
	if err != nil {
		return err
	}
	out := onPremAgentStatusJSON{Active: a.Active}
	if s.OnPremLoad != nil {
		out.OperationsInFlight = s.OnPremLoad.AgentInFlight(workspaceID(r), a.ID)
	}
	return ok(w, out)
}

// handleOnPremAgentSearch handles GET E2/on_prem_agents/search and
// /api/on_prem_agents/search: the agents whose cn, or name, is cn.
func (s *Server) handleOnPremAgentSearch(w http.ResponseWriter, r *http.Request) error {
	cn := strings.TrimSpace(r.URL.Query().Get("cn"))
	if cn == "" {
		return partnerd.FieldError("cn", "can't be blank")
	}
	list, err := s.OnPrem.SearchOnPremAgents(r.Context(), workspaceID(r), cn)
	if err != nil {
		return err
	}
	return ok(w, newOnPremAgentsJSON(list))
}

// handleOnPremActivationCode handles GET E2/on_prem_agents/{agent_id}/activation_code
// and /api/on_prem_agents/{agent_id}/activation_code (ours): a new
// single-use code with which a "partnerd agent" process enrols, valid for
// 24 hours; it replaces the agent's earlier codes.
func (s *Server) handleOnPremActivationCode(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "agent_id")
	if err != nil {
		return err
	}
	code, err := s.OnPrem.CreateOnPremActivationCode(r.Context(), workspaceID(r), id)
	if err != nil {
		return err
	}
	return ok(w, dataOf[onPremCodeJSON]{onPremCodeJSON{code.Code, jsonTime(code.ExpiresAt)}})
}

// onPremAgentOf returns the agent named by {agent_id}.
func (s *Server) onPremAgentOf(r *http.Request) (*partnerd.OnPremAgent, error) {
	id, err := pathID(r, "agent_id")
	if err != nil {
		return nil, err
	}
	return s.OnPrem.FindOnPremAgentByID(r.Context(), workspaceID(r), id)
}

// testPresenceInput is the body of PUT /_partnerd/on_prem_agents/{id}/presence.
type testPresenceInput struct {
	Active   flexBool                 `json:"active"`
	Version  *string                  `json:"version"`
	Profiles []partnerd.OnPremProfile `json:"profiles"`
}

// handleTestOnPremPresence handles PUT /_partnerd/on_prem_agents/{id}/presence:
// it simulates an agent process of the account connecting with its
// profiles (active:true, which holds until changed: a simulated agent
// sends no heartbeats) or going away (active:false).
func (s *Server) handleTestOnPremPresence(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in testPresenceInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	a, err := s.OnPrem.FindOnPremAgentInAccount(r.Context(), callerOf(r).AccountID, id)
	if err != nil {
		return err
	}
	if in.Active {
		err = s.OnPrem.ConnectOnPremAgent(r.Context(), a.ID, partnerd.OnPremPresence{
			Connection: "test-helper", Version: in.Version, Profiles: in.Profiles})
	} else {
		err = s.OnPrem.DisconnectOnPremAgent(r.Context(), a.ID, "")
	}
	if err != nil {
		return err
	}
	if a, err = s.OnPrem.FindOnPremAgentByID(r.Context(), a.WorkspaceID, a.ID); err != nil {
		return err
	}
	return ok(w, newOnPremAgentJSON(a))
}
