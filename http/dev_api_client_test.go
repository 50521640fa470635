package http_test

import (
	"encoding/json"
	"net/netip"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
)

// tokenValue matches the token value of a create or regenerate answer.
var tokenValue = regexp.MustCompile(`"value":"(wrkaus-[A-Za-z0-9_-]{43,})"`)

// runWithTokens plays scenarios like run, but replaces each token value in
// an answer with a placeholder before comparing it with its golden file,
// and returns the tokens by scenario name.
func (e *testEnv) runWithTokens(t *testing.T, resource string, scenarios []scenario) map[string]string {
	t.Helper()
	tokens := map[string]string{}
	for _, sc := range scenarios {
		status, body := e.do(sc)
		if status != sc.WantStatus {
			t.Errorf("%s: status %d, want %d; body %s", sc.Name, status, sc.WantStatus, body)
		}
		if m := tokenValue.FindSubmatch(body); m != nil {
			tokens[sc.Name] = string(m[1])
			body = tokenValue.ReplaceAll(body, []byte(`"value":"wrkaus-<token>"`))
		}
		checkGolden(t, filepath.Join("testdata", resource, sc.Name+".json"), body)
	}
	return tokens
}

func TestDevAPIClients(t *testing.T) {
	e := newTestEnv(t, false)
	seed := `{"name":"Test Client","api_privilege_group_id":1,"environment_name":"Development","all_folders":true,"ip_allow_list":"192.0.2.10,198.51.100.5"}`
	tokens := e.runWithTokens(t, "dev_api_clients", []scenario{
		{Name: "list_initial", Method: "GET", URL: "/api/developer_api_clients", WantStatus: 200},
		{Name: "create", Method: "POST", URL: "/api/developer_api_clients", Body: seed, WantStatus: 200},
		{Name: "create_restricted", Method: "POST", URL: "/api/developer_api_clients",
			Body: `{"name":" Restricted ","api_privilege_group_id":"1","all_folders":"false","folder_ids":["1"],"environment":"prod","ip_allow_list":["10.1.2.3/8"," 192.0.2.1 ","192.0.2.1"]}`, WantStatus: 200},
		{Name: "create_default_role", Method: "POST", URL: "/api/developer_api_clients", Body: `{"name":"Defaults","all_folders":true}`, WantStatus: 200},
		{Name: "create_environment_short_name", Method: "POST", URL: "/api/developer_api_clients", Body: `{"name":"Tester","all_folders":true,"environment_name":"test"}`, WantStatus: 200},
		{Name: "create_missing_all_folders", Method: "POST", URL: "/api/developer_api_clients", Body: `{"name":"X"}`, WantStatus: 400},
		{Name: "create_missing_folder_ids", Method: "POST", URL: "/api/developer_api_clients", Body: `{"name":"X","all_folders":false}`, WantStatus: 400},
		{Name: "create_missing_name", Method: "POST", URL: "/api/developer_api_clients", Body: `{"all_folders":true}`, WantStatus: 400},
		{Name: "create_empty_body", Method: "POST", URL: "/api/developer_api_clients", WantStatus: 400},
		{Name: "create_unknown_environment", Method: "POST", URL: "/api/developer_api_clients", Body: `{"name":"X","all_folders":true,"environment_name":"Staging"}`, WantStatus: 400},
		{Name: "create_bad_ip", Method: "POST", URL: "/api/developer_api_clients", Body: `{"name":"X","all_folders":true,"ip_allow_list":"10.0.0.1,nowhere"}`, WantStatus: 400},
		{Name: "create_ip_wrong_type", Method: "POST", URL: "/api/developer_api_clients", Body: `{"name":"X","all_folders":true,"ip_allow_list":42}`, WantStatus: 400},
		{Name: "create_unknown_role", Method: "POST", URL: "/api/developer_api_clients", Body: `{"name":"X","all_folders":true,"api_privilege_group_id":999}`, WantStatus: 400},
		{Name: "create_other_account_role", Method: "POST", URL: "/api/developer_api_clients", Body: `{"name":"X","all_folders":true,"api_privilege_group_id":2}`, WantStatus: 400},
		{Name: "create_wrong_type", Method: "POST", URL: "/api/developer_api_clients", Body: `{"name":"X","all_folders":"maybe"}`, WantStatus: 400},
		{Name: "create_malformed", Method: "POST", URL: "/api/developer_api_clients", Body: `{"name":`, WantStatus: 400},
		{Name: "get", Method: "GET", URL: "/api/developer_api_clients/3", WantStatus: 200},
		{Name: "get_restricted", Method: "GET", URL: "/api/developer_api_clients/4", WantStatus: 200},
		{Name: "get_unknown", Method: "GET", URL: "/api/developer_api_clients/999", WantStatus: 404},
		{Name: "get_not_a_number", Method: "GET", URL: "/api/developer_api_clients/abc", WantStatus: 404},
		{Name: "get_other_account", Method: "GET", URL: "/api/developer_api_clients/3", Token: tokenB, WantStatus: 404},
		{Name: "get_no_token", Method: "GET", URL: "/api/developer_api_clients/3", Token: "-", WantStatus: 401},
		{Name: "update", Method: "PUT", URL: "/api/developer_api_clients/3", Body: seed, WantStatus: 200},
		{Name: "update_keeps_absent_fields", Method: "PUT", URL: "/api/developer_api_clients/3", Body: `{"name":"Renamed","all_folders":true}`, WantStatus: 200},
		{Name: "update_missing_all_folders", Method: "PUT", URL: "/api/developer_api_clients/3", Body: `{"name":"Renamed again"}`, WantStatus: 400},
		{Name: "update_without_folder_ids", Method: "PUT", URL: "/api/developer_api_clients/3", Body: `{"all_folders":false}`, WantStatus: 400},
		{Name: "update_restrict", Method: "PUT", URL: "/api/developer_api_clients/3", Body: `{"all_folders":false,"folder_ids":[1],"environment":"TEST"}`, WantStatus: 200},
		{Name: "update_clear_ip_allow_list", Method: "PUT", URL: "/api/developer_api_clients/3", Body: `{"all_folders":false,"ip_allow_list":null}`, WantStatus: 200},
		{Name: "update_empty_ip_allow_list", Method: "PUT", URL: "/api/developer_api_clients/4", Body: `{"all_folders":true,"ip_allow_list":""}`, WantStatus: 200},
		{Name: "update_blank_name", Method: "PUT", URL: "/api/developer_api_clients/3", Body: `{"name":" ","all_folders":true}`, WantStatus: 400},
		{Name: "update_unknown_role", Method: "PUT", URL: "/api/developer_api_clients/3", Body: `{"all_folders":true,"api_privilege_group_id":2}`, WantStatus: 400},
		{Name: "update_other_account", Method: "PUT", URL: "/api/developer_api_clients/3", Body: seed, Token: tokenB, WantStatus: 404},
		{Name: "list", Method: "GET", URL: "/api/developer_api_clients", WantStatus: 200},
		{Name: "list_paged", Method: "GET", URL: "/api/developer_api_clients/?per_page=2&page=2", WantStatus: 200},
		{Name: "list_other_account", Method: "GET", URL: "/api/developer_api_clients", Token: tokenB, WantStatus: 200},
		{Name: "regenerate", Method: "POST", URL: "/api/developer_api_clients/5/regenerate", WantStatus: 200},
		{Name: "regenerate_unknown", Method: "POST", URL: "/api/developer_api_clients/999/regenerate", WantStatus: 404},
		{Name: "regenerate_other_account", Method: "POST", URL: "/api/developer_api_clients/5/regenerate", Token: tokenB, WantStatus: 404},
		{Name: "delete_self", Method: "DELETE", URL: "/api/developer_api_clients/1", WantStatus: 400},
		{Name: "delete_other_account", Method: "DELETE", URL: "/api/developer_api_clients/5", Token: tokenB, WantStatus: 404},
		{Name: "delete", Method: "DELETE", URL: "/api/developer_api_clients/5", WantStatus: 200},
		{Name: "get_deleted", Method: "GET", URL: "/api/developer_api_clients/5", WantStatus: 404},
		{Name: "delete_deleted", Method: "DELETE", URL: "/api/developer_api_clients/5", WantStatus: 404},

		// Clients of a customer workspace (E2).
		{Name: "e2_customer", Method: "POST", URL: "/api/managed_users", Body: `{"name":"Acme","notification_email":"ops@acme.test","external_id":"acme"}`, WantStatus: 200},
		{Name: "e2_list_empty", Method: "GET", URL: "/api/v2/managed_users/Eacme/developer_api_clients", WantStatus: 200},
		{Name: "e2_create_admin_role_of_account", Method: "POST", URL: "/api/v2/managed_users/Eacme/developer_api_clients", Body: seed, WantStatus: 400},
		{Name: "e2_create", Method: "POST", URL: "/api/v2/managed_users/Eacme/developer_api_clients", Body: `{"name":"Acme client","all_folders":true,"environment_name":"Production"}`, WantStatus: 200},
		{Name: "e2_get", Method: "GET", URL: "/api/v2/managed_users/3/developer_api_clients/7", WantStatus: 200},
		{Name: "e2_get_admin_client", Method: "GET", URL: "/api/v2/managed_users/3/developer_api_clients/3", WantStatus: 404},
		{Name: "e2_get_from_admin_route", Method: "GET", URL: "/api/developer_api_clients/7", WantStatus: 404},
		{Name: "e2_update", Method: "PUT", URL: "/api/v2/managed_users/Eacme/developer_api_clients/7", Body: `{"all_folders":true,"ip_allow_list":"127.0.0.1"}`, WantStatus: 200},
		{Name: "e2_list", Method: "GET", URL: "/api/v2/managed_users/Eacme/developer_api_clients", WantStatus: 200},
		{Name: "e2_regenerate", Method: "POST", URL: "/api/v2/managed_users/Eacme/developer_api_clients/7/regenerate", WantStatus: 200},
		{Name: "e2_other_account", Method: "GET", URL: "/api/v2/managed_users/Eacme/developer_api_clients", Token: tokenB, WantStatus: 404},
		{Name: "e2_delete_other_account", Method: "DELETE", URL: "/api/v2/managed_users/3/developer_api_clients/7", Token: tokenB, WantStatus: 404},
		{Name: "e2_delete", Method: "DELETE", URL: "/api/v2/managed_users/Eacme/developer_api_clients/7", WantStatus: 200},
		{Name: "e2_unknown_customer", Method: "GET", URL: "/api/v2/managed_users/999/developer_api_clients", WantStatus: 404},
	})
	for _, name := range []string{"create", "create_restricted", "create_default_role", "create_environment_short_name", "regenerate", "e2_create", "e2_regenerate"} {
		if tokens[name] == "" {
			t.Errorf("%s: no token value in the answer", name)
		}
	}
}

// call sends one request with a token and returns the status and the
// decoded body.
func (e *testEnv) call(method, url, body, token string, header map[string]string) (int, map[string]any) {
	e.t.Helper()
	status, b := e.do(scenario{Method: method, URL: url, Body: body, Token: token, Header: header})
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		e.t.Fatalf("%s %s: %v: %s", method, url, err, b)
	}
	return status, v
}

// mustCreateClient creates a client with the caller's token and returns
// its id and token.
func (e *testEnv) mustCreateClient(url, body, token string) (int64, string) {
	e.t.Helper()
	status, v := e.call("POST", url, body, token, nil)
	if status != 200 {
		e.t.Fatalf("create client: %d %v", status, v)
	}
	return clientOf(e.t, v)
}

// clientOf reads the id and token value of a create or regenerate answer.
func clientOf(t *testing.T, v map[string]any) (int64, string) {
	t.Helper()
	result, _ := v["result"].(map[string]any)
	token, _ := result["token"].(map[string]any)
	id, _ := result["id"].(float64)
	value, _ := token["value"].(string)
	if id == 0 || value == "" {
		t.Fatalf("no id or token in %v", v)
	}
	return int64(id), value
}

// wantStatus checks the status of one request.
func (e *testEnv) wantStatus(what, method, url, token string, header map[string]string, want int) {
	e.t.Helper()
	if status, v := e.call(method, url, "", token, header); status != want {
		e.t.Errorf("%s: %s %s: %d %v, want %d", what, method, url, status, v, want)
	}
}

func TestDevAPIClientTokens(t *testing.T) {
	e := newTestEnv(t, false)
	id, token := e.mustCreateClient("/api/developer_api_clients", `{"name":"CI","all_folders":true}`, tokenA)
	path := "/api/developer_api_clients/" + strconv.FormatInt(id, 10)
	e.wantStatus("the new token", "GET", "/api/managed_users", token, nil, 200)

	status, v := e.call("GET", path, "", tokenA, nil)
	if result, _ := v["result"].(map[string]any); status != 200 || result["token"].(map[string]any)["value"] != nil {
		t.Errorf("get shows a token value: %d %v", status, v)
	}
	status, v = e.call("GET", "/api/developer_api_clients", "", tokenA, nil)
	if b, _ := json.Marshal(v); status != 200 || tokenValue.Match(b) {
		t.Errorf("list shows a token value: %d %s", status, b)
	}

	status, v = e.call("POST", path+"/regenerate", "", tokenA, nil)
	if status != 200 {
		t.Fatalf("regenerate: %d %v", status, v)
	}
	_, regenerated := clientOf(t, v)
	e.wantStatus("the old token after regenerate", "GET", "/api/managed_users", token, nil, 401)
	e.wantStatus("the new token after regenerate", "GET", "/api/managed_users", regenerated, nil, 200)

	status, v = e.call("POST", path+"/regenerate", "", regenerated, nil)
	if status != 200 {
		t.Fatalf("regenerate with its own token: %d %v", status, v)
	}
	_, own := clientOf(t, v)
	e.wantStatus("the token that regenerated itself", "GET", "/api/managed_users", regenerated, nil, 401)
	e.wantStatus("the token regenerated by itself", "GET", "/api/managed_users", own, nil, 200)

	e.wantStatus("delete itself", "DELETE", path, own, nil, 400)
	e.wantStatus("the token after it tried to delete itself", "GET", "/api/managed_users", own, nil, 200)
	e.wantStatus("delete", "DELETE", path, tokenA, nil, 200)
	e.wantStatus("the token of a deleted client", "GET", "/api/managed_users", own, nil, 401)
	e.wantStatus("the deleting token", "GET", "/api/managed_users", tokenA, nil, 200)
}

func TestDevAPIClientPrivileges(t *testing.T) {
	e := newTestEnv(t, false)
	e.Server.TestHelpers = true
	status, v := e.call("POST", "/_partnerd/developer_api_client_roles",
		`{"name":"Clients only","privileges":{"Developer API clients":["read","write"]}}`, tokenA, nil)
	if status != 200 {
		t.Fatalf("create role: %d %v", status, v)
	}
	roleID := strconv.FormatInt(int64(v["id"].(float64)), 10)
	_, limited := e.mustCreateClient("/api/developer_api_clients",
		`{"name":"Limited","all_folders":true,"api_privilege_group_id":`+roleID+`}`, tokenA)

	e.wantStatus("a role without Customer workspaces", "GET", "/api/managed_users", limited, nil, 403)
	e.wantStatus("a role without Customer workspaces", "POST", "/api/managed_users", limited, nil, 403)
	e.wantStatus("a role with Developer API clients", "GET", "/api/developer_api_clients", limited, nil, 200)
	e.wantStatus("a role with Developer API clients", "GET", "/api/developer_api_client_roles", limited, nil, 200)
	e.wantStatus("a test helper with a non-Admin role", "POST", "/_partnerd/developer_api_client_roles", limited, nil, 403)

	// A client cannot mint, take over or remove a client stronger than itself.
	if status, v := e.call("POST", "/api/developer_api_clients", `{"name":"Escalate","all_folders":true,"api_privilege_group_id":1}`, limited, nil); status != 403 {
		t.Errorf("create an Admin client with a limited token: %d %v", status, v)
	}
	if status, v := e.call("POST", "/api/developer_api_clients", `{"name":"Escalate","all_folders":true}`, limited, nil); status != 403 {
		t.Errorf("create a client of the default role with a limited token: %d %v", status, v)
	}
	e.wantStatus("regenerate the Admin client with a limited token", "POST", "/api/developer_api_clients/1/regenerate", limited, nil, 403)
	e.wantStatus("delete the Admin client with a limited token", "DELETE", "/api/developer_api_clients/1", limited, nil, 403)
	if status, v := e.call("PUT", "/api/developer_api_clients/1", `{"all_folders":true,"ip_allow_list":"10.0.0.1"}`, limited, nil); status != 403 {
		t.Errorf("update the Admin client with a limited token: %d %v", status, v)
	}
	e.wantStatus("the Admin token after the attempts", "GET", "/api/managed_users", tokenA, nil, 200)

	id, peer := e.mustCreateClient("/api/developer_api_clients",
		`{"name":"Peer","all_folders":true,"api_privilege_group_id":"`+roleID+`"}`, limited)
	e.wantStatus("a client created by a limited token", "GET", "/api/developer_api_clients", peer, nil, 200)
	if status, v := e.call("PUT", "/api/developer_api_clients/"+strconv.FormatInt(id, 10), `{"all_folders":true,"api_privilege_group_id":1}`, limited, nil); status != 403 {
		t.Errorf("raise a client to Admin with a limited token: %d %v", status, v)
	}
	e.wantStatus("delete a peer", "DELETE", "/api/developer_api_clients/"+strconv.FormatInt(id, 10), limited, nil, 200)

	// A read-only role lists but does not change.
	status, v = e.call("POST", "/_partnerd/developer_api_client_roles",
		`{"name":"Read clients","privileges":{"Developer API clients":["read"]}}`, tokenA, nil)
	if status != 200 {
		t.Fatalf("create role: %d %v", status, v)
	}
	readID := strconv.FormatInt(int64(v["id"].(float64)), 10)
	_, reader := e.mustCreateClient("/api/developer_api_clients",
		`{"name":"Reader","all_folders":true,"api_privilege_group_id":`+readID+`}`, tokenA)
	e.wantStatus("a read-only role lists", "GET", "/api/developer_api_clients", reader, nil, 200)
	e.wantStatus("a read-only role creates", "POST", "/api/developer_api_clients", reader, nil, 403)
	e.wantStatus("a read-only role copies", "POST", "/api/developer_api_client_roles/1/copy", reader, nil, 403)
}

func TestDevAPIClientIPAllowList(t *testing.T) {
	e := newTestEnv(t, false)
	_, far := e.mustCreateClient("/api/developer_api_clients", `{"name":"Far","all_folders":true,"ip_allow_list":"10.0.0.1"}`, tokenA)
	_, local := e.mustCreateClient("/api/developer_api_clients", `{"name":"Local","all_folders":true,"ip_allow_list":["127.0.0.0/8"]}`, tokenA)
	forwarded := map[string]string{"X-Forwarded-For": "10.0.0.1"}

	e.wantStatus("10.0.0.1 from 127.0.0.1", "GET", "/api/managed_users", far, nil, 401)
	e.wantStatus("127.0.0.0/8 from 127.0.0.1", "GET", "/api/managed_users", local, nil, 200)
	e.wantStatus("an untrusted X-Forwarded-For", "GET", "/api/managed_users", far, forwarded, 401)

	e.Server.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	e.wantStatus("10.0.0.1 behind a trusted proxy", "GET", "/api/managed_users", far, forwarded, 200)
	e.wantStatus("127.0.0.0/8 behind a trusted proxy", "GET", "/api/managed_users", local, forwarded, 401)
	e.wantStatus("127.0.0.0/8 from the trusted proxy itself", "GET", "/api/managed_users", local, nil, 200)
}

func TestDevAPIClientRateLimit(t *testing.T) {
	e := newTestEnv(t, true)
	for i := 1; i <= 60; i++ {
		if status, body := e.do(scenario{Method: "GET", URL: "/api/developer_api_clients"}); status != 200 {
			t.Fatalf("request %d: %d %s", i, status, body)
		}
	}
	e.wantStatus("the 61st list in a minute", "GET", "/api/developer_api_clients", tokenA, nil, 429)
	e.wantStatus("another account", "GET", "/api/developer_api_clients", tokenB, nil, 200)
}

func TestDevAPIClientCustomerWorkspace(t *testing.T) {
	e := newTestEnv(t, false)
	status, v := e.call("POST", "/api/managed_users", `{"name":"Acme","notification_email":"ops@acme.test"}`, tokenA, nil)
	if status != 200 {
		t.Fatalf("create customer: %d %v", status, v)
	}
	mu := strconv.FormatInt(int64(v["id"].(float64)), 10)
	e2 := "/api/v2/managed_users/" + mu + "/developer_api_clients"
	id, customerToken := e.mustCreateClient(e2, `{"name":"Acme CI","all_folders":true}`, tokenA)
	_, adminClient := e.mustCreateClient("/api/developer_api_clients", `{"name":"Admin CI","all_folders":true}`, tokenA)

	ids := func(url, token string) []int64 {
		t.Helper()
		status, v := e.call("GET", url, "", token, nil)
		if status != 200 {
			t.Fatalf("GET %s: %d %v", url, status, v)
		}
		var out []int64
		for _, item := range v["result"].(map[string]any)["items"].([]any) {
			out = append(out, int64(item.(map[string]any)["id"].(float64)))
		}
		return out
	}
	if got := ids(e2, tokenA); len(got) != 1 || got[0] != id {
		t.Errorf("E2 list: %v, want [%d]", got, id)
	}
	for _, got := range ids("/api/developer_api_clients", tokenA) {
		if got == id {
			t.Errorf("the admin workspace lists the customer's client %d", id)
		}
	}
	if got := ids("/api/developer_api_clients", customerToken); len(got) != 1 || got[0] != id {
		t.Errorf("a customer token lists %v, want its own workspace [%d]", got, id)
	}
	status, v = e.call("GET", "/api/developer_api_client_roles", "", customerToken, nil)
	if items := v["result"].(map[string]any)["items"].([]any); status != 200 || len(items) != 1 || items[0].(map[string]any)["name"] != "Admin" || items[0].(map[string]any)["id"].(float64) == 1 {
		t.Errorf("a customer token lists roles %v, want the customer's own Admin", v)
	}

	clientPath := e2 + "/" + strconv.FormatInt(id, 10)
	for _, r := range []struct{ method, url string }{
		{"GET", e2}, {"POST", e2}, {"GET", clientPath}, {"PUT", clientPath}, {"DELETE", clientPath},
		{"POST", clientPath + "/regenerate"}, {"GET", "/api/v2/managed_users/" + mu + "/developer_api_client_roles"},
		{"POST", "/api/v2/managed_users/" + mu + "/developer_api_client_roles/1/copy"},
	} {
		e.wantStatus("another account on E2", r.method, r.url, tokenB, nil, 404)
		e.wantStatus("a customer token on E2", r.method, r.url, customerToken, nil, 403)
	}
	for _, r := range []struct{ method, url string }{
		{"GET", "/api/managed_users"}, {"POST", "/api/managed_users"}, {"GET", "/api/managed_users/usage"},
		{"GET", "/api/managed_users/" + mu}, {"PUT", "/api/managed_users/" + mu}, {"DELETE", "/api/managed_users/" + mu},
	} {
		e.wantStatus("a customer token on an Embedded route", r.method, r.url, customerToken, nil, 403)
	}
	e.wantStatus("an admin client token on an Embedded route", "GET", "/api/managed_users/"+mu, adminClient, nil, 200)
	e.wantStatus("the customer token on its own workspace", "GET", "/api/developer_api_clients/"+strconv.FormatInt(id, 10), customerToken, nil, 200)
	e.wantStatus("delete itself from inside", "DELETE", "/api/developer_api_clients/"+strconv.FormatInt(id, 10), customerToken, nil, 400)
	e.wantStatus("delete it from E2", "DELETE", clientPath, tokenA, nil, 200)
	e.wantStatus("a deleted customer client", "GET", "/api/developer_api_clients", customerToken, nil, 401)
}
