package client

import (
	"context"
	"iter"
	"net/http"
	"time"
)

// Role is a custom (legacy) role of a workspace.
type Role struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	Inheritable bool      `json:"inheritable"`
	FolderIDs   IDs       `json:"folder_ids"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
	// Privileges maps an area such as "Recipes" to its verbs such as
	// "read"; CopyRole's answer leaves it out.
	Privileges map[string][]string `json:"privileges,omitempty"`
}

// RoleListOptions filters and pages Roles.
type RoleListOptions struct {
	// RoleName keeps only the role of exactly this name.
	RoleName string
	Page     int
	PerPage  int
}

// CopyRoleParams is the body of CopyRole. Name is required; FolderIDs, when
// not nil, replaces the folders of the copy.
type CopyRoleParams struct {
	Name      string
	FolderIDs []int64
}

// Roles returns the custom roles created in a customer workspace
// (GET /api/managed_users/{mu}/roles).
func (c *Client) Roles(ctx context.Context, mu WorkspaceRef, opts RoleListOptions) ([]Role, error) {
	path, err := customerPath(mu, "/roles")
	if err != nil {
		return nil, err
	}
	q := ListOptions{Page: opts.Page, PerPage: opts.PerPage}.values()
	if opts.RoleName != "" {
		q.Set("role_name", opts.RoleName)
	}
	var out []Role
	if err := c.do(ctx, http.MethodGet, path, q, nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// AllRoles iterates over every custom role of a customer workspace that
// opts selects, opts.PerPage a page (0, or more than 500, is 500, the
// route's maximum); opts.Page is ignored. It stops after the first short
// page; an error ends the iteration after it is yielded.
func (c *Client) AllRoles(ctx context.Context, mu WorkspaceRef, opts RoleListOptions) iter.Seq2[Role, error] {
	return allPages(opts.PerPage, largePageMax, func(p ListOptions, _ *Role) ([]Role, error) {
		o := opts
		o.Page, o.PerPage = p.Page, p.PerPage
		return c.Roles(ctx, mu, o)
	})
}

// CopyRole copies a custom role, privileges included, under a new name
// (POST /api/managed_users/{mu}/roles/{id}/copy). The answer has no
// Privileges.
func (c *Client) CopyRole(ctx context.Context, mu WorkspaceRef, roleID int64, p CopyRoleParams) (*Role, error) {
	path, err := customerPath(mu, "/roles/"+itoa(roleID)+"/copy")
	if err != nil {
		return nil, err
	}
	body := struct {
		Name      string   `json:"name"`
		FolderIDs []string `json:"folder_ids,omitempty"`
	}{p.Name, IDs(p.FolderIDs).strings()}
	var out Role
	if err := c.do(ctx, http.MethodPost, path, nil, body, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// TestRoleParams is the body of TestCreateRole.
type TestRoleParams struct {
	Name        string              `json:"name"`
	Privileges  map[string][]string `json:"privileges"`
	FolderIDs   []int64             `json:"folder_ids,omitempty"`
	Inheritable bool                `json:"inheritable"`
}

// TestCreateRole creates a custom role in a customer workspace, which
// Workato does only in its UI (POST /_partnerd/managed_users/{mu}/roles).
// It is a partnerd test helper: the server must run with --test-helpers,
// and the client must have the Admin role.
func (c *Client) TestCreateRole(ctx context.Context, mu WorkspaceRef, p TestRoleParams) (*Role, error) {
	if mu.IsZero() {
		return nil, errNoWorkspace
	}
	var out Role
	if err := c.do(ctx, http.MethodPost, "/_partnerd/managed_users/"+mu.String()+"/roles", nil, p, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
