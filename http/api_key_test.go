package http_test

import (
	"testing"
)

// TestAPIClientsV2 plays the v2 clients and their keys, in a customer
// workspace (E2) and in the caller's own (D). In customer 3, beside the
// collection 1, the legacy client 1 (v1) has the profile 1; the v2 clients
// 2 (token, Mobile) and 3 (jwt) get the keys 2 and 3. The v2 routes list
// the legacy client too, and the v1 routes the keys: one set of data.
func TestAPIClientsV2(t *testing.T) {
	e := newTestEnv(t, false)
	setupAPIPlatform(t, e)
	for _, sc := range []scenario{
		{Method: "POST", URL: "/api/managed_users/3/api_collections", Body: `{"name":"Sales API","project_id":2}`},
		{Method: "POST", URL: "/api/managed_users/3/api_clients", Body: `{"name":"Legacy app"}`},
		{Method: "POST", URL: "/api/managed_users/3/api_access_profiles", Body: `{"name":"Legacy token","api_client_id":1,"api_collection_ids":[1],"auth_type":"token"}`},
	} {
		if status, body := e.do(sc); status != 200 {
			t.Fatalf("setup %s %s: %d %s", sc.Method, sc.URL, status, body)
		}
	}
	const clients = "/api/v2/managed_users/Eacme/api_clients"
	seen := e.runSecrets(t, []scenario{
		{Name: "e2_clients_legacy_only", Method: "GET", URL: clients, WantStatus: 200},
		{Name: "e2_client_create", Method: "POST", URL: clients,
			Body: `{"name":"Mobile","description":"iOS app","auth_type":"token","api_collection_ids":["1"],"project_id":2}`, WantStatus: 200},
		{Name: "e2_client_create_jwt", Method: "POST", URL: clients,
			Body: `{"name":"Partner JWT","auth_type":"jwt","jwt_method":"hmac","jwt_secret":"s3cret","mtls_enabled":"true"}`, WantStatus: 200},
		{Name: "e2_client_create_no_auth_type", Method: "POST", URL: clients, Body: `{"name":"X"}`, WantStatus: 400},
		{Name: "e2_client_create_jwt_no_secret", Method: "POST", URL: clients, Body: `{"name":"X","auth_type":"jwt","jwt_method":"hmac"}`, WantStatus: 400},
		{Name: "e2_client_create_unknown_collection", Method: "POST", URL: clients, Body: `{"name":"X","auth_type":"token","api_collection_ids":[999]}`, WantStatus: 400},
		{Name: "e2_client_create_malformed", Method: "POST", URL: clients, Body: `[]`, WantStatus: 400},
		{Name: "e2_client_get", Method: "GET", URL: clients + "/2", WantStatus: 200},
		{Name: "e2_client_get_legacy", Method: "GET", URL: clients + "/1", WantStatus: 200},
		{Name: "e2_client_get_unknown", Method: "GET", URL: clients + "/999", WantStatus: 404},
		{Name: "e2_client_update", Method: "PUT", URL: clients + "/2", Body: `{"name":"Mobile 2","description":null,"mtls_enabled":true}`, WantStatus: 200},
		{Name: "e2_client_update_auth_type", Method: "PUT", URL: clients + "/2", Body: `{"auth_type":"oauth2"}`, WantStatus: 400},
		{Name: "e2_client_update_same_auth_type", Method: "PUT", URL: clients + "/3", Body: `{"auth_type":"JWT","jwt_secret":"new s3cret"}`, WantStatus: 200},
		{Name: "e2_client_update_unknown", Method: "PUT", URL: clients + "/999", Body: `{"name":"X"}`, WantStatus: 404},
		{Name: "e2_clients_paged", Method: "GET", URL: clients + "?page=1&per_page=2", WantStatus: 200},

		// Keys: auth_token in create and refresh_secret only.
		{Name: "e2_keys_empty", Method: "GET", URL: clients + "/2/api_keys", WantStatus: 200},
		{Name: "e2_key_create", Method: "POST", URL: clients + "/2/api_keys",
			Body: `{"name":"Production","active":true,"ip_allow_list":["10.0.0.1"],"ip_deny_list":"192.0.2.0/24"}`, WantStatus: 200},
		{Name: "e2_key_create_inactive", Method: "POST", URL: clients + "/3/api_keys", Body: `{"name":"Staging","active":"false"}`, WantStatus: 200},
		{Name: "e2_key_create_no_active", Method: "POST", URL: clients + "/2/api_keys", Body: `{}`, WantStatus: 400},
		{Name: "e2_key_create_blank_name", Method: "POST", URL: clients + "/2/api_keys", Body: `{"name":"","active":true}`, WantStatus: 400},
		{Name: "e2_key_create_bad_deny_list", Method: "POST", URL: clients + "/2/api_keys", Body: `{"name":"X","active":true,"ip_deny_list":["x"]}`, WantStatus: 400},
		{Name: "e2_key_create_unknown_client", Method: "POST", URL: clients + "/999/api_keys", Body: `{"name":"X","active":true}`, WantStatus: 404},
		{Name: "e2_key_create_legacy_client", Method: "POST", URL: clients + "/1/api_keys", Body: `{"name":"X","active":true}`, WantStatus: 400},
		{Name: "e2_keys", Method: "GET", URL: clients + "/2/api_keys", WantStatus: 200},
		{Name: "e2_keys_of_legacy_client", Method: "GET", URL: clients + "/1/api_keys", WantStatus: 200},
		{Name: "e2_keys_unknown_client", Method: "GET", URL: clients + "/999/api_keys", WantStatus: 404},
		{Name: "e2_key_update", Method: "PUT", URL: clients + "/2/api_keys/2", Body: `{"name":"Production 2","ip_allow_list":[]}`, WantStatus: 200},
		{Name: "e2_key_update_bad_ip", Method: "PUT", URL: clients + "/2/api_keys/2", Body: `{"ip_allow_list":"10.0.0.300"}`, WantStatus: 400},
		{Name: "e2_key_disable", Method: "PUT", URL: clients + "/2/api_keys/2/disable", WantStatus: 200},
		{Name: "e2_key_enable", Method: "PUT", URL: clients + "/2/api_keys/2/enable", WantStatus: 200},
		{Name: "e2_key_refresh", Method: "PUT", URL: clients + "/2/api_keys/2/refresh_secret", WantStatus: 200},
		{Name: "e2_key_refresh_jwt_client", Method: "PUT", URL: clients + "/3/api_keys/3/refresh_secret", WantStatus: 200},
		{Name: "e2_key_of_other_client", Method: "PUT", URL: clients + "/3/api_keys/2/enable", WantStatus: 404},
		{Name: "e2_key_unknown", Method: "PUT", URL: clients + "/2/api_keys/999/refresh_secret", WantStatus: 404},
		{Name: "e2_client_with_keys", Method: "GET", URL: clients + "/2", WantStatus: 200},

		// The v1 routes see the same clients and credentials.
		{Name: "e2_v1_clients", Method: "GET", URL: "/api/managed_users/Eacme/api_clients", WantStatus: 200},
		{Name: "e2_v1_profiles_of_v2_client", Method: "GET", URL: "/api/managed_users/Eacme/api_access_profiles?api_client_id=2", WantStatus: 200},
		{Name: "e2_v1_profile_create_on_v2_client", Method: "POST", URL: "/api/managed_users/Eacme/api_access_profiles",
			Body: `{"name":"X","api_client_id":2,"auth_type":"token"}`, WantStatus: 400},

		// Deletes.
		{Name: "e2_key_delete_of_other_client", Method: "DELETE", URL: clients + "/3/api_keys/2", WantStatus: 404},
		{Name: "e2_key_delete", Method: "DELETE", URL: clients + "/2/api_keys/2", WantStatus: 200},
		{Name: "e2_key_delete_again", Method: "DELETE", URL: clients + "/2/api_keys/2", WantStatus: 404},
		{Name: "e2_client_delete", Method: "DELETE", URL: clients + "/3", WantStatus: 200},
		{Name: "e2_client_delete_again", Method: "DELETE", URL: clients + "/3", WantStatus: 404},
		{Name: "e2_key_of_deleted_client", Method: "PUT", URL: clients + "/3/api_keys/3/enable", WantStatus: 404},
		{Name: "e2_clients_after", Method: "GET", URL: clients, WantStatus: 200},

		// Another account.
		{Name: "e2_other_account_clients", Method: "GET", URL: clients, Token: tokenB, WantStatus: 404},
		{Name: "e2_other_account_own_customer_client", Method: "GET", URL: "/api/v2/managed_users/4/api_clients/2", Token: tokenB, WantStatus: 404},
		{Name: "e2_other_account_key_refresh", Method: "PUT", URL: "/api/v2/managed_users/4/api_clients/2/api_keys/1/refresh_secret", Token: tokenB, WantStatus: 404},
		{Name: "e2_other_account_developer_client", Method: "GET", URL: "/api/v2/api_clients/2", Token: tokenB, WantStatus: 404},

		// The Developer family: the caller's own workspace.
		{Name: "d2_clients_empty", Method: "GET", URL: "/api/v2/api_clients", WantStatus: 200},
		{Name: "d2_client_create", Method: "POST", URL: "/api/v2/api_clients", Body: `{"name":"Own","auth_type":"oauth2"}`, WantStatus: 200},
		{Name: "d2_client_customer_collection", Method: "POST", URL: "/api/v2/api_clients", Body: `{"name":"X","auth_type":"token","api_collection_ids":[1]}`, WantStatus: 400},
		{Name: "d2_key_create", Method: "POST", URL: "/api/v2/api_clients/4/api_keys", Body: `{"name":"Own key","active":true}`, WantStatus: 200},
		{Name: "d2_key_refresh", Method: "PUT", URL: "/api/v2/api_clients/4/api_keys/4/refresh_secret", WantStatus: 200},
		{Name: "d2_keys", Method: "GET", URL: "/api/v2/api_clients/4/api_keys", WantStatus: 200},
		{Name: "d2_customer_client", Method: "GET", URL: "/api/v2/api_clients/2", WantStatus: 404},
		{Name: "d2_clients", Method: "GET", URL: "/api/v2/api_clients", WantStatus: 200},
		{Name: "d2_client_delete", Method: "DELETE", URL: "/api/v2/api_clients/4", WantStatus: 200},
	})

	for name, values := range seen {
		switch name {
		case "e2_key_create", "e2_key_create_inactive", "e2_key_refresh", "e2_key_refresh_jwt_client", "d2_key_create", "d2_key_refresh":
			if len(values) != 1 {
				t.Errorf("%s showed %d secrets", name, len(values))
			}
		default:
			t.Errorf("%s showed secrets %v", name, values)
		}
	}
	if seen["e2_key_refresh"][0] == seen["e2_key_create"][0] {
		t.Error("refresh_secret answered the token it replaced")
	}
}
