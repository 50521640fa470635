package http_test

import (
	"strings"
	"testing"
)

func TestCustomConnectors(t *testing.T) {
	e := newTestEnv(t, false)
	code := `{\n  title: 'Acme CRM',\n  connection: { fields: [{ name: 'api_key', control_type: 'password' }] }\n}`
	create := `{"title":" Acme CRM ","code":"` + code + `","description":"Our CRM","note":"first cut"}`
	e.run(t, "custom_connectors", []scenario{
		{Name: "list_initial", Method: "GET", URL: "/api/custom_connectors", WantStatus: 200},
		{Name: "create", Method: "POST", URL: "/api/custom_connectors", Body: create, WantStatus: 200},
		{Name: "create_named", Method: "POST", URL: "/api/custom_connectors", Body: `{"name":"acme_erp","title":"Acme ERP","code":"{}","unknown":1}`, WantStatus: 200},
		{Name: "create_name_taken", Method: "POST", URL: "/api/custom_connectors", Body: `{"title":"ACME crm","code":"{}"}`, WantStatus: 400},
		{Name: "create_shipped_name", Method: "POST", URL: "/api/custom_connectors", Body: `{"title":"Salesforce","code":"{}"}`, WantStatus: 400},
		{Name: "create_bad_name", Method: "POST", URL: "/api/custom_connectors", Body: `{"name":"Acme CRM","title":"Acme","code":"{}"}`, WantStatus: 400},
		{Name: "create_missing_fields", Method: "POST", URL: "/api/custom_connectors", Body: `{}`, WantStatus: 400},
		{Name: "create_empty_body", Method: "POST", URL: "/api/custom_connectors", WantStatus: 400},
		{Name: "create_null_fields", Method: "POST", URL: "/api/custom_connectors", Body: `{"title":null,"code":null}`, WantStatus: 400},
		{Name: "create_wrong_type", Method: "POST", URL: "/api/custom_connectors", Body: `{"title":"X","code":{"title":"X"}}`, WantStatus: 400},
		{Name: "create_malformed", Method: "POST", URL: "/api/custom_connectors", Body: `{"title":`, WantStatus: 400},
		{Name: "get", Method: "GET", URL: "/api/custom_connectors/1", WantStatus: 200},
		{Name: "get_unknown", Method: "GET", URL: "/api/custom_connectors/999", WantStatus: 404},
		{Name: "get_not_a_number", Method: "GET", URL: "/api/custom_connectors/abc", WantStatus: 404},
		{Name: "get_code", Method: "GET", URL: "/api/custom_connectors/1/code", WantStatus: 200},
		{Name: "get_code_unknown", Method: "GET", URL: "/api/custom_connectors/999/code", WantStatus: 404},
		{Name: "release", Method: "POST", URL: "/api/custom_connectors/1/release", WantStatus: 200},
		{Name: "update", Method: "PUT", URL: "/api/custom_connectors/1", Body: `{"title":"Acme CRM 2","code":"{ title: 'Acme CRM 2' }","description":null,"name":"ignored"}`, WantStatus: 200},
		{Name: "update_blank_title", Method: "PUT", URL: "/api/custom_connectors/1", Body: `{"title":" "}`, WantStatus: 400},
		{Name: "update_null_code", Method: "PUT", URL: "/api/custom_connectors/1", Body: `{"code":null}`, WantStatus: 400},
		{Name: "update_wrong_type", Method: "PUT", URL: "/api/custom_connectors/1", Body: `{"note":["x"]}`, WantStatus: 400},
		{Name: "update_unknown", Method: "PUT", URL: "/api/custom_connectors/999", Body: `{"title":"X"}`, WantStatus: 404},
		{Name: "release_with_note", Method: "POST", URL: "/api/custom_connectors/1/release", Body: `{"note":"second cut"}`, WantStatus: 200},
		{Name: "release_unknown", Method: "POST", URL: "/api/custom_connectors/999/release", WantStatus: 404},
		{Name: "release_malformed", Method: "POST", URL: "/api/custom_connectors/1/release", Body: `{"note":`, WantStatus: 400},
		{Name: "share", Method: "POST", URL: "/api/custom_connectors/1/oem_share/1", WantStatus: 200},
		{Name: "share_alias", Method: "POST", URL: "/api/custom_connectors/1/share_oem_version/2", WantStatus: 200},
		{Name: "share_unknown_version", Method: "POST", URL: "/api/custom_connectors/1/oem_share/3", WantStatus: 404},
		{Name: "share_bad_version", Method: "POST", URL: "/api/custom_connectors/1/oem_share/x", WantStatus: 404},
		{Name: "share_unreleased", Method: "POST", URL: "/api/custom_connectors/2/oem_share/1", WantStatus: 404},
		{Name: "list", Method: "GET", URL: "/api/custom_connectors", WantStatus: 200},
		{Name: "list_title", Method: "GET", URL: "/api/custom_connectors?title=crm", WantStatus: 200},
		{Name: "list_title_none", Method: "GET", URL: "/api/custom_connectors?title=nothing", WantStatus: 200},
		{Name: "list_shared", Method: "GET", URL: "/api/custom_connectors?oem_shared=true", WantStatus: 200},
		{Name: "list_not_shared", Method: "GET", URL: "/api/custom_connectors?oem_shared=False", WantStatus: 200},
		{Name: "list_bad_bool", Method: "GET", URL: "/api/custom_connectors?oem_shared=maybe", WantStatus: 400},
		{Name: "suppress", Method: "DELETE", URL: "/api/custom_connectors/1/suppress_oem_version", WantStatus: 200},
		{Name: "suppress_unknown", Method: "DELETE", URL: "/api/custom_connectors/999/suppress_oem_version", WantStatus: 404},
		{Name: "list_other_account", Method: "GET", URL: "/api/custom_connectors", Token: tokenB, WantStatus: 200},
		{Name: "no_token", Method: "GET", URL: "/api/custom_connectors", Token: "-", WantStatus: 401},
		{Name: "delete_not_allowed", Method: "DELETE", URL: "/api/custom_connectors/1", WantStatus: 405},
	})
}

// customConnectorRoutes are every custom connector route on connector 1.
var customConnectorRoutes = []struct{ method, url string }{
	{"GET", "/api/custom_connectors/1"}, {"GET", "/api/custom_connectors/1/code"},
	{"PUT", "/api/custom_connectors/1"}, {"POST", "/api/custom_connectors/1/release"},
	{"POST", "/api/custom_connectors/1/oem_share/1"}, {"POST", "/api/custom_connectors/1/share_oem_version/1"},
	{"DELETE", "/api/custom_connectors/1/suppress_oem_version"},
}

func TestCustomConnectorIsolation(t *testing.T) {
	e := newTestEnv(t, false)
	customerToken := e.mustCreateCustomerToken("Acme")
	e.mustShareCustomConnector("Acme CRM", tokenA)
	for _, r := range customConnectorRoutes {
		if status, v := e.call(r.method, r.url, `{"title":"Stolen","code":"x"}`, tokenB, nil); status != 404 || v["message"] != "Not found" {
			t.Errorf("another account: %s %s: %d %v, want 404", r.method, r.url, status, v)
		}
		if status, v := e.call(r.method, r.url, `{"title":"Stolen","code":"x"}`, customerToken, nil); status != 403 || v["message"] != "Forbidden" {
			t.Errorf("a customer token: %s %s: %d %v, want 403", r.method, r.url, status, v)
		}
	}
	for _, method := range []string{"GET", "POST"} {
		e.wantStatus("a customer token on the collection", method, "/api/custom_connectors", customerToken, nil, 403)
	}
	status, v := e.call("GET", "/api/custom_connectors/1", "", tokenA, nil)
	if status != 200 || v["title"] != "Acme CRM" || v["oem_shared_version"] != float64(1) {
		t.Errorf("A's connector after the attempts: %d %v", status, v)
	}
}

// TestCustomConnectorLargeCode checks that code past the 1 MiB limit of
// other bodies is accepted.
func TestCustomConnectorLargeCode(t *testing.T) {
	e := newTestEnv(t, false)
	big := strings.Repeat("# comment line\n", 200_000) // 3 MB
	body := `{"title":"Big","code":"` + strings.ReplaceAll(big, "\n", `\n`) + `"}`
	status, v := e.call("POST", "/api/custom_connectors", body, tokenA, nil)
	if status != 200 || v["code"] != big {
		t.Fatalf("create with 3 MB of code: %d", status)
	}
	status, v = e.call("PUT", "/api/custom_connectors/1", `{"code":"`+strings.ReplaceAll(big, "\n", `\n`)+`x"}`, tokenA, nil)
	if status != 200 || v["code"] != big+"x" {
		t.Fatalf("update with 3 MB of code: %d", status)
	}
	e.wantStatus("a release body past 1 MiB", "POST", "/api/custom_connectors/1/release", tokenA, nil, 200)
}
