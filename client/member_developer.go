package client

import (
	"context"
	"net/http"
)

// DeveloperUpdateMemberParams is the body of DeveloperUpdateMember: only the
// fields that are set are sent. EnvRoles replaces the member's roles per
// environment and must name dev; RoleName alone changes the dev role.
type DeveloperUpdateMemberParams struct {
	RoleName   *string   `json:"role_name,omitempty"`
	EnvRoles   []EnvRole `json:"env_roles,omitempty"`
	Name       *string   `json:"name,omitempty"`
	TimeZone   *string   `json:"time_zone,omitempty"`
	ExternalID *string   `json:"external_id,omitempty"`
}

func (c *Client) developerMemberCall(ctx context.Context, method string, id int64, body any) (*Member, error) {
	var out Member
	if err := c.do(ctx, method, ownScope+"/members/"+itoa(id), nil, body, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DeveloperMember returns a member of the caller's own workspace with its
// roles per environment (GET /api/members/{id}).
func (c *Client) DeveloperMember(ctx context.Context, id int64) (*Member, error) {
	return c.developerMemberCall(ctx, http.MethodGet, id, nil)
}

// DeveloperUpdateMember changes the roles and details of a member of the
// caller's own workspace and returns it (PUT /api/members/{id}).
func (c *Client) DeveloperUpdateMember(ctx context.Context, id int64, p DeveloperUpdateMemberParams) (*Member, error) {
	return c.developerMemberCall(ctx, http.MethodPut, id, p)
}

// DeveloperDeleteMember removes a member from the caller's own workspace
// (DELETE /api/members/{id}).
func (c *Client) DeveloperDeleteMember(ctx context.Context, id int64) error {
	return c.ack(ctx, http.MethodDelete, ownScope+"/members/"+itoa(id), nil)
}

// DeveloperInviteMember invites a person by email to the caller's own
// workspace (POST /api/member_invitations).
func (c *Client) DeveloperInviteMember(ctx context.Context, p InviteMemberParams) error {
	return c.do(ctx, http.MethodPost, ownScope+"/member_invitations", nil, p, nil)
}
