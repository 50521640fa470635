package http_test

import (
	"strings"
	"testing"
)

// TestActivityLog plays changes of customer 3 (Acme) through the API, then
// reads its activity log with Workato's filters and paging: entries 1-3
// are the setup's (customer 3 and 4 created, a folder of 4), 4-9 Acme's.
func TestActivityLog(t *testing.T) {
	e := newTestEnv(t, false)
	setupFolders(t, e)
	ua := map[string]string{"User-Agent": "partnerd-test/1.0"}
	for _, sc := range []scenario{
		{Method: "POST", URL: "/api/managed_users/Eacme/folders", Body: `{"name":"Sales"}`, Header: ua},
		{Method: "POST", URL: "/api/managed_users/Eacme/connections", Header: ua,
			Body: `{"provider":"salesforce","name":"Prod SF","input":{"user":"jo","password":"hunter2"}}`},
		{Method: "POST", URL: "/api/managed_users/Eacme/recipes", Header: ua, Body: `{"name":"Sync","code":` + jsonString(logCode) + `,"config":"[]"}`},
		{Method: "PUT", URL: "/api/managed_users/Eacme/recipes/1", Header: ua, Body: `{"name":"Sync v2"}`},
		{Method: "POST", URL: "/api/v2/managed_users/Eacme/developer_api_clients", Header: ua,
			Body: `{"name":"Ops client","all_folders":true}`},
		{Method: "PUT", URL: "/api/managed_users/Eacme/recipes/99", Header: ua, Body: `{"name":"Gone"}`}, // 404: no entry.
	} {
		e.do(sc)
	}
	const logs = "/api/managed_users/Eacme/activity_logs"
	e.run(t, "activity_logs", []scenario{
		{Name: "e_list", Method: "GET", URL: logs, WantStatus: 200},
		{Name: "e_page", Method: "GET", URL: logs + "?page[size]=2", WantStatus: 200},
		{Name: "e_page_after", Method: "GET", URL: logs + "?page[size]=2&page[after]=7", WantStatus: 200},
		{Name: "e_include_resource", Method: "GET", URL: logs + "?include_resource_types[]=flow", WantStatus: 200},
		{Name: "e_exclude_resource", Method: "GET", URL: logs + "?exclude_resource_types[]=Flow&exclude_resource_types[]=ApiClient", WantStatus: 200},
		{Name: "e_include_event", Method: "GET", URL: logs + "?include_event_types[]=recipe_updated,connection_created", WantStatus: 200},
		{Name: "e_exclude_event", Method: "GET", URL: logs + "?exclude_event_types[]=recipe_created&exclude_event_types[]=folder_created&exclude_event_types[]=api_client_created&exclude_event_types[]=connection_created", WantStatus: 200},
		{Name: "e_users", Method: "GET", URL: logs + "?users_ids[]=1&page[size]=1", WantStatus: 200},
		{Name: "e_users_none", Method: "GET", URL: logs + "?users_ids[]=2", WantStatus: 200},
		{Name: "e_from_to", Method: "GET", URL: logs + "?from=2026-11-02T09:30:00.123Z&to=2026-11-02T10:30:00%2B01:00", WantStatus: 200},
		{Name: "e_from_later", Method: "GET", URL: logs + "?from=2026-11-03", WantStatus: 200},
		{Name: "e_bad_size", Method: "GET", URL: logs + "?page[size]=many", WantStatus: 400},
		{Name: "e_bad_after", Method: "GET", URL: logs + "?page[after]=-1", WantStatus: 400},
		{Name: "e_bad_from", Method: "GET", URL: logs + "?from=yesterday", WantStatus: 400},
		{Name: "e_bad_users", Method: "GET", URL: logs + "?users_ids[]=me", WantStatus: 400},
		{Name: "e_other_account", Method: "GET", URL: logs, Token: tokenB, WantStatus: 404},
		{Name: "e_their_customer", Method: "GET", URL: "/api/managed_users/4/activity_logs", WantStatus: 404},

		// The Developer family reads the caller's own workspace: account A's.
		{Name: "d_list", Method: "GET", URL: "/api/activity_logs", WantStatus: 200},
		{Name: "d_list_b", Method: "GET", URL: "/api/activity_logs", Token: tokenB, WantStatus: 200},
	})
	_, body := e.do(scenario{Method: "GET", URL: logs})
	for _, secret := range []string{"hunter2", "wrkaus-", "password", "token"} {
		if strings.Contains(string(body), secret) {
			t.Errorf("the activity log holds %q: %s", secret, body)
		}
	}
}

// jsonString quotes s as a JSON string.
func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}
