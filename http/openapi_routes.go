package http

// The routes of routes.go: customer workspaces, members and roles,
// folders, developer API clients, the test helpers and service routes.
var _ = document(map[string]routeDoc{
	// Customer workspaces.
	"POST /api/managed_users":                   {summary: "Create a customer workspace", body: customerInput{}, need: []string{"name", "notification_email"}, ok: customerJSON{}},
	"GET /api/managed_users":                    {summary: "List the customer workspaces", paged: 100, ok: resultOf[[]customerJSON]{}},
	"GET /api/managed_users/usage":              {summary: "Task usage of every customer workspace over the last 12 months", ok: resultOf[[]usageJSON]{}},
	"GET /api/managed_users/{mu}":               {summary: "Get a customer workspace", ok: customerJSON{}},
	"PUT /api/managed_users/{mu}":               {summary: "Update a customer workspace; only the fields present change, null clears", body: customerInput{}, ok: customerJSON{}},
	"DELETE /api/managed_users/{mu}":            {summary: "Delete a customer workspace and everything in it", ok: success{}},
	"POST /api/managed_users/{mu}/environments": {summary: "Provision DEV, TEST and PROD for an existing customer; it cannot be undone", ok: customerJSON{}},

	// Members and custom roles.
	"GET /api/managed_users/{mu}/members":                        {summary: "List the members of a customer workspace", paged: 500, ok: []memberJSON{}},
	"GET /api/managed_users/{mu}/members/{member_id}":            {summary: "Get a member", ok: memberJSON{}},
	"GET /api/managed_users/members/{member_id}":                 {summary: "Get a member of any customer workspace of the account", ok: memberJSON{}},
	"POST /api/managed_users/{mu}/members":                       {summary: "Add a member: exactly one of role_name and env_roles, or only oauth_id", body: memberInput{}, need: []string{"name"}, ok: memberJSON{}},
	"PUT /api/managed_users/{mu}/members/{member_id}":            {summary: "Update a member", body: memberInput{}, ok: memberJSON{}},
	"PUT /api/managed_users/members/{member_id}":                 {summary: "Update a member of any customer workspace of the account", body: memberInput{}, ok: memberJSON{}},
	"DELETE /api/managed_users/{mu}/members/{member_id}":         {summary: "Remove a member", ok: success{}},
	"GET /api/managed_users/{mu}/members/{member_id}/privileges": {summary: "The privileges of a member's role", ok: resultOf[[]privilegeJSON]{}},
	"POST /api/managed_users/{mu}/member_invitations":            {summary: "Invite a member; the invitation is accepted at once", body: memberInput{}, need: []string{"name", "email", "role_name"}, ok: resultOf[string]{}},
	"POST /api/managed_users/{mu}/member_invitation":             {summary: "Invite a member (alias)", body: memberInput{}, need: []string{"name", "email", "role_name"}, ok: resultOf[string]{}},
	"GET /api/managed_users/{mu}/roles":                          {summary: "List the custom roles of a customer workspace", query: []string{"role_name"}, paged: 500, ok: []fullRoleJSON{}},
	"POST /api/managed_users/{mu}/roles/{role_id}/copy":          {summary: "Copy a custom role with its privileges", body: roleCopyInput{}, need: []string{"name"}, ok: roleJSON{}},
	"GET /api/roles":                          {summary: "List the custom roles of the caller's workspace", query: []string{"role_name"}, paged: 500, ok: []fullRoleJSON{}},
	"GET /api/members":                        {summary: "List the members of the caller's workspace", paged: 500, ok: dataWithTotal[devMemberJSON]{}},
	"GET /api/members/{member_id}/privileges": {summary: "The privileges of a member's role", ok: dataWithTotal[privilegeJSON]{}},
	"GET /api/users/me":                       {summary: "The caller's own workspace", ok: meJSON{}},

	// Folders and projects.
	"GET /api/managed_users/{mu}/folders":                  {summary: "List the folders under a folder", query: []string{"parent_id"}, paged: 100, ok: resultOf[[]folderJSON]{}},
	"POST /api/managed_users/{mu}/folders":                 {summary: "Create a folder (in the home folder when parent_id is absent)", body: folderInput{}, need: []string{"name"}, ok: folderJSON{}},
	"PUT /api/managed_users/{mu}/folders/{folder_id}":      {summary: "Rename or move a folder", body: folderInput{}, ok: folderJSON{}},
	"DELETE /api/managed_users/{mu}/folders/{folder_id}":   {summary: "Delete an empty folder", ok: success{}},
	"GET /api/managed_users/{mu}/projects":                 {summary: "List the projects", paged: 500, ok: resultOf[[]projectJSON]{}},
	"DELETE /api/managed_users/{mu}/projects/{project_id}": {summary: "Delete a project with everything in it", ok: success{}},
	"GET /api/folders":                                     {summary: "List the folders under a folder", query: []string{"parent_id"}, paged: 100, ok: []folderJSON{}},
	"POST /api/folders":                                    {summary: "Create a folder (in the home folder when parent_id is absent)", body: folderInput{}, need: []string{"name"}, ok: folderJSON{}},
	"PUT /api/folders/{folder_id}":                         {summary: "Rename or move a folder", body: folderInput{}, ok: folderJSON{}},
	"DELETE /api/folders/{folder_id}":                      {summary: "Delete an empty folder", ok: success{}},
	"GET /api/projects":                                    {summary: "List the projects", paged: 500, ok: []projectJSON{}},
	"DELETE /api/projects/{project_id}":                    {summary: "Delete a project with everything in it", ok: success{}},

	// Developer API clients and their roles.
	"GET /api/developer_api_clients":                                        {summary: "List the developer API clients", paged: 100, ok: resultOf[devAPIClientListJSON]{}},
	"POST /api/developer_api_clients":                                       {summary: "Create a developer API client; its token is shown once", body: devAPIClientInput{}, need: []string{"name", "api_privilege_group_id", "all_folders"}, ok: resultOf[devAPIClientJSON]{}},
	"GET /api/developer_api_clients/{id}":                                   {summary: "Get a developer API client", ok: resultOf[devAPIClientJSON]{}},
	"PUT /api/developer_api_clients/{id}":                                   {summary: "Update a developer API client", body: devAPIClientInput{}, need: []string{"all_folders"}, ok: resultOf[devAPIClientJSON]{}},
	"DELETE /api/developer_api_clients/{id}":                                {summary: "Delete a developer API client; its token stops working at once", ok: resultOf[string]{}},
	"POST /api/developer_api_clients/{id}/regenerate":                       {summary: "Regenerate a client's token; the old one fails from now on", ok: resultOf[devAPIClientJSON]{}},
	"GET /api/developer_api_client_roles":                                   {summary: "List the developer API client roles", paged: 100, ok: resultOf[clientRoleListJSON]{}},
	"POST /api/developer_api_client_roles/{id}/copy":                        {summary: "Copy a client role", body: clientRoleNameInput{}, need: []string{"name"}, ok: resultOf[clientRoleJSON]{}},
	"GET /api/v2/managed_users/{mu}/developer_api_clients":                  {summary: "List the developer API clients of a customer workspace", paged: 100, ok: resultOf[devAPIClientListJSON]{}},
	"POST /api/v2/managed_users/{mu}/developer_api_clients":                 {summary: "Create a developer API client in a customer workspace", body: devAPIClientInput{}, need: []string{"name", "api_privilege_group_id", "all_folders"}, ok: resultOf[devAPIClientJSON]{}},
	"GET /api/v2/managed_users/{mu}/developer_api_clients/{id}":             {summary: "Get a developer API client of a customer workspace", ok: resultOf[devAPIClientJSON]{}},
	"PUT /api/v2/managed_users/{mu}/developer_api_clients/{id}":             {summary: "Update a developer API client of a customer workspace", body: devAPIClientInput{}, need: []string{"all_folders"}, ok: resultOf[devAPIClientJSON]{}},
	"DELETE /api/v2/managed_users/{mu}/developer_api_clients/{id}":          {summary: "Delete a developer API client of a customer workspace", ok: resultOf[string]{}},
	"POST /api/v2/managed_users/{mu}/developer_api_clients/{id}/regenerate": {summary: "Regenerate the token of a customer workspace's client", ok: resultOf[devAPIClientJSON]{}},
	"GET /api/v2/managed_users/{mu}/developer_api_client_roles":             {summary: "List the client roles of a customer workspace", paged: 100, ok: resultOf[clientRoleListJSON]{}},
	"POST /api/v2/managed_users/{mu}/developer_api_client_roles/{id}/copy":  {summary: "Copy a client role of a customer workspace", body: clientRoleNameInput{}, need: []string{"name"}, ok: resultOf[clientRoleJSON]{}},

	// Test helpers.
	"POST /_partnerd/managed_users/{mu}/roles":   {summary: "Create a custom role in a customer workspace", body: testRoleInput{}, need: []string{"name"}, ok: fullRoleJSON{}},
	"POST /_partnerd/developer_api_client_roles": {summary: "Create a developer API client role with chosen privileges", body: testClientRoleInput{}, need: []string{"name"}, ok: clientRoleFullJSON{}},

	// Service routes.
	"GET /{$}":          {summary: "Where things are: the console, this document, the probes and the docs; a browser is sent to the console", ok: indexJSON{}},
	"GET /healthz":      {summary: "The process serves", ok: map[string]string{}},
	"GET /readyz":       {summary: "The database takes writes", ok: map[string]string{}, also: []int{503}},
	"GET /metrics":      {summary: "Prometheus metrics", media: "text/plain"},
	"GET /openapi.json": {summary: "This document", ok: map[string]any{}},
})
