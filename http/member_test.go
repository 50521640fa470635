package http_test

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"testing"

	"github.com/partnerd/partnerd"
)

// setupMembers gives account A the customers 3 (external id "acme") and 4,
// account B the customer 5, customer 3 the folders 6 to 9 and the custom
// role "Developer" (id 1) over folders 6 and 7.
func setupMembers(t *testing.T, e *testEnv) {
	t.Helper()
	e.Server.TestHelpers = true
	for _, sc := range []scenario{
		{Method: "POST", URL: "/api/managed_users", Body: `{"name":"Acme","notification_email":"ops@acme.test","external_id":"acme"}`},
		{Method: "POST", URL: "/api/managed_users", Body: `{"name":"Beta","notification_email":"ops@beta.test"}`},
		{Method: "POST", URL: "/api/managed_users", Body: `{"name":"Other","notification_email":"ops@other.test"}`, Token: tokenB},
		{Method: "POST", URL: "/api/managed_users/3/folders", Body: `{"name":"Leads"}`},
		{Method: "POST", URL: "/api/managed_users/3/folders", Body: `{"name":"Accounts"}`},
		{Method: "POST", URL: "/api/managed_users/3/folders", Body: `{"name":"Workbot"}`},
		{Method: "POST", URL: "/api/managed_users/3/folders", Body: `{"name":"Support"}`},
		{Method: "POST", URL: "/_partnerd/managed_users/3/roles",
			Body: `{"name":"Developer","privileges":{"Recipes":["read","create"],"Folders":["read"]},"folder_ids":[6,"7"]}`},
	} {
		if status, body := e.do(sc); status != 200 {
			t.Fatalf("setup %s %s: %d %s", sc.Method, sc.URL, status, body)
		}
	}
}

func TestMembers(t *testing.T) {
	e := newTestEnv(t, false)
	setupMembers(t, e)
	const (
		members = "/api/managed_users/3/members"
		alias   = "/api/managed_users/members"
	)
	envRoles := `[{"environment_type":"dev","name":"Operator"},{"environment_type":"TEST","name":"Developer"}]`
	e.run(t, "members", []scenario{
		{Name: "list_empty", Method: "GET", URL: members, WantStatus: 200},

		// Create.
		{Name: "create", Method: "POST", URL: members, Body: `{"name":"Ann","email":"ann@acme.test","role_name":"Admin","external_id":"ann-1"}`, WantStatus: 200},
		{Name: "create_custom_role", Method: "POST", URL: members, Body: `{"name":"Bob","role_name":"Developer","time_zone":"UTC"}`, WantStatus: 200},
		{Name: "create_env_roles", Method: "POST", URL: members, Body: `{"name":"Cy","env_roles":` + envRoles + `}`, WantStatus: 200},
		{Name: "create_oauth_id", Method: "POST", URL: members, Body: `{"name":"Dee","oauth_id":"okta|123"}`, WantStatus: 200},
		{Name: "create_by_external_id", Method: "POST", URL: "/api/managed_users/Eacme/members", Body: `{"name":"Eve","role_name":"Analyst","email":""}`, WantStatus: 200},
		{Name: "create_missing_name", Method: "POST", URL: members, Body: `{"role_name":"Admin"}`, WantStatus: 400},
		{Name: "create_missing_role", Method: "POST", URL: members, Body: `{"name":"X"}`, WantStatus: 400},
		{Name: "create_empty_body", Method: "POST", URL: members, WantStatus: 400},
		{Name: "create_both_roles", Method: "POST", URL: members, Body: `{"name":"X","role_name":"Admin","env_roles":` + envRoles + `}`, WantStatus: 400},
		{Name: "create_unknown_role", Method: "POST", URL: members, Body: `{"name":"X","role_name":"Owner"}`, WantStatus: 400},
		{Name: "create_role_of_other_workspace", Method: "POST", URL: "/api/managed_users/4/members", Body: `{"name":"X","role_name":"Developer"}`, WantStatus: 400},
		{Name: "create_env_roles_without_dev", Method: "POST", URL: members, Body: `{"name":"X","env_roles":[{"environment_type":"prod","name":"Admin"}]}`, WantStatus: 400},
		{Name: "create_env_roles_invalid", Method: "POST", URL: members,
			Body: `{"name":"X","env_roles":[{"environment_type":"dev","name":"Nope"},{"environment_type":"staging","name":"Admin"},{"environment_type":"dev","name":"Admin"},{"environment_type":"prod"}]}`, WantStatus: 400},
		{Name: "create_wrong_type", Method: "POST", URL: members, Body: `{"name":["X"],"role_name":"Admin"}`, WantStatus: 400},
		{Name: "create_env_roles_wrong_type", Method: "POST", URL: members, Body: `{"name":"X","env_roles":"Admin"}`, WantStatus: 400},
		{Name: "create_malformed", Method: "POST", URL: members, Body: `{"name":`, WantStatus: 400},
		{Name: "create_not_an_object", Method: "POST", URL: members, Body: `["Ann"]`, WantStatus: 400},
		{Name: "create_bad_email", Method: "POST", URL: members, Body: `{"name":"X","role_name":"Admin","email":"not an email","time_zone":""}`, WantStatus: 400},
		{Name: "create_other_account", Method: "POST", URL: members, Body: `{"name":"X","role_name":"Admin"}`, Token: tokenB, WantStatus: 404},

		// List and get.
		{Name: "list", Method: "GET", URL: members, WantStatus: 200},
		{Name: "list_paged", Method: "GET", URL: members + "?per_page=2&page=2", WantStatus: 200},
		{Name: "list_past_end", Method: "GET", URL: members + "?per_page=500&page=2", WantStatus: 200},
		{Name: "list_bad_page", Method: "GET", URL: members + "?page=x", WantStatus: 400},
		{Name: "list_other_workspace", Method: "GET", URL: "/api/managed_users/4/members", WantStatus: 200},
		{Name: "list_other_account", Method: "GET", URL: members, Token: tokenB, WantStatus: 404},
		{Name: "get", Method: "GET", URL: members + "/3", WantStatus: 200},
		{Name: "get_alias", Method: "GET", URL: alias + "/4", WantStatus: 200},
		{Name: "get_alias_unknown", Method: "GET", URL: alias + "/999", WantStatus: 404},
		{Name: "get_alias_other_account", Method: "GET", URL: alias + "/4", Token: tokenB, WantStatus: 404},
		{Name: "get_other_workspace", Method: "GET", URL: "/api/managed_users/4/members/3", WantStatus: 404},
		{Name: "get_unknown", Method: "GET", URL: members + "/999", WantStatus: 404},
		{Name: "get_not_a_number", Method: "GET", URL: members + "/abc", WantStatus: 404},
		{Name: "get_other_account", Method: "GET", URL: members + "/3", Token: tokenB, WantStatus: 404},

		// Update.
		{Name: "update", Method: "PUT", URL: members + "/3", Body: `{"name":"Ann Lee","role_name":"Developer","time_zone":"UTC","external_id":null}`, WantStatus: 200},
		{Name: "update_env_roles_member", Method: "PUT", URL: members + "/5", Body: `{"role_name":"Admin","email":"ignored@acme.test"}`, WantStatus: 200},
		{Name: "update_alias", Method: "PUT", URL: alias + "/4", Body: `{"name":"Bob Roe","external_id":"bob"}`, WantStatus: 200},
		{Name: "update_unknown_role", Method: "PUT", URL: members + "/3", Body: `{"role_name":"Owner","name":""}`, WantStatus: 400},
		{Name: "update_null_role", Method: "PUT", URL: members + "/3", Body: `{"role_name":null}`, WantStatus: 400},
		{Name: "update_blank_name", Method: "PUT", URL: members + "/3", Body: `{"name":" "}`, WantStatus: 400},
		{Name: "update_wrong_type", Method: "PUT", URL: members + "/3", Body: `{"time_zone":5}`, WantStatus: 400},
		{Name: "update_malformed", Method: "PUT", URL: members + "/3", Body: `{`, WantStatus: 400},
		{Name: "update_other_workspace", Method: "PUT", URL: "/api/managed_users/4/members/3", Body: `{"name":"Stolen"}`, WantStatus: 404},
		{Name: "update_other_account", Method: "PUT", URL: members + "/3", Body: `{"name":"Stolen"}`, Token: tokenB, WantStatus: 404},
		{Name: "update_alias_other_account", Method: "PUT", URL: alias + "/3", Body: `{"name":"Stolen"}`, Token: tokenB, WantStatus: 404},
		{Name: "get_updated", Method: "GET", URL: members + "/3", WantStatus: 200},

		// Privileges.
		{Name: "privileges_custom_role", Method: "GET", URL: members + "/4/privileges", WantStatus: 200},
		{Name: "privileges_system_role", Method: "GET", URL: members + "/7/privileges", WantStatus: 200},
		{Name: "privileges_admin", Method: "GET", URL: members + "/5/privileges", WantStatus: 200},
		{Name: "privileges_unknown", Method: "GET", URL: members + "/999/privileges", WantStatus: 404},
		{Name: "privileges_other_account", Method: "GET", URL: members + "/4/privileges", Token: tokenB, WantStatus: 404},

		// Invitations.
		{Name: "invite", Method: "POST", URL: "/api/managed_users/3/member_invitations", Body: `{"name":"Fay","email":"fay@acme.test","role_name":"Operator"}`, WantStatus: 200},
		{Name: "invite_singular", Method: "POST", URL: "/api/managed_users/3/member_invitation", Body: `{"name":"Gus","email":"gus@acme.test","role_name":"Developer"}`, WantStatus: 200},
		{Name: "invite_missing_fields", Method: "POST", URL: "/api/managed_users/3/member_invitations", Body: `{}`, WantStatus: 400},
		{Name: "invite_invalid", Method: "POST", URL: "/api/managed_users/3/member_invitations", Body: `{"name":"X","email":"nope","role_name":"Owner"}`, WantStatus: 400},
		{Name: "invite_malformed", Method: "POST", URL: "/api/managed_users/3/member_invitations", Body: `{"name"}`, WantStatus: 400},
		{Name: "invite_other_account", Method: "POST", URL: "/api/managed_users/3/member_invitations", Body: `{"name":"X","email":"x@x.test","role_name":"Admin"}`, Token: tokenB, WantStatus: 404},
		{Name: "list_after_invite", Method: "GET", URL: members, WantStatus: 200},

		// Delete.
		{Name: "delete_other_account", Method: "DELETE", URL: members + "/3", Token: tokenB, WantStatus: 404},
		{Name: "delete_other_workspace", Method: "DELETE", URL: "/api/managed_users/4/members/3", WantStatus: 404},
		{Name: "delete", Method: "DELETE", URL: members + "/3", WantStatus: 200},
		{Name: "get_deleted", Method: "GET", URL: members + "/3", WantStatus: 404},
		{Name: "delete_again", Method: "DELETE", URL: members + "/3", WantStatus: 404},
	})

	// A role_name update also renames the dev entry of the member's env_roles.
	m, err := e.DB.FindMemberByID(context.Background(), 3, 5)
	if err != nil {
		t.Fatal(err)
	}
	want := []partnerd.EnvRole{{EnvironmentType: "dev", Name: "Admin"}, {EnvironmentType: "test", Name: "Developer"}}
	if !slices.Equal(m.EnvRoles, want) {
		t.Errorf("env_roles %v, want %v", m.EnvRoles, want)
	}
}

// TestMembersPageCap checks that members and custom roles come 500 a page
// at most, whatever per_page asks.
func TestMembersPageCap(t *testing.T) {
	e := newTestEnv(t, false)
	setupMembers(t, e)
	ctx := context.Background()
	for i := range 501 {
		n := strconv.Itoa(i)
		if err := e.DB.CreateMember(ctx, 3, &partnerd.Member{Name: "M" + n, RoleName: "Analyst", TimeZone: "UTC"}); err != nil {
			t.Fatal(err)
		}
		if err := e.DB.CreateRole(ctx, 3, &partnerd.Role{Name: "R" + n}); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		url  string
		want int
	}{
		{"/api/managed_users/3/members?per_page=1000", 500},
		{"/api/managed_users/3/members?per_page=1000&page=2", 1},
		{"/api/managed_users/3/members", 100},
		{"/api/managed_users/3/roles?per_page=501", 500},
		{"/api/managed_users/3/roles?per_page=500&page=2", 2}, // "Developer" and R500
	} {
		status, body := e.do(scenario{Method: "GET", URL: tc.url})
		var list []json.RawMessage
		if err := json.Unmarshal(body, &list); status != 200 || err != nil {
			t.Fatalf("%s: %d %s", tc.url, status, body)
		}
		if len(list) != tc.want {
			t.Errorf("%s: %d items, want %d", tc.url, len(list), tc.want)
		}
	}
}

// TestMembersDeveloper covers the Developer family, on the caller's own
// (admin) workspace.
func TestMembersDeveloper(t *testing.T) {
	e := newTestEnv(t, false)
	setupMembers(t, e)
	ctx := context.Background()
	reviews := &partnerd.Folder{Name: "Reviews"}
	if err := e.DB.CreateFolder(ctx, e.AccountA.ID, reviews); err != nil {
		t.Fatal(err)
	}
	if err := e.DB.CreateRole(ctx, e.AccountA.ID, &partnerd.Role{Name: "Reviewer",
		Privileges: map[string][]string{"Recipes": {"read", "read_run_history"}}, FolderIDs: []int64{reviews.ID}}); err != nil {
		t.Fatal(err)
	}
	e.run(t, "members", []scenario{
		{Name: "dev_list_owner", Method: "GET", URL: "/api/members", WantStatus: 200},
		{Name: "customer_member", Method: "POST", URL: "/api/managed_users/3/members", Body: `{"name":"Ann","role_name":"Admin"}`, WantStatus: 200},
	})
	email := "owner@partner.test"
	for _, m := range []*partnerd.Member{
		{Name: "Owner", Email: &email, RoleName: "Admin", TimeZone: partnerd.DefaultTimeZone},
		{Name: "Reviewer", RoleName: "Reviewer", TimeZone: "UTC"},
	} {
		if err := e.DB.CreateMember(ctx, e.AccountA.ID, m); err != nil {
			t.Fatal(err)
		}
	}
	e.run(t, "members", []scenario{
		{Name: "dev_list", Method: "GET", URL: "/api/members", WantStatus: 200},
		{Name: "dev_list_paged", Method: "GET", URL: "/api/members?per_page=1&page=2", WantStatus: 200},
		{Name: "dev_list_other_account", Method: "GET", URL: "/api/members", Token: tokenB, WantStatus: 200},
		{Name: "dev_list_no_token", Method: "GET", URL: "/api/members", Token: "-", WantStatus: 401},
		{Name: "dev_privileges", Method: "GET", URL: "/api/members/4/privileges", WantStatus: 200},
		{Name: "dev_privileges_account_owner", Method: "GET", URL: "/api/members/1/privileges", WantStatus: 200},
		{Name: "dev_privileges_custom_role", Method: "GET", URL: "/api/members/5/privileges", WantStatus: 200},
		{Name: "dev_privileges_customer_member", Method: "GET", URL: "/api/members/3/privileges", WantStatus: 404},
		{Name: "dev_privileges_other_account", Method: "GET", URL: "/api/members/4/privileges", Token: tokenB, WantStatus: 404},
		{Name: "alias_admin_workspace_member", Method: "GET", URL: "/api/managed_users/members/4", WantStatus: 404},
	})
}
