package http_test

import (
	"strings"
	"testing"
)

// TestJournal plays requests of every family and checks the journal of
// account A: newest first, without B's requests, unauthenticated ones or
// reads of the journal, and without secrets.
func TestJournal(t *testing.T) {
	e := newTestEnv(t, false)
	e.Server.TestHelpers = true
	e.run(t, "testhelpers", []scenario{
		{Name: "journal_empty", Method: "GET", URL: "/_partnerd/requests", WantStatus: 200},
	})
	for _, sc := range []scenario{
		{Method: "POST", URL: "/api/managed_users", Body: `{"name":"Acme","notification_email":"ops@acme.test","external_id":"acme"}`},
		{Method: "POST", URL: "/api/managed_users/Eacme/connections",
			Body: `{"name":"CRM","provider":"salesforce","input":{"user":"jo","password":"hunter2"}}`},
		{Method: "GET", URL: "/api/managed_users/Eacme/connections?page=1&user_token=" + keyA + "&user_email=a%40partner.test", Token: "-"},
		{Method: "POST", URL: "/api/developer_api_clients", Body: `{"name":"CI","api_privilege_group_id":1,"all_folders":true}`},
		{Method: "GET", URL: "/api/managed_users/999"},
		{Method: "GET", URL: "/api/users/me", Token: tokenB},
		{Method: "GET", URL: "/api/users/me", Token: "wrong"},
		{Method: "GET", URL: "/_partnerd/requests"},
		{Method: "POST", URL: "/_partnerd/snapshot"},
	} {
		e.do(sc)
	}
	e.run(t, "testhelpers", []scenario{
		{Name: "journal", Method: "GET", URL: "/_partnerd/requests", WantStatus: 200},
		{Name: "journal_other_account", Method: "GET", URL: "/_partnerd/requests", Token: tokenB, WantStatus: 200},
	})
	_, body := e.do(scenario{Method: "GET", URL: "/_partnerd/requests"})
	for _, secret := range []string{"hunter2", keyA, tokenA, "wrkaus-"} {
		if strings.Contains(string(body), secret) {
			t.Errorf("the journal shows %q: %s", secret, body)
		}
	}
}
