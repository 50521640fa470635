package http

import "github.com/partnerd/partnerd"

// onPremRoutes lists the routes of on-prem groups and agents, in the order
// of the contract, with the envelope each one answers.
func (s *Server) onPremRoutes() []route {
	const onPrem = partnerd.FamilyOnPrem
	return []route{
		// On-prem groups and agents, seed 000 (E2).
		{pattern: "GET /api/v2/managed_users/{mu}/on_prem_groups", family: familyE2, area: onPrem, limit: "on_prem", handle: s.handleOnPremGroupList},                                                           // {data:[Group]}
		{pattern: "POST /api/v2/managed_users/{mu}/on_prem_groups", family: familyE2, area: onPrem, limit: "on_prem", handle: s.handleOnPremGroupCreate},                                                        // [Group]
		{pattern: "GET /api/v2/managed_users/{mu}/on_prem_groups/{group_id}", family: familyE2, area: onPrem, limit: "on_prem", handle: s.handleOnPremGroupGet},                                                 // [Group]
		{pattern: "PUT /api/v2/managed_users/{mu}/on_prem_groups/{group_id}", family: familyE2, area: onPrem, limit: "on_prem", handle: s.handleOnPremGroupUpdate},                                              // [Group]
		{pattern: "DELETE /api/v2/managed_users/{mu}/on_prem_groups/{group_id}", family: familyE2, area: onPrem, limit: "on_prem", handle: s.handleOnPremGroupDelete},                                           // {success:true}
		{pattern: "GET /api/v2/managed_users/{mu}/on_prem_groups/{group_id}/status", family: familyE2, area: onPrem, limit: "on_prem", handle: s.handleOnPremGroupStatus},                                       // {agent_count,active_agent_count,profiles}
		{pattern: "GET /api/v2/managed_users/{mu}/on_prem_agents", family: familyE2, area: onPrem, limit: "on_prem", handle: s.handleOnPremAgentList},                                                           // {data:[Agent]}
		{pattern: "POST /api/v2/managed_users/{mu}/on_prem_agents", family: familyE2, area: onPrem, limit: "on_prem", handle: s.handleOnPremAgentCreate},                                                        // [Agent]
		{pattern: "GET /api/v2/managed_users/{mu}/on_prem_agents/{agent_id}", family: familyE2, area: onPrem, limit: "on_prem", handle: s.handleOnPremAgentGet},                                                 // {data:[Agent]}
		{pattern: "PUT /api/v2/managed_users/{mu}/on_prem_agents/{agent_id}", family: familyE2, area: onPrem, limit: "on_prem", handle: s.handleOnPremAgentUpdate},                                              // [Agent]
		{pattern: "DELETE /api/v2/managed_users/{mu}/on_prem_agents/{agent_id}", family: familyE2, area: onPrem, limit: "on_prem", handle: s.handleOnPremAgentDelete},                                           // {success:true}
		{pattern: "GET /api/v2/managed_users/{mu}/on_prem_agents/{agent_id}/status", family: familyE2, area: onPrem, limit: "on_prem", handle: s.handleOnPremAgentStatus},                                       // {active}
		{pattern: "GET /api/v2/managed_users/{mu}/on_prem_agents/search", family: familyE2, area: onPrem, limit: "on_prem", handle: s.handleOnPremAgentSearch},                                                  // [Agent]
		{pattern: "GET /api/v2/managed_users/{mu}/on_prem_agents/{agent_id}/activation_code", family: familyE2, area: onPrem, limit: "on_prem", verb: partnerd.VerbWrite, handle: s.handleOnPremActivationCode}, // {data:{code,expires_at}}, ours

		// The same on the caller's own workspace (D).
		{pattern: "GET /api/on_prem_groups", family: familyD, area: onPrem, limit: "on_prem", handle: s.handleOnPremGroupList},                                                           // [Group]
		{pattern: "POST /api/on_prem_groups", family: familyD, area: onPrem, limit: "on_prem", handle: s.handleOnPremGroupCreate},                                                        // [Group]
		{pattern: "GET /api/on_prem_groups/{group_id}", family: familyD, area: onPrem, limit: "on_prem", handle: s.handleOnPremGroupGet},                                                 // [Group]
		{pattern: "PUT /api/on_prem_groups/{group_id}", family: familyD, area: onPrem, limit: "on_prem", handle: s.handleOnPremGroupUpdate},                                              // [Group]
		{pattern: "DELETE /api/on_prem_groups/{group_id}", family: familyD, area: onPrem, limit: "on_prem", handle: s.handleOnPremGroupDelete},                                           // {success:true}
		{pattern: "GET /api/on_prem_groups/{group_id}/status", family: familyD, area: onPrem, limit: "on_prem", handle: s.handleOnPremGroupStatus},                                       // {agent_count,active_agent_count,profiles}
		{pattern: "GET /api/on_prem_agents", family: familyD, area: onPrem, limit: "on_prem", handle: s.handleOnPremAgentList},                                                           // {data:[Agent]}
		{pattern: "POST /api/on_prem_agents", family: familyD, area: onPrem, limit: "on_prem", handle: s.handleOnPremAgentCreate},                                                        // [Agent]
		{pattern: "GET /api/on_prem_agents/{agent_id}", family: familyD, area: onPrem, limit: "on_prem", handle: s.handleOnPremAgentGet},                                                 // {data:[Agent]}
		{pattern: "PUT /api/on_prem_agents/{agent_id}", family: familyD, area: onPrem, limit: "on_prem", handle: s.handleOnPremAgentUpdate},                                              // [Agent]
		{pattern: "DELETE /api/on_prem_agents/{agent_id}", family: familyD, area: onPrem, limit: "on_prem", handle: s.handleOnPremAgentDelete},                                           // {success:true}
		{pattern: "GET /api/on_prem_agents/{agent_id}/status", family: familyD, area: onPrem, limit: "on_prem", handle: s.handleOnPremAgentStatus},                                       // {active}
		{pattern: "GET /api/on_prem_agents/search", family: familyD, area: onPrem, limit: "on_prem", handle: s.handleOnPremAgentSearch},                                                  // [Agent]
		{pattern: "GET /api/on_prem_agents/{agent_id}/activation_code", family: familyD, area: onPrem, limit: "on_prem", verb: partnerd.VerbWrite, handle: s.handleOnPremActivationCode}, // {data:{code,expires_at}}, ours

		// Test helper (running.md), served with --test-helpers only.
		{pattern: "PUT /_partnerd/on_prem_agents/{id}/presence", family: familyTest, handle: s.handleTestOnPremPresence}, // Agent
	}
}
