package http_test

import (
	"encoding/json"
	"strconv"
	"testing"

	"github.com/partnerd/partnerd"
)

// mustCreateCustomerToken creates a customer workspace of account A and a
// client inside it, and returns the client's token.
func (e *testEnv) mustCreateCustomerToken(name string) string {
	e.t.Helper()
	status, v := e.call("POST", "/api/managed_users", `{"name":"`+name+`","notification_email":"ops@example.test"}`, tokenA, nil)
	if status != 200 {
		e.t.Fatalf("create customer: %d %v", status, v)
	}
	mu := strconv.FormatInt(int64(v["id"].(float64)), 10)
	_, token := e.mustCreateClient("/api/v2/managed_users/"+mu+"/developer_api_clients", `{"name":"inside","all_folders":true}`, tokenA)
	return token
}

// mustShareCustomConnector creates, releases and shares a custom connector
// with the token's account.
func (e *testEnv) mustShareCustomConnector(title, token string) {
	e.t.Helper()
	status, v := e.call("POST", "/api/custom_connectors", `{"title":"`+title+`","code":"{ title: '`+title+`' }"}`, token, nil)
	if status != 200 {
		e.t.Fatalf("create custom connector: %d %v", status, v)
	}
	path := "/api/custom_connectors/" + strconv.FormatInt(int64(v["id"].(float64)), 10)
	e.wantStatus("release", "POST", path+"/release", token, nil, 200)
	e.wantStatus("share", "POST", path+"/oem_share/1", token, nil, 200)
}

func TestConnectors(t *testing.T) {
	e := newTestEnv(t, false)
	customerToken := e.mustCreateCustomerToken("Acme")
	e.mustShareCustomConnector("Acme CRM", tokenA)
	if status, v := e.call("POST", "/api/custom_connectors", `{"title":"Draft CRM","code":"{ title: 'Draft CRM' }"}`, tokenA, nil); status != 200 {
		t.Fatalf("create custom connector: %d %v", status, v)
	}
	e.run(t, "connectors", []scenario{
		{Name: "list_filtered", Method: "GET", URL: "/api/integrations?applications=salesforce,oracle", WantStatus: 200},
		{Name: "list_filtered_brackets", Method: "GET", URL: "/api/integrations?applications[]=jira&applications[]=Slack,%20nothing", WantStatus: 200},
		{Name: "list_filtered_body_string", Method: "GET", URL: "/api/integrations", Body: `{"applications":"zendesk, workday"}`, WantStatus: 200},
		{Name: "list_filtered_body_array", Method: "GET", URL: "/api/integrations", Body: `{"applications":["netsuite","nothing"]}`, WantStatus: 200},
		{Name: "list_filtered_empty", Method: "GET", URL: "/api/integrations?applications=", WantStatus: 200},
		{Name: "list_shared_custom", Method: "GET", URL: "/api/integrations?applications=acme_crm,clock", WantStatus: 200},
		{Name: "list_shared_custom_customer", Method: "GET", URL: "/api/integrations?applications=acme_crm", Token: customerToken, WantStatus: 200},
		{Name: "list_shared_custom_other_account", Method: "GET", URL: "/api/integrations?applications=acme_crm", Token: tokenB, WantStatus: 200},
		{Name: "list_own_custom", Method: "GET", URL: "/api/integrations?applications=draft_crm,acme_crm", WantStatus: 200},
		{Name: "list_own_custom_customer", Method: "GET", URL: "/api/integrations?applications=draft_crm,acme_crm", Token: customerToken, WantStatus: 200},
		{Name: "list_own_custom_other_account", Method: "GET", URL: "/api/integrations?applications=draft_crm", Token: tokenB, WantStatus: 200},
		{Name: "list_body_wrong_type", Method: "GET", URL: "/api/integrations", Body: `{"applications":42}`, WantStatus: 400},
		{Name: "list_body_array_wrong_type", Method: "GET", URL: "/api/integrations", Body: `{"applications":["jira",1]}`, WantStatus: 400},
		{Name: "list_body_malformed", Method: "GET", URL: "/api/integrations", Body: `{"applications":`, WantStatus: 400},
		{Name: "list_no_token", Method: "GET", URL: "/api/integrations", Token: "-", WantStatus: 401},
		{Name: "all_page_1", Method: "GET", URL: "/api/integrations/all?per_page=2", WantStatus: 200},
		{Name: "all_page_2", Method: "GET", URL: "/api/integrations/all?page=2&per_page=2", WantStatus: 200},
		{Name: "all_past_end", Method: "GET", URL: "/api/integrations/all?page=99&per_page=2", WantStatus: 200},
		{Name: "all_bad_page", Method: "GET", URL: "/api/integrations/all?page=x", WantStatus: 400},
		{Name: "all_no_token", Method: "GET", URL: "/api/integrations/all", Token: "-", WantStatus: 401},
		{Name: "post_not_allowed", Method: "POST", URL: "/api/integrations", WantStatus: 405},
	})

	catalogue := len(partnerd.Catalog())
	names := func(url, body, token string) []string {
		t.Helper()
		status, b := e.do(scenario{Method: "GET", URL: url, Body: body, Token: token})
		var v struct {
			Items []struct {
				Name string `json:"name"`
			} `json:"items"`
			Count   int `json:"count"`
			PerPage int `json:"per_page"`
		}
		if err := json.Unmarshal(b, &v); status != 200 || err != nil {
			t.Fatalf("GET %s: %d %s", url, status, b)
		}
		var out []string
		for _, item := range v.Items {
			out = append(out, item.Name)
		}
		if v.Count != 0 && (v.Count != len(out) || v.PerPage != 100) {
			t.Errorf("GET %s: count %d per_page %d, want %d and 100", url, v.Count, v.PerPage, len(out))
		}
		return out
	}
	// The admin workspace sees the catalogue and both its custom
	// connectors; its customers, the shared one alone.
	for _, tt := range []struct {
		url, body, token string
		want             int
	}{
		{"/api/integrations", "", tokenA, catalogue + 2},
		{"/api/integrations", "null", tokenA, catalogue + 2},
		{"/api/integrations", "", customerToken, catalogue + 1},
		{"/api/integrations/all?per_page=1000", "", tokenA, catalogue + 2},
		{"/api/integrations/all?page=0", "", customerToken, catalogue + 1},
	} {
		if got := names(tt.url, tt.body, tt.token); len(got) != tt.want {
			t.Errorf("GET %s with %q: %d connectors, want %d", tt.url, tt.body, len(got), tt.want)
		}
	}
	if got := names("/api/integrations", "", tokenB); len(got) != catalogue {
		t.Errorf("another account sees %d connectors, want the catalogue alone (%d)", len(got), catalogue)
	}
}

func TestConnectorPrivileges(t *testing.T) {
	e := newTestEnv(t, false)
	e.Server.TestHelpers = true
	role := func(name, privileges string) string {
		status, v := e.call("POST", "/_partnerd/developer_api_client_roles", `{"name":"`+name+`","privileges":`+privileges+`}`, tokenA, nil)
		if status != 200 {
			t.Fatalf("create role: %d %v", status, v)
		}
		_, token := e.mustCreateClient("/api/developer_api_clients",
			`{"name":"`+name+`","all_folders":true,"api_privilege_group_id":`+strconv.FormatInt(int64(v["id"].(float64)), 10)+`}`, tokenA)
		return token
	}
	connectorsOnly := role("Connectors", `{"Connectors":["read"]}`)
	customRead := role("Custom read", `{"Custom connectors":["read"]}`)

	e.wantStatus("Connectors read lists connectors", "GET", "/api/integrations", connectorsOnly, nil, 200)
	e.wantStatus("Connectors read lists all connectors", "GET", "/api/integrations/all", connectorsOnly, nil, 200)
	e.wantStatus("Connectors read lists custom connectors", "GET", "/api/custom_connectors", connectorsOnly, nil, 403)
	e.wantStatus("Custom connectors read lists connectors", "GET", "/api/integrations", customRead, nil, 403)
	e.wantStatus("Custom connectors read lists custom connectors", "GET", "/api/custom_connectors", customRead, nil, 200)
	e.wantStatus("Custom connectors read creates one", "POST", "/api/custom_connectors", customRead, nil, 403)
}

func TestConnectorRateLimit(t *testing.T) {
	e := newTestEnv(t, true)
	for i := 1; i <= 60; i++ {
		url := "/api/integrations?applications=slack"
		if i%2 == 0 {
			url = "/api/custom_connectors"
		}
		if status, body := e.do(scenario{Method: "GET", URL: url}); status != 200 {
			t.Fatalf("request %d: %d %s", i, status, body)
		}
	}
	e.wantStatus("the 61st connector request in a minute", "GET", "/api/integrations/all", tokenA, nil, 429)
	e.wantStatus("the 61st custom connector request in a minute", "GET", "/api/custom_connectors", tokenA, nil, 429)
	e.wantStatus("another account", "GET", "/api/integrations", tokenB, nil, 200)
}
