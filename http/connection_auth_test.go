package http_test

import (
	"fmt"
	"testing"
)

// TestConnectionAuthorization plays how a connection's authorization is
// decided: without input it is a shell, whatever its connector requires;
// an OAuth connector is authorized by the test helper only; input that
// lacks required fields fails, naming them; and an update of other fields
// keeps a stored authorization.
func TestConnectionAuthorization(t *testing.T) {
	e := newConnectionEnv(t, false)
	e.Server.TestHelpers = true
	E := "/api/managed_users/Eacme/connections"
	group := fmt.Sprint(e.group.ID)
	e.run(t, "connections", []scenario{
		// Connections 1 to 7; acme_crm, without fields, is a connector of
		// account A's own workspace.
		{Name: "auth_oauth_without_input", Method: "POST", URL: E, Body: `{"provider":"hubspot"}`, WantStatus: 200},
		{Name: "auth_oauth_with_input", Method: "POST", URL: E, Body: `{"provider":"hubspot","input":{"environment":"sandbox"}}`, WantStatus: 200},
		{Name: "auth_no_fields_without_input", Method: "POST", URL: "/api/connections", Body: `{"provider":"acme_crm","input":{}}`, WantStatus: 200},
		{Name: "auth_no_fields_with_input", Method: "POST", URL: "/api/connections", Body: `{"provider":"acme_crm","input":{"region":"eu"}}`, WantStatus: 200},
		{Name: "auth_missing_field", Method: "POST", URL: E, Body: `{"provider":"jira","input":{"host":"acme.atlassian.net"}}`, WantStatus: 200},
		{Name: "auth_missing_fields", Method: "POST", URL: E, Body: `{"provider":"jira","input":{"api_token":" ","site":"x"}}`, WantStatus: 200},
		{Name: "auth_complete", Method: "POST", URL: E, Body: `{"provider":"jira","input":{"host":"acme.atlassian.net","api_token":"t"}}`, WantStatus: 200},

		// The OAuth connection 1 is authorized by the test helper, and stays so.
		{Name: "auth_oauth_helper", Method: "PUT", URL: "/_partnerd/connections/1/authorization", Body: `{"status":"success"}`, WantStatus: 200},
		{Name: "auth_oauth_update_group", Method: "PUT", URL: E + "/1", Body: `{"on_prem_group_id":` + group + `}`, WantStatus: 200},
		{Name: "auth_oauth_update_input", Method: "PUT", URL: E + "/1", Body: `{"input":{"environment":"production"},"on_prem_group_id":null}`, WantStatus: 200},
		{Name: "auth_oauth_update_shell", Method: "PUT", URL: E + "/1", Body: `{"shell_connection":true}`, WantStatus: 200},

		// The jira connection 7, authorized by its input, keeps it too.
		{Name: "auth_update_group", Method: "PUT", URL: E + "/7", Body: `{"on_prem_group_id":"` + group + `"}`, WantStatus: 200},
		{Name: "auth_update_group_empty_input", Method: "PUT", URL: E + "/7", Body: `{"on_prem_group_id":null,"input":{}}`, WantStatus: 200},
		// A missing field, filled in by an update.
		{Name: "auth_update_completes", Method: "PUT", URL: E + "/5", Body: `{"input":{"api_token":"t"}}`, WantStatus: 200},
		{Name: "auth_update_removes_field", Method: "PUT", URL: E + "/5", Body: `{"input":{"host":null}}`, WantStatus: 200},
	})
}
