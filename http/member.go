package http

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/partnerd/partnerd"
)

// memberJSON is the Member object of objects.md, in its field order.
type memberJSON struct {
	ID         int64    `json:"id"`
	GrantType  string   `json:"grant_type"`
	RoleName   string   `json:"role_name"`
	ExternalID *string  `json:"external_id"`
	Name       string   `json:"name"`
	Email      *string  `json:"email"`
	TimeZone   string   `json:"time_zone"`
	CreatedAt  jsonTime `json:"created_at"`
}

func toMemberJSON(m *partnerd.Member) memberJSON {
	return memberJSON{
		ID: m.ID, GrantType: m.GrantType, RoleName: m.RoleName, ExternalID: m.ExternalID,
		Name: m.Name, Email: m.Email, TimeZone: m.TimeZone, CreatedAt: jsonTime(m.CreatedAt),
	}
}

// devMemberJSON is a Member as /api/members shows it, with its role per
// environment.
type devMemberJSON struct {
	memberJSON
	Roles []memberRoleJSON `json:"roles"`
}

type memberRoleJSON struct {
	EnvironmentType string `json:"environment_type"`
	RoleName        string `json:"role_name"`
}

// privilegeJSON is the Privilege object of objects.md: a member's role in
// the dev environment and what it grants.
type privilegeJSON struct {
	EnvironmentType string              `json:"environment_type"`
	Name            string              `json:"name"`
	Privileges      map[string][]string `json:"privileges"`
	FolderIDs       []int64             `json:"folder_ids"`
}

// devEnvironment is the environment type of a member's main role.
const devEnvironment = "dev"

// memberEnvironments are the environment types env_roles may name.
var memberEnvironments = []string{devEnvironment, "test", "prod"}

// oauthDefaultRole is the role of a member created with only an oauth_id:
// the least privileged system role.
const oauthDefaultRole = "Analyst"

// memberInput is the body of a member create, update or invitation. Update
// reads only name, role_name, time_zone and external_id.
type memberInput struct {
	Name       optional[string]             `json:"name"`
	RoleName   optional[string]             `json:"role_name"`
	EnvRoles   optional[[]partnerd.EnvRole] `json:"env_roles"`
	Email      optional[string]             `json:"email"`
	ExternalID optional[string]             `json:"external_id"`
	TimeZone   optional[string]             `json:"time_zone"`
	OAuthID    optional[string]             `json:"oauth_id"`
}

// apply copies name, time_zone and external_id onto m, the fields that
// create and update share besides the role.
func (in *memberInput) apply(m *partnerd.Member) {
	if in.Name.Set {
		m.Name = strings.TrimSpace(in.Name.Value)
	}
	if in.TimeZone.Set {
		m.TimeZone = strings.TrimSpace(in.TimeZone.Value)
	}
	in.ExternalID.applyTo(&m.ExternalID)
	m.ExternalID = nonEmpty(m.ExternalID)
}

// applyRoleName sets a role_name given on update; it also renames the dev
// entry of the member's env_roles, so that both stay the same.
func (in *memberInput) applyRoleName(m *partnerd.Member) {
	if !in.RoleName.Set {
		return
	}
	m.RoleName = strings.TrimSpace(in.RoleName.Value)
	for i := range m.EnvRoles {
		if m.EnvRoles[i].EnvironmentType == devEnvironment {
			m.EnvRoles[i].Name = m.RoleName
		}
	}
}

// newMember returns the member a create or invitation body describes,
// without its role.
func (in *memberInput) newMember() *partnerd.Member {
	m := &partnerd.Member{GrantType: partnerd.GrantTypeTeamMember, TimeZone: partnerd.DefaultTimeZone}
	in.apply(m)
	in.Email.applyTo(&m.Email)
	in.OAuthID.applyTo(&m.OAuthID)
	if m.Email != nil {
		email := strings.TrimSpace(*m.Email)
		m.Email = nonEmpty(&email)
	}
	m.OAuthID = nonEmpty(m.OAuthID)
	return m
}

// assignRole gives a new member its role: role_name, or env_roles whose dev
// entry names the role, exactly one of them; with neither, a body with an
// oauth_id gets oauthDefaultRole. Problems are added to v.
func (in *memberInput) assignRole(m *partnerd.Member, v partnerd.Validation) {
	roleName := strings.TrimSpace(in.RoleName.Value)
	hasEnvRoles := in.EnvRoles.Set && !in.EnvRoles.Null
	switch {
	case roleName != "" && hasEnvRoles:
		m.RoleName = roleName
		v.Add("role_name", "can't be given together with env_roles")
	case hasEnvRoles:
		m.EnvRoles, m.RoleName = envRolesOf(in.EnvRoles.Value, v)
	case roleName != "":
		m.RoleName = roleName
	case m.OAuthID != nil:
		m.RoleName = oauthDefaultRole
	}
}

// envRolesOf normalizes env_roles and returns them with the dev entry's
// role name; problems are added to v.
func envRolesOf(list []partnerd.EnvRole, v partnerd.Validation) ([]partnerd.EnvRole, string) {
	out := make([]partnerd.EnvRole, 0, len(list))
	seen := map[string]bool{}
	var dev string
	for _, er := range list {
		env := strings.ToLower(strings.TrimSpace(er.EnvironmentType))
		name := strings.TrimSpace(er.Name)
		switch {
		case !slices.Contains(memberEnvironments, env):
			v.Add("env_roles", "has an unknown environment_type: "+er.EnvironmentType)
			continue
		case seen[env]:
			v.Add("env_roles", "names environment_type "+env+" twice")
			continue
		case name == "":
			v.Add("env_roles", "has no role name for environment_type "+env)
		}
		seen[env] = true
		if env == devEnvironment {
			dev = name
		}
		out = append(out, partnerd.EnvRole{EnvironmentType: env, Name: name})
	}
	if !seen[devEnvironment] {
		v.Add("env_roles", "must include the dev environment")
	}
	return out, dev
}

// checkMemberRoles adds a problem to v for each role of m that is neither a
// system role nor a custom role of the workspace.
func (s *Server) checkMemberRoles(ctx context.Context, workspaceID int64, m *partnerd.Member, v partnerd.Validation) error {
	if len(m.EnvRoles) == 0 {
		return s.checkRoleName(ctx, workspaceID, m.RoleName, "role_name", v)
	}
	for _, er := range m.EnvRoles {
		if err := s.checkRoleName(ctx, workspaceID, er.Name, "env_roles", v); err != nil {
			return err
		}
	}
	return nil
}

// checkRoleName adds a problem to v under field when a non-blank name is no
// role of the workspace.
func (s *Server) checkRoleName(ctx context.Context, workspaceID int64, name, field string, v partnerd.Validation) error {
	if name == "" {
		return nil
	}
	if _, ok := partnerd.SystemRoles[name]; ok {
		return nil
	}
	role, err := s.customRole(ctx, workspaceID, name)
	if err != nil {
		return err
	} else if role == nil {
		if field == "role_name" {
			v.Add(field, "is not a role of the workspace")
		} else {
			v.Add(field, "names a role the workspace does not have: "+name)
		}
	}
	return nil
}

// customRole returns the workspace's custom role of that name, or nil.
func (s *Server) customRole(ctx context.Context, workspaceID int64, name string) (*partnerd.Role, error) {
	list, _, err := s.Roles.FindRoles(ctx, workspaceID, partnerd.RoleFilter{Name: &name, Page: partnerd.Page{Page: 1, PerPage: 1}})
	if err != nil || len(list) == 0 {
		return nil, err
	}
	return list[0], nil
}

// withProblems joins the problems a handler found with those of a Validate
// error into one validation error; it is nil when there are none.
func withProblems(v partnerd.Validation, err error) error {
	var perr *partnerd.Error
	if err != nil && !(errors.As(err, &perr) && perr.Code == partnerd.EINVALID) {
		return err
	}
	all := partnerd.Validation{}
	for field, problems := range v {
		all[field] = append(all[field], problems...)
	}
	if perr != nil {
		for field, problems := range perr.Fields {
			all[field] = append(all[field], problems...)
		}
	}
	return all.Err()
}

// nonEmpty returns p, or nil when it points to an empty string.
func nonEmpty(p *string) *string {
	if p == nil || *p == "" {
		return nil
	}
	return p
}

// memberOf finds the member of {member_id}: in the request's workspace, or
// in any customer of the caller's account on the alias without {mu}.
func (s *Server) memberOf(r *http.Request) (*partnerd.Member, error) {
	id, err := pathID(r, "member_id")
	if err != nil {
		return nil, err
	}
	if strings.Contains(r.Pattern, "/api/managed_users/members/") {
		return s.Members.FindMemberInAccount(r.Context(), callerOf(r).AccountID, id)
	}
	return s.Members.FindMemberByID(r.Context(), workspaceID(r), id)
}

// handleMemberList handles GET E/members ([Member]) and GET /api/members
// ({data:[Member with roles], total}).
func (s *Server) handleMemberList(w http.ResponseWriter, r *http.Request) error {
	page, err := pageOf(r, 500)
	if err != nil {
		return err
	}
	list, total, err := s.Members.FindMembers(r.Context(), workspaceID(r), page)
	if err != nil {
		return err
	}
	if isCustomer(r) {
		out := make([]memberJSON, len(list))
		for i, m := range list {
			out[i] = toMemberJSON(m)
		}
		return ok(w, out)
	}
	out := make([]devMemberJSON, len(list))
	for i, m := range list {
		out[i] = toDevMemberJSON(m)
	}
	return ok(w, dataWithTotal[devMemberJSON]{Data: out, Total: total})
}

// handleMemberGet handles GET E/members/{member_id} and its alias without
// {mu} (Member), and GET /api/members/{member_id} (Member with roles).
func (s *Server) handleMemberGet(w http.ResponseWriter, r *http.Request) error {
	m, err := s.memberOf(r)
	if err != nil {
		return err
	}
	return s.answerMember(w, r, m)
}

// answerMember answers a member as the route's family shows it.
func (s *Server) answerMember(w http.ResponseWriter, r *http.Request, m *partnerd.Member) error {
	if isDeveloperMember(r) {
		return ok(w, toDevMemberJSON(m))
	}
	return ok(w, toMemberJSON(m))
}

// handleMemberCreate handles POST E/members.
func (s *Server) handleMemberCreate(w http.ResponseWriter, r *http.Request) error {
	var in memberInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	m := in.newMember()
	v := partnerd.Validation{}
	in.assignRole(m, v)
	if err := s.checkMemberRoles(r.Context(), workspaceID(r), m, v); err != nil {
		return err
	}
	if err := withProblems(v, m.Validate()); err != nil {
		return err
	}
	if err := s.Members.CreateMember(r.Context(), workspaceID(r), m); err != nil {
		return err
	}
	return ok(w, toMemberJSON(m))
}

// handleMemberUpdate handles PUT E/members/{member_id} and its alias
// without {mu}: role_name, name, time_zone and external_id.
func (s *Server) handleMemberUpdate(w http.ResponseWriter, r *http.Request) error {
	found, err := s.memberOf(r)
	if err != nil {
		return err
	}
	var in memberInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	v := partnerd.Validation{}
	if in.RoleName.Set {
		if err := s.checkRoleName(r.Context(), found.WorkspaceID, strings.TrimSpace(in.RoleName.Value), "role_name", v); err != nil {
			return err
		}
	}
	envRoles, err := s.envRolesUpdate(r, found.WorkspaceID, &in, v)
	if err != nil {
		return err
	}
	m, err := s.Members.UpdateMember(r.Context(), found.WorkspaceID, found.ID, func(m *partnerd.Member) error {
		in.apply(m)
		in.applyRoleName(m)
		if envRoles != nil {
			m.EnvRoles, m.RoleName = envRoles.list, envRoles.dev
		}
		return withProblems(v, m.Validate())
	})
	if err != nil {
		return err
	}
	return s.answerMember(w, r, m)
}

// handleMemberDelete handles DELETE E/members/{member_id}.
func (s *Server) handleMemberDelete(w http.ResponseWriter, r *http.Request) error {
	m, err := s.memberOf(r)
	if err != nil {
		return err
	}
	if err := s.Members.DeleteMember(r.Context(), m.WorkspaceID, m.ID); err != nil {
		return err
	}
	return ok(w, success{true})
}

// handleMemberPrivileges handles GET E/members/{member_id}/privileges
// ({result:[Privilege]}) and GET /api/members/{member_id}/privileges
// ({data:[Privilege], total:1}).
func (s *Server) handleMemberPrivileges(w http.ResponseWriter, r *http.Request) error {
	m, err := s.memberOf(r)
	if err != nil {
		return err
	}
	p := privilegeJSON{EnvironmentType: devEnvironment, Name: m.RoleName, FolderIDs: []int64{}}
	var custom *partnerd.Role
	if _, system := partnerd.SystemRoles[m.RoleName]; !system {
		if custom, err = s.customRole(r.Context(), m.WorkspaceID, m.RoleName); err != nil {
			return err
		} else if custom != nil {
			p.FolderIDs = custom.FolderIDs
		}
	}
	p.Privileges = m.Privileges(custom)
	if isCustomer(r) {
		return ok(w, resultOf[[]privilegeJSON]{[]privilegeJSON{p}})
	}
	return ok(w, dataWithTotal[privilegeJSON]{Data: []privilegeJSON{p}, Total: 1})
}

// handleMemberInvite handles POST E/member_invitations (and the singular
// alias): name, email and role_name are required. No mail leaves the
// server, so the invitation is taken as accepted at once: the invitee
// becomes a member of the workspace.
func (s *Server) handleMemberInvite(w http.ResponseWriter, r *http.Request) error {
	var in memberInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	m := in.newMember()
	m.RoleName = strings.TrimSpace(in.RoleName.Value)
	v := partnerd.Validation{}
	if m.Email == nil {
		v.Add("email", "can't be blank")
	}
	if err := s.checkRoleName(r.Context(), workspaceID(r), m.RoleName, "role_name", v); err != nil {
		return err
	}
	if err := withProblems(v, m.Validate()); err != nil {
		return err
	}
	if err := s.Members.CreateMember(r.Context(), workspaceID(r), m); err != nil {
		return err
	}
	return ok(w, resultOf[string]{"ok"})
}
