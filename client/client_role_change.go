package client

import (
	"context"
	"net/http"
)

// Creating, updating and deleting client roles are partnerd's own routes;
// Workato sets role privileges only in its UI.

// ClientRoleParams is the body of CreateDevAPIClientRole: a name, and
// privileges by resource family ("Recipes": {"read", "write"}), which
// must be among the caller's own.
type ClientRoleParams struct {
	Name       string              `json:"name"`
	Privileges map[string][]string `json:"privileges"`
}

// UpdateClientRoleParams is the body of UpdateDevAPIClientRole: a nil
// field keeps its value, and Privileges replaces them all.
type UpdateClientRoleParams struct {
	Name       *string             `json:"name,omitempty"`
	Privileges map[string][]string `json:"privileges,omitempty"`
}

// CreateDevAPIClientRole creates a developer API client role in the
// caller's workspace (POST /api/developer_api_client_roles).
func (c *Client) CreateDevAPIClientRole(ctx context.Context, p ClientRoleParams) (*ClientRole, error) {
	return c.clientRoleCall(ctx, http.MethodPost, ownScope, nil, "", p)
}

// UpdateDevAPIClientRole renames a role of the caller's workspace or
// replaces its privileges (PUT /api/developer_api_client_roles/{id}). The
// built-in Admin role cannot be changed.
func (c *Client) UpdateDevAPIClientRole(ctx context.Context, id int64, p UpdateClientRoleParams) (*ClientRole, error) {
	return c.clientRoleCall(ctx, http.MethodPut, ownScope, nil, "/"+itoa(id), p)
}

// DeleteDevAPIClientRole deletes a role of the caller's workspace that no
// client has (DELETE /api/developer_api_client_roles/{id}).
func (c *Client) DeleteDevAPIClientRole(ctx context.Context, id int64) error {
	return c.do(ctx, http.MethodDelete, ownScope+"/developer_api_client_roles/"+itoa(id), nil, nil, nil)
}

// CreateCustomerDevAPIClientRole creates a developer API client role in a
// customer workspace
// (POST /api/v2/managed_users/{mu}/developer_api_client_roles).
func (c *Client) CreateCustomerDevAPIClientRole(ctx context.Context, mu WorkspaceRef, p ClientRoleParams) (*ClientRole, error) {
	scope, err := customerScope(mu)
	return c.clientRoleCall(ctx, http.MethodPost, scope, err, "", p)
}

// UpdateCustomerDevAPIClientRole updates a role of a customer workspace
// (PUT /api/v2/managed_users/{mu}/developer_api_client_roles/{id}).
func (c *Client) UpdateCustomerDevAPIClientRole(ctx context.Context, mu WorkspaceRef, id int64, p UpdateClientRoleParams) (*ClientRole, error) {
	scope, err := customerScope(mu)
	return c.clientRoleCall(ctx, http.MethodPut, scope, err, "/"+itoa(id), p)
}

// DeleteCustomerDevAPIClientRole deletes a role of a customer workspace
// (DELETE /api/v2/managed_users/{mu}/developer_api_client_roles/{id}).
func (c *Client) DeleteCustomerDevAPIClientRole(ctx context.Context, mu WorkspaceRef, id int64) error {
	scope, err := customerScope(mu)
	if err != nil {
		return err
	}
	return c.do(ctx, http.MethodDelete, scope+"/developer_api_client_roles/"+itoa(id), nil, nil, nil)
}

func (c *Client) clientRoleCall(ctx context.Context, method, scope string, errScope error, suffix string, body any) (*ClientRole, error) {
	if errScope != nil {
		return nil, errScope
	}
	var out result[ClientRole]
	if err := c.do(ctx, method, scope+"/developer_api_client_roles"+suffix, nil, body, &out); err != nil {
		return nil, err
	}
	return &out.Result, nil
}
