package client

import (
	"context"
	"iter"
	"net/http"
	"time"
)

// DevAPIClient is a developer API client: a token with a role and a folder
// scope. The calls named DevAPIClient… act on the caller's own workspace;
// those named CustomerDevAPIClient… on a customer workspace of the account.
type DevAPIClient struct {
	ID                  int64     `json:"id"`
	Name                string    `json:"name"`
	APIPrivilegeGroupID int64     `json:"api_privilege_group_id"`
	CreatedAt           time.Time `json:"created_at"`
	UpdatedAt           time.Time `json:"updated_at"`
	AllFolders          bool      `json:"all_folders"`
	FolderIDs           IDs       `json:"folder_ids"`
	EnvironmentName     string    `json:"environment_name"`
	EnvironmentID       int64     `json:"environment_id"`
	// Environment is DEV, TEST or PROD.
	Environment string `json:"environment,omitempty"`
	// IPAllowList is a comma-separated list of IPs and CIDRs; empty allows
	// every address.
	IPAllowList string            `json:"ip_allow_list"`
	Token       DevAPIClientToken `json:"token"`
	// User is the workspace the client belongs to; only the single get
	// and update answers carry it.
	User *DevAPIClientUser `json:"user,omitempty"`
}

// DevAPIClientToken is a client's token. Value is set only in the answers
// of create and regenerate: the token is shown once.
type DevAPIClientToken struct {
	UpdatedAt time.Time `json:"updated_at"`
	Value     string    `json:"value,omitempty"`
}

// DevAPIClientUser is the workspace a client belongs to.
type DevAPIClientUser struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// CreateDevAPIClientParams is the body of CreateDevAPIClient. Name,
// APIPrivilegeGroupID (a ClientRole's id) and AllFolders are required, and
// FolderIDs too when AllFolders is false. EnvironmentName ("Development",
// "Test", "Production" or DEV, TEST, PROD) defaults to Development.
type CreateDevAPIClientParams struct {
	Name                string  `json:"name"`
	APIPrivilegeGroupID int64   `json:"api_privilege_group_id"`
	AllFolders          bool    `json:"all_folders"`
	FolderIDs           []int64 `json:"folder_ids,omitempty"`
	EnvironmentName     string  `json:"environment_name,omitempty"`
	IPAllowList         string  `json:"ip_allow_list,omitempty"`
}

// UpdateDevAPIClientParams is the body of UpdateDevAPIClient. AllFolders
// is always sent, as the API requires it; of the other fields only those
// set are sent and change. IPAllowList set to "" clears the allow list.
type UpdateDevAPIClientParams struct {
	AllFolders          bool    `json:"all_folders"`
	Name                *string `json:"name,omitempty"`
	APIPrivilegeGroupID *int64  `json:"api_privilege_group_id,omitempty"`
	FolderIDs           []int64 `json:"folder_ids,omitempty"`
	EnvironmentName     *string `json:"environment_name,omitempty"`
	IPAllowList         *string `json:"ip_allow_list,omitempty"`
}

// ownScope is the path prefix of the caller's own workspace.
const ownScope = "/api"

// customerScope is the path prefix of a customer workspace's clients.
func customerScope(mu WorkspaceRef) (string, error) {
	if mu.IsZero() {
		return "", errNoWorkspace
	}
	return "/api/v2/managed_users/" + mu.String(), nil
}

// DevAPIClients returns one page of the caller's workspace's developer API
// clients and their total (GET /api/developer_api_clients).
func (c *Client) DevAPIClients(ctx context.Context, opts ListOptions) ([]DevAPIClient, int, error) {
	return c.devAPIClients(ctx, ownScope, nil, opts)
}

// AllDevAPIClients iterates over every developer API client of the
// caller's workspace, perPage a page (0, or more than 100, is 100, the
// route's maximum). It stops after the first short page; an error ends
// the iteration after it is yielded.
func (c *Client) AllDevAPIClients(ctx context.Context, perPage int) iter.Seq2[DevAPIClient, error] {
	return allPages(perPage, pageMax, func(p ListOptions, _ *DevAPIClient) ([]DevAPIClient, error) {
		list, _, err := c.DevAPIClients(ctx, p)
		return list, err
	})
}

// DevAPIClient returns a developer API client of the caller's workspace,
// without its token (GET /api/developer_api_clients/{id}).
func (c *Client) DevAPIClient(ctx context.Context, id int64) (*DevAPIClient, error) {
	return c.devAPIClientCall(ctx, http.MethodGet, ownScope, nil, "/"+itoa(id), nil)
}

// CreateDevAPIClient creates a developer API client in the caller's
// workspace (POST /api/developer_api_clients). The answer's Token.Value is
// the new token, shown only this once.
func (c *Client) CreateDevAPIClient(ctx context.Context, p CreateDevAPIClientParams) (*DevAPIClient, error) {
	return c.devAPIClientCall(ctx, http.MethodPost, ownScope, nil, "", p)
}

// UpdateDevAPIClient changes a developer API client of the caller's
// workspace (PUT /api/developer_api_clients/{id}).
func (c *Client) UpdateDevAPIClient(ctx context.Context, id int64, p UpdateDevAPIClientParams) (*DevAPIClient, error) {
	return c.devAPIClientCall(ctx, http.MethodPut, ownScope, nil, "/"+itoa(id), p)
}

// DeleteDevAPIClient deletes a developer API client of the caller's
// workspace; its token stops working at once
// (DELETE /api/developer_api_clients/{id}). A client cannot delete itself.
func (c *Client) DeleteDevAPIClient(ctx context.Context, id int64) error {
	return c.do(ctx, http.MethodDelete, ownScope+"/developer_api_clients/"+itoa(id), nil, nil, nil)
}

// RegenerateDevAPIClientToken gives a developer API client of the caller's
// workspace a new token, returned in Token.Value; the old one fails from
// the next request on (POST /api/developer_api_clients/{id}/regenerate).
func (c *Client) RegenerateDevAPIClientToken(ctx context.Context, id int64) (*DevAPIClient, error) {
	return c.devAPIClientCall(ctx, http.MethodPost, ownScope, nil, "/"+itoa(id)+"/regenerate", nil)
}

// devAPIClients lists the clients under scope; a scope error (errScope)
// is returned first.
func (c *Client) devAPIClients(ctx context.Context, scope string, errScope error, opts ListOptions) ([]DevAPIClient, int, error) {
	if errScope != nil {
		return nil, 0, errScope
	}
	var out result[struct {
		Count int            `json:"count"`
		Items []DevAPIClient `json:"items"`
	}]
	if err := c.do(ctx, http.MethodGet, scope+"/developer_api_clients", opts.values(), nil, &out); err != nil {
		return nil, 0, err
	}
	return out.Result.Items, out.Result.Count, nil
}

// devAPIClientCall sends one request on scope/developer_api_clients+rest
// whose answer is {"result": DevApiClient}.
func (c *Client) devAPIClientCall(ctx context.Context, method, scope string, errScope error, rest string, body any) (*DevAPIClient, error) {
	if errScope != nil {
		return nil, errScope
	}
	var out result[DevAPIClient]
	if err := c.do(ctx, method, scope+"/developer_api_clients"+rest, nil, body, &out); err != nil {
		return nil, err
	}
	return &out.Result, nil
}
