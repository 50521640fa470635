package client

import (
	"context"
	"iter"
	"net/http"
	"time"
)

// ClientRole is a developer API client role (Workato's privilege group),
// named by a client's APIPrivilegeGroupID. Every workspace has the
// built-in role "Admin", which grants everything.
type ClientRole struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// Privileges maps a resource family such as "Recipes" to the verbs
	// "read" and "write". Workato's routes leave it out; partnerd's test
	// helper and role management routes fill it.
	Privileges map[string][]string `json:"privileges,omitempty"`
}

// DevAPIClientRoles returns one page of the caller's workspace's developer
// API client roles and their total (GET /api/developer_api_client_roles).
func (c *Client) DevAPIClientRoles(ctx context.Context, opts ListOptions) ([]ClientRole, int, error) {
	return c.clientRoles(ctx, ownScope, nil, opts)
}

// AllDevAPIClientRoles iterates over every developer API client role of
// the caller's workspace, perPage a page (0, or more than 100, is 100, the
// route's maximum). It stops after the first short page; an error ends
// the iteration after it is yielded.
func (c *Client) AllDevAPIClientRoles(ctx context.Context, perPage int) iter.Seq2[ClientRole, error] {
	return allPages(perPage, pageMax, func(p ListOptions, _ *ClientRole) ([]ClientRole, error) {
		list, _, err := c.DevAPIClientRoles(ctx, p)
		return list, err
	})
}

// CopyDevAPIClientRole copies a developer API client role of the caller's
// workspace under a new name
// (POST /api/developer_api_client_roles/{id}/copy).
func (c *Client) CopyDevAPIClientRole(ctx context.Context, id int64, name string) (*ClientRole, error) {
	return c.copyClientRole(ctx, ownScope, nil, id, name)
}

func (c *Client) clientRoles(ctx context.Context, scope string, errScope error, opts ListOptions) ([]ClientRole, int, error) {
	if errScope != nil {
		return nil, 0, errScope
	}
	var out result[struct {
		Items   []ClientRole `json:"items"`
		Count   int          `json:"count"`
		Page    int          `json:"page"`
		PerPage int          `json:"per_page"`
	}]
	if err := c.do(ctx, http.MethodGet, scope+"/developer_api_client_roles", opts.values(), nil, &out); err != nil {
		return nil, 0, err
	}
	return out.Result.Items, out.Result.Count, nil
}

func (c *Client) copyClientRole(ctx context.Context, scope string, errScope error, id int64, name string) (*ClientRole, error) {
	if errScope != nil {
		return nil, errScope
	}
	body := struct {
		Name string `json:"name"`
	}{name}
	var out result[ClientRole]
	if err := c.do(ctx, http.MethodPost, scope+"/developer_api_client_roles/"+itoa(id)+"/copy", nil, body, &out); err != nil {
		return nil, err
	}
	return &out.Result, nil
}

// TestClientRoleParams is the body of TestCreateClientRole: a name, and
// privileges by resource family ("Customer workspaces": {"read"}).
type TestClientRoleParams struct {
	Name       string              `json:"name"`
	Privileges map[string][]string `json:"privileges"`
}

// TestCreateClientRole creates a developer API client role with chosen
// privileges in the caller's workspace, which Workato does only in its UI
// (POST /_partnerd/developer_api_client_roles). It is a partnerd test
// helper: the server must run with --test-helpers, and the client must have
// the Admin role.
func (c *Client) TestCreateClientRole(ctx context.Context, p TestClientRoleParams) (*ClientRole, error) {
	var out ClientRole
	if err := c.do(ctx, http.MethodPost, "/_partnerd/developer_api_client_roles", nil, p, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
