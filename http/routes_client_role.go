package http

import "github.com/partnerd/partnerd"

// clientRoleRoutes lists partnerd's own routes that create, update and
// delete developer API client roles, in the caller's workspace (D) and in
// a customer's (E2), with the envelope each one answers.
func (s *Server) clientRoleRoutes() []route {
	const devClients = partnerd.FamilyDevAPIClients
	return []route{
		{pattern: "POST /api/developer_api_client_roles", family: familyD, area: devClients, limit: "dev_api_clients", handle: s.handleClientRoleCreate},                               // {result:ClientRole+privileges}
		{pattern: "PUT /api/developer_api_client_roles/{id}", family: familyD, area: devClients, limit: "dev_api_clients", handle: s.handleClientRoleUpdate},                           // {result:ClientRole+privileges}
		{pattern: "DELETE /api/developer_api_client_roles/{id}", family: familyD, area: devClients, limit: "dev_api_clients", handle: s.handleClientRoleDelete},                        // {result:"success"}
		{pattern: "POST /api/v2/managed_users/{mu}/developer_api_client_roles", family: familyE2, area: devClients, limit: "dev_api_clients", handle: s.handleClientRoleCreate},        // {result:ClientRole+privileges}
		{pattern: "PUT /api/v2/managed_users/{mu}/developer_api_client_roles/{id}", family: familyE2, area: devClients, limit: "dev_api_clients", handle: s.handleClientRoleUpdate},    // {result:ClientRole+privileges}
		{pattern: "DELETE /api/v2/managed_users/{mu}/developer_api_client_roles/{id}", family: familyE2, area: devClients, limit: "dev_api_clients", handle: s.handleClientRoleDelete}, // {result:"success"}
	}
}
