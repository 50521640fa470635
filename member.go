package partnerd

import (
	"context"
	"strings"
	"time"
)

// GrantTypeTeamMember is the grant type of every member.
const GrantTypeTeamMember = "team member"

// Member is a person with access to a customer workspace. Member ids are
// unique across the server.
type Member struct {
	ID          int64
	WorkspaceID int64
	GrantType   string
	RoleName    string
	EnvRoles    []EnvRole
	ExternalID  *string
	Name        string
	Email       *string
	TimeZone    string
	OAuthID     *string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// EnvRole is a member's role in one environment.
type EnvRole struct {
	EnvironmentType string `json:"environment_type"`
	Name            string `json:"name"`
}

// Validate checks a member before it is stored; the role's existence is
// checked by the caller, which knows the workspace's custom roles.
func (m *Member) Validate() error {
	v := Validation{}
	if strings.TrimSpace(m.Name) == "" {
		v.Add("name", "can't be blank")
	}
	if m.RoleName == "" {
		v.Add("role_name", "can't be blank")
	}
	if m.Email != nil && !ValidEmail(*m.Email) {
		v.Add("email", "is invalid")
	}
	if m.TimeZone == "" {
		v.Add("time_zone", "can't be blank")
	}
	return v.Err()
}

// Privileges returns the privileges a member has through its role.
func (m *Member) Privileges(custom *Role) map[string][]string {
	if p, ok := SystemRoles[m.RoleName]; ok {
		return p
	}
	if custom != nil {
		return custom.Privileges
	}
	return map[string][]string{}
}

// MemberService keeps the members of customer workspaces.
type MemberService interface {
	// CreateMember stores a member: EINVALID.
	CreateMember(ctx context.Context, workspaceID int64, m *Member) error
	// FindMemberByID returns a member of the workspace, or ENOTFOUND.
	FindMemberByID(ctx context.Context, workspaceID, id int64) (*Member, error)
	// FindMemberInAccount returns a member of any customer of the account, or ENOTFOUND.
	FindMemberInAccount(ctx context.Context, accountID, id int64) (*Member, error)
	// FindMembers returns a page of members in ascending id and their total.
	FindMembers(ctx context.Context, workspaceID int64, p Page) ([]*Member, int, error)
	// UpdateMember applies changes in one transaction: ENOTFOUND, EINVALID.
	// apply must not call the store.
	UpdateMember(ctx context.Context, workspaceID, id int64, apply func(*Member) error) (*Member, error)
	// DeleteMember deletes a member, or ENOTFOUND.
	DeleteMember(ctx context.Context, workspaceID, id int64) error
}
