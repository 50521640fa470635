package http

// connectionFilters are the query parameters of a connection list.
var connectionFilters = []string{"provider", "folder_id", "parent_id", "external_id", "include_runtime_connections"}

// customConnectorCodeJSON is the body of GET /api/custom_connectors/{id}/code.
type customConnectorCodeJSON struct {
	Code string `json:"code"`
}

// The routes of routes_connector.go and routes_connection.go.
var _ = document(map[string]routeDoc{
	// Connectors.
	"GET /api/integrations":     {summary: "The connectors named by applications (query, or body), or all", query: []string{"applications"}, ok: itemsOf[connectorJSON]{}},
	"GET /api/integrations/all": {summary: "Every connector of the catalogue and the account's shared custom connectors", paged: 100, ok: connectorPage{}},

	// Custom connectors.
	"GET /api/custom_connectors":                                   {summary: "List the custom connectors", query: []string{"title", "oem_shared"}, ok: resultOf[[]customConnectorJSON]{}},
	"GET /api/custom_connectors/{id}":                              {summary: "Get a custom connector with its code", ok: customConnectorJSON{}},
	"GET /api/custom_connectors/{id}/code":                         {summary: "The current code of a custom connector", ok: dataOf[customConnectorCodeJSON]{}},
	"POST /api/custom_connectors":                                  {summary: "Create a custom connector; name is derived from title when absent", body: customConnectorInput{}, need: []string{"title", "code"}, ok: customConnectorJSON{}},
	"PUT /api/custom_connectors/{id}":                              {summary: "Update a custom connector", body: customConnectorInput{}, ok: customConnectorJSON{}},
	"POST /api/custom_connectors/{id}/release":                     {summary: "Release the current code as the next version", body: releaseInput{}, ok: customConnectorJSON{}},
	"POST /api/custom_connectors/{id}/oem_share/{version}":         {summary: "Share a released version with the customers", ok: customConnectorJSON{}},
	"POST /api/custom_connectors/{id}/share_oem_version/{version}": {summary: "Share a released version with the customers (alias)", ok: customConnectorJSON{}},
	"DELETE /api/custom_connectors/{id}/suppress_oem_version":      {summary: "Stop sharing the custom connector", ok: customConnectorJSON{}},

	// Connections.
	"GET /api/managed_users/{mu}/connections":                             {summary: "List connections", query: connectionFilters, paged: 100, ok: resultOf[[]connectionJSON]{}},
	"POST /api/managed_users/{mu}/connections":                            {summary: "Create a connection, authorized when input holds every required field", body: connectionInput{}, need: []string{"provider"}, ok: connectionJSON{}},
	"PUT /api/managed_users/{mu}/connections/{connection_id}":             {summary: "Update a connection", body: connectionInput{}, ok: connectionJSON{}},
	"POST /api/managed_users/{mu}/connections/{connection_id}/disconnect": {summary: "Disconnect a connection", ok: success{}},
	"DELETE /api/managed_users/{mu}/connections/{connection_id}":          {summary: "Delete a connection that no running recipe uses", ok: success{}},
	"POST /api/managed_users/{mu}/connections/{connection_id}/pick_list":  {summary: "The [label, value] pairs of a pick list", body: pickListInput{}, need: []string{"pick_list_name"}, ok: resultOf[[][2]string]{}},
	"POST /managed_users/{mu}/connections/{connection_id}/pick_list":      {summary: "The [label, value] pairs of a pick list (seed 001's path)", body: pickListInput{}, need: []string{"pick_list_name"}, ok: resultOf[[][2]string]{}},
	"GET /api/connections":                             {summary: "List connections", query: connectionFilters, paged: 100, ok: []connectionJSON{}},
	"POST /api/connections":                            {summary: "Create a connection, authorized when input holds every required field", body: connectionInput{}, need: []string{"provider"}, ok: connectionJSON{}},
	"PUT /api/connections/{connection_id}":             {summary: "Update a connection", body: connectionInput{}, ok: connectionJSON{}},
	"POST /api/connections/{connection_id}/disconnect": {summary: "Disconnect a connection", ok: success{}},
	"DELETE /api/connections/{connection_id}":          {summary: "Delete a connection that no running recipe uses", ok: success{}},
	"POST /api/connections/{connection_id}/pick_list":  {summary: "The [label, value] pairs of a pick list", body: pickListInput{}, need: []string{"pick_list_name"}, ok: dataOf[[][2]string]{}},
	"PUT /_partnerd/connections/{id}/authorization":    {summary: "Simulate the end user authorizing a connection", body: testAuthorizationInput{}, need: []string{"status"}, ok: connectionJSON{}},
})
