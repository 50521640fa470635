package http

// The routes of routes_client_role.go.
var _ = document(map[string]routeDoc{
	"POST /api/developer_api_client_roles":                              {summary: "Create a client role with chosen privileges, no more than the caller's (partnerd's own)", body: clientRoleInput{}, need: []string{"name"}, ok: resultOf[clientRoleFullJSON]{}},
	"PUT /api/developer_api_client_roles/{id}":                          {summary: "Rename a client role or replace its privileges; the built-in Admin cannot change (partnerd's own)", body: clientRoleInput{}, ok: resultOf[clientRoleFullJSON]{}},
	"DELETE /api/developer_api_client_roles/{id}":                       {summary: "Delete a client role that no client has; the built-in Admin cannot be deleted (partnerd's own)", ok: resultOf[string]{}},
	"POST /api/v2/managed_users/{mu}/developer_api_client_roles":        {summary: "Create a client role in a customer workspace (partnerd's own)", body: clientRoleInput{}, need: []string{"name"}, ok: resultOf[clientRoleFullJSON]{}},
	"PUT /api/v2/managed_users/{mu}/developer_api_client_roles/{id}":    {summary: "Update a client role of a customer workspace (partnerd's own)", body: clientRoleInput{}, ok: resultOf[clientRoleFullJSON]{}},
	"DELETE /api/v2/managed_users/{mu}/developer_api_client_roles/{id}": {summary: "Delete a client role of a customer workspace (partnerd's own)", ok: resultOf[string]{}},
})
