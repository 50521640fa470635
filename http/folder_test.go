package http_test

import (
	"strconv"
	"testing"
)

// setupFolders gives account A the customer 3 (external id "acme", home
// folder 3) and account B the customer 4 (home folder 4) with the folder 5,
// the top folder of B's project 1.
func setupFolders(t *testing.T, e *testEnv) {
	t.Helper()
	for _, sc := range []scenario{
		{Method: "POST", URL: "/api/managed_users", Body: `{"name":"Acme","notification_email":"ops@acme.test","external_id":"acme"}`},
		{Method: "POST", URL: "/api/managed_users", Body: `{"name":"Other","notification_email":"ops@other.test"}`, Token: tokenB},
		{Method: "POST", URL: "/api/managed_users/4/folders", Body: `{"name":"Theirs"}`, Token: tokenB},
	} {
		if status, body := e.do(sc); status != 200 {
			t.Fatalf("setup %s %s: %d %s", sc.Method, sc.URL, status, body)
		}
	}
}

// TestFoldersEmbedded plays the folder and project routes of a customer
// workspace: folders 6 (Sales, project 2), 7 and 8 inside it, 9 (Support,
// project 3) and 10 (Archive, project 4).
func TestFoldersEmbedded(t *testing.T) {
	e := newTestEnv(t, false)
	setupFolders(t, e)
	const (
		folders  = "/api/managed_users/Eacme/folders"
		projects = "/api/managed_users/Eacme/projects"
	)
	e.run(t, "folders", []scenario{
		{Name: "e_list_empty", Method: "GET", URL: folders, WantStatus: 200},

		// Create.
		{Name: "e_create", Method: "POST", URL: folders, Body: `{"name":"Sales"}`, WantStatus: 200},
		{Name: "e_create_nested", Method: "POST", URL: folders, Body: `{"name":"Leads","parent_id":"6"}`, WantStatus: 200},
		{Name: "e_create_deeper", Method: "POST", URL: "/api/managed_users/3/folders", Body: `{"name":"Imports","parent_id":7}`, WantStatus: 200},
		{Name: "e_create_null_parent", Method: "POST", URL: folders, Body: `{"name":"Support","parent_id":null}`, WantStatus: 200},
		{Name: "e_create_explicit_home", Method: "POST", URL: folders, Body: `{"name":"Archive","parent_id":3}`, WantStatus: 200},
		{Name: "e_create_blank_name", Method: "POST", URL: folders, Body: `{"name":"  "}`, WantStatus: 400},
		{Name: "e_create_missing_name", Method: "POST", URL: folders, Body: `{"parent_id":6}`, WantStatus: 400},
		{Name: "e_create_empty_body", Method: "POST", URL: folders, WantStatus: 400},
		{Name: "e_create_unknown_parent", Method: "POST", URL: folders, Body: `{"name":"X","parent_id":999}`, WantStatus: 400},
		{Name: "e_create_other_account_parent", Method: "POST", URL: folders, Body: `{"name":"X","parent_id":5}`, WantStatus: 400},
		{Name: "e_create_parent_wrong_type", Method: "POST", URL: folders, Body: `{"name":"X","parent_id":"six"}`, WantStatus: 400},
		{Name: "e_create_name_wrong_type", Method: "POST", URL: folders, Body: `{"name":["X"]}`, WantStatus: 400},
		{Name: "e_create_malformed", Method: "POST", URL: folders, Body: `{"name":`, WantStatus: 400},
		{Name: "e_create_not_an_object", Method: "POST", URL: folders, Body: `["Sales"]`, WantStatus: 400},

		// List.
		{Name: "e_list", Method: "GET", URL: folders, WantStatus: 200},
		{Name: "e_list_children", Method: "GET", URL: folders + "?parent_id=6", WantStatus: 200},
		{Name: "e_list_paged", Method: "GET", URL: folders + "?per_page=2&page=2", WantStatus: 200},
		{Name: "e_list_trailing_slash", Method: "GET", URL: folders + "/?parent_id=7", WantStatus: 200},
		{Name: "e_list_bad_parent_id", Method: "GET", URL: folders + "?parent_id=x", WantStatus: 400},
		{Name: "e_list_unknown_parent", Method: "GET", URL: folders + "?parent_id=999", WantStatus: 200},
		{Name: "e_list_other_account_parent", Method: "GET", URL: folders + "?parent_id=5", WantStatus: 200},

		// Update: rename and move.
		{Name: "e_rename", Method: "PUT", URL: folders + "/7", Body: `{"name":"Prospects"}`, WantStatus: 200},
		{Name: "e_move", Method: "PUT", URL: folders + "/8", Body: `{"parent_id":"9"}`, WantStatus: 200},
		{Name: "e_move_back_and_rename", Method: "PUT", URL: folders + "/8", Body: `{"name":"Imports 2","parent_id":7}`, WantStatus: 200},
		{Name: "e_move_same_parent", Method: "PUT", URL: folders + "/8", Body: `{"parent_id":7}`, WantStatus: 200},
		{Name: "e_move_null_parent", Method: "PUT", URL: folders + "/8", Body: `{"parent_id":null}`, WantStatus: 200},
		{Name: "e_move_cycle", Method: "PUT", URL: folders + "/7", Body: `{"parent_id":8}`, WantStatus: 400},
		{Name: "e_move_into_itself", Method: "PUT", URL: folders + "/7", Body: `{"parent_id":7}`, WantStatus: 400},
		{Name: "e_move_project", Method: "PUT", URL: folders + "/9", Body: `{"parent_id":6}`, WantStatus: 400},
		{Name: "e_move_home", Method: "PUT", URL: folders + "/3", Body: `{"parent_id":6}`, WantStatus: 400},
		{Name: "e_move_unknown_parent", Method: "PUT", URL: folders + "/7", Body: `{"parent_id":999}`, WantStatus: 400},
		{Name: "e_move_other_account_parent", Method: "PUT", URL: folders + "/7", Body: `{"parent_id":5}`, WantStatus: 400},
		{Name: "e_update_blank_name", Method: "PUT", URL: folders + "/7", Body: `{"name":" "}`, WantStatus: 400},
		{Name: "e_update_null_name", Method: "PUT", URL: folders + "/7", Body: `{"name":null}`, WantStatus: 400},
		{Name: "e_update_malformed", Method: "PUT", URL: folders + "/7", Body: `{"name"`, WantStatus: 400},
		{Name: "e_update_unknown", Method: "PUT", URL: folders + "/999", Body: `{"name":"X"}`, WantStatus: 404},
		{Name: "e_update_not_a_number", Method: "PUT", URL: folders + "/abc", Body: `{"name":"X"}`, WantStatus: 404},
		{Name: "e_update_other_account_folder", Method: "PUT", URL: folders + "/5", Body: `{"name":"Stolen"}`, WantStatus: 404},

		// Delete.
		{Name: "e_delete_not_empty", Method: "DELETE", URL: folders + "/7", WantStatus: 403},
		{Name: "e_delete_project_top", Method: "DELETE", URL: folders + "/6", WantStatus: 403},
		{Name: "e_delete_home", Method: "DELETE", URL: folders + "/3", WantStatus: 403},
		{Name: "e_delete_other_account_folder", Method: "DELETE", URL: folders + "/5", WantStatus: 404},
		{Name: "e_delete", Method: "DELETE", URL: folders + "/8", WantStatus: 200},
		{Name: "e_delete_again", Method: "DELETE", URL: folders + "/8", WantStatus: 404},
		{Name: "e_delete_not_a_number", Method: "DELETE", URL: folders + "/abc", WantStatus: 404},

		// A folder moved to home becomes a project.
		{Name: "e_move_to_home", Method: "PUT", URL: folders + "/7", Body: `{"parent_id":3}`, WantStatus: 200},

		// Projects.
		{Name: "e_projects", Method: "GET", URL: projects, WantStatus: 200},
		{Name: "e_projects_paged", Method: "GET", URL: projects + "?per_page=1&page=2", WantStatus: 200},
		{Name: "e_project_delete", Method: "DELETE", URL: projects + "/4", WantStatus: 200},
		{Name: "e_project_delete_again", Method: "DELETE", URL: projects + "/4", WantStatus: 404},
		{Name: "e_project_delete_unknown", Method: "DELETE", URL: projects + "/999", WantStatus: 404},
		{Name: "e_project_delete_other_account", Method: "DELETE", URL: projects + "/1", WantStatus: 404},
		{Name: "e_list_after_project_delete", Method: "GET", URL: folders, WantStatus: 200},

		// Another account, or a customer that does not exist.
		{Name: "e_other_account_list", Method: "GET", URL: folders, Token: tokenB, WantStatus: 404},
		{Name: "e_other_account_create", Method: "POST", URL: "/api/managed_users/3/folders", Body: `{"name":"X"}`, Token: tokenB, WantStatus: 404},
		{Name: "e_other_account_update", Method: "PUT", URL: "/api/managed_users/3/folders/9", Body: `{"name":"X"}`, Token: tokenB, WantStatus: 404},
		{Name: "e_other_account_delete", Method: "DELETE", URL: "/api/managed_users/3/folders/9", Token: tokenB, WantStatus: 404},
		{Name: "e_other_account_projects", Method: "GET", URL: "/api/managed_users/3/projects", Token: tokenB, WantStatus: 404},
		{Name: "e_other_account_project_delete", Method: "DELETE", URL: "/api/managed_users/3/projects/3", Token: tokenB, WantStatus: 404},
		{Name: "e_no_token", Method: "GET", URL: folders, Token: "-", WantStatus: 401},
		{Name: "e_unknown_customer", Method: "GET", URL: "/api/managed_users/999/folders", WantStatus: 404},
		{Name: "e_list_after_other_account", Method: "GET", URL: folders, WantStatus: 200},
	})
}

// TestFoldersDeveloper plays the Developer routes on account A's own
// workspace (home folder 1), beside customer 3's folder 6 (project 2): Ops
// (7, project 3) holds Team (8) and Other (9), and Team holds Sub (10). A
// client limited to Team then sees Team's tree only.
func TestFoldersDeveloper(t *testing.T) {
	e := newTestEnv(t, false)
	setupFolders(t, e)
	if status, body := e.do(scenario{Method: "POST", URL: "/api/managed_users/3/folders", Body: `{"name":"Sales"}`}); status != 200 {
		t.Fatalf("setup: %d %s", status, body)
	}
	e.run(t, "folders", []scenario{
		{Name: "d_list_empty", Method: "GET", URL: "/api/folders", WantStatus: 200},
		{Name: "d_create", Method: "POST", URL: "/api/folders", Body: `{"name":"Ops"}`, WantStatus: 200},
		{Name: "d_create_nested", Method: "POST", URL: "/api/folders", Body: `{"name":"Team","parent_id":7}`, WantStatus: 200},
		{Name: "d_create_sibling", Method: "POST", URL: "/api/folders", Body: `{"name":"Other","parent_id":"7"}`, WantStatus: 200},
		{Name: "d_create_sub", Method: "POST", URL: "/api/folders", Body: `{"name":"Sub","parent_id":8}`, WantStatus: 200},
		{Name: "d_create_blank_name", Method: "POST", URL: "/api/folders", Body: `{"name":""}`, WantStatus: 400},
		{Name: "d_create_customer_parent", Method: "POST", URL: "/api/folders", Body: `{"name":"X","parent_id":6}`, WantStatus: 400},
		{Name: "d_list", Method: "GET", URL: "/api/folders", WantStatus: 200},
		{Name: "d_list_children", Method: "GET", URL: "/api/folders?parent_id=7", WantStatus: 200},
		{Name: "d_rename", Method: "PUT", URL: "/api/folders/9", Body: `{"name":"Others"}`, WantStatus: 200},
		{Name: "d_move_cycle", Method: "PUT", URL: "/api/folders/8", Body: `{"parent_id":10}`, WantStatus: 400},
		{Name: "d_move_bad_parent", Method: "PUT", URL: "/api/folders/8", Body: `{"parent_id":6}`, WantStatus: 400},
		{Name: "d_delete_not_empty", Method: "DELETE", URL: "/api/folders/8", WantStatus: 403},
		{Name: "d_delete_project_top", Method: "DELETE", URL: "/api/folders/7", WantStatus: 403},
		{Name: "d_projects", Method: "GET", URL: "/api/projects", WantStatus: 200},
		{Name: "d_customer_folder", Method: "PUT", URL: "/api/folders/6", Body: `{"name":"X"}`, WantStatus: 404},
		{Name: "d_customer_project", Method: "DELETE", URL: "/api/projects/2", WantStatus: 404},
		{Name: "d_other_account_update", Method: "PUT", URL: "/api/folders/8", Body: `{"name":"Stolen"}`, Token: tokenB, WantStatus: 404},
		{Name: "d_other_account_delete", Method: "DELETE", URL: "/api/folders/10", Token: tokenB, WantStatus: 404},
		{Name: "d_other_account_children", Method: "GET", URL: "/api/folders?parent_id=7", Token: tokenB, WantStatus: 200},
		{Name: "d_other_account_projects", Method: "GET", URL: "/api/projects", Token: tokenB, WantStatus: 200},
		{Name: "d_other_account_project_delete", Method: "DELETE", URL: "/api/projects/3", Token: tokenB, WantStatus: 404},
		{Name: "d_no_token", Method: "GET", URL: "/api/folders", Token: "-", WantStatus: 401},
	})

	// A client of the admin workspace limited to Team (8).
	tokens := e.runWithTokens(t, "folders", []scenario{
		{Name: "scope_client", Method: "POST", URL: "/api/developer_api_clients", Body: `{"name":"Team only","all_folders":false,"folder_ids":[8]}`, WantStatus: 200},
	})
	team := tokens["scope_client"]
	if team == "" {
		t.Fatal("no token for the limited client")
	}
	e.run(t, "folders", []scenario{
		{Name: "scope_list_home", Method: "GET", URL: "/api/folders", Token: team, WantStatus: 200},
		{Name: "scope_list_children", Method: "GET", URL: "/api/folders?parent_id=8", Token: team, WantStatus: 200},
		{Name: "scope_list_parent", Method: "GET", URL: "/api/folders?parent_id=7", Token: team, WantStatus: 200},
		{Name: "scope_list_sibling_children", Method: "GET", URL: "/api/folders?parent_id=9", Token: team, WantStatus: 200},
		{Name: "scope_create", Method: "POST", URL: "/api/folders", Body: `{"name":"New","parent_id":8}`, Token: team, WantStatus: 200},
		{Name: "scope_create_home", Method: "POST", URL: "/api/folders", Body: `{"name":"X"}`, Token: team, WantStatus: 400},
		{Name: "scope_create_sibling", Method: "POST", URL: "/api/folders", Body: `{"name":"X","parent_id":9}`, Token: team, WantStatus: 400},
		{Name: "scope_rename", Method: "PUT", URL: "/api/folders/10", Body: `{"name":"Sub 2"}`, Token: team, WantStatus: 200},
		{Name: "scope_move", Method: "PUT", URL: "/api/folders/11", Body: `{"parent_id":10}`, Token: team, WantStatus: 200},
		{Name: "scope_move_out", Method: "PUT", URL: "/api/folders/10", Body: `{"parent_id":9}`, Token: team, WantStatus: 400},
		{Name: "scope_update_sibling", Method: "PUT", URL: "/api/folders/9", Body: `{"name":"Mine"}`, Token: team, WantStatus: 404},
		{Name: "scope_update_project_top", Method: "PUT", URL: "/api/folders/7", Body: `{"name":"Mine"}`, Token: team, WantStatus: 404},
		{Name: "scope_delete_sibling", Method: "DELETE", URL: "/api/folders/9", Token: team, WantStatus: 404},
		{Name: "scope_delete", Method: "DELETE", URL: "/api/folders/11", Token: team, WantStatus: 200},
		{Name: "scope_projects", Method: "GET", URL: "/api/projects", Token: team, WantStatus: 200},
		{Name: "scope_project_delete", Method: "DELETE", URL: "/api/projects/3", Token: team, WantStatus: 404},
		{Name: "scope_on_customer", Method: "GET", URL: "/api/managed_users/3/folders", Token: team, WantStatus: 200},

		// The account's own token is not limited; deleting the project
		// takes the limited client's folders with it.
		{Name: "d_list_sibling_after_scope", Method: "GET", URL: "/api/folders?parent_id=7", WantStatus: 200},
		{Name: "d_project_delete", Method: "DELETE", URL: "/api/projects/3", WantStatus: 200},
		{Name: "d_list_after_project_delete", Method: "GET", URL: "/api/folders", WantStatus: 200},
		{Name: "scope_after_project_delete", Method: "GET", URL: "/api/folders/?parent_id=8", Token: team, WantStatus: 200},
	})
}

// TestFoldersCustomerToken plays the Developer routes with tokens of
// clients that live in customer 3: one over all folders, one limited to
// the top folder of project 3.
func TestFoldersCustomerToken(t *testing.T) {
	e := newTestEnv(t, false)
	setupFolders(t, e)
	for _, body := range []string{`{"name":"Sales"}`, `{"name":"Leads","parent_id":6}`, `{"name":"Support"}`, `{"name":"Tickets","parent_id":8}`} {
		if status, b := e.do(scenario{Method: "POST", URL: "/api/managed_users/3/folders", Body: body}); status != 200 {
			t.Fatalf("setup %s: %d %s", body, status, b)
		}
	}
	tokens := e.runWithTokens(t, "folders", []scenario{
		{Name: "customer_client", Method: "POST", URL: "/api/v2/managed_users/3/developer_api_clients", Body: `{"name":"Acme CI","all_folders":true}`, WantStatus: 200},
		{Name: "customer_scope_client", Method: "POST", URL: "/api/v2/managed_users/3/developer_api_clients", Body: `{"name":"Support only","all_folders":false,"folder_ids":["8"]}`, WantStatus: 200},
		{Name: "customer_scope_client_other_folder", Method: "POST", URL: "/api/v2/managed_users/3/developer_api_clients", Body: `{"name":"X","all_folders":false,"folder_ids":[1]}`, WantStatus: 400},
	})
	inside, support := tokens["customer_client"], tokens["customer_scope_client"]
	if inside == "" || support == "" {
		t.Fatal("no tokens for the customer's clients")
	}
	e.run(t, "folders", []scenario{
		{Name: "customer_list", Method: "GET", URL: "/api/folders", Token: inside, WantStatus: 200},
		{Name: "customer_create", Method: "POST", URL: "/api/folders", Body: `{"name":"From inside","parent_id":7}`, Token: inside, WantStatus: 200},
		{Name: "customer_projects", Method: "GET", URL: "/api/projects", Token: inside, WantStatus: 200},
		{Name: "customer_admin_folder", Method: "DELETE", URL: "/api/folders/1", Token: inside, WantStatus: 404},
		{Name: "customer_on_embedded", Method: "GET", URL: "/api/managed_users/3/folders", Token: inside, WantStatus: 403},
		{Name: "customer_on_embedded_write", Method: "POST", URL: "/api/managed_users/3/folders", Body: `{"name":"X"}`, Token: inside, WantStatus: 403},
		{Name: "customer_scope_list_home", Method: "GET", URL: "/api/folders", Token: support, WantStatus: 200},
		{Name: "customer_scope_children", Method: "GET", URL: "/api/folders?parent_id=8", Token: support, WantStatus: 200},
		{Name: "customer_scope_projects", Method: "GET", URL: "/api/projects", Token: support, WantStatus: 200},
		{Name: "customer_scope_sibling", Method: "PUT", URL: "/api/folders/7", Body: `{"name":"Mine"}`, Token: support, WantStatus: 404},
		{Name: "customer_scope_sibling_project", Method: "DELETE", URL: "/api/projects/2", Token: support, WantStatus: 404},
		{Name: "customer_scope_project_delete", Method: "DELETE", URL: "/api/projects/3", Token: support, WantStatus: 200},
		{Name: "customer_list_after", Method: "GET", URL: "/api/folders", Token: inside, WantStatus: 200},
	})
}

// TestFolderPrivileges checks that a client role must grant Folders: read
// to list, write to change.
func TestFolderPrivileges(t *testing.T) {
	e := newTestEnv(t, false)
	e.Server.TestHelpers = true
	setupFolders(t, e)
	status, v := e.call("POST", "/_partnerd/developer_api_client_roles", `{"name":"Read folders","privileges":{"Folders":["read"]}}`, tokenA, nil)
	if status != 200 {
		t.Fatalf("create role: %d %v", status, v)
	}
	readID := int64(v["id"].(float64))
	status, v = e.call("POST", "/_partnerd/developer_api_client_roles", `{"name":"Customers","privileges":{"Customer workspaces":["read","write"]}}`, tokenA, nil)
	if status != 200 {
		t.Fatalf("create role: %d %v", status, v)
	}
	noneID := int64(v["id"].(float64))
	_, reader := e.mustCreateClient("/api/developer_api_clients", `{"name":"Reader","all_folders":true,"api_privilege_group_id":`+itoa(readID)+`}`, tokenA)
	_, none := e.mustCreateClient("/api/developer_api_clients", `{"name":"None","all_folders":true,"api_privilege_group_id":`+itoa(noneID)+`}`, tokenA)

	want := func(what, method, url, token string, status int) {
		t.Helper()
		if got, body := e.do(scenario{Method: method, URL: url, Token: token}); got != status {
			t.Errorf("%s: %s %s: %d %s, want %d", what, method, url, got, body, status)
		}
	}
	for _, r := range []struct{ method, url string }{
		{"GET", "/api/folders"}, {"GET", "/api/projects"},
		{"GET", "/api/managed_users/3/folders"}, {"GET", "/api/managed_users/3/projects"},
	} {
		want("a read-only role reads", r.method, r.url, reader, 200)
		want("a role without Folders reads", r.method, r.url, none, 403)
	}
	for _, r := range []struct{ method, url string }{
		{"POST", "/api/folders"}, {"PUT", "/api/folders/1"}, {"DELETE", "/api/folders/1"}, {"DELETE", "/api/projects/1"},
		{"POST", "/api/managed_users/3/folders"}, {"PUT", "/api/managed_users/3/folders/3"},
		{"DELETE", "/api/managed_users/3/folders/3"}, {"DELETE", "/api/managed_users/3/projects/1"},
	} {
		want("a read-only role writes", r.method, r.url, reader, 403)
		want("a role without Folders writes", r.method, r.url, none, 403)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
