package client

import (
	"context"
	"iter"
	"net/http"
)

// DeveloperOnPremGroups returns one page of the on-prem groups of the
// caller's own workspace (GET /api/on_prem_groups).
func (c *Client) DeveloperOnPremGroups(ctx context.Context, opts ListOptions) ([]OnPremGroup, error) {
	return onPremList[OnPremGroup](ctx, c, ownScope, nil, "/on_prem_groups", opts.values())
}

// AllDeveloperOnPremGroups iterates over every on-prem group of the
// caller's own workspace, as AllOnPremGroups does.
func (c *Client) AllDeveloperOnPremGroups(ctx context.Context, perPage int) iter.Seq2[OnPremGroup, error] {
	return allPages(perPage, largePageMax, func(p ListOptions, _ *OnPremGroup) ([]OnPremGroup, error) {
		return c.DeveloperOnPremGroups(ctx, p)
	})
}

// DeveloperCreateOnPremGroup creates an on-prem group in the caller's own
// workspace (POST /api/on_prem_groups).
func (c *Client) DeveloperCreateOnPremGroup(ctx context.Context, name string) (*OnPremGroup, error) {
	return onPremOne[OnPremGroup](ctx, c, http.MethodPost, ownScope, nil, "/on_prem_groups", map[string]string{"name": name})
}

// DeveloperOnPremGroup returns an on-prem group of the caller's own
// workspace (GET /api/on_prem_groups/{id}).
func (c *Client) DeveloperOnPremGroup(ctx context.Context, id int64) (*OnPremGroup, error) {
	return onPremOne[OnPremGroup](ctx, c, http.MethodGet, ownScope, nil, "/on_prem_groups/"+itoa(id), nil)
}

// DeveloperUpdateOnPremGroup renames an on-prem group of the caller's own
// workspace (PUT /api/on_prem_groups/{id}).
func (c *Client) DeveloperUpdateOnPremGroup(ctx context.Context, id int64, name string) (*OnPremGroup, error) {
	return onPremOne[OnPremGroup](ctx, c, http.MethodPut, ownScope, nil, "/on_prem_groups/"+itoa(id), map[string]string{"name": name})
}

// DeveloperDeleteOnPremGroup deletes an on-prem group of the caller's own
// workspace (DELETE /api/on_prem_groups/{id}).
func (c *Client) DeveloperDeleteOnPremGroup(ctx context.Context, id int64) error {
	return c.onPremAck(ctx, ownScope, nil, "/on_prem_groups/"+itoa(id))
}

// DeveloperOnPremGroupStatus returns the status of an on-prem group of the
// caller's own workspace (GET /api/on_prem_groups/{id}/status).
func (c *Client) DeveloperOnPremGroupStatus(ctx context.Context, id int64) (*OnPremGroupStatus, error) {
	return c.onPremGroupStatus(ctx, ownScope, nil, id)
}

// DeveloperOnPremAgents returns one page of the on-prem agents of the
// caller's own workspace (GET /api/on_prem_agents).
func (c *Client) DeveloperOnPremAgents(ctx context.Context, opts ListOptions) ([]OnPremAgent, error) {
	return onPremList[OnPremAgent](ctx, c, ownScope, nil, "/on_prem_agents", opts.values())
}

// AllDeveloperOnPremAgents iterates over every on-prem agent of the
// caller's own workspace, as AllOnPremGroups does over groups.
func (c *Client) AllDeveloperOnPremAgents(ctx context.Context, perPage int) iter.Seq2[OnPremAgent, error] {
	return allPages(perPage, largePageMax, func(p ListOptions, _ *OnPremAgent) ([]OnPremAgent, error) {
		return c.DeveloperOnPremAgents(ctx, p)
	})
}

// DeveloperCreateOnPremAgent creates an on-prem agent in the caller's own
// workspace (POST /api/on_prem_agents).
func (c *Client) DeveloperCreateOnPremAgent(ctx context.Context, p CreateOnPremAgentParams) (*OnPremAgent, error) {
	return onPremOne[OnPremAgent](ctx, c, http.MethodPost, ownScope, nil, "/on_prem_agents", p)
}

// DeveloperOnPremAgent returns an on-prem agent of the caller's own
// workspace (GET /api/on_prem_agents/{id}).
func (c *Client) DeveloperOnPremAgent(ctx context.Context, id int64) (*OnPremAgent, error) {
	return c.onPremAgent(ctx, ownScope, nil, id)
}

// DeveloperUpdateOnPremAgent changes an on-prem agent of the caller's own
// workspace (PUT /api/on_prem_agents/{id}).
func (c *Client) DeveloperUpdateOnPremAgent(ctx context.Context, id int64, p UpdateOnPremAgentParams) (*OnPremAgent, error) {
	return onPremOne[OnPremAgent](ctx, c, http.MethodPut, ownScope, nil, "/on_prem_agents/"+itoa(id), p)
}

// DeveloperDeleteOnPremAgent deletes an on-prem agent of the caller's own
// workspace (DELETE /api/on_prem_agents/{id}).
func (c *Client) DeveloperDeleteOnPremAgent(ctx context.Context, id int64) error {
	return c.onPremAck(ctx, ownScope, nil, "/on_prem_agents/"+itoa(id))
}

// DeveloperOnPremAgentActive reports whether an agent process holding the
// agent's certificate is connected (GET /api/on_prem_agents/{id}/status).
func (c *Client) DeveloperOnPremAgentActive(ctx context.Context, id int64) (bool, error) {
	return c.onPremAgentActive(ctx, ownScope, nil, id)
}

// DeveloperSearchOnPremAgents returns the agents of the caller's own
// workspace whose cn, or name, is cn (GET /api/on_prem_agents/search).
func (c *Client) DeveloperSearchOnPremAgents(ctx context.Context, cn string) ([]OnPremAgent, error) {
	return c.searchOnPremAgents(ctx, ownScope, nil, cn)
}

// DeveloperOnPremActivationCode issues an activation code of an agent of
// the caller's own workspace (GET /api/on_prem_agents/{id}/activation_code).
func (c *Client) DeveloperOnPremActivationCode(ctx context.Context, id int64) (*ActivationCode, error) {
	return c.onPremActivationCode(ctx, ownScope, nil, id)
}
