package http

import "github.com/partnerd/partnerd"

// connectionRoutes lists the routes of connections and their pick lists,
// in the order of the contract, with the envelope each one answers.
func (s *Server) connectionRoutes() []route {
	const connections = partnerd.FamilyConnections
	return []route{
		// Connections.
		{pattern: "GET /api/managed_users/{mu}/connections", family: familyE, area: connections, limit: "connections.list", handle: s.handleConnectionList},                                          // {result:[Connection]}
		{pattern: "POST /api/managed_users/{mu}/connections", family: familyE, area: connections, limit: "connections", handle: s.handleConnectionCreate},                                            // Connection
		{pattern: "PUT /api/managed_users/{mu}/connections/{connection_id}", family: familyE, area: connections, limit: "connections", handle: s.handleConnectionUpdate},                             // Connection
		{pattern: "POST /api/managed_users/{mu}/connections/{connection_id}/disconnect", family: familyE, area: connections, limit: "connections", handle: s.handleConnectionDisconnect},             // {success:true}
		{pattern: "DELETE /api/managed_users/{mu}/connections/{connection_id}", family: familyE, area: connections, limit: "connections", handle: s.handleConnectionDelete},                          // {success:true}
		{pattern: "POST /api/managed_users/{mu}/connections/{connection_id}/pick_list", family: familyE, area: connections, limit: "connections", verb: partnerd.VerbRead, handle: s.handlePickList}, // {result:[[label,value]]}
		{pattern: "POST /managed_users/{mu}/connections/{connection_id}/pick_list", family: familyE, area: connections, limit: "connections", verb: partnerd.VerbRead, handle: s.handlePickList},     // {result:[[label,value]]}, seed 001's path
		{pattern: "GET /api/connections", family: familyD, area: connections, limit: "connections.list", handle: s.handleConnectionList},                                                             // [Connection]
		{pattern: "POST /api/connections", family: familyD, area: connections, limit: "connections", handle: s.handleConnectionCreate},                                                               // Connection
		{pattern: "PUT /api/connections/{connection_id}", family: familyD, area: connections, limit: "connections", handle: s.handleConnectionUpdate},                                                // Connection
		{pattern: "POST /api/connections/{connection_id}/disconnect", family: familyD, area: connections, limit: "connections", handle: s.handleConnectionDisconnect},                                // {success:true}
		{pattern: "DELETE /api/connections/{connection_id}", family: familyD, area: connections, limit: "connections", handle: s.handleConnectionDelete},                                             // {success:true}
		{pattern: "POST /api/connections/{connection_id}/pick_list", family: familyD, area: connections, limit: "connections", verb: partnerd.VerbRead, handle: s.handlePickList},                    // {data:[[label,value]]}

		// Test helper (running.md), served with --test-helpers only.
		{pattern: "PUT /_partnerd/connections/{id}/authorization", family: familyTest, handle: s.handleTestConnectionAuthorization}, // Connection
	}
}
