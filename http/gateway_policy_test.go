package http_test

import (
	"encoding/json"
	"testing"
)

// TestGatewayPolicies plays the API access policies: created, listed,
// attached to a client at its create, shown on the client, enforced per
// access profile (rate limit, then usage quota once the policy changes),
// kept within their workspace, and detached when deleted.
func TestGatewayPolicies(t *testing.T) {
	e := newTestEnv(t, false)
	creds := setupGateway(t, e)
	const base = "/apim/ws3/orders-v1"
	e.run(t, "api_policy", []scenario{
		{Name: "create", Method: "POST", URL: "/api/v2/managed_users/3/api_policies",
			Body: `{"name":"Gold","rate_limit_interval":"minute","rate_limit_requests":1,"quota_interval":"month","quota_requests":0}`, WantStatus: 200},
		{Name: "create_invalid", Method: "POST", URL: "/api/v2/managed_users/3/api_policies",
			Body: `{"name":"Bad","rate_limit_interval":"fortnight","quota_requests":-1}`, WantStatus: 400},
		{Name: "create_taken", Method: "POST", URL: "/api/v2/managed_users/3/api_policies", Body: `{"name":"Gold"}`, WantStatus: 400},
		{Name: "list", Method: "GET", URL: "/api/v2/managed_users/3/api_policies", WantStatus: 200},
		{Name: "get", Method: "GET", URL: "/api/v2/managed_users/3/api_policies/1", WantStatus: 200},
		{Name: "get_other_workspace", Method: "GET", URL: "/api/v2/managed_users/4/api_policies/1", Token: tokenB, WantStatus: 404},
		{Name: "client_other_workspace", Method: "POST", URL: "/api/v2/managed_users/4/api_clients",
			Body: `{"name":"Gold","auth_type":"token","api_collection_ids":[],"api_policy_id":1}`, Token: tokenB, WantStatus: 400},
		{Name: "client_create", Method: "POST", URL: "/api/v2/managed_users/3/api_clients",
			Body: `{"name":"Gold","auth_type":"token","api_collection_ids":[1],"api_policy_id":1}`, WantStatus: 200},
	})
	var list struct {
		Data []struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
		} `json:"data"`
	}
	json.Unmarshal(e.mustSend(t, scenario{Method: "GET", URL: "/api/v2/managed_users/3/api_clients"}), &list)
	var client int64
	for _, c := range list.Data {
		if c.Name == "Gold" {
			client = c.ID
		}
	}
	var k struct {
		Data struct {
			AuthToken string `json:"auth_token"`
		} `json:"data"`
	}
	json.Unmarshal(e.mustSend(t, scenario{Method: "POST", URL: "/api/v2/managed_users/3/api_clients/" + itoa(client) + "/api_keys",
		Body: `{"name":"key","active":true}`}), &k)
	gold := map[string]string{"API-TOKEN": k.Data.AuthToken}

	// The policy's rate limit holds the client's key, not another client's.
	e.run(t, "api_policy", []scenario{
		{Name: "call_first", Method: "POST", URL: base + "/orders/1", Token: "-", Header: gold, WantStatus: 201},
		{Name: "call_past_rate_limit", Method: "POST", URL: base + "/orders/2", Token: "-", Header: gold, WantStatus: 429},
	})
	if status, body := e.do(scenario{Method: "POST", URL: base + "/orders/3", Token: "-", Header: map[string]string{"API-TOKEN": creds["Mobile"]}}); status != 201 {
		t.Errorf("a client without the policy: %d %s", status, body)
	}

	// A change holds at once: a higher rate limit, and a quota of one call a day.
	e.run(t, "api_policy", []scenario{
		{Name: "update", Method: "PUT", URL: "/api/v2/managed_users/3/api_policies/1",
			Body: `{"rate_limit_requests":100,"quota_interval":"day","quota_requests":1}`, WantStatus: 200},
		{Name: "call_within_quota", Method: "POST", URL: base + "/orders/4", Token: "-", Header: gold, WantStatus: 201},
		{Name: "call_past_quota", Method: "POST", URL: base + "/orders/5", Token: "-", Header: gold, WantStatus: 429},
		{Name: "delete_other_workspace", Method: "DELETE", URL: "/api/v2/managed_users/4/api_policies/1", Token: tokenB, WantStatus: 404},
		{Name: "delete", Method: "DELETE", URL: "/api/v2/managed_users/3/api_policies/1", WantStatus: 200},
		{Name: "client_after_delete", Method: "GET", URL: "/api/v2/managed_users/3/api_clients/" + itoa(client), WantStatus: 200},
		{Name: "call_after_delete", Method: "POST", URL: base + "/orders/6", Token: "-", Header: gold, WantStatus: 201},
	})
}
