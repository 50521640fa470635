package http_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// fiftyProperties returns the body of an upsert of 50 properties, the last
// of them named by a name of 101 characters.
func fiftyProperties() string {
	var b strings.Builder
	b.WriteString(`{"properties":{`)
	for i := range 49 {
		b.WriteString(`"batch.p` + strconv.Itoa(i) + `":"v",`)
	}
	b.WriteString(`"` + strings.Repeat("n", 101) + `":"v"}}`)
	return b.String()
}

// tooManyProperties returns the body of an upsert of n new properties.
func tooManyProperties(n int) string {
	var parts []string
	for i := range n {
		parts = append(parts, `"many.p`+strconv.Itoa(i)+`":"v"`)
	}
	return `{"properties":{` + strings.Join(parts, ",") + `}}`
}

// TestPropertiesEmbedded plays the property routes of customer 3.
func TestPropertiesEmbedded(t *testing.T) {
	e := newTestEnv(t, false)
	setupFolders(t, e)
	const props = "/api/managed_users/Eacme/properties"
	e.run(t, "properties", []scenario{
		{Name: "e_list_empty", Method: "GET", URL: props, WantStatus: 200},
		{Name: "e_upsert", Method: "POST", URL: props, Body: `{"properties":{"salesforce_sync.enabled":true,"salesforce_sync.limit":10,"salesforce_sync.note":"<a&b>","admin_email":"ops@acme.test","empty":""}}`, WantStatus: 200},
		{Name: "e_list", Method: "GET", URL: props, WantStatus: 200},
		{Name: "e_list_prefix", Method: "GET", URL: props + "?prefix=salesforce_sync.", WantStatus: 200},
		{Name: "e_list_prefix_none", Method: "GET", URL: props + "?prefix=nothing", WantStatus: 200},
		{Name: "e_list_prefix_empty", Method: "GET", URL: "/api/managed_users/3/properties?prefix=", WantStatus: 200},
		{Name: "e_list_prefix_invalid", Method: "GET", URL: props + "?prefix=%FF", WantStatus: 400},
		{Name: "e_upsert_update", Method: "POST", URL: props, Body: `{"properties":{"salesforce_sync.limit":"20","new":1.5e3}}`, WantStatus: 200},
		{Name: "e_list_after_update", Method: "GET", URL: props, WantStatus: 200},

		// Refusals change nothing and name each bad property.
		{Name: "e_upsert_long_name", Method: "POST", URL: props, Body: fiftyProperties(), WantStatus: 400},
		{Name: "e_upsert_long_value", Method: "POST", URL: props, Body: `{"properties":{"ok":"v","long":"` + strings.Repeat("x", 1025) + `"}}`, WantStatus: 400},
		{Name: "e_upsert_bad_values", Method: "POST", URL: props, Body: `{"properties":{"ok":"v","nested":{"a":1},"list":[1],"nothing":null,"` + strings.Repeat("n", 101) + `":"v"}}`, WantStatus: 400},
		{Name: "e_upsert_blank_name", Method: "POST", URL: props, Body: `{"properties":{" ":"v"}}`, WantStatus: 400},
		{Name: "e_upsert_too_many", Method: "POST", URL: props, Body: tooManyProperties(995), WantStatus: 400},
		{Name: "e_upsert_missing", Method: "POST", URL: props, Body: `{"salesforce_sync.limit":"30"}`, WantStatus: 400},
		{Name: "e_upsert_not_an_object", Method: "POST", URL: props, Body: `{"properties":["a"]}`, WantStatus: 400},
		{Name: "e_upsert_malformed", Method: "POST", URL: props, Body: `{"properties":`, WantStatus: 400},
		{Name: "e_list_after_refusals", Method: "GET", URL: props, WantStatus: 200},
		{Name: "e_upsert_to_the_limit", Method: "POST", URL: props, Body: tooManyProperties(994), WantStatus: 200},
		{Name: "e_upsert_past_the_limit", Method: "POST", URL: props, Body: `{"properties":{"one_more":"v"}}`, WantStatus: 400},

		// Another account, or no credentials.
		{Name: "e_other_account_list", Method: "GET", URL: "/api/managed_users/3/properties", Token: tokenB, WantStatus: 404},
		{Name: "e_other_account_upsert", Method: "POST", URL: "/api/managed_users/3/properties", Body: `{"properties":{"admin_email":"x"}}`, Token: tokenB, WantStatus: 404},
		{Name: "e_other_account_own_customer", Method: "GET", URL: "/api/managed_users/4/properties", Token: tokenB, WantStatus: 200},
		{Name: "e_no_token", Method: "GET", URL: props, Token: "-", WantStatus: 401},
		{Name: "e_list_after_other_account", Method: "GET", URL: props + "?prefix=admin", WantStatus: 200},
	})
}

// TestPropertiesDeveloper plays the Developer routes on account A's own
// workspace and inside customer 3.
func TestPropertiesDeveloper(t *testing.T) {
	e := newTestEnv(t, false)
	setupFolders(t, e)
	_, inside := e.mustCreateClient("/api/v2/managed_users/3/developer_api_clients", `{"name":"inside","all_folders":true}`, tokenA)
	e.run(t, "properties", []scenario{
		{Name: "d_list_empty", Method: "GET", URL: "/api/properties", WantStatus: 200},
		{Name: "d_upsert", Method: "POST", URL: "/api/properties", Body: `{"properties":{"env":"dev","retries":3}}`, WantStatus: 200},
		{Name: "d_list", Method: "GET", URL: "/api/properties", WantStatus: 200},
		{Name: "d_list_prefix", Method: "GET", URL: "/api/properties?prefix=ret", WantStatus: 200},
		{Name: "d_upsert_long_name", Method: "POST", URL: "/api/properties", Body: fiftyProperties(), WantStatus: 400},
		{Name: "d_customer_upsert", Method: "POST", URL: "/api/properties", Body: `{"properties":{"env":"customer"}}`, Token: inside, WantStatus: 200},
		{Name: "d_customer_list", Method: "GET", URL: "/api/properties", Token: inside, WantStatus: 200},
		{Name: "d_customer_on_embedded", Method: "GET", URL: "/api/managed_users/3/properties", WantStatus: 200},
		{Name: "d_other_account_list", Method: "GET", URL: "/api/properties", Token: tokenB, WantStatus: 200},
		{Name: "d_list_after", Method: "GET", URL: "/api/properties", WantStatus: 200},
	})
}

// TestLookupTableAndPropertyPrivileges checks that a client role must
// grant Lookup tables and Properties: read to read, write to change.
func TestLookupTableAndPropertyPrivileges(t *testing.T) {
	e := newTestEnv(t, false)
	e.Server.TestHelpers = true
	setupLookupTables(t, e)
	role := func(name, privileges string) int64 {
		status, v := e.call("POST", "/_partnerd/developer_api_client_roles", `{"name":"`+name+`","privileges":`+privileges+`}`, tokenA, nil)
		if status != 200 {
			t.Fatalf("create role %s: %d %v", privileges, status, v)
		}
		return int64(v["id"].(float64))
	}
	readID := role("Read", `{"Lookup tables":["read"],"Properties":["read"]}`)
	noneID := role("Folders", `{"Folders":["read","write"]}`)
	_, reader := e.mustCreateClient("/api/developer_api_clients", `{"name":"Reader","all_folders":true,"api_privilege_group_id":`+itoa(readID)+`}`, tokenA)
	_, none := e.mustCreateClient("/api/developer_api_clients", `{"name":"None","all_folders":true,"api_privilege_group_id":`+itoa(noneID)+`}`, tokenA)
	want := func(what, method, url, token string, status int) {
		t.Helper()
		if got, body := e.do(scenario{Method: method, URL: url, Token: token}); got != status {
			t.Errorf("%s: %s %s: %d %s, want %d", what, method, url, got, body, status)
		}
	}
	for _, url := range []string{"/api/lookup_tables", "/api/properties", "/api/managed_users/3/lookup_tables", "/api/managed_users/3/properties"} {
		want("a read-only role reads", "GET", url, reader, 200)
		want("a role without the families reads", "GET", url, none, 403)
	}
	for _, r := range []struct{ method, url string }{
		{"POST", "/api/lookup_tables"}, {"POST", "/api/lookup_tables/batch_delete"}, {"POST", "/api/lookup_tables/1/rows"},
		{"PUT", "/api/lookup_tables/1/rows/1"}, {"DELETE", "/api/lookup_tables/1/rows/1"}, {"POST", "/api/properties"},
		{"POST", "/api/managed_users/3/lookup_tables"}, {"POST", "/api/managed_users/3/properties"},
	} {
		want("a read-only role writes", r.method, r.url, reader, 403)
		want("a role without the families writes", r.method, r.url, none, 403)
	}
}

// TestLookupTableAndPropertyRateLimits checks the rate-limit group of each
// route: 1000 a minute to list rows and properties, 60 for every other
// lookup table route and for upserts.
func TestLookupTableAndPropertyRateLimits(t *testing.T) {
	e := newTestEnv(t, true)
	setupLookupTables(t, e)
	for _, r := range []struct {
		method, url string
		limit       string
	}{
		{"GET", "/api/managed_users/4/lookup_tables/1/rows", "1000"},
		{"GET", "/api/lookup_tables", "60"},
		{"GET", "/api/managed_users/4/lookup_tables/1/lookup?by[code]=T1", "60"},
		{"GET", "/api/managed_users/4/lookup_tables/1/rows/1", "60"},
		{"POST", "/api/managed_users/4/lookup_tables/1/rows", "60"},
		{"GET", "/api/managed_users/4/properties", "1000"},
		{"POST", "/api/properties", "60"},
	} {
		req, err := http.NewRequest(r.method, e.URL+r.url, strings.NewReader(`{"data":{"code":"x"},"properties":{"a":"b"}}`))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+tokenB)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if got := res.Header.Get("X-RateLimit-Limit"); res.StatusCode != 200 || got != r.limit {
			t.Errorf("%s %s: %d, limit %q, want 200 and %s", r.method, r.url, res.StatusCode, got, r.limit)
		}
	}
}
