package http_test

import (
	"testing"

	"github.com/partnerd/partnerd"
)

// TestEnvironments provisions environments at creation (customer 3) and on
// an existing customer (6), reaches each environment by id and external
// id with its suffix, and checks that a client of one environment does not
// reach another.
func TestEnvironments(t *testing.T) {
	e := newTestEnv(t, false)
	e.run(t, "environments", []scenario{
		{Name: "create_provisioned", Method: "POST", URL: "/api/managed_users",
			Body: `{"name":"Acme","notification_email":"ops@acme.test","external_id":"acme","environments":true}`, WantStatus: 200},
		{Name: "create_plain", Method: "POST", URL: "/api/managed_users", Body: `{"name":"Beta","notification_email":"ops@beta.test","external_id":"beta"}`, WantStatus: 200},
		{Name: "list_only_customers", Method: "GET", URL: "/api/managed_users", WantStatus: 200},
		{Name: "get_dev", Method: "GET", URL: "/api/managed_users/3_dev", WantStatus: 200},
		{Name: "get_test", Method: "GET", URL: "/api/managed_users/3_test", WantStatus: 200},
		{Name: "get_prod", Method: "GET", URL: "/api/managed_users/3_prod", WantStatus: 200},
		{Name: "get_prod_by_external_id", Method: "GET", URL: "/api/managed_users/Eacme_prod", WantStatus: 200},
		{Name: "get_test_by_its_own_id", Method: "GET", URL: "/api/managed_users/4", WantStatus: 200},
		{Name: "get_test_other_account", Method: "GET", URL: "/api/managed_users/3_test", Token: tokenB, WantStatus: 404},
		{Name: "get_plain_test", Method: "GET", URL: "/api/managed_users/Ebeta_test", WantStatus: 404},
		{Name: "get_plain_dev", Method: "GET", URL: "/api/managed_users/Ebeta_dev", WantStatus: 200},
		{Name: "provision_existing", Method: "PUT", URL: "/api/managed_users/Ebeta", Body: `{"environments":true}`, WantStatus: 200},
		{Name: "provision_again", Method: "PUT", URL: "/api/managed_users/Ebeta", Body: `{"environments":"true"}`, WantStatus: 200},
		{Name: "provision_route_again", Method: "POST", URL: "/api/managed_users/Ebeta/environments", WantStatus: 200},
		{Name: "provision_route_test_environment", Method: "POST", URL: "/api/managed_users/3_test/environments", WantStatus: 400},
		{Name: "provision_route_other_account", Method: "POST", URL: "/api/managed_users/Ebeta/environments", Token: tokenB, WantStatus: 404},
		{Name: "unprovision", Method: "PUT", URL: "/api/managed_users/Ebeta", Body: `{"environments":false}`, WantStatus: 400},
		{Name: "provision_test_environment", Method: "PUT", URL: "/api/managed_users/3_test", Body: `{"environments":true}`, WantStatus: 400},
		{Name: "delete_test_environment", Method: "DELETE", URL: "/api/managed_users/3_test", WantStatus: 404},
		{Name: "connection_in_test", Method: "POST", URL: "/api/managed_users/3_test/connections", Body: `{"name":"Test CRM","provider":"salesforce"}`, WantStatus: 200},
		{Name: "connections_of_dev", Method: "GET", URL: "/api/managed_users/3/connections", WantStatus: 200},
		{Name: "connections_of_test", Method: "GET", URL: "/api/managed_users/Eacme_test/connections", WantStatus: 200},
	})

	// A client of the TEST environment sees TEST's connection and not DEV's.
	ctx := t.Context()
	devID, testID := int64(3), int64(4)
	if err := e.DB.CreateConnection(ctx, devID, &partnerd.Connection{Name: "Dev CRM", Provider: "salesforce"}); err != nil {
		t.Fatal(err)
	}
	const tokenTest, tokenDev = "wrkaus-env-test-token-00000000000000000000000000", "wrkaus-env-dev-token-000000000000000000000000000"
	for ws, token := range map[int64]string{testID: tokenTest, devID: tokenDev} {
		roles, _, err := e.DB.FindClientRoles(ctx, ws, partnerd.Page{Page: 1, PerPage: 10})
		if err != nil || len(roles) == 0 {
			t.Fatalf("roles of %d: %v %v", ws, roles, err)
		}
		e.mustCreateRoleClient(ws, roles[0].ID, "Env client", token)
	}
	e.run(t, "environments", []scenario{
		{Name: "test_client_connections", Method: "GET", URL: "/api/connections", Token: tokenTest, WantStatus: 200},
		{Name: "dev_client_connections", Method: "GET", URL: "/api/connections", Token: tokenDev, WantStatus: 200},
		{Name: "test_client_managed_users", Method: "GET", URL: "/api/managed_users/3_prod", Token: tokenTest, WantStatus: 403},
	})
}
