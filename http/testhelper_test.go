package http_test

import (
	"encoding/json"
	"fmt"
	nethttp "net/http"
	"strings"
	"sync"
	"testing"
)

// TestTestHelpers plays the helpers of whole accounts: accounts, reset,
// snapshot and restore.
func TestTestHelpers(t *testing.T) {
	e := newTestEnv(t, false)
	e.run(t, "testhelpers", []scenario{
		{Name: "off_snapshot", Method: "POST", URL: "/_partnerd/snapshot", WantStatus: 404},
		{Name: "off_requests", Method: "GET", URL: "/_partnerd/requests", WantStatus: 404},
	})
	e.Server.TestHelpers = true
	acme := `{"name":"Acme","notification_email":"ops@acme.test","external_id":"acme"}`
	e.run(t, "testhelpers", []scenario{
		{Name: "account_missing_fields", Method: "POST", URL: "/_partnerd/accounts", Body: `{}`, WantStatus: 400},
		{Name: "account_invalid_email", Method: "POST", URL: "/_partnerd/accounts", Body: `{"name":"C","email":"not an email"}`, WantStatus: 400},
		{Name: "account_taken_email", Method: "POST", URL: "/_partnerd/accounts", Body: `{"name":"C","email":"A@partner.test"}`, WantStatus: 400},
		{Name: "account_wrong_type", Method: "POST", URL: "/_partnerd/accounts", Body: `{"name":["C"],"email":"c@partner.test"}`, WantStatus: 400},
		{Name: "account_no_token", Method: "POST", URL: "/_partnerd/accounts", Body: `{"name":"C","email":"c@partner.test"}`, Token: "-", WantStatus: 401},

		{Name: "snapshot_create", Method: "POST", URL: "/_partnerd/snapshot", WantStatus: 200},
		{Name: "customer_after_snapshot", Method: "POST", URL: "/api/managed_users", Body: acme, WantStatus: 200},
		{Name: "snapshot_restore_other_account", Method: "POST", URL: "/_partnerd/snapshot/1/restore", Token: tokenB, WantStatus: 404},
		{Name: "snapshot_restore_unknown", Method: "POST", URL: "/_partnerd/snapshot/999/restore", WantStatus: 404},
		{Name: "snapshot_restore_bad_id", Method: "POST", URL: "/_partnerd/snapshot/x/restore", WantStatus: 404},
		{Name: "snapshot_restore", Method: "POST", URL: "/_partnerd/snapshot/1/restore", WantStatus: 200},
		{Name: "customers_after_restore", Method: "GET", URL: "/api/managed_users", WantStatus: 200},

		{Name: "customer_before_reset", Method: "POST", URL: "/api/managed_users", Body: acme, WantStatus: 200},
		{Name: "customer_of_b", Method: "POST", URL: "/api/managed_users", Body: acme, Token: tokenB, WantStatus: 200},
		{Name: "reset", Method: "POST", URL: "/_partnerd/reset", WantStatus: 200},
		{Name: "customers_after_reset", Method: "GET", URL: "/api/managed_users", WantStatus: 200},
		{Name: "customers_of_b_after_reset", Method: "GET", URL: "/api/managed_users", Token: tokenB, WantStatus: 200},
		{Name: "reset_no_token", Method: "POST", URL: "/_partnerd/reset", Token: "-", WantStatus: 401},
	})
}

// TestTestHelpersNeedEveryFolder checks that an Admin client limited to
// some folders reaches none of the test helpers, which act on the whole
// account, while its folder limit leaves the Embedded routes, which act on
// customer workspaces, as its privileges allow.
func TestTestHelpersNeedEveryFolder(t *testing.T) {
	e := newTestEnv(t, false)
	e.Server.TestHelpers = true
	var folder struct{ ID int64 }
	e.mustDo(tokenA, "POST", "/api/folders", `{"name":"Team"}`, &folder)
	var client struct {
		Result struct {
			Token struct{ Value string }
		}
	}
	e.mustDo(tokenA, "POST", "/api/developer_api_clients", fmt.Sprintf(`{"name":"Team only","all_folders":false,"folder_ids":[%d]}`, folder.ID), &client)
	team := client.Result.Token.Value
	if team == "" {
		t.Fatal("no token for the limited client")
	}
	for _, sc := range []scenario{
		{Method: "POST", URL: "/_partnerd/reset"},
		{Method: "POST", URL: "/_partnerd/snapshot"},
		{Method: "POST", URL: "/_partnerd/snapshot/1/restore"},
		{Method: "GET", URL: "/_partnerd/requests"},
		{Method: "PUT", URL: "/_partnerd/faults", Body: `[]`},
		{Method: "POST", URL: "/_partnerd/accounts", Body: `{"name":"C","email":"c@partner.test"}`},
	} {
		sc.Token = team
		if status, body := e.do(sc); status != 403 {
			t.Errorf("%s %s by a folder-limited Admin client: %d %s, want 403", sc.Method, sc.URL, status, body)
		}
	}
	e.mustDo(team, "POST", "/api/managed_users", `{"name":"Acme","notification_email":"ops@acme.test","external_id":"acme"}`, nil)
	e.mustDo(team, "GET", "/api/managed_users/Eacme/folders", "", nil)
	e.mustDo(tokenA, "POST", "/_partnerd/snapshot", "", nil)
}

// mustDo sends a request that must answer 200 and decodes its body into out.
func (e *testEnv) mustDo(token, method, url, body string, out any) {
	e.t.Helper()
	status, b := e.do(scenario{Method: method, URL: url, Body: body, Token: token})
	if status != 200 {
		e.t.Fatalf("%s %s: %d %s", method, url, status, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			e.t.Fatalf("%s %s: %v", method, url, err)
		}
	}
}

// newAccount creates an account through the helper and returns its token.
func (e *testEnv) newAccount(name string) (id int64, token, apiKey string) {
	e.t.Helper()
	var out struct {
		ID     int64  `json:"id"`
		Token  string `json:"token"`
		APIKey string `json:"api_key"`
	}
	e.mustDo(tokenA, "POST", "/_partnerd/accounts", fmt.Sprintf(`{"name":%q,"email":"owner@%s.test"}`, name, name), &out)
	if out.ID == 0 || !strings.HasPrefix(out.Token, "wrkaus-") || len(out.Token) < 50 || len(out.APIKey) < 32 {
		e.t.Fatalf("account = %+v", out)
	}
	return out.ID, out.Token, out.APIKey
}

// TestTestHelperAccounts checks that accounts created through the helper
// are isolated: two run the same scenario at once, each seeing its own
// objects only, under the same names and external ids.
func TestTestHelperAccounts(t *testing.T) {
	e := newTestEnv(t, false)
	e.Server.TestHelpers = true
	e.mustDo(tokenA, "POST", "/api/managed_users", `{"name":"A's own","notification_email":"ops@a.test","external_id":"acme"}`, nil)
	type account struct {
		id           int64
		token, key   string
		customer     int64
		folder, seen []int64
	}
	accounts := make([]*account, 2)
	for i, name := range []string{"ci-one", "ci-two"} {
		a := &account{}
		a.id, a.token, a.key = e.newAccount(name)
		accounts[i] = a
		// The legacy key of the new account works too.
		req, _ := nethttp.NewRequest("GET", e.URL+"/api/managed_users", nil)
		req.Header.Set("X-User-Email", "owner@"+name+".test")
		req.Header.Set("X-User-Token", a.key)
		res, err := nethttp.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Errorf("the legacy key of %s: %d", name, res.StatusCode)
		}
	}
	var wg sync.WaitGroup
	for _, a := range accounts {
		wg.Go(func() {
			var cu struct {
				ID int64 `json:"id"`
			}
			e.mustDo(a.token, "POST", "/api/managed_users", `{"name":"Acme","notification_email":"ops@acme.test","external_id":"acme"}`, &cu)
			a.customer = cu.ID
			for _, name := range []string{"Sales", "Ops", "Finance"} {
				var f struct {
					ID int64 `json:"id"`
				}
				e.mustDo(a.token, "POST", "/api/managed_users/Eacme/folders", `{"name":"`+name+`"}`, &f)
				a.folder = append(a.folder, f.ID)
			}
			var list struct {
				Result []struct {
					ID int64 `json:"id"`
				} `json:"result"`
			}
			e.mustDo(a.token, "GET", "/api/managed_users/Eacme/folders", "", &list)
			for _, f := range list.Result {
				a.seen = append(a.seen, f.ID)
			}
		})
	}
	wg.Wait()
	for i, a := range accounts {
		if fmt.Sprint(a.seen) != fmt.Sprint(a.folder) {
			t.Errorf("account %d sees the folders %v, want its own %v", i, a.seen, a.folder)
		}
		var customers struct {
			Result []struct {
				ID int64 `json:"id"`
			} `json:"result"`
		}
		e.mustDo(a.token, "GET", "/api/managed_users", "", &customers)
		if len(customers.Result) != 1 || customers.Result[0].ID != a.customer {
			t.Errorf("account %d sees the customers %+v, want only %d", i, customers.Result, a.customer)
		}
		other := accounts[1-i]
		if status, _ := e.do(scenario{Method: "GET", URL: fmt.Sprintf("/api/managed_users/%d", other.customer), Token: a.token}); status != 404 {
			t.Errorf("account %d reads the other's customer: %d", i, status)
		}
	}
	var own struct {
		Result []struct {
			Name string `json:"name"`
		} `json:"result"`
	}
	e.mustDo(tokenA, "GET", "/api/managed_users", "", &own)
	if len(own.Result) != 1 || own.Result[0].Name != "A's own" {
		t.Errorf("account A sees %+v", own.Result)
	}
}

// TestSnapshotRestoreAPI changes 20 objects of account A after a snapshot
// and restores it: every GET answers as before, ids included, and account
// B's changes stay.
func TestSnapshotRestoreAPI(t *testing.T) {
	e := newTestEnv(t, false)
	setupRecipes(t, e)
	e.mustDo(tokenA, "POST", "/api/managed_users/3/recipes", jsonBody(t, map[string]any{"name": "Sync", "code": logCode, "folder_id": 5}), nil)
	e.mustDo(tokenA, "POST", "/api/managed_users/3/folders", `{"name":"Moved","parent_id":5}`, nil)
	gets := []string{"/api/managed_users", "/api/managed_users/3", "/api/managed_users/3/folders", "/api/managed_users/3/folders?parent_id=5",
		"/api/managed_users/3/projects", "/api/managed_users/3/recipes", "/api/managed_users/3/connections", "/api/managed_users/3/roles",
		"/api/managed_users/3/members", "/api/developer_api_clients", "/api/developer_api_client_roles", "/api/users/me"}
	read := func(token string, urls []string) map[string]string {
		out := map[string]string{}
		for _, u := range urls {
			status, b := e.do(scenario{Method: "GET", URL: u, Token: token})
			out[u] = fmt.Sprint(status, " ", string(b))
		}
		return out
	}
	before := read(tokenA, gets)
	var snap struct {
		ID int64 `json:"id"`
	}
	e.mustDo(tokenA, "POST", "/_partnerd/snapshot", "", &snap)

	changes := []struct{ method, url, body string }{
		{"PUT", "/api/managed_users/3", `{"name":"Acme renamed"}`},
		{"POST", "/api/managed_users", `{"name":"Later","notification_email":"ops@later.test"}`},
		{"POST", "/api/managed_users/3/folders", `{"name":"New"}`},
		{"PUT", "/api/managed_users/3/folders/7", `{"name":"Renamed"}`},
		{"DELETE", "/api/managed_users/3/folders/7", ""},
		{"PUT", "/api/managed_users/3/recipes/1", jsonBody(t, map[string]any{"name": "Sync 2", "code": logCode})},
		{"PUT", "/api/managed_users/3/recipes/1/start", ""},
		{"POST", "/api/managed_users/3/recipes/1/copy", ""},
		{"POST", "/api/managed_users/3/recipes", jsonBody(t, map[string]any{"name": "Other", "code": logCode})},
		{"POST", "/_partnerd/recipes/1/jobs", `{"status":"succeeded","count":3,"task_count":2}`},
		{"PUT", "/api/managed_users/3/connections/1", `{"name":"Renamed connection"}`},
		{"DELETE", "/api/managed_users/3/connections/2", ""},
		{"POST", "/api/managed_users/3/connections", `{"name":"Jira","provider":"jira"}`},
		{"POST", "/api/managed_users/3/members", `{"name":"Jo","role_name":"Analyst"}`},
		{"POST", "/_partnerd/managed_users/3/roles", `{"name":"Auditor","privileges":{"Recipes":["read"]}}`},
		{"POST", "/api/developer_api_clients", `{"name":"Later client","api_privilege_group_id":1,"all_folders":true}`},
		{"POST", "/api/developer_api_clients/1/regenerate", ""},
		{"POST", "/api/developer_api_client_roles/1/copy", `{"name":"Operator"}`},
		{"POST", "/api/managed_users/3/properties", `{"properties":{"region":"eu"}}`},
		{"DELETE", "/api/managed_users/3", ""},
	}
	var regenerated string
	for _, c := range changes {
		var out struct {
			Result struct {
				Token struct {
					Value string `json:"value"`
				} `json:"token"`
			} `json:"result"`
		}
		token := tokenA
		if regenerated != "" {
			token = regenerated
		}
		e.mustDo(token, c.method, c.url, c.body, &out)
		if strings.HasSuffix(c.url, "/regenerate") {
			regenerated = out.Result.Token.Value
		}
	}
	e.mustDo(tokenB, "PUT", "/api/managed_users/4", `{"name":"B renamed"}`, nil)
	afterB := read(tokenB, []string{"/api/managed_users", "/api/managed_users/4/folders"})
	if read(regenerated, gets)["/api/managed_users"] == before["/api/managed_users"] {
		t.Fatal("the changes changed nothing")
	}

	// The bootstrap token was regenerated after the snapshot: the new
	// token restores and goes on working, and the old one stays revoked.
	e.mustDo(regenerated, "POST", fmt.Sprintf("/_partnerd/snapshot/%d/restore", snap.ID), "", nil)
	after := read(regenerated, gets)
	for _, u := range gets {
		if after[u] != before[u] {
			t.Errorf("GET %s after restore:\n got %s\nwant %s", u, after[u], before[u])
		}
	}
	if status, _ := e.do(scenario{Method: "GET", URL: "/api/managed_users", Token: tokenA}); status != 401 {
		t.Errorf("the token revoked after the snapshot: %d, want 401", status)
	}
	if got := read(tokenB, []string{"/api/managed_users", "/api/managed_users/4/folders"}); fmt.Sprint(got) != fmt.Sprint(afterB) {
		t.Errorf("account B after A's restore:\n got %v\nwant %v", got, afterB)
	}
	// Ids go on past those created and dropped.
	var cu struct {
		ID int64 `json:"id"`
	}
	e.mustDo(regenerated, "POST", "/api/managed_users", `{"name":"Next","notification_email":"ops@next.test"}`, &cu)
	if cu.ID <= 5 {
		t.Errorf("a customer after restore has id %d, an id given before", cu.ID)
	}
}
