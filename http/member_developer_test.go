package http_test

import (
	"context"
	"testing"

	"github.com/partnerd/partnerd"
)

// TestMembersDeveloperChange gets, updates, invites and deletes members of
// the caller's own workspace through the Developer family; a customer's
// member and another account's are not found.
func TestMembersDeveloperChange(t *testing.T) {
	e := newTestEnv(t, false)
	setupMembers(t, e)
	ctx := context.Background()
	if err := e.DB.CreateRole(ctx, e.AccountA.ID, &partnerd.Role{Name: "Reviewer",
		Privileges: map[string][]string{"Recipes": {"read"}}}); err != nil {
		t.Fatal(err)
	}
	e.run(t, "members", []scenario{
		{Name: "customer_member", Method: "POST", URL: "/api/managed_users/3/members", Body: `{"name":"Ann","role_name":"Admin"}`, WantStatus: 200},
	})
	if err := e.DB.CreateMember(ctx, e.AccountA.ID, &partnerd.Member{Name: "Reviewer", RoleName: "Reviewer", TimeZone: "UTC"}); err != nil {
		t.Fatal(err)
	}
	e.run(t, "members", []scenario{
		{Name: "dev_get", Method: "GET", URL: "/api/members/4", WantStatus: 200},
		{Name: "dev_get_customer_member", Method: "GET", URL: "/api/members/3", WantStatus: 404},
		{Name: "dev_get_other_account", Method: "GET", URL: "/api/members/4", Token: tokenB, WantStatus: 404},
		{Name: "dev_update_role", Method: "PUT", URL: "/api/members/4", Body: `{"role_name":"Admin","time_zone":"UTC"}`, WantStatus: 200},
		{Name: "dev_update_env_roles", Method: "PUT", URL: "/api/members/4",
			Body: `{"env_roles":[{"environment_type":"dev","name":"Reviewer"},{"environment_type":"prod","name":"Analyst"}]}`, WantStatus: 200},
		{Name: "dev_update_env_roles_unknown", Method: "PUT", URL: "/api/members/4",
			Body: `{"env_roles":[{"environment_type":"dev","name":"Nobody"}]}`, WantStatus: 400},
		{Name: "dev_update_env_roles_and_role", Method: "PUT", URL: "/api/members/4",
			Body: `{"role_name":"Admin","env_roles":[{"environment_type":"dev","name":"Reviewer"}]}`, WantStatus: 400},
		{Name: "dev_update_unknown_role", Method: "PUT", URL: "/api/members/4", Body: `{"role_name":"Nobody"}`, WantStatus: 400},
		{Name: "dev_update_customer_member", Method: "PUT", URL: "/api/members/3", Body: `{"role_name":"Admin"}`, WantStatus: 404},
		{Name: "dev_update_other_account", Method: "PUT", URL: "/api/members/4", Body: `{"role_name":"Admin"}`, Token: tokenB, WantStatus: 404},
		{Name: "dev_invite", Method: "POST", URL: "/api/member_invitations", Body: `{"name":"John","email":"john@partner.test","role_name":"Admin"}`, WantStatus: 200},
		{Name: "dev_invite_blank", Method: "POST", URL: "/api/member_invitations", Body: `{"name":"John"}`, WantStatus: 400},
		{Name: "dev_list_after_invite", Method: "GET", URL: "/api/members", WantStatus: 200},
		{Name: "dev_delete_customer_member", Method: "DELETE", URL: "/api/members/3", WantStatus: 404},
		{Name: "dev_delete_other_account", Method: "DELETE", URL: "/api/members/4", Token: tokenB, WantStatus: 404},
		{Name: "dev_delete", Method: "DELETE", URL: "/api/members/4", WantStatus: 200},
		{Name: "dev_get_deleted", Method: "GET", URL: "/api/members/4", WantStatus: 404},
	})
}
