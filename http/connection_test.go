package http_test

import (
	"context"
	"fmt"
	nethttp "net/http"
	"strings"
	"testing"

	"github.com/partnerd/partnerd"
)

// fakeConnectors answers a fixed catalogue of its own, so that these tests
// do not depend on the shipped one, and passes every other call on.
type fakeConnectors struct {
	partnerd.ConnectorService
	accountA int64
}

// testCatalogue is the catalogue of fakeConnectors: acme_crm is a custom
// connector without fields that only account A shares with its customers,
// hubspot an OAuth connector.
var testCatalogue = map[string]*partnerd.Connector{
	"salesforce": {Name: "salesforce", Title: "Salesforce", RequiresConnection: true,
		InputFields: []partnerd.InputField{{Name: "user", Label: "User", Type: "string"},
			{Name: "password", Label: "Password", Type: "password"}, {Name: "sandbox", Label: "Sandbox", Type: "boolean", Optional: true}},
		PickLists: map[string][][2]string{"sobjects": {{"Account", "Account"}, {"Contact", "Contact"}}, "empty": nil}},
	"jira": {Name: "jira", Title: "Jira", RequiresConnection: true,
		InputFields: []partnerd.InputField{{Name: "host", Label: "Host"}, {Name: "api_token", Label: "API token"}}},
	"acme_crm": {Name: "acme_crm", Title: "Acme CRM", RequiresConnection: true},
	"hubspot": {Name: "hubspot", Title: "HubSpot", RequiresConnection: true, OAuth: true,
		InputFields: []partnerd.InputField{{Name: "environment", Label: "Environment", Optional: true}}},
}

func (f fakeConnectors) FindConnector(_ context.Context, accountID int64, name string) (*partnerd.Connector, error) {
	if c, ok := testCatalogue[name]; ok && (name != "acme_crm" || accountID == f.accountA) {
		return c, nil
	}
	return nil, partnerd.ErrNotFound()
}

// connectionEnv is a test environment with the fake catalogue, a customer
// "acme" of account A with a folder and an on-prem group, and a customer
// of account B with an on-prem group.
type connectionEnv struct {
	*testEnv
	customer, customerB *partnerd.Workspace
	folder              *partnerd.Folder
	group, groupB       *partnerd.OnPremGroup
}

func newConnectionEnv(t *testing.T, limits bool) *connectionEnv {
	t.Helper()
	e := &connectionEnv{testEnv: newTestEnv(t, limits)}
	e.Server.Connectors = fakeConnectors{ConnectorService: e.DB, accountA: e.AccountA.ID}
	ctx := context.Background()
	acme := "acme"
	e.customer = &partnerd.Workspace{Name: "Acme", ExternalID: &acme, NotificationEmail: "ops@acme.test",
		PlanID: partnerd.DefaultPlanID, TimeZone: partnerd.DefaultTimeZone, TeamName: "Acme"}
	e.customerB = &partnerd.Workspace{Name: "Beta", NotificationEmail: "ops@beta.test",
		PlanID: partnerd.DefaultPlanID, TimeZone: partnerd.DefaultTimeZone, TeamName: "Beta"}
	e.folder = &partnerd.Folder{Name: "Integrations"}
	e.group, e.groupB = &partnerd.OnPremGroup{Name: "Office"}, &partnerd.OnPremGroup{Name: "Their office"}
	for _, err := range []error{
		e.DB.CreateCustomer(ctx, e.AccountA.ID, e.customer),
		e.DB.CreateCustomer(ctx, e.AccountB.ID, e.customerB),
		e.DB.CreateFolder(ctx, e.customer.ID, e.folder),
		e.DB.CreateOnPremGroup(ctx, e.customer.ID, e.group),
		e.DB.CreateOnPremGroup(ctx, e.customerB.ID, e.groupB),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	return e
}

// TestConnections covers the Embedded family on a customer of account A.
// Connections 1 (authorized), 2 (a shell), 3 (jira, shell_connection, in
// the folder) and 4 (a child of 1) are created first.
func TestConnections(t *testing.T) {
	e := newConnectionEnv(t, false)
	E := "/api/managed_users/Eacme/connections"
	folder, group := fmt.Sprint(e.folder.ID), fmt.Sprint(e.group.ID)
	e.run(t, "connections", []scenario{
		{Name: "create_authorized", Method: "POST", URL: E, WantStatus: 200,
			Body: `{"provider":"salesforce","name":" Prod SF ","input":{"user":"jo","password":"hunter2","sandbox":false},"external_id":"u1"}`},
		{Name: "create_shell", Method: "POST", URL: E, Body: `{"provider":"salesforce","input":{"user":"jo","password":""}}`, WantStatus: 200},
		{Name: "create_shell_connection", Method: "POST", URL: E, WantStatus: 200,
			Body: `{"provider":"jira","input":{"host":"h","api_token":"t"},"shell_connection":"true","folder_id":"` + folder + `"}`},
		{Name: "create_child", Method: "POST", URL: E, WantStatus: 200,
			Body: `{"provider":"salesforce","name":"Child","parent_id":1,"on_prem_group_id":"` + group + `","folder_id":` + folder + `,"external_id":"u1"}`},
		{Name: "create_missing_provider", Method: "POST", URL: E, Body: `{"name":"X"}`, WantStatus: 400},
		{Name: "create_empty_body", Method: "POST", URL: E, WantStatus: 400},
		{Name: "create_unknown_provider", Method: "POST", URL: E, Body: `{"provider":"nope"}`, WantStatus: 400},
		{Name: "create_input_wrong_type", Method: "POST", URL: E, Body: `{"provider":"salesforce","input":"user=jo"}`, WantStatus: 400},
		{Name: "create_shell_wrong_type", Method: "POST", URL: E, Body: `{"provider":"salesforce","shell_connection":"perhaps"}`, WantStatus: 400},
		{Name: "create_malformed", Method: "POST", URL: E, Body: `{"provider":`, WantStatus: 400},
		{Name: "create_unknown_folder", Method: "POST", URL: E, Body: `{"provider":"jira","folder_id":999}`, WantStatus: 400},
		{Name: "create_zero_folder", Method: "POST", URL: E, Body: `{"provider":"jira","folder_id":0}`, WantStatus: 400},
		{Name: "create_folder_of_other_workspace", Method: "POST", URL: E, Body: fmt.Sprintf(`{"provider":"jira","folder_id":%d}`, e.AccountA.RootFolderID), WantStatus: 400},
		{Name: "create_unknown_parent", Method: "POST", URL: E, Body: `{"provider":"jira","parent_id":999}`, WantStatus: 400},
		{Name: "create_parent_other_provider", Method: "POST", URL: E, Body: `{"provider":"jira","parent_id":1}`, WantStatus: 400},
		{Name: "create_bad_on_prem_group", Method: "POST", URL: E, Body: `{"provider":"jira","on_prem_group_id":"x"}`, WantStatus: 400},
		{Name: "create_on_prem_group_of_other_account", Method: "POST", URL: E, Body: fmt.Sprintf(`{"provider":"jira","on_prem_group_id":%d}`, e.groupB.ID), WantStatus: 400},
		{Name: "create_unknown_on_prem_group", Method: "POST", URL: E, Body: `{"provider":"jira","on_prem_group_id":999}`, WantStatus: 400},
		{Name: "create_negative_on_prem_group", Method: "POST", URL: E, Body: `{"provider":"jira","on_prem_group_id":-3}`, WantStatus: 400},
		{Name: "create_other_account", Method: "POST", URL: E, Body: `{"provider":"jira"}`, Token: tokenB, WantStatus: 404},
		{Name: "create_no_token", Method: "POST", URL: E, Body: `{"provider":"jira"}`, Token: "-", WantStatus: 401},

		{Name: "list", Method: "GET", URL: E, WantStatus: 200},
		{Name: "list_provider", Method: "GET", URL: E + "?provider=jira", WantStatus: 200},
		{Name: "list_folder", Method: "GET", URL: E + "?folder_id=" + folder, WantStatus: 200},
		{Name: "list_parent", Method: "GET", URL: E + "?parent_id=1", WantStatus: 200},
		{Name: "list_external_id", Method: "GET", URL: E + "?external_id=u1&provider=salesforce", WantStatus: 200},
		{Name: "list_include_runtime", Method: "GET", URL: E + "?include_runtime_connections=True&per_page=2", WantStatus: 200},
		{Name: "list_include_runtime_bad", Method: "GET", URL: E + "?include_runtime_connections=maybe", WantStatus: 400},
		{Name: "list_folder_bad", Method: "GET", URL: E + "?folder_id=home", WantStatus: 400},
		{Name: "list_paged", Method: "GET", URL: E + "/?per_page=1&page=2", WantStatus: 200},
		{Name: "list_other_account", Method: "GET", URL: E, Token: tokenB, WantStatus: 404},

		{Name: "update_input_completes", Method: "PUT", URL: E + "/2", Body: `{"input":{"password":"p"}}`, WantStatus: 200},
		{Name: "update_rename_and_clear", Method: "PUT", URL: E + "/4", Body: `{"name":"Renamed","external_id":null,"parent_id":null,"on_prem_group_id":null,"folder_id":null}`, WantStatus: 200},
		{Name: "update_same_provider", Method: "PUT", URL: E + "/4", Body: `{"provider":"salesforce","parent_id":"2"}`, WantStatus: 200},
		{Name: "update_shell", Method: "PUT", URL: E + "/2", Body: `{"shell_connection":true}`, WantStatus: 200},
		{Name: "update_unshell", Method: "PUT", URL: E + "/2", Body: `{"shell_connection":false}`, WantStatus: 200},
		{Name: "update_remove_input", Method: "PUT", URL: E + "/2", Body: `{"input":{"user":null}}`, WantStatus: 200},
		{Name: "update_blank_name", Method: "PUT", URL: E + "/1", Body: `{"name":" "}`, WantStatus: 400},
		{Name: "update_provider", Method: "PUT", URL: E + "/1", Body: `{"provider":"jira"}`, WantStatus: 400},
		{Name: "update_unknown_folder", Method: "PUT", URL: E + "/1", Body: `{"folder_id":999}`, WantStatus: 400},
		{Name: "update_parent_itself", Method: "PUT", URL: E + "/1", Body: `{"parent_id":1}`, WantStatus: 400},
		{Name: "update_parent_child", Method: "PUT", URL: E + "/2", Body: `{"parent_id":4}`, WantStatus: 400},
		{Name: "update_on_prem_group_of_other_account", Method: "PUT", URL: E + "/1", Body: fmt.Sprintf(`{"on_prem_group_id":%d}`, e.groupB.ID), WantStatus: 400},
		{Name: "update_input_wrong_type", Method: "PUT", URL: E + "/1", Body: `{"input":[1]}`, WantStatus: 400},
		{Name: "update_unknown", Method: "PUT", URL: E + "/999", Body: `{"name":"X"}`, WantStatus: 404},
		{Name: "update_not_a_number", Method: "PUT", URL: E + "/abc", Body: `{"name":"X"}`, WantStatus: 404},
		{Name: "update_other_account", Method: "PUT", URL: E + "/1", Body: `{"name":"Stolen"}`, Token: tokenB, WantStatus: 404},

		{Name: "pick_list", Method: "POST", URL: E + "/1/pick_list", Body: `{"pick_list_name":"sobjects","pick_list_params":{"sobject_name":"Invoice__c"}}`, WantStatus: 200},
		{Name: "pick_list_alias", Method: "POST", URL: "/managed_users/Eacme/connections/1/pick_list", Body: `{"pick_list_name":"sobjects"}`, WantStatus: 200},
		{Name: "pick_list_empty", Method: "POST", URL: E + "/1/pick_list", Body: `{"pick_list_name":"empty"}`, WantStatus: 200},
		{Name: "pick_list_missing_name", Method: "POST", URL: E + "/1/pick_list", Body: `{}`, WantStatus: 400},
		{Name: "pick_list_unknown_name", Method: "POST", URL: E + "/1/pick_list", Body: `{"pick_list_name":"nope"}`, WantStatus: 400},
		{Name: "pick_list_params_wrong_type", Method: "POST", URL: E + "/1/pick_list", Body: `{"pick_list_name":"sobjects","pick_list_params":"x"}`, WantStatus: 400},
		{Name: "pick_list_not_authorized", Method: "POST", URL: E + "/3/pick_list", Body: `{"pick_list_name":"sobjects"}`, WantStatus: 400},
		{Name: "pick_list_unknown", Method: "POST", URL: E + "/999/pick_list", Body: `{"pick_list_name":"sobjects"}`, WantStatus: 404},
		{Name: "pick_list_other_account", Method: "POST", URL: E + "/1/pick_list", Body: `{"pick_list_name":"sobjects"}`, Token: tokenB, WantStatus: 404},
		{Name: "pick_list_alias_other_account", Method: "POST", URL: "/managed_users/Eacme/connections/1/pick_list", Body: `{"pick_list_name":"sobjects"}`, Token: tokenB, WantStatus: 404},

		{Name: "disconnect", Method: "POST", URL: E + "/1/disconnect", WantStatus: 200},
		{Name: "disconnect_unknown", Method: "POST", URL: E + "/999/disconnect", WantStatus: 404},
		{Name: "disconnect_other_account", Method: "POST", URL: E + "/1/disconnect", Token: tokenB, WantStatus: 404},
		{Name: "list_after_disconnect", Method: "GET", URL: E + "?provider=salesforce", WantStatus: 200},

		{Name: "delete_other_account", Method: "DELETE", URL: E + "/2", Token: tokenB, WantStatus: 404},
		{Name: "delete", Method: "DELETE", URL: E + "/2", WantStatus: 200},
		{Name: "delete_again", Method: "DELETE", URL: E + "/2", WantStatus: 404},
		{Name: "list_after_delete", Method: "GET", URL: E, WantStatus: 200},
	})
}

// TestConnectionsDeveloper covers the Developer family: account A's own
// workspace, and a customer workspace through a client of its own.
func TestConnectionsDeveloper(t *testing.T) {
	e := newConnectionEnv(t, false)
	ctx := context.Background()
	roles, _, err := e.DB.FindClientRoles(ctx, e.customer.ID, partnerd.Page{Page: 1, PerPage: 10})
	if err != nil || len(roles) == 0 {
		t.Fatalf("customer roles: %v, %v", roles, err)
	}
	const tokenCustomer = "wrkaus-customer-token-00000000000000000000000000"
	if err := e.DB.CreateDevAPIClient(ctx, e.customer.ID, &partnerd.DevAPIClient{Name: "Customer client",
		RoleID: roles[0].ID, AllFolders: true, TokenHash: partnerd.HashSecret(tokenCustomer)}); err != nil {
		t.Fatal(err)
	}
	if err := e.DB.CreateConnection(ctx, e.customer.ID, &partnerd.Connection{Name: "Customer's", Provider: "jira"}); err != nil {
		t.Fatal(err)
	}
	e.run(t, "connections", []scenario{
		{Name: "dev_create", Method: "POST", URL: "/api/connections", Body: `{"provider":"acme_crm"}`, WantStatus: 200},
		{Name: "dev_create_shell", Method: "POST", URL: "/api/connections", Body: `{"provider":"salesforce","name":"Dev SF"}`, WantStatus: 200},
		{Name: "dev_create_missing_provider", Method: "POST", URL: "/api/connections", Body: `null`, WantStatus: 400},
		{Name: "dev_create_custom_of_other_account", Method: "POST", URL: "/api/connections", Body: `{"provider":"acme_crm"}`, Token: tokenB, WantStatus: 400},
		{Name: "dev_list", Method: "GET", URL: "/api/connections", WantStatus: 200},
		{Name: "dev_list_other_account", Method: "GET", URL: "/api/connections", Token: tokenB, WantStatus: 200},
		{Name: "dev_list_customer", Method: "GET", URL: "/api/connections", Token: tokenCustomer, WantStatus: 200},
		{Name: "dev_update", Method: "PUT", URL: "/api/connections/3", Body: `{"input":{"user":"jo","password":"p"},"name":"Dev SF 2"}`, WantStatus: 200},
		{Name: "dev_update_other_account", Method: "PUT", URL: "/api/connections/3", Body: `{"name":"Stolen"}`, Token: tokenB, WantStatus: 404},
		{Name: "dev_update_from_customer", Method: "PUT", URL: "/api/connections/3", Body: `{"name":"Stolen"}`, Token: tokenCustomer, WantStatus: 404},
		{Name: "dev_pick_list", Method: "POST", URL: "/api/connections/3/pick_list", Body: `{"pick_list_name":"sobjects"}`, WantStatus: 200},
		{Name: "dev_pick_list_other_account", Method: "POST", URL: "/api/connections/3/pick_list", Body: `{"pick_list_name":"sobjects"}`, Token: tokenB, WantStatus: 404},
		{Name: "dev_disconnect", Method: "POST", URL: "/api/connections/3/disconnect", WantStatus: 200},
		{Name: "dev_disconnect_other_account", Method: "POST", URL: "/api/connections/3/disconnect", Token: tokenB, WantStatus: 404},
		{Name: "dev_delete_other_account", Method: "DELETE", URL: "/api/connections/3", Token: tokenB, WantStatus: 404},
		{Name: "dev_delete", Method: "DELETE", URL: "/api/connections/3", WantStatus: 200},
		{Name: "dev_list_after_delete", Method: "GET", URL: "/api/connections", WantStatus: 200},
		{Name: "dev_customer_token_on_embedded", Method: "GET", URL: "/api/managed_users/Eacme/connections", Token: tokenCustomer, WantStatus: 403},
	})
}

// TestConnectionsFolderScope checks that a client limited to one folder of
// the admin workspace sees and changes the connections there alone.
func TestConnectionsFolderScope(t *testing.T) {
	e := newConnectionEnv(t, false)
	ctx := context.Background()
	a := e.AccountA.ID
	mine, theirs := &partnerd.Folder{Name: "Mine"}, &partnerd.Folder{Name: "Theirs"}
	for _, f := range []*partnerd.Folder{mine, theirs} {
		if err := e.DB.CreateFolder(ctx, a, f); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []*partnerd.Connection{
		{Name: "In mine", Provider: "salesforce", FolderID: mine.ID, Input: partnerd.ConnectionInput{"user": "u", "password": "p"}},
		{Name: "In theirs", Provider: "salesforce", FolderID: theirs.ID},
	} {
		c.Authorize(testCatalogue[c.Provider], false, testNow)
		if err := e.DB.CreateConnection(ctx, a, c); err != nil {
			t.Fatal(err)
		}
	}
	roles, _, err := e.DB.FindClientRoles(ctx, a, partnerd.Page{Page: 1, PerPage: 10})
	if err != nil || len(roles) == 0 {
		t.Fatalf("roles: %v, %v", roles, err)
	}
	const tokenScoped = "wrkaus-scoped-token-0000000000000000000000000000"
	if err := e.DB.CreateDevAPIClient(ctx, a, &partnerd.DevAPIClient{Name: "Scoped", RoleID: roles[0].ID,
		FolderIDs: []int64{mine.ID}, TokenHash: partnerd.HashSecret(tokenScoped)}); err != nil {
		t.Fatal(err)
	}
	e.run(t, "connections", []scenario{
		{Name: "scope_list", Method: "GET", URL: "/api/connections", Token: tokenScoped, WantStatus: 200},
		{Name: "scope_list_their_folder", Method: "GET", URL: fmt.Sprintf("/api/connections?folder_id=%d", theirs.ID), Token: tokenScoped, WantStatus: 200},
		{Name: "scope_update_theirs", Method: "PUT", URL: "/api/connections/2", Body: `{"name":"x"}`, Token: tokenScoped, WantStatus: 404},
		{Name: "scope_disconnect_theirs", Method: "POST", URL: "/api/connections/2/disconnect", Token: tokenScoped, WantStatus: 404},
		{Name: "scope_pick_list_theirs", Method: "POST", URL: "/api/connections/2/pick_list", Body: `{"pick_list_name":"sobjects"}`, Token: tokenScoped, WantStatus: 404},
		{Name: "scope_delete_theirs", Method: "DELETE", URL: "/api/connections/2", Token: tokenScoped, WantStatus: 404},
		{Name: "scope_pick_list_mine", Method: "POST", URL: "/api/connections/1/pick_list", Body: `{"pick_list_name":"sobjects"}`, Token: tokenScoped, WantStatus: 200},
		{Name: "scope_create_at_home", Method: "POST", URL: "/api/connections", Body: `{"provider":"jira"}`, Token: tokenScoped, WantStatus: 400},
		{Name: "scope_create_in_theirs", Method: "POST", URL: "/api/connections", Body: fmt.Sprintf(`{"provider":"jira","folder_id":%d}`, theirs.ID), Token: tokenScoped, WantStatus: 400},
		{Name: "scope_create_in_mine", Method: "POST", URL: "/api/connections", Body: fmt.Sprintf(`{"provider":"jira","folder_id":%d}`, mine.ID), Token: tokenScoped, WantStatus: 200},
		{Name: "scope_move_out", Method: "PUT", URL: "/api/connections/1", Body: fmt.Sprintf(`{"folder_id":%d}`, theirs.ID), Token: tokenScoped, WantStatus: 400},
		{Name: "scope_list_unlimited", Method: "GET", URL: "/api/connections", WantStatus: 200},
	})
}

// TestConnectionAuthorizationHelper covers PUT /_partnerd/connections/{id}/authorization.
func TestConnectionAuthorizationHelper(t *testing.T) {
	e := newConnectionEnv(t, false)
	ctx := context.Background()
	for _, w := range []int64{e.customer.ID, e.AccountA.ID, e.customerB.ID} {
		if err := e.DB.CreateConnection(ctx, w, &partnerd.Connection{Name: "Shell", Provider: "jira"}); err != nil {
			t.Fatal(err)
		}
	}
	helper := "/_partnerd/connections/"
	e.run(t, "connections", []scenario{
		{Name: "helper_disabled", Method: "PUT", URL: helper + "1/authorization", Body: `{"status":"success"}`, WantStatus: 404},
	})
	e.Server.TestHelpers = true
	e.run(t, "connections", []scenario{
		{Name: "helper_success", Method: "PUT", URL: helper + "1/authorization", Body: `{"status":"success","error":"ignored"}`, WantStatus: 200},
		{Name: "helper_failed", Method: "PUT", URL: helper + "1/authorization", Body: `{"status":"failed","error":"Invalid password"}`, WantStatus: 200},
		{Name: "helper_failed_without_error", Method: "PUT", URL: helper + "2/authorization", Body: `{"status":"failed"}`, WantStatus: 200},
		{Name: "helper_admin_workspace", Method: "PUT", URL: helper + "2/authorization", Body: `{"status":"success"}`, WantStatus: 200},
		{Name: "helper_bad_status", Method: "PUT", URL: helper + "1/authorization", Body: `{"status":"ok"}`, WantStatus: 400},
		{Name: "helper_missing_status", Method: "PUT", URL: helper + "1/authorization", Body: `{}`, WantStatus: 400},
		{Name: "helper_other_account", Method: "PUT", URL: helper + "3/authorization", Body: `{"status":"success"}`, WantStatus: 404},
		{Name: "helper_unknown", Method: "PUT", URL: helper + "999/authorization", Body: `{"status":"success"}`, WantStatus: 404},
		{Name: "helper_no_token", Method: "PUT", URL: helper + "1/authorization", Body: `{"status":"success"}`, Token: "-", WantStatus: 401},
		{Name: "helper_then_list", Method: "GET", URL: "/api/managed_users/Eacme/connections", WantStatus: 200},
	})
}

// TestConnectionRateLimits checks the groups of behaviors §6: 1000 a
// minute for the list, 60 for every other route, pick lists included.
func TestConnectionRateLimits(t *testing.T) {
	e := newConnectionEnv(t, true)
	if err := e.DB.CreateConnection(context.Background(), e.customer.ID, &partnerd.Connection{Name: "C", Provider: "jira"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		method, path, body string
		want               string
	}{
		{"GET", "/api/managed_users/Eacme/connections", "", "1000"},
		{"GET", "/api/connections", "", "1000"},
		{"POST", "/api/managed_users/Eacme/connections", `{"provider":"jira"}`, "60"},
		{"PUT", "/api/managed_users/Eacme/connections/1", `{}`, "60"},
		{"POST", "/api/managed_users/Eacme/connections/1/pick_list", `{"pick_list_name":"x"}`, "60"},
		{"POST", "/managed_users/Eacme/connections/1/pick_list", `{"pick_list_name":"x"}`, "60"},
		{"POST", "/api/connections/1/pick_list", `{"pick_list_name":"x"}`, "60"},
	} {
		req, err := nethttp.NewRequest(tc.method, e.URL+tc.path, strings.NewReader(tc.body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+tokenA)
		res, err := nethttp.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if got := res.Header.Get("X-RateLimit-Limit"); got != tc.want {
			t.Errorf("%s %s: X-RateLimit-Limit %q, want %s", tc.method, tc.path, got, tc.want)
		}
	}
}
