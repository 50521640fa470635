package http

import (
	"net/http"
	"strings"

	"github.com/partnerd/partnerd"
)

// isDeveloperMember reports whether a request came by the Developer
// family's member routes (/api/members/{member_id}), which show a member
// with its roles per environment.
func isDeveloperMember(r *http.Request) bool {
	return strings.Contains(r.Pattern, " /api/members/")
}

// toDevMemberJSON is a member with its role per environment: its
// env_roles, or its role in dev alone.
func toDevMemberJSON(m *partnerd.Member) devMemberJSON {
	roles := make([]memberRoleJSON, 0, max(len(m.EnvRoles), 1))
	for _, er := range m.EnvRoles {
		roles = append(roles, memberRoleJSON{EnvironmentType: er.EnvironmentType, RoleName: er.Name})
	}
	if len(roles) == 0 {
		roles = append(roles, memberRoleJSON{EnvironmentType: devEnvironment, RoleName: m.RoleName})
	}
	return devMemberJSON{toMemberJSON(m), roles}
}

// memberEnvRoles are the roles an update gives a member: the list and the
// dev entry's role name.
type memberEnvRoles struct {
	list []partnerd.EnvRole
	dev  string
}

// envRolesUpdate reads the env_roles of a PUT /api/members/{member_id}
// (Workato's "update collaborator roles"), together with role_name only
// when they agree; nil when the body has none or the route is Embedded,
// whose update takes role_name alone. Problems are added to v.
func (s *Server) envRolesUpdate(r *http.Request, workspaceID int64, in *memberInput, v partnerd.Validation) (*memberEnvRoles, error) {
	if !isDeveloperMember(r) || !in.EnvRoles.Set || in.EnvRoles.Null {
		return nil, nil
	}
	list, dev := envRolesOf(in.EnvRoles.Value, v)
	if in.RoleName.Set && strings.TrimSpace(in.RoleName.Value) != dev {
		v.Add("role_name", "can't be given together with env_roles")
	}
	m := &partnerd.Member{EnvRoles: list, RoleName: dev}
	if err := s.checkMemberRoles(r.Context(), workspaceID, m, v); err != nil {
		return nil, err
	}
	return &memberEnvRoles{list: list, dev: dev}, nil
}
