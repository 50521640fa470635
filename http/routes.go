package http

import "github.com/partnerd/partnerd"

// family says how a route finds its workspace and who may call it.
type family int

const (
	familyService family = iota // no credentials: health, metrics
	familyAccount               // an admin-workspace caller acting on its account
	familyE                     // /api/managed_users/{mu}/…: an admin caller on one of its customers
	familyE2                    // /api/v2/managed_users/{mu}/…: the same, v2 resources
	familyD                     // /api/…: any caller on its own workspace
	familyTest                  // /_partnerd/…: an Admin client of an account, with --test-helpers
)

// route is one row of the route table.
type route struct {
	pattern string // method and path, as the ServeMux reads them
	family  family
	area    string // the privilege family a client role must grant
	limit   string // the rate-limit group (rateLimits)
	verb    string // the privilege verb, when the method does not tell it
	alias   bool   // the path overlaps {mu} and is matched first
	maxBody int64  // the largest body accepted; 0 is 1 MiB
	handle  handlerFunc
}

// routes is the route table: every path the server answers, in the order of
// the contract, with the envelope each one answers.
func (s *Server) routes() []route {
	const (
		customers  = partnerd.FamilyCustomers
		members    = partnerd.FamilyMembers
		roles      = partnerd.FamilyRoles
		devClients = partnerd.FamilyDevAPIClients
		folders    = partnerd.FamilyFolders
	)
	table := []route{
		// Customer workspaces.
		{pattern: "POST /api/managed_users", family: familyAccount, area: customers, limit: "customers.create", handle: s.handleCustomerCreate},            // Customer
		{pattern: "GET /api/managed_users", family: familyAccount, area: customers, limit: "customers", handle: s.handleCustomerList},                      // {result:[Customer]}
		{pattern: "GET /api/managed_users/usage", family: familyAccount, area: customers, limit: "usage", handle: s.handleUsage},                           // {result:[Usage]}
		{pattern: "GET /api/managed_users/{mu}", family: familyE, area: customers, limit: "customers", handle: s.handleCustomerGet},                        // Customer
		{pattern: "PUT /api/managed_users/{mu}", family: familyE, area: customers, limit: "customers", handle: s.handleCustomerUpdate},                     // Customer
		{pattern: "DELETE /api/managed_users/{mu}", family: familyE, area: customers, limit: "customers", handle: s.handleCustomerDelete},                  // {success:true}
		{pattern: "POST /api/managed_users/{mu}/environments", family: familyE, area: customers, limit: "customers", handle: s.handleCustomerEnvironments}, // Customer

		// Members and custom roles.
		{pattern: "GET /api/managed_users/{mu}/members", family: familyE, area: members, limit: "customers", handle: s.handleMemberList},                              // [Member]
		{pattern: "GET /api/managed_users/{mu}/members/{member_id}", family: familyE, area: members, limit: "customers", handle: s.handleMemberGet},                   // Member
		{pattern: "GET /api/managed_users/members/{member_id}", family: familyAccount, area: members, limit: "customers", alias: true, handle: s.handleMemberGet},     // Member
		{pattern: "POST /api/managed_users/{mu}/members", family: familyE, area: members, limit: "customers", handle: s.handleMemberCreate},                           // Member
		{pattern: "PUT /api/managed_users/{mu}/members/{member_id}", family: familyE, area: members, limit: "customers", handle: s.handleMemberUpdate},                // Member
		{pattern: "PUT /api/managed_users/members/{member_id}", family: familyAccount, area: members, limit: "customers", alias: true, handle: s.handleMemberUpdate},  // Member
		{pattern: "DELETE /api/managed_users/{mu}/members/{member_id}", family: familyE, area: members, limit: "members.delete", handle: s.handleMemberDelete},        // {success:true}
		{pattern: "GET /api/managed_users/{mu}/members/{member_id}/privileges", family: familyE, area: members, limit: "customers", handle: s.handleMemberPrivileges}, // {result:[Privilege]}
		{pattern: "POST /api/managed_users/{mu}/member_invitations", family: familyE, area: members, limit: "customers", handle: s.handleMemberInvite},                // {result:"ok"}
		{pattern: "POST /api/managed_users/{mu}/member_invitation", family: familyE, area: members, limit: "customers", handle: s.handleMemberInvite},                 // {result:"ok"}
		{pattern: "GET /api/managed_users/{mu}/roles", family: familyE, area: roles, limit: "customers", handle: s.handleRoleList},                                    // [Role]
		{pattern: "POST /api/managed_users/{mu}/roles/{role_id}/copy", family: familyE, area: roles, limit: "customers", handle: s.handleRoleCopy},                    // Role without privileges
		{pattern: "GET /api/roles", family: familyD, area: roles, limit: "developer", handle: s.handleRoleList},                                                       // [Role], integer folder_ids
		{pattern: "GET /api/members", family: familyD, area: members, limit: "developer", handle: s.handleMemberList},                                                 // {data:[Member], total}
		{pattern: "GET /api/members/{member_id}/privileges", family: familyD, area: members, limit: "developer", handle: s.handleMemberPrivileges},                    // {data:[Privilege], total:1}
		{pattern: "GET /api/members/{member_id}", family: familyD, area: members, limit: "developer", handle: s.handleMemberGet},                                      // Member with roles
		{pattern: "PUT /api/members/{member_id}", family: familyD, area: members, limit: "developer", handle: s.handleMemberUpdate},                                   // Member with roles
		{pattern: "DELETE /api/members/{member_id}", family: familyD, area: members, limit: "members.delete", handle: s.handleMemberDelete},                           // {success:true}
		{pattern: "POST /api/member_invitations", family: familyD, area: members, limit: "developer", handle: s.handleMemberInvite},                                   // {result:"ok"}
		{pattern: "GET /api/users/me", family: familyD, limit: "developer", handle: s.handleMe},                                                                       // Me

		// Folders and projects.
		{pattern: "GET /api/managed_users/{mu}/folders", family: familyE, area: folders, limit: "folders", handle: s.handleFolderList},                     // {result:[Folder]}
		{pattern: "POST /api/managed_users/{mu}/folders", family: familyE, area: folders, limit: "folders", handle: s.handleFolderCreate},                  // Folder
		{pattern: "PUT /api/managed_users/{mu}/folders/{folder_id}", family: familyE, area: folders, limit: "folders", handle: s.handleFolderUpdate},       // Folder
		{pattern: "DELETE /api/managed_users/{mu}/folders/{folder_id}", family: familyE, area: folders, limit: "folders", handle: s.handleFolderDelete},    // {success:true}
		{pattern: "GET /api/managed_users/{mu}/projects", family: familyE, area: folders, limit: "folders", handle: s.handleProjectList},                   // {result:[Project]}
		{pattern: "DELETE /api/managed_users/{mu}/projects/{project_id}", family: familyE, area: folders, limit: "folders", handle: s.handleProjectDelete}, // {success:true}
		{pattern: "GET /api/folders", family: familyD, area: folders, limit: "folders", handle: s.handleFolderList},                                        // [Folder]
		{pattern: "POST /api/folders", family: familyD, area: folders, limit: "folders", handle: s.handleFolderCreate},                                     // Folder
		{pattern: "PUT /api/folders/{folder_id}", family: familyD, area: folders, limit: "folders", handle: s.handleFolderUpdate},                          // Folder
		{pattern: "DELETE /api/folders/{folder_id}", family: familyD, area: folders, limit: "folders", handle: s.handleFolderDelete},                       // {success:true}
		{pattern: "GET /api/projects", family: familyD, area: folders, limit: "folders", handle: s.handleProjectList},                                      // [Project]
		{pattern: "DELETE /api/projects/{project_id}", family: familyD, area: folders, limit: "folders", handle: s.handleProjectDelete},                    // {success:true}

		// Developer API clients and their roles.
		{pattern: "GET /api/developer_api_clients", family: familyD, area: devClients, limit: "dev_api_clients.list", handle: s.handleDevAPIClientList},                   // {result:{count,items}}
		{pattern: "POST /api/developer_api_clients", family: familyD, area: devClients, limit: "dev_api_clients", handle: s.handleDevAPIClientCreate},                     // {result:DevApiClient+token}
		{pattern: "GET /api/developer_api_clients/{id}", family: familyD, area: devClients, limit: "dev_api_clients", handle: s.handleDevAPIClientGet},                    // {result:DevApiClient+user}
		{pattern: "PUT /api/developer_api_clients/{id}", family: familyD, area: devClients, limit: "dev_api_clients", handle: s.handleDevAPIClientUpdate},                 // {result:DevApiClient}
		{pattern: "DELETE /api/developer_api_clients/{id}", family: familyD, area: devClients, limit: "dev_api_clients", handle: s.handleDevAPIClientDelete},              // {result:"success"}
		{pattern: "POST /api/developer_api_clients/{id}/regenerate", family: familyD, area: devClients, limit: "dev_api_clients", handle: s.handleDevAPIClientRegenerate}, // {result:DevApiClient+token}
		{pattern: "GET /api/developer_api_client_roles", family: familyD, area: devClients, limit: "dev_api_clients.list", handle: s.handleClientRoleList},                // {result:{items,count,page,per_page}}
		{pattern: "POST /api/developer_api_client_roles/{id}/copy", family: familyD, area: devClients, limit: "dev_api_clients", handle: s.handleClientRoleCopy},          // {result:ClientRole}
		{pattern: "GET /api/v2/managed_users/{mu}/developer_api_clients", family: familyE2, area: devClients, limit: "dev_api_clients.list", handle: s.handleDevAPIClientList},
		{pattern: "POST /api/v2/managed_users/{mu}/developer_api_clients", family: familyE2, area: devClients, limit: "dev_api_clients", handle: s.handleDevAPIClientCreate},
		{pattern: "GET /api/v2/managed_users/{mu}/developer_api_clients/{id}", family: familyE2, area: devClients, limit: "dev_api_clients", handle: s.handleDevAPIClientGet},
		{pattern: "PUT /api/v2/managed_users/{mu}/developer_api_clients/{id}", family: familyE2, area: devClients, limit: "dev_api_clients", handle: s.handleDevAPIClientUpdate},
		{pattern: "DELETE /api/v2/managed_users/{mu}/developer_api_clients/{id}", family: familyE2, area: devClients, limit: "dev_api_clients", handle: s.handleDevAPIClientDelete},
		{pattern: "POST /api/v2/managed_users/{mu}/developer_api_clients/{id}/regenerate", family: familyE2, area: devClients, limit: "dev_api_clients", handle: s.handleDevAPIClientRegenerate},
		{pattern: "GET /api/v2/managed_users/{mu}/developer_api_client_roles", family: familyE2, area: devClients, limit: "dev_api_clients.list", handle: s.handleClientRoleList},
		{pattern: "POST /api/v2/managed_users/{mu}/developer_api_client_roles/{id}/copy", family: familyE2, area: devClients, limit: "dev_api_clients", handle: s.handleClientRoleCopy},

		// Test helpers (running.md), served with --test-helpers only.
		{pattern: "POST /_partnerd/managed_users/{mu}/roles", family: familyTest, handle: s.handleTestRoleCreate},         // Role
		{pattern: "POST /_partnerd/developer_api_client_roles", family: familyTest, handle: s.handleTestClientRoleCreate}, // ClientRole with privileges

		// Service routes.
		{pattern: "GET /{$}", family: familyService, handle: s.handleIndex},
		{pattern: "GET /healthz", family: familyService, handle: s.handleHealthz},
		{pattern: "GET /readyz", family: familyService, handle: s.handleReadyz},
		{pattern: "GET /metrics", family: familyService, handle: s.handleMetrics},
		{pattern: "GET /openapi.json", family: familyService, handle: s.handleOpenAPI},
	}
	table = append(table, s.clientRoleRoutes()...)
	table = append(table, s.connectorRoutes()...)
	table = append(table, s.connectionRoutes()...)
	table = append(table, s.recipeRoutes()...)
	table = append(table, s.lookupTableRoutes()...)
	table = append(table, s.propertyRoutes()...)
	table = append(table, s.apiPlatformRoutes()...)
	table = append(table, s.packageRoutes()...)
	table = append(table, s.deploymentRoutes()...)
	table = append(table, s.onPremRoutes()...)
	table = append(table, s.activityRoutes()...)
	table = append(table, s.tagRoutes()...)
	table = append(table, s.testHelperRoutes()...)
	return table
}
