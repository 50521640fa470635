package client

import (
	"bytes"
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"net/url"
	"time"
)

// OnPremGroup is a group of on-prem agents. The calls named OnPrem… act on
// a customer workspace (/api/v2/managed_users/{mu}/…); those named
// DeveloperOnPrem… on the caller's own workspace.
type OnPremGroup struct {
	ID                   int64     `json:"id"`
	Name                 string    `json:"name"`
	CreatedAt            time.Time `json:"created_at"`
	UseManagedConnection bool      `json:"use_managed_connection"`
	ConfigVersion        *int      `json:"config_version"`
	InUse                bool      `json:"in_use"` // a connection names the group
	LogsEnabled          bool      `json:"logs_enabled"`
	WhitelistedIPs       []string  `json:"whitelisted_ips,omitempty"` // on the Developer routes
}

// OnPremAgent is an on-prem agent: a process on the customer's network
// that connects with a client certificate whose subject is CN.
type OnPremAgent struct {
	ID                 int64     `json:"id"`
	Name               string    `json:"name"`
	OS                 string    `json:"os"` // windows, linux or mac
	InstallationMethod *string   `json:"installation_method"`
	AwaitingSetup      bool      `json:"awaiting_setup"`
	Enabled            bool      `json:"enabled"`
	LastSeenVersion    *string   `json:"last_seen_version"`
	CreatedAt          time.Time `json:"created_at"`
	UpdatedAt          time.Time `json:"updated_at"`
	State              string    `json:"state"` // awaiting_setup, active or inactive
	Activated          bool      `json:"activated"`
	CN                 string    `json:"cn"`
	OnPremGroupID      int64     `json:"on_prem_group_id"`
}

// OnPremGroupStatus counts a group's agents and lists the profiles its
// active agents report, each with the connections that use it.
type OnPremGroupStatus struct {
	AgentCount       int             `json:"agent_count"`
	ActiveAgentCount int             `json:"active_agent_count"`
	Profiles         []OnPremProfile `json:"profiles"`
	// OperationsInFlight is partnerd's own: the operations that the
	// group's agents connected to the server run now.
	OperationsInFlight int `json:"operations_in_flight"`
}

// OnPremProfile is a profile an agent serves, such as
// {CRM-Oracle, oracle, Database}, with the connections that use it.
type OnPremProfile struct {
	Name        string                `json:"name"`
	Provider    string                `json:"provider"`
	Type        string                `json:"type"`
	Connections []OnPremConnectionRef `json:"connections,omitempty"`
}

// OnPremConnectionRef names a connection that uses a profile.
type OnPremConnectionRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// ActivationCode is a single-use code with which "partnerd agent" enrols.
type ActivationCode struct {
	Code      string    `json:"code"`
	ExpiresAt time.Time `json:"expires_at"`
}

// CreateOnPremAgentParams is the body of CreateOnPremAgent: Name, OS and
// OnPremGroupID are required. AwaitingSetup defaults to true; false
// creates the agent inactive rather than awaiting setup.
type CreateOnPremAgentParams struct {
	Name          string `json:"name"`
	OS            string `json:"os"`
	OnPremGroupID int64  `json:"on_prem_group_id"`
	AwaitingSetup *bool  `json:"awaiting_setup,omitempty"`
}

// UpdateOnPremAgentParams is the body of UpdateOnPremAgent: only the
// fields that are set are sent. Enabled false (partnerd's) closes the
// agent's connection and refuses its certificate until it is true again.
type UpdateOnPremAgentParams struct {
	Name          *string `json:"name,omitempty"`
	OS            *string `json:"os,omitempty"`
	OnPremGroupID *int64  `json:"on_prem_group_id,omitempty"`
	Enabled       *bool   `json:"enabled,omitempty"`
}

// OnPremGroups returns one page of a customer workspace's on-prem groups
// (GET /api/v2/managed_users/{mu}/on_prem_groups).
func (c *Client) OnPremGroups(ctx context.Context, mu WorkspaceRef, opts ListOptions) ([]OnPremGroup, error) {
	scope, err := customerScope(mu)
	return onPremList[OnPremGroup](ctx, c, scope, err, "/on_prem_groups", opts.values())
}

// AllOnPremGroups iterates over every on-prem group of a customer
// workspace, perPage a page (0, or more than 500, is 500, the route's
// maximum). It stops after the first short page; an error ends the
// iteration after it is yielded.
func (c *Client) AllOnPremGroups(ctx context.Context, mu WorkspaceRef, perPage int) iter.Seq2[OnPremGroup, error] {
	return allPages(perPage, largePageMax, func(p ListOptions, _ *OnPremGroup) ([]OnPremGroup, error) {
		return c.OnPremGroups(ctx, mu, p)
	})
}

// CreateOnPremGroup creates an on-prem group in a customer workspace
// (POST /api/v2/managed_users/{mu}/on_prem_groups).
func (c *Client) CreateOnPremGroup(ctx context.Context, mu WorkspaceRef, name string) (*OnPremGroup, error) {
	scope, err := customerScope(mu)
	return onPremOne[OnPremGroup](ctx, c, http.MethodPost, scope, err, "/on_prem_groups", map[string]string{"name": name})
}

// OnPremGroup returns an on-prem group of a customer workspace
// (GET /api/v2/managed_users/{mu}/on_prem_groups/{id}).
func (c *Client) OnPremGroup(ctx context.Context, mu WorkspaceRef, id int64) (*OnPremGroup, error) {
	scope, err := customerScope(mu)
	return onPremOne[OnPremGroup](ctx, c, http.MethodGet, scope, err, "/on_prem_groups/"+itoa(id), nil)
}

// UpdateOnPremGroup renames an on-prem group of a customer workspace
// (PUT /api/v2/managed_users/{mu}/on_prem_groups/{id}).
func (c *Client) UpdateOnPremGroup(ctx context.Context, mu WorkspaceRef, id int64, name string) (*OnPremGroup, error) {
	scope, err := customerScope(mu)
	return onPremOne[OnPremGroup](ctx, c, http.MethodPut, scope, err, "/on_prem_groups/"+itoa(id), map[string]string{"name": name})
}

// DeleteOnPremGroup deletes an on-prem group of a customer workspace
// (DELETE /api/v2/managed_users/{mu}/on_prem_groups/{id}); one with agents,
// or that a connection names, is refused with a 400.
func (c *Client) DeleteOnPremGroup(ctx context.Context, mu WorkspaceRef, id int64) error {
	scope, err := customerScope(mu)
	return c.onPremAck(ctx, scope, err, "/on_prem_groups/"+itoa(id))
}

// OnPremGroupStatus returns the status of an on-prem group of a customer
// workspace (GET /api/v2/managed_users/{mu}/on_prem_groups/{id}/status).
func (c *Client) OnPremGroupStatus(ctx context.Context, mu WorkspaceRef, id int64) (*OnPremGroupStatus, error) {
	scope, err := customerScope(mu)
	return c.onPremGroupStatus(ctx, scope, err, id)
}

// OnPremAgents returns one page of a customer workspace's on-prem agents
// (GET /api/v2/managed_users/{mu}/on_prem_agents).
func (c *Client) OnPremAgents(ctx context.Context, mu WorkspaceRef, opts ListOptions) ([]OnPremAgent, error) {
	scope, err := customerScope(mu)
	return onPremList[OnPremAgent](ctx, c, scope, err, "/on_prem_agents", opts.values())
}

// AllOnPremAgents iterates over every on-prem agent of a customer
// workspace, as AllOnPremGroups does over its groups.
func (c *Client) AllOnPremAgents(ctx context.Context, mu WorkspaceRef, perPage int) iter.Seq2[OnPremAgent, error] {
	return allPages(perPage, largePageMax, func(p ListOptions, _ *OnPremAgent) ([]OnPremAgent, error) {
		return c.OnPremAgents(ctx, mu, p)
	})
}

// CreateOnPremAgent creates an on-prem agent in a customer workspace
// (POST /api/v2/managed_users/{mu}/on_prem_agents).
func (c *Client) CreateOnPremAgent(ctx context.Context, mu WorkspaceRef, p CreateOnPremAgentParams) (*OnPremAgent, error) {
	scope, err := customerScope(mu)
	return onPremOne[OnPremAgent](ctx, c, http.MethodPost, scope, err, "/on_prem_agents", p)
}

// OnPremAgent returns an on-prem agent of a customer workspace
// (GET /api/v2/managed_users/{mu}/on_prem_agents/{id}).
func (c *Client) OnPremAgent(ctx context.Context, mu WorkspaceRef, id int64) (*OnPremAgent, error) {
	scope, err := customerScope(mu)
	return c.onPremAgent(ctx, scope, err, id)
}

// UpdateOnPremAgent changes an on-prem agent of a customer workspace
// (PUT /api/v2/managed_users/{mu}/on_prem_agents/{id}).
func (c *Client) UpdateOnPremAgent(ctx context.Context, mu WorkspaceRef, id int64, p UpdateOnPremAgentParams) (*OnPremAgent, error) {
	scope, err := customerScope(mu)
	return onPremOne[OnPremAgent](ctx, c, http.MethodPut, scope, err, "/on_prem_agents/"+itoa(id), p)
}

// DeleteOnPremAgent deletes an on-prem agent of a customer workspace; its
// certificate is refused from then on
// (DELETE /api/v2/managed_users/{mu}/on_prem_agents/{id}).
func (c *Client) DeleteOnPremAgent(ctx context.Context, mu WorkspaceRef, id int64) error {
	scope, err := customerScope(mu)
	return c.onPremAck(ctx, scope, err, "/on_prem_agents/"+itoa(id))
}

// OnPremAgentActive reports whether an agent process holding the agent's
// certificate is connected
// (GET /api/v2/managed_users/{mu}/on_prem_agents/{id}/status).
func (c *Client) OnPremAgentActive(ctx context.Context, mu WorkspaceRef, id int64) (bool, error) {
	scope, err := customerScope(mu)
	return c.onPremAgentActive(ctx, scope, err, id)
}

// SearchOnPremAgents returns the agents of a customer workspace whose cn,
// or name, is cn (GET /api/v2/managed_users/{mu}/on_prem_agents/search).
func (c *Client) SearchOnPremAgents(ctx context.Context, mu WorkspaceRef, cn string) ([]OnPremAgent, error) {
	scope, err := customerScope(mu)
	return c.searchOnPremAgents(ctx, scope, err, cn)
}

// OnPremActivationCode issues a single-use code, valid for 24 hours, with
// which "partnerd agent" enrols as the agent; it replaces earlier codes
// (GET /api/v2/managed_users/{mu}/on_prem_agents/{id}/activation_code, a
// partnerd route).
func (c *Client) OnPremActivationCode(ctx context.Context, mu WorkspaceRef, id int64) (*ActivationCode, error) {
	scope, err := customerScope(mu)
	return c.onPremActivationCode(ctx, scope, err, id)
}

// TestSetOnPremAgentPresence simulates an agent process of the account:
// active true connects it with the profiles (until changed), false
// disconnects it (PUT /_partnerd/on_prem_agents/{id}/presence). It is a
// partnerd test helper: the server must run with --test-helpers, and the
// client must have the Admin role.
func (c *Client) TestSetOnPremAgentPresence(ctx context.Context, id int64, active bool, profiles []OnPremProfile) (*OnPremAgent, error) {
	body := map[string]any{"active": active}
	if profiles != nil {
		body["profiles"] = profiles
	}
	var out OnPremAgent
	if err := c.do(ctx, http.MethodPut, "/_partnerd/on_prem_agents/"+itoa(id)+"/presence", nil, body, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// onPremList reads a {"data": [...]} list under scope.
func onPremList[T any](ctx context.Context, c *Client, scope string, errScope error, rest string, q url.Values) ([]T, error) {
	if errScope != nil {
		return nil, errScope
	}
	var out dataOrArray[T]
	if err := c.do(ctx, http.MethodGet, scope+rest, q, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// dataOrArray is a list answered as {"data": [...]}, as the Embedded
// routes answer, or as a bare array, as the Developer group list does.
type dataOrArray[T any] []T

func (l *dataOrArray[T]) UnmarshalJSON(b []byte) error {
	if trimmed := bytes.TrimSpace(b); len(trimmed) > 0 && trimmed[0] == '[' {
		return json.Unmarshal(trimmed, (*[]T)(l))
	}
	var out struct {
		Data []T `json:"data"`
	}
	err := json.Unmarshal(b, &out)
	*l = out.Data
	return err
}

// onPremOne sends a request whose answer is a one-element array.
func onPremOne[T any](ctx context.Context, c *Client, method, scope string, errScope error, rest string, body any) (*T, error) {
	if errScope != nil {
		return nil, errScope
	}
	var out []T
	if err := c.do(ctx, method, scope+rest, nil, body, &out); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, &Error{StatusCode: http.StatusOK, Message: "client: the answer holds no object"}
	}
	return &out[0], nil
}

func (c *Client) onPremAck(ctx context.Context, scope string, errScope error, rest string) error {
	if errScope != nil {
		return errScope
	}
	return c.ack(ctx, http.MethodDelete, scope+rest, nil)
}

func (c *Client) onPremGroupStatus(ctx context.Context, scope string, errScope error, id int64) (*OnPremGroupStatus, error) {
	if errScope != nil {
		return nil, errScope
	}
	var out OnPremGroupStatus
	if err := c.do(ctx, http.MethodGet, scope+"/on_prem_groups/"+itoa(id)+"/status", nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

func (c *Client) onPremAgent(ctx context.Context, scope string, errScope error, id int64) (*OnPremAgent, error) {
	list, err := onPremList[OnPremAgent](ctx, c, scope, errScope, "/on_prem_agents/"+itoa(id), nil)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, &Error{StatusCode: http.StatusOK, Message: "client: the answer holds no agent"}
	}
	return &list[0], nil
}

func (c *Client) onPremAgentActive(ctx context.Context, scope string, errScope error, id int64) (bool, error) {
	if errScope != nil {
		return false, errScope
	}
	var out struct {
		Active bool `json:"active"`
	}
	err := c.do(ctx, http.MethodGet, scope+"/on_prem_agents/"+itoa(id)+"/status", nil, nil, &out)
	return out.Active, err
}

func (c *Client) searchOnPremAgents(ctx context.Context, scope string, errScope error, cn string) ([]OnPremAgent, error) {
	if errScope != nil {
		return nil, errScope
	}
	var out []OnPremAgent
	if err := c.do(ctx, http.MethodGet, scope+"/on_prem_agents/search", url.Values{"cn": {cn}}, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

func (c *Client) onPremActivationCode(ctx context.Context, scope string, errScope error, id int64) (*ActivationCode, error) {
	if errScope != nil {
		return nil, errScope
	}
	var out struct {
		Data ActivationCode `json:"data"`
	}
	if err := c.do(ctx, http.MethodGet, scope+"/on_prem_agents/"+itoa(id)+"/activation_code", nil, nil, &out); err != nil {
		return nil, err
	}
	return &out.Data, nil
}
