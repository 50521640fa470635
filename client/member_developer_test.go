package client_test

import (
	"context"
	"testing"

	"github.com/partnerd/partnerd/client"
)

// TestDeveloperMemberPaths checks the path and body of the Developer
// member routes.
func TestDeveloperMemberPaths(t *testing.T) {
	ctx := context.Background()
	c, seen := fakeServer(t, answer(200, `{"id":4,"name":"Ann","role_name":"Admin","roles":[{"environment_type":"dev","role_name":"Admin"}]}`))
	m, err := c.DeveloperMember(ctx, 4)
	if err != nil || m.ID != 4 || len(m.Roles) != 1 || m.Roles[0].RoleName != "Admin" {
		t.Errorf("DeveloperMember = %+v, %v", m, err)
	}
	_, _ = c.DeveloperUpdateMember(ctx, 4, client.DeveloperUpdateMemberParams{EnvRoles: []client.EnvRole{{EnvironmentType: "dev", Name: "Admin"}}})
	_ = c.DeveloperDeleteMember(ctx, 4)
	_ = c.DeveloperInviteMember(ctx, client.InviteMemberParams{Name: "John", Email: "john@partner.test", RoleName: "Admin"})
	want := []request{
		{Method: "GET", Path: "/api/members/4"},
		{Method: "PUT", Path: "/api/members/4", Body: `{"env_roles":[{"environment_type":"dev","name":"Admin"}]}`},
		{Method: "DELETE", Path: "/api/members/4"},
		{Method: "POST", Path: "/api/member_invitations", Body: `{"name":"John","email":"john@partner.test","role_name":"Admin"}`},
	}
	got := seen()
	if len(got) != len(want) {
		t.Fatalf("requests = %d, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Method != w.Method || g.Path != w.Path || g.Body != w.Body {
			t.Errorf("request %d = %s %s %s\nwant %s %s %s", i, g.Method, g.Path, g.Body, w.Method, w.Path, w.Body)
		}
	}
}
