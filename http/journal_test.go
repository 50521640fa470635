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

// TestJournalFilterAndClear filters the journal by method, path prefix,
// status and time, and clears it; each entry keeps its request id, its
// request's headers (secrets redacted) and its answer's status and headers.
func TestJournalFilterAndClear(t *testing.T) {
	e := newTestEnv(t, false)
	e.Server.TestHelpers = true
	for _, sc := range []scenario{
		{Method: "POST", URL: "/api/managed_users", Body: `{"name":"Acme","notification_email":"ops@acme.test","external_id":"acme"}`,
			Header: map[string]string{"X-Request-Id": "create-acme", "X-User-Token": "legacy-secret", "Cookie": "s=1"}},
		{Method: "GET", URL: "/api/managed_users/Eacme"},
		{Method: "GET", URL: "/api/managed_users/Enobody"},
		{Method: "DELETE", URL: "/api/managed_users/Enobody"},
	} {
		e.do(sc)
	}
	e.run(t, "testhelpers", []scenario{
		{Name: "journal_filter_method", Method: "GET", URL: "/_partnerd/requests?method=post", WantStatus: 200},
		{Name: "journal_filter_path", Method: "GET", URL: "/_partnerd/requests?path=/api/managed_users/Eacme", WantStatus: 200},
		{Name: "journal_filter_status", Method: "GET", URL: "/_partnerd/requests?status=404&method=GET", WantStatus: 200},
		{Name: "journal_filter_class", Method: "GET", URL: "/_partnerd/requests?status=4xx", WantStatus: 200},
		{Name: "journal_filter_since", Method: "GET", URL: "/_partnerd/requests?since=2026-11-02T09:30:00.124Z", WantStatus: 200},
		{Name: "journal_filter_since_now", Method: "GET", URL: "/_partnerd/requests?since=2026-11-02T09:30:00.123Z&path=/api/managed_users/Eacme", WantStatus: 200},
		{Name: "journal_filter_bad", Method: "GET", URL: "/_partnerd/requests?status=often&since=yesterday", WantStatus: 400},
		{Name: "journal_clear", Method: "DELETE", URL: "/_partnerd/requests", WantStatus: 200},
		{Name: "journal_cleared", Method: "GET", URL: "/_partnerd/requests", WantStatus: 200},
		{Name: "journal_cleared_other_account", Method: "GET", URL: "/_partnerd/requests?method=GET", Token: tokenB, WantStatus: 200},
	})
}
