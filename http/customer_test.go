package http_test

import (
	nethttp "net/http"
	"strconv"
	"testing"
)

func TestCustomers(t *testing.T) {
	e := newTestEnv(t, false)
	create := `{"name":"Acme","notification_email":"ops@acme.test","external_id":"acme/1","trial":"true","whitelisted_apps":["salesforce"]}`
	e.run(t, "customers", []scenario{
		{Name: "create", Method: "POST", URL: "/api/managed_users", Body: create, WantStatus: 200},
		{Name: "create_taken_external_id", Method: "POST", URL: "/api/managed_users", Body: create, WantStatus: 400},
		{Name: "create_missing_fields", Method: "POST", URL: "/api/managed_users", Body: `{}`, WantStatus: 400},
		{Name: "create_wrong_type", Method: "POST", URL: "/api/managed_users", Body: `{"name":["Acme"],"notification_email":"x@y.test"}`, WantStatus: 400},
		{Name: "create_malformed", Method: "POST", URL: "/api/managed_users", Body: `{"name":`, WantStatus: 400},
		{Name: "create_bad_email", Method: "POST", URL: "/api/managed_users", Body: `{"name":"B","notification_email":"not an email"}`, WantStatus: 400},
		{Name: "create_second", Method: "POST", URL: "/api/managed_users", Body: `{"name":"Beta","notification_email":"ops@beta.test","active_connection_limit":"5"}`, WantStatus: 200},
		{Name: "get_by_external_id", Method: "GET", URL: "/api/managed_users/Eacme%2F1", WantStatus: 200},
		{Name: "get_by_external_id_dev", Method: "GET", URL: "/api/managed_users/Eacme%2F1_dev", WantStatus: 200},
		{Name: "get_by_id", Method: "GET", URL: "/api/managed_users/4", WantStatus: 200},
		{Name: "get_test_environment", Method: "GET", URL: "/api/managed_users/4_test", WantStatus: 404},
		{Name: "get_unknown", Method: "GET", URL: "/api/managed_users/999", WantStatus: 404},
		{Name: "get_other_account", Method: "GET", URL: "/api/managed_users/4", Token: tokenB, WantStatus: 404},
		{Name: "get_no_token", Method: "GET", URL: "/api/managed_users/4", Token: "-", WantStatus: 401},
		{Name: "get_wrong_token", Method: "GET", URL: "/api/managed_users/4", Token: "wrkaus-wrong", WantStatus: 401},
		{Name: "update", Method: "PUT", URL: "/api/managed_users/Eacme%2F1", Body: `{"name":"Acme Corp","trial":false,"origin_url":"https://acme.test"}`, WantStatus: 200},
		{Name: "update_clear", Method: "PUT", URL: "/api/managed_users/Eacme%2F1", Body: `{"origin_url":null,"external_id":"acme-2"}`, WantStatus: 200},
		{Name: "update_blank_name", Method: "PUT", URL: "/api/managed_users/4", Body: `{"name":""}`, WantStatus: 400},
		{Name: "update_other_account", Method: "PUT", URL: "/api/managed_users/4", Body: `{"name":"Stolen"}`, Token: tokenB, WantStatus: 404},
		{Name: "list", Method: "GET", URL: "/api/managed_users", WantStatus: 200},
		{Name: "list_trailing_slash", Method: "GET", URL: "/api/managed_users/?per_page=1&page=2", WantStatus: 200},
		{Name: "list_other_account", Method: "GET", URL: "/api/managed_users", Token: tokenB, WantStatus: 200},
		{Name: "usage", Method: "GET", URL: "/api/managed_users/usage", WantStatus: 200},
		{Name: "delete_other_account", Method: "DELETE", URL: "/api/managed_users/Eacme-2", Token: tokenB, WantStatus: 404},
		{Name: "delete", Method: "DELETE", URL: "/api/managed_users/Eacme-2", WantStatus: 200},
		{Name: "get_deleted", Method: "GET", URL: "/api/managed_users/Eacme-2", WantStatus: 404},
		{Name: "update_without_id", Method: "PUT", URL: "/api/managed_users", Body: `{"name":"x"}`, WantStatus: 405},
		{Name: "no_route", Method: "GET", URL: "/api/nothing/here", WantStatus: 404},
	})
}

func TestAuthentication(t *testing.T) {
	e := newTestEnv(t, false)
	e.run(t, "auth", []scenario{
		{Name: "legacy_headers", Method: "GET", URL: "/api/managed_users", Token: "-",
			Header: map[string]string{"x-user-email": "A@partner.test", "X-USER-TOKEN": keyA}, WantStatus: 200},
		{Name: "legacy_query", Method: "GET", URL: "/api/managed_users?user_email=a@partner.test&user_token=" + keyA, Token: "-", WantStatus: 200},
		{Name: "legacy_wrong_key", Method: "GET", URL: "/api/managed_users?user_email=a@partner.test&user_token=nope", Token: "-", WantStatus: 401},
		{Name: "legacy_account_without_key", Method: "GET", URL: "/api/managed_users?user_email=b@partner.test&user_token=", Token: "-", WantStatus: 401},
		{Name: "bearer_lower_case", Method: "GET", URL: "/api/managed_users", Token: "-",
			Header: map[string]string{"authorization": "bearer " + tokenA}, WantStatus: 200},
		{Name: "healthz", Method: "GET", URL: "/healthz", Token: "-", WantStatus: 200},
		{Name: "readyz", Method: "GET", URL: "/readyz", Token: "-", WantStatus: 200},
	})
}

func TestRateLimit(t *testing.T) {
	e := newTestEnv(t, true)
	get := scenario{Method: "GET", URL: "/api/managed_users"}
	for i := 1; i <= 60; i++ {
		if status, body := e.do(get); status != 200 {
			t.Fatalf("request %d: %d %s", i, status, body)
		}
	}
	e.run(t, "ratelimit", []scenario{
		{Name: "61st", Method: "GET", URL: "/api/managed_users", WantStatus: 429},
		{Name: "other_account", Method: "GET", URL: "/api/managed_users", Token: tokenB, WantStatus: 200},
		{Name: "other_group", Method: "POST", URL: "/api/managed_users", Body: `{"name":"C","notification_email":"c@c.test"}`, WantStatus: 200},
	})
	req, _ := nethttp.NewRequest("GET", e.URL+"/api/managed_users", nil)
	req.Header.Set("Authorization", "Bearer "+tokenA)
	res, err := nethttp.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	retry, _ := strconv.Atoi(res.Header.Get("Retry-After"))
	if res.StatusCode != 429 || retry < 1 || retry > 60 || res.Header.Get("X-RateLimit-Limit") != "60" || res.Header.Get("X-RateLimit-Remaining") != "0" {
		t.Errorf("429 headers: %d %v", res.StatusCode, res.Header)
	}
}
