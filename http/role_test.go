package http_test

import (
	"context"
	"testing"

	"github.com/partnerd/partnerd"
)

func TestRoles(t *testing.T) {
	e := newTestEnv(t, false)
	setupMembers(t, e) // customer 3 has the role "Developer" (id 1)
	const (
		helper = "/_partnerd/managed_users/3/roles"
		roles  = "/api/managed_users/3/roles"
	)
	workbot := `{"name":"Workbot builder","inheritable":false,"folder_ids":[],
		"privileges":{"Recipes":["read","create"],"Folders":["read"],"Workbot":["read","create","update","delete"]}}`
	developer := `{"name":"Customer developer","inheritable":"true","folder_ids":["8",9],
		"privileges":{"Recipes":["read"],"Folders":["read"],"Workbot":["read","create","update"]}}`
	dev := `{"name":"dev","privileges":{"Projects":["read","create","update","delete"],"Folders":["read","create","update","delete"],
		"Connections":["read","create","update","delete"],"Recipes":["read","create","update","delete","run","read_run_history"],
		"Connection Folders":["all"]}}`
	e.run(t, "roles", []scenario{
		// The test helper that creates custom roles.
		{Name: "helper_create", Method: "POST", URL: helper, Body: workbot, WantStatus: 200},
		{Name: "helper_create_folders", Method: "POST", URL: helper, Body: developer, WantStatus: 200},
		{Name: "helper_create_dev", Method: "POST", URL: "/_partnerd/managed_users/Eacme/roles", Body: dev, WantStatus: 200},
		{Name: "helper_create_without_privileges", Method: "POST", URL: "/_partnerd/managed_users/4/roles", Body: `{"name":"Empty"}`, WantStatus: 200},
		{Name: "helper_create_unknown_area", Method: "POST", URL: helper, Body: `{"name":"X","privileges":{"Spaceships":["read"]}}`, WantStatus: 400},
		{Name: "helper_create_unknown_verb", Method: "POST", URL: helper, Body: `{"name":"X","privileges":{"Recipes":["read","fly"]}}`, WantStatus: 400},
		{Name: "helper_create_missing_name", Method: "POST", URL: helper, Body: `{"privileges":{"Recipes":["read"]}}`, WantStatus: 400},
		{Name: "helper_create_taken_name", Method: "POST", URL: helper, Body: `{"name":"dev"}`, WantStatus: 400},
		{Name: "helper_create_system_name", Method: "POST", URL: helper, Body: `{"name":"Admin"}`, WantStatus: 400},
		{Name: "helper_create_wrong_type", Method: "POST", URL: helper, Body: `{"name":"X","privileges":["Recipes"]}`, WantStatus: 400},
		{Name: "helper_create_bad_folder_ids", Method: "POST", URL: helper, Body: `{"name":"X","folder_ids":["one"]}`, WantStatus: 400},
		{Name: "helper_create_malformed", Method: "POST", URL: helper, Body: `{"name":"X",`, WantStatus: 400},
		{Name: "helper_create_other_account", Method: "POST", URL: helper, Body: `{"name":"X"}`, Token: tokenB, WantStatus: 404},
		{Name: "helper_create_no_token", Method: "POST", URL: helper, Body: `{"name":"X"}`, Token: "-", WantStatus: 401},

		// List.
		{Name: "list", Method: "GET", URL: roles, WantStatus: 200},
		{Name: "list_by_external_id", Method: "GET", URL: "/api/managed_users/Eacme/roles?per_page=1", WantStatus: 200},
		{Name: "list_filter", Method: "GET", URL: roles + "?role_name=dev", WantStatus: 200},
		{Name: "list_filter_exact", Method: "GET", URL: roles + "?role_name=De", WantStatus: 200},
		{Name: "list_paged", Method: "GET", URL: roles + "?per_page=2&page=2", WantStatus: 200},
		{Name: "list_past_end", Method: "GET", URL: roles + "?per_page=1000&page=2", WantStatus: 200},
		{Name: "list_bad_per_page", Method: "GET", URL: roles + "?per_page=many", WantStatus: 400},
		{Name: "list_other_workspace", Method: "GET", URL: "/api/managed_users/4/roles", WantStatus: 200},
		{Name: "list_other_account", Method: "GET", URL: roles, Token: tokenB, WantStatus: 404},

		// Copy.
		{Name: "copy", Method: "POST", URL: roles + "/3/copy", Body: `{"name":"Customer developer 2","folder_ids":["8","9"]}`, WantStatus: 200},
		{Name: "copy_keeps_folders", Method: "POST", URL: roles + "/3/copy", Body: `{"name":"Customer developer 3"}`, WantStatus: 200},
		{Name: "copy_integer_folders", Method: "POST", URL: roles + "/1/copy", Body: `{"name":"Developer 2","folder_ids":[6]}`, WantStatus: 200},
		{Name: "copy_clears_folders", Method: "POST", URL: roles + "/3/copy", Body: `{"name":"Customer developer 4","folder_ids":[]}`, WantStatus: 200},
		{Name: "copy_missing_name", Method: "POST", URL: roles + "/3/copy", Body: `{"folder_ids":[1]}`, WantStatus: 400},
		{Name: "copy_taken_name", Method: "POST", URL: roles + "/3/copy", Body: `{"name":"dev"}`, WantStatus: 400},
		{Name: "copy_system_name", Method: "POST", URL: roles + "/3/copy", Body: `{"name":"Operator"}`, WantStatus: 400},
		{Name: "copy_bad_folder_ids", Method: "POST", URL: roles + "/3/copy", Body: `{"name":"Y","folder_ids":["abc"]}`, WantStatus: 400},
		{Name: "copy_folder_ids_wrong_type", Method: "POST", URL: roles + "/3/copy", Body: `{"name":"Y","folder_ids":"1,2"}`, WantStatus: 400},
		{Name: "copy_name_wrong_type", Method: "POST", URL: roles + "/3/copy", Body: `{"name":5}`, WantStatus: 400},
		{Name: "copy_malformed", Method: "POST", URL: roles + "/3/copy", Body: `name=x`, WantStatus: 400},
		{Name: "copy_unknown_role", Method: "POST", URL: roles + "/999/copy", Body: `{"name":"Z"}`, WantStatus: 404},
		{Name: "copy_role_of_other_workspace", Method: "POST", URL: "/api/managed_users/4/roles/1/copy", Body: `{"name":"Z"}`, WantStatus: 404},
		{Name: "copy_other_account", Method: "POST", URL: roles + "/3/copy", Body: `{"name":"Z"}`, Token: tokenB, WantStatus: 404},
		{Name: "copy_folder_of_other_account", Method: "POST", URL: roles + "/3/copy", Body: `{"name":"Z","folder_ids":[5]}`, WantStatus: 400},
		{Name: "copy_folder_missing", Method: "POST", URL: roles + "/3/copy", Body: `{"name":"Z","folder_ids":[987654321]}`, WantStatus: 400},
		{Name: "list_after_copy", Method: "GET", URL: roles + "?page=2&per_page=4", WantStatus: 200},
	})
}

// TestRolesDeveloper covers GET /api/roles on the caller's own workspace.
func TestRolesDeveloper(t *testing.T) {
	e := newTestEnv(t, false)
	setupMembers(t, e) // customer 3 has the role "Developer" (id 1)
	ctx := context.Background()
	var folders []int64
	for _, name := range []string{"Reviews", "Audits"} {
		f := &partnerd.Folder{Name: name}
		if err := e.DB.CreateFolder(ctx, e.AccountA.ID, f); err != nil {
			t.Fatal(err)
		}
		folders = append(folders, f.ID)
	}
	for _, r := range []*partnerd.Role{
		{Name: "Reviewer", Privileges: map[string][]string{"Recipes": {"read", "read_run_history"}}, FolderIDs: folders},
		{Name: "Builder", Inheritable: true, Privileges: map[string][]string{"Recipes": {"all"}, "Connections": {"read"}}},
	} {
		if err := e.DB.CreateRole(ctx, e.AccountA.ID, r); err != nil {
			t.Fatal(err)
		}
	}
	e.run(t, "roles", []scenario{
		{Name: "dev_list", Method: "GET", URL: "/api/roles", WantStatus: 200},
		{Name: "dev_list_filter", Method: "GET", URL: "/api/roles?role_name=Builder", WantStatus: 200},
		{Name: "dev_list_paged", Method: "GET", URL: "/api/roles?per_page=1&page=2", WantStatus: 200},
		{Name: "dev_list_other_account", Method: "GET", URL: "/api/roles", Token: tokenB, WantStatus: 200},
		{Name: "dev_list_no_token", Method: "GET", URL: "/api/roles", Token: "-", WantStatus: 401},
	})
}

// TestRoleHelperOff checks that the test helper does not exist without
// --test-helpers.
func TestRoleHelperOff(t *testing.T) {
	e := newTestEnv(t, false)
	if status, body := e.do(scenario{Method: "POST", URL: "/api/managed_users", Body: `{"name":"Acme","notification_email":"ops@acme.test"}`}); status != 200 {
		t.Fatalf("setup: %d %s", status, body)
	}
	e.run(t, "roles", []scenario{
		{Name: "helper_off", Method: "POST", URL: "/_partnerd/managed_users/3/roles", Body: `{"name":"X"}`, WantStatus: 404},
	})
}
