package http

// The routes of routes_on_prem.go: seed 000's envelopes, a one-element
// array for a group's create, get and update and an agent's create and
// update.
var _ = document(map[string]routeDoc{
	"GET /api/v2/managed_users/{mu}/on_prem_groups":                            {summary: "List on-prem groups", paged: 500, ok: dataOf[[]onPremGroupJSON]{}},
	"POST /api/v2/managed_users/{mu}/on_prem_groups":                           {summary: "Create an on-prem group", body: onPremGroupInput{}, need: []string{"name"}, ok: []onPremGroupJSON{}},
	"GET /api/v2/managed_users/{mu}/on_prem_groups/{group_id}":                 {summary: "Get an on-prem group", ok: []onPremGroupJSON{}},
	"PUT /api/v2/managed_users/{mu}/on_prem_groups/{group_id}":                 {summary: "Rename an on-prem group", body: onPremGroupInput{}, ok: []onPremGroupJSON{}},
	"DELETE /api/v2/managed_users/{mu}/on_prem_groups/{group_id}":              {summary: "Delete an on-prem group without agents", ok: success{}},
	"GET /api/v2/managed_users/{mu}/on_prem_groups/{group_id}/status":          {summary: "The group's agents and the profiles they report", ok: onPremStatusJSON{}},
	"GET /api/v2/managed_users/{mu}/on_prem_agents":                            {summary: "List on-prem agents", paged: 500, ok: dataOf[[]onPremAgentJSON]{}},
	"POST /api/v2/managed_users/{mu}/on_prem_agents":                           {summary: "Create an on-prem agent", body: onPremAgentInput{}, need: []string{"name", "os", "on_prem_group_id"}, ok: []onPremAgentJSON{}},
	"GET /api/v2/managed_users/{mu}/on_prem_agents/{agent_id}":                 {summary: "Get an on-prem agent", ok: dataOf[[]onPremAgentJSON]{}},
	"PUT /api/v2/managed_users/{mu}/on_prem_agents/{agent_id}":                 {summary: "Update an on-prem agent; enabled:false disconnects it", body: onPremAgentInput{}, ok: []onPremAgentJSON{}},
	"DELETE /api/v2/managed_users/{mu}/on_prem_agents/{agent_id}":              {summary: "Delete an on-prem agent and close its connection", ok: success{}},
	"GET /api/v2/managed_users/{mu}/on_prem_agents/{agent_id}/status":          {summary: "Whether an agent process is connected", ok: onPremAgentStatusJSON{}},
	"GET /api/v2/managed_users/{mu}/on_prem_agents/search":                     {summary: "The agents whose cn or name is cn", query: []string{"cn"}, ok: []onPremAgentJSON{}},
	"GET /api/v2/managed_users/{mu}/on_prem_agents/{agent_id}/activation_code": {summary: "A single-use activation code for an agent process, valid 24 hours", ok: dataOf[onPremCodeJSON]{}},

	"GET /api/on_prem_groups":                            {summary: "List on-prem groups", paged: 500, ok: []onPremGroupJSON{}},
	"POST /api/on_prem_groups":                           {summary: "Create an on-prem group", body: onPremGroupInput{}, need: []string{"name"}, ok: []onPremGroupJSON{}},
	"GET /api/on_prem_groups/{group_id}":                 {summary: "Get an on-prem group", ok: []onPremGroupJSON{}},
	"PUT /api/on_prem_groups/{group_id}":                 {summary: "Rename an on-prem group", body: onPremGroupInput{}, ok: []onPremGroupJSON{}},
	"DELETE /api/on_prem_groups/{group_id}":              {summary: "Delete an on-prem group without agents", ok: success{}},
	"GET /api/on_prem_groups/{group_id}/status":          {summary: "The group's agents and the profiles they report", ok: onPremStatusJSON{}},
	"GET /api/on_prem_agents":                            {summary: "List on-prem agents", paged: 500, ok: dataOf[[]onPremAgentJSON]{}},
	"POST /api/on_prem_agents":                           {summary: "Create an on-prem agent", body: onPremAgentInput{}, need: []string{"name", "os", "on_prem_group_id"}, ok: []onPremAgentJSON{}},
	"GET /api/on_prem_agents/{agent_id}":                 {summary: "Get an on-prem agent", ok: dataOf[[]onPremAgentJSON]{}},
	"PUT /api/on_prem_agents/{agent_id}":                 {summary: "Update an on-prem agent; enabled:false disconnects it", body: onPremAgentInput{}, ok: []onPremAgentJSON{}},
	"DELETE /api/on_prem_agents/{agent_id}":              {summary: "Delete an on-prem agent and close its connection", ok: success{}},
	"GET /api/on_prem_agents/{agent_id}/status":          {summary: "Whether an agent process is connected", ok: onPremAgentStatusJSON{}},
	"GET /api/on_prem_agents/search":                     {summary: "The agents whose cn or name is cn", query: []string{"cn"}, ok: []onPremAgentJSON{}},
	"GET /api/on_prem_agents/{agent_id}/activation_code": {summary: "A single-use activation code for an agent process, valid 24 hours", ok: dataOf[onPremCodeJSON]{}},

	"PUT /_partnerd/on_prem_agents/{id}/presence": {summary: "Simulate an agent process connecting with its profiles, or going away", body: testPresenceInput{}, need: []string{"active"}, ok: onPremAgentJSON{}},
})
