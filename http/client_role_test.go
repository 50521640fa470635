package http_test

import "testing"

func TestClientRoles(t *testing.T) {
	e := newTestEnv(t, false)
	e.run(t, "client_roles", []scenario{
		{Name: "list", Method: "GET", URL: "/api/developer_api_client_roles", WantStatus: 200},
		{Name: "list_other_account", Method: "GET", URL: "/api/developer_api_client_roles", Token: tokenB, WantStatus: 200},
		{Name: "copy", Method: "POST", URL: "/api/developer_api_client_roles/1/copy", Body: `{"name":" Operator "}`, WantStatus: 200},
		{Name: "copy_missing_name", Method: "POST", URL: "/api/developer_api_client_roles/1/copy", Body: `{}`, WantStatus: 400},
		{Name: "copy_taken_name", Method: "POST", URL: "/api/developer_api_client_roles/1/copy", Body: `{"name":"Operator"}`, WantStatus: 400},
		{Name: "copy_wrong_type", Method: "POST", URL: "/api/developer_api_client_roles/1/copy", Body: `{"name":7}`, WantStatus: 400},
		{Name: "copy_unknown", Method: "POST", URL: "/api/developer_api_client_roles/999/copy", Body: `{"name":"X"}`, WantStatus: 404},
		{Name: "copy_other_account", Method: "POST", URL: "/api/developer_api_client_roles/2/copy", Body: `{"name":"X"}`, WantStatus: 404},
		{Name: "list_after_copy", Method: "GET", URL: "/api/developer_api_client_roles", WantStatus: 200},
		{Name: "list_paged", Method: "GET", URL: "/api/developer_api_client_roles?page=2&per_page=1", WantStatus: 200},
		{Name: "list_per_page_clamped", Method: "GET", URL: "/api/developer_api_client_roles?page=0&per_page=1000", WantStatus: 200},
		{Name: "list_no_token", Method: "GET", URL: "/api/developer_api_client_roles", Token: "-", WantStatus: 401},
		{Name: "e2_customer", Method: "POST", URL: "/api/managed_users", Body: `{"name":"Acme","notification_email":"ops@acme.test","external_id":"acme"}`, WantStatus: 200},
		{Name: "e2_list", Method: "GET", URL: "/api/v2/managed_users/Eacme/developer_api_client_roles", WantStatus: 200},
		{Name: "e2_copy", Method: "POST", URL: "/api/v2/managed_users/Eacme/developer_api_client_roles/4/copy", Body: `{"name":"Acme operator"}`, WantStatus: 200},
		{Name: "e2_copy_admin_workspace_role", Method: "POST", URL: "/api/v2/managed_users/Eacme/developer_api_client_roles/1/copy", Body: `{"name":"Stolen"}`, WantStatus: 404},
		{Name: "e2_list_other_account", Method: "GET", URL: "/api/v2/managed_users/Eacme/developer_api_client_roles", Token: tokenB, WantStatus: 404},
		{Name: "helper_disabled", Method: "POST", URL: "/_partnerd/developer_api_client_roles", Body: `{"name":"Ops"}`, WantStatus: 404},
	})
	e.Server.TestHelpers = true
	e.run(t, "client_roles", []scenario{
		{Name: "helper_create", Method: "POST", URL: "/_partnerd/developer_api_client_roles",
			Body: `{"name":"Clients only","privileges":{"Developer API clients":["write","read","read"],"Recipes":[]}}`, WantStatus: 200},
		{Name: "helper_create_no_privileges", Method: "POST", URL: "/_partnerd/developer_api_client_roles", Body: `{"name":"Nothing"}`, WantStatus: 200},
		{Name: "helper_unknown_family", Method: "POST", URL: "/_partnerd/developer_api_client_roles",
			Body: `{"name":"Bad","privileges":{"Everything":["read"]}}`, WantStatus: 400},
		{Name: "helper_unknown_verb", Method: "POST", URL: "/_partnerd/developer_api_client_roles",
			Body: `{"name":"Bad","privileges":{"Recipes":["run"]}}`, WantStatus: 400},
		{Name: "helper_privileges_wrong_type", Method: "POST", URL: "/_partnerd/developer_api_client_roles",
			Body: `{"name":"Bad","privileges":["Recipes"]}`, WantStatus: 400},
		{Name: "helper_missing_name", Method: "POST", URL: "/_partnerd/developer_api_client_roles", Body: `{"privileges":{}}`, WantStatus: 400},
		{Name: "helper_taken_name", Method: "POST", URL: "/_partnerd/developer_api_client_roles", Body: `{"name":"Admin"}`, WantStatus: 400},
		{Name: "helper_other_account", Method: "POST", URL: "/_partnerd/developer_api_client_roles", Body: `{"name":"Clients only"}`, Token: tokenB, WantStatus: 200},
		{Name: "helper_no_token", Method: "POST", URL: "/_partnerd/developer_api_client_roles", Body: `{"name":"X"}`, Token: "-", WantStatus: 401},
		{Name: "list_after_helper", Method: "GET", URL: "/api/developer_api_client_roles", WantStatus: 200},
	})
}
