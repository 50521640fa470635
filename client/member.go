package client

import (
	"context"
	"iter"
	"net/http"
	"strconv"
	"time"
)

// Member is a person with access to a workspace. Member ids are unique
// across the server.
type Member struct {
	ID         int64     `json:"id"`
	GrantType  string    `json:"grant_type"`
	RoleName   string    `json:"role_name"`
	ExternalID *string   `json:"external_id"`
	Name       string    `json:"name"`
	Email      *string   `json:"email"`
	TimeZone   string    `json:"time_zone"`
	CreatedAt  time.Time `json:"created_at"`
	// Roles is the member's role per environment; only DeveloperMembers
	// fills it.
	Roles []MemberRole `json:"roles,omitempty"`
}

// MemberRole is a member's role in one environment ("dev").
type MemberRole struct {
	EnvironmentType string `json:"environment_type"`
	RoleName        string `json:"role_name"`
}

// EnvRole names a role for one environment when a member is created.
type EnvRole struct {
	EnvironmentType string `json:"environment_type"`
	Name            string `json:"name"`
}

// Privilege is what a member's role grants in one environment.
type Privilege struct {
	EnvironmentType string              `json:"environment_type"`
	Name            string              `json:"name"`
	Privileges      map[string][]string `json:"privileges"`
	FolderIDs       IDs                 `json:"folder_ids"`
}

// CreateMemberParams is the body of CreateMember. Name is required, and
// exactly one of RoleName (a system role such as "Admin", or a custom role
// of the workspace) and EnvRoles; or OAuthID alone adds an existing user.
type CreateMemberParams struct {
	Name       string    `json:"name,omitempty"`
	RoleName   string    `json:"role_name,omitempty"`
	EnvRoles   []EnvRole `json:"env_roles,omitempty"`
	OAuthID    string    `json:"oauth_id,omitempty"`
	Email      string    `json:"email,omitempty"`
	ExternalID string    `json:"external_id,omitempty"`
	TimeZone   string    `json:"time_zone,omitempty"`
}

// UpdateMemberParams is the body of UpdateMember: only the fields that are
// set are sent (Name: client.Ptr("Ann")).
type UpdateMemberParams struct {
	RoleName   *string `json:"role_name,omitempty"`
	Name       *string `json:"name,omitempty"`
	TimeZone   *string `json:"time_zone,omitempty"`
	ExternalID *string `json:"external_id,omitempty"`
}

// InviteMemberParams is the body of InviteMember; every field is required.
type InviteMemberParams struct {
	Name     string `json:"name"`
	Email    string `json:"email"`
	RoleName string `json:"role_name"`
}

// Members returns the first page of the members of a customer workspace,
// 100 by the route's default (GET /api/managed_users/{mu}/members); use
// AllMembers for every member.
func (c *Client) Members(ctx context.Context, mu WorkspaceRef) ([]Member, error) {
	return c.memberPage(ctx, mu, ListOptions{})
}

// AllMembers iterates over every member of a customer workspace, perPage
// a page (0, or more than 500, is 500, the route's maximum). It stops
// after the first short page; an error ends the iteration after it is
// yielded.
func (c *Client) AllMembers(ctx context.Context, mu WorkspaceRef, perPage int) iter.Seq2[Member, error] {
	return allPages(perPage, largePageMax, func(p ListOptions, _ *Member) ([]Member, error) {
		return c.memberPage(ctx, mu, p)
	})
}

// memberPage returns one page of the members of a customer workspace.
func (c *Client) memberPage(ctx context.Context, mu WorkspaceRef, opts ListOptions) ([]Member, error) {
	path, err := customerPath(mu, "/members")
	if err != nil {
		return nil, err
	}
	var out []Member
	if err := c.do(ctx, http.MethodGet, path, opts.values(), nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// Member returns a member of a customer workspace
// (GET /api/managed_users/{mu}/members/{id}).
func (c *Client) Member(ctx context.Context, mu WorkspaceRef, id int64) (*Member, error) {
	return c.memberCall(ctx, http.MethodGet, mu, id, nil)
}

// MemberInAccount returns a member of any customer workspace of the
// account (GET /api/managed_users/members/{id}, the form of Workato's
// overview).
func (c *Client) MemberInAccount(ctx context.Context, id int64) (*Member, error) {
	var out Member
	if err := c.do(ctx, http.MethodGet, "/api/managed_users/members/"+itoa(id), nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// CreateMember adds a member to a customer workspace
// (POST /api/managed_users/{mu}/members).
func (c *Client) CreateMember(ctx context.Context, mu WorkspaceRef, p CreateMemberParams) (*Member, error) {
	path, err := customerPath(mu, "/members")
	if err != nil {
		return nil, err
	}
	var out Member
	if err := c.do(ctx, http.MethodPost, path, nil, p, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateMember changes a member of a customer workspace
// (PUT /api/managed_users/{mu}/members/{id}).
func (c *Client) UpdateMember(ctx context.Context, mu WorkspaceRef, id int64, p UpdateMemberParams) (*Member, error) {
	return c.memberCall(ctx, http.MethodPut, mu, id, p)
}

// UpdateMemberInAccount changes a member of any customer workspace of the
// account (PUT /api/managed_users/members/{id}).
func (c *Client) UpdateMemberInAccount(ctx context.Context, id int64, p UpdateMemberParams) (*Member, error) {
	var out Member
	if err := c.do(ctx, http.MethodPut, "/api/managed_users/members/"+itoa(id), nil, p, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

func (c *Client) memberCall(ctx context.Context, method string, mu WorkspaceRef, id int64, body any) (*Member, error) {
	path, err := customerPath(mu, "/members/"+itoa(id))
	if err != nil {
		return nil, err
	}
	var out Member
	if err := c.do(ctx, method, path, nil, body, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DeleteMember removes a member from a customer workspace
// (DELETE /api/managed_users/{mu}/members/{id}).
func (c *Client) DeleteMember(ctx context.Context, mu WorkspaceRef, id int64) error {
	path, err := customerPath(mu, "/members/"+itoa(id))
	if err != nil {
		return err
	}
	return c.ack(ctx, http.MethodDelete, path, nil)
}

// MemberPrivileges returns what a member's role grants
// (GET /api/managed_users/{mu}/members/{id}/privileges).
func (c *Client) MemberPrivileges(ctx context.Context, mu WorkspaceRef, id int64) ([]Privilege, error) {
	path, err := customerPath(mu, "/members/"+itoa(id)+"/privileges")
	if err != nil {
		return nil, err
	}
	var out result[[]Privilege]
	if err := c.do(ctx, http.MethodGet, path, nil, nil, &out); err != nil {
		return nil, err
	}
	return out.Result, nil
}

// InviteMember invites a person by email to a customer workspace
// (POST /api/managed_users/{mu}/member_invitations).
func (c *Client) InviteMember(ctx context.Context, mu WorkspaceRef, p InviteMemberParams) error {
	path, err := customerPath(mu, "/member_invitations")
	if err != nil {
		return err
	}
	return c.do(ctx, http.MethodPost, path, nil, p, nil)
}

// itoa renders an id for a path.
func itoa(id int64) string { return strconv.FormatInt(id, 10) }
