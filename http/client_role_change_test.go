package http_test

import (
	"testing"

	"github.com/partnerd/partnerd"
)

// mustCreateRoleClient creates a client of workspace with the role and the
// given token.
func (e *testEnv) mustCreateRoleClient(workspaceID, roleID int64, name, token string) {
	e.t.Helper()
	c := &partnerd.DevAPIClient{Name: name, RoleID: roleID, AllFolders: true, Token: token, TokenHash: partnerd.HashSecret(token)}
	if err := e.DB.CreateDevAPIClient(e.t.Context(), workspaceID, c); err != nil {
		e.t.Fatal(err)
	}
}

func TestClientRoleChanges(t *testing.T) {
	e := newTestEnv(t, false)
	const roles = "/api/developer_api_client_roles"
	e.run(t, "client_role_changes", []scenario{
		{Name: "create", Method: "POST", URL: roles,
			Body: `{"name":" Readers ","privileges":{"Recipes":["write","read","read"],"Customer workspaces":["read"],"Folders":[]}}`, WantStatus: 200},
		{Name: "create_no_privileges", Method: "POST", URL: roles, Body: `{"name":"Nothing"}`, WantStatus: 200},
		{Name: "create_unknown_family", Method: "POST", URL: roles, Body: `{"name":"Bad","privileges":{"Everything":["read"]}}`, WantStatus: 400},
		{Name: "create_unknown_verb", Method: "POST", URL: roles, Body: `{"name":"Bad","privileges":{"Recipes":["run"]}}`, WantStatus: 400},
		{Name: "create_privileges_wrong_type", Method: "POST", URL: roles, Body: `{"name":"Bad","privileges":["Recipes"]}`, WantStatus: 400},
		{Name: "create_missing_name", Method: "POST", URL: roles, Body: `{"privileges":{}}`, WantStatus: 400},
		{Name: "create_taken_name", Method: "POST", URL: roles, Body: `{"name":"Admin"}`, WantStatus: 400},
		{Name: "create_no_token", Method: "POST", URL: roles, Body: `{"name":"X"}`, Token: "-", WantStatus: 401},
		{Name: "create_other_account", Method: "POST", URL: roles, Body: `{"name":"B role"}`, Token: tokenB, WantStatus: 200},
		{Name: "update", Method: "PUT", URL: roles + "/3", Body: `{"name":"Writers","privileges":{"Recipes":["read","write"]}}`, WantStatus: 200},
		{Name: "update_name_only", Method: "PUT", URL: roles + "/3", Body: `{"name":" Recipe writers "}`, WantStatus: 200},
		{Name: "update_privileges_only", Method: "PUT", URL: roles + "/4", Body: `{"privileges":{"Lookup tables":["read"]}}`, WantStatus: 200},
		{Name: "update_blank_name", Method: "PUT", URL: roles + "/3", Body: `{"name":""}`, WantStatus: 400},
		{Name: "update_unknown_family", Method: "PUT", URL: roles + "/3", Body: `{"privileges":{"Everything":["read"]}}`, WantStatus: 400},
		{Name: "update_taken_name", Method: "PUT", URL: roles + "/3", Body: `{"name":"Nothing"}`, WantStatus: 400},
		{Name: "update_admin", Method: "PUT", URL: roles + "/1", Body: `{"name":"Boss"}`, WantStatus: 400},
		{Name: "update_unknown", Method: "PUT", URL: roles + "/999", Body: `{"name":"X"}`, WantStatus: 404},
		{Name: "update_other_account", Method: "PUT", URL: roles + "/5", Body: `{"name":"Stolen"}`, WantStatus: 404},
		{Name: "update_bad_id", Method: "PUT", URL: roles + "/x", Body: `{"name":"X"}`, WantStatus: 404},
		{Name: "delete_admin", Method: "DELETE", URL: roles + "/1", WantStatus: 400},
		{Name: "delete_other_account", Method: "DELETE", URL: roles + "/5", WantStatus: 404},
		{Name: "delete", Method: "DELETE", URL: roles + "/4", WantStatus: 200},
		{Name: "delete_again", Method: "DELETE", URL: roles + "/4", WantStatus: 404},
	})

	// A role that a client has cannot be deleted.
	e.mustCreateRoleClient(e.AccountA.ID, 3, "CI bot", "wrkaus-role-user-token-00000000000000000000000000000")
	e.run(t, "client_role_changes", []scenario{
		{Name: "delete_in_use", Method: "DELETE", URL: roles + "/3", WantStatus: 400},
		{Name: "list_after", Method: "GET", URL: roles, WantStatus: 200},
	})

	// A client grants and changes no more than it holds itself.
	e.run(t, "client_role_changes", []scenario{
		{Name: "create_role_managers", Method: "POST", URL: roles, Body: `{"name":"Role managers","privileges":{"Developer API clients":["read","write"]}}`, WantStatus: 200},
	})
	limited := "wrkaus-role-manager-token-000000000000000000000000"
	e.mustCreateRoleClient(e.AccountA.ID, 6, "Role manager", limited)
	e.run(t, "client_role_changes", []scenario{
		{Name: "limited_create_more", Method: "POST", URL: roles, Body: `{"name":"Escalate","privileges":{"Recipes":["read"]}}`, Token: limited, WantStatus: 403},
		{Name: "limited_create_less", Method: "POST", URL: roles, Body: `{"name":"Client readers","privileges":{"Developer API clients":["read"]}}`, Token: limited, WantStatus: 200},
		{Name: "limited_update_stronger", Method: "PUT", URL: roles + "/3", Body: `{"privileges":{}}`, Token: limited, WantStatus: 403},
		{Name: "limited_update_grow", Method: "PUT", URL: roles + "/7", Body: `{"privileges":{"Recipes":["read"]}}`, Token: limited, WantStatus: 403},
		{Name: "limited_delete_stronger", Method: "DELETE", URL: roles + "/3", Token: limited, WantStatus: 403},
		{Name: "limited_delete", Method: "DELETE", URL: roles + "/7", Token: limited, WantStatus: 200},
	})

	// The same routes in a customer workspace.
	const e2 = "/api/v2/managed_users/Eacme/developer_api_client_roles"
	e.run(t, "client_role_changes", []scenario{
		{Name: "e2_customer", Method: "POST", URL: "/api/managed_users", Body: `{"name":"Acme","notification_email":"ops@acme.test","external_id":"acme"}`, WantStatus: 200},
		{Name: "e2_create", Method: "POST", URL: e2, Body: `{"name":"Acme readers","privileges":{"Recipes":["read"]}}`, WantStatus: 200},
		{Name: "e2_update", Method: "PUT", URL: e2 + "/9", Body: `{"name":"Acme writers","privileges":{"Recipes":["write"]}}`, WantStatus: 200},
		{Name: "e2_update_admin", Method: "PUT", URL: e2 + "/8", Body: `{"name":"Boss"}`, WantStatus: 400},
		{Name: "e2_update_admin_workspace_role", Method: "PUT", URL: e2 + "/3", Body: `{"name":"Stolen"}`, WantStatus: 404},
		{Name: "e2_delete_admin_workspace_role", Method: "DELETE", URL: e2 + "/3", WantStatus: 404},
		{Name: "e2_create_other_account", Method: "POST", URL: e2, Body: `{"name":"X"}`, Token: tokenB, WantStatus: 404},
		{Name: "e2_delete_other_account", Method: "DELETE", URL: e2 + "/9", Token: tokenB, WantStatus: 404},
		{Name: "e2_delete", Method: "DELETE", URL: e2 + "/9", WantStatus: 200},
		{Name: "e2_list", Method: "GET", URL: e2, WantStatus: 200},
	})
}
