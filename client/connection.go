package client

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"net/url"
	"time"
)

// Connection is a workspace's connection to an application. Its input
// (the credentials) is never answered.
type Connection struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Provider string `json:"provider"`
	// Application is the same as Provider: the Developer family's older name.
	Application          string     `json:"application"`
	Description          *string    `json:"description"`
	AuthorizedAt         *time.Time `json:"authorized_at"`
	AuthorizationStatus  *string    `json:"authorization_status"` // "success", "failed", or nil for a shell
	AuthorizationError   *string    `json:"authorization_error"`
	ExternalID           *string    `json:"external_id"`
	FolderID             int64      `json:"folder_id"`
	ParentID             *int64     `json:"parent_id"`
	ConnectionLostAt     *time.Time `json:"connection_lost_at"`
	ConnectionLostReason *string    `json:"connection_lost_reason"`
	OnPremGroupID        *int64     `json:"on_prem_group_id"`
	CreatedAt            time.Time  `json:"created_at"`
	UpdatedAt            time.Time  `json:"updated_at"`
}

// Authorized reports whether the connection's authorization succeeded.
func (c *Connection) Authorized() bool {
	return c.AuthorizationStatus != nil && *c.AuthorizationStatus == "success"
}

// ConnectionListOptions filters and pages a list of connections; zero
// fields do not filter. At most 100 connections come per page.
type ConnectionListOptions struct {
	Provider   string
	FolderID   int64
	ParentID   int64
	ExternalID string
	// IncludeRuntimeConnections asks Workato for runtime user connections
	// too; partnerd has none and lists the same either way.
	IncludeRuntimeConnections bool
	Page                      int
	PerPage                   int
}

func (o ConnectionListOptions) values() url.Values {
	q := ListOptions{Page: o.Page, PerPage: o.PerPage}.values()
	if o.Provider != "" {
		q.Set("provider", o.Provider)
	}
	if o.FolderID > 0 {
		q.Set("folder_id", itoa(o.FolderID))
	}
	if o.ParentID > 0 {
		q.Set("parent_id", itoa(o.ParentID))
	}
	if o.ExternalID != "" {
		q.Set("external_id", o.ExternalID)
	}
	if o.IncludeRuntimeConnections {
		q.Set("include_runtime_connections", "true")
	}
	return q
}

// CreateConnectionParams is the body of CreateConnection. Provider is
// required (a connector of the catalogue). A connection whose Input holds
// every field its connector requires, and that is not a ShellConnection,
// is authorized at once; any other is a shell. Zero fields are not sent:
// Name defaults to the connector's title and FolderID to the home folder.
type CreateConnectionParams struct {
	Provider        string         `json:"provider"`
	Name            string         `json:"name,omitempty"`
	FolderID        int64          `json:"folder_id,omitempty"`
	ParentID        int64          `json:"parent_id,omitempty"`
	ExternalID      string         `json:"external_id,omitempty"`
	Input           map[string]any `json:"input,omitempty"`
	ShellConnection bool           `json:"shell_connection,omitempty"`
	OnPremGroupID   int64          `json:"on_prem_group_id,omitempty"`
}

// UpdateConnectionParams is the body of UpdateConnection: only the fields
// that are set are sent. Input is merged into the stored input (a nil
// value removes a field); with Input or ShellConnection set the
// connection is authorized again by the rule of CreateConnectionParams.
//
// To clear parent_id, external_id or on_prem_group_id, name it in Clear.
type UpdateConnectionParams struct {
	Name            *string
	FolderID        *int64
	ParentID        *int64
	ExternalID      *string
	Input           map[string]any
	ShellConnection *bool
	OnPremGroupID   *int64

	// Clear lists the JSON names of fields to send as null.
	Clear []string
}

// MarshalJSON renders the set fields, and null for those in Clear.
func (p UpdateConnectionParams) MarshalJSON() ([]byte, error) {
	m := map[string]any{}
	put(m, "name", p.Name)
	put(m, "folder_id", p.FolderID)
	put(m, "parent_id", p.ParentID)
	put(m, "external_id", p.ExternalID)
	if p.Input != nil {
		m["input"] = p.Input
	}
	put(m, "shell_connection", p.ShellConnection)
	put(m, "on_prem_group_id", p.OnPremGroupID)
	for _, name := range p.Clear {
		m[name] = nil
	}
	return json.Marshal(m)
}

// PickListItem is one [label, value] pair of a pick list.
type PickListItem [2]string

// Label returns the item's label.
func (i PickListItem) Label() string { return i[0] }

// Value returns the item's value.
func (i PickListItem) Value() string { return i[1] }

// Connections returns one page of a customer workspace's connections in
// ascending id (GET /api/managed_users/{mu}/connections).
func (c *Client) Connections(ctx context.Context, mu WorkspaceRef, opts ConnectionListOptions) ([]Connection, error) {
	path, err := customerPath(mu, "/connections")
	if err != nil {
		return nil, err
	}
	var out result[[]Connection]
	if err := c.do(ctx, http.MethodGet, path, opts.values(), nil, &out); err != nil {
		return nil, err
	}
	return out.Result, nil
}

// AllConnections iterates over every connection of a customer workspace
// that opts selects, in ascending id, opts.PerPage a page (0, or more than
// 100, is 100, the route's maximum); opts.Page is ignored. It stops after
// the first short page; an error ends the iteration after it is yielded.
func (c *Client) AllConnections(ctx context.Context, mu WorkspaceRef, opts ConnectionListOptions) iter.Seq2[Connection, error] {
	return allPages(opts.PerPage, pageMax, func(p ListOptions, _ *Connection) ([]Connection, error) {
		o := opts
		o.Page, o.PerPage = p.Page, p.PerPage
		return c.Connections(ctx, mu, o)
	})
}

// CreateConnection creates a connection in a customer workspace
// (POST /api/managed_users/{mu}/connections).
func (c *Client) CreateConnection(ctx context.Context, mu WorkspaceRef, p CreateConnectionParams) (*Connection, error) {
	path, err := customerPath(mu, "/connections")
	if err != nil {
		return nil, err
	}
	return c.connectionCall(ctx, http.MethodPost, path, p)
}

// UpdateConnection changes a connection of a customer workspace
// (PUT /api/managed_users/{mu}/connections/{id}).
func (c *Client) UpdateConnection(ctx context.Context, mu WorkspaceRef, id int64, p UpdateConnectionParams) (*Connection, error) {
	path, err := customerPath(mu, "/connections/"+itoa(id))
	if err != nil {
		return nil, err
	}
	return c.connectionCall(ctx, http.MethodPut, path, p)
}

// DisconnectConnection makes a connection of a customer workspace a shell
// (POST /api/managed_users/{mu}/connections/{id}/disconnect).
func (c *Client) DisconnectConnection(ctx context.Context, mu WorkspaceRef, id int64) error {
	path, err := customerPath(mu, "/connections/"+itoa(id)+"/disconnect")
	if err != nil {
		return err
	}
	return c.ack(ctx, http.MethodPost, path, nil)
}

// DeleteConnection deletes a connection of a customer workspace
// (DELETE /api/managed_users/{mu}/connections/{id}); one that a running
// recipe uses is refused with a 400.
func (c *Client) DeleteConnection(ctx context.Context, mu WorkspaceRef, id int64) error {
	path, err := customerPath(mu, "/connections/"+itoa(id))
	if err != nil {
		return err
	}
	return c.ack(ctx, http.MethodDelete, path, nil)
}

// PickList returns the values of a pick list of a connection of a customer
// workspace (POST /api/managed_users/{mu}/connections/{id}/pick_list);
// params may be nil.
func (c *Client) PickList(ctx context.Context, mu WorkspaceRef, id int64, name string, params map[string]any) ([]PickListItem, error) {
	path, err := customerPath(mu, "/connections/"+itoa(id)+"/pick_list")
	if err != nil {
		return nil, err
	}
	var out result[[]PickListItem]
	if err := c.do(ctx, http.MethodPost, path, nil, pickListBody(name, params), &out); err != nil {
		return nil, err
	}
	return out.Result, nil
}

// DeveloperConnections returns one page of the connections of the caller's
// own workspace (GET /api/connections).
func (c *Client) DeveloperConnections(ctx context.Context, opts ConnectionListOptions) ([]Connection, error) {
	var out []Connection
	if err := c.do(ctx, http.MethodGet, "/api/connections", opts.values(), nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// AllDeveloperConnections iterates over every connection of the caller's
// own workspace that opts selects, as AllConnections does.
func (c *Client) AllDeveloperConnections(ctx context.Context, opts ConnectionListOptions) iter.Seq2[Connection, error] {
	return allPages(opts.PerPage, pageMax, func(p ListOptions, _ *Connection) ([]Connection, error) {
		o := opts
		o.Page, o.PerPage = p.Page, p.PerPage
		return c.DeveloperConnections(ctx, o)
	})
}

// DeveloperCreateConnection creates a connection in the caller's own
// workspace (POST /api/connections).
func (c *Client) DeveloperCreateConnection(ctx context.Context, p CreateConnectionParams) (*Connection, error) {
	return c.connectionCall(ctx, http.MethodPost, "/api/connections", p)
}

// DeveloperUpdateConnection changes a connection of the caller's own
// workspace (PUT /api/connections/{id}).
func (c *Client) DeveloperUpdateConnection(ctx context.Context, id int64, p UpdateConnectionParams) (*Connection, error) {
	return c.connectionCall(ctx, http.MethodPut, "/api/connections/"+itoa(id), p)
}

// DeveloperDisconnectConnection makes a connection of the caller's own
// workspace a shell (POST /api/connections/{id}/disconnect).
func (c *Client) DeveloperDisconnectConnection(ctx context.Context, id int64) error {
	return c.ack(ctx, http.MethodPost, "/api/connections/"+itoa(id)+"/disconnect", nil)
}

// DeveloperDeleteConnection deletes a connection of the caller's own
// workspace (DELETE /api/connections/{id}).
func (c *Client) DeveloperDeleteConnection(ctx context.Context, id int64) error {
	return c.ack(ctx, http.MethodDelete, "/api/connections/"+itoa(id), nil)
}

// DeveloperPickList returns the values of a pick list of a connection of
// the caller's own workspace (POST /api/connections/{id}/pick_list).
func (c *Client) DeveloperPickList(ctx context.Context, id int64, name string, params map[string]any) ([]PickListItem, error) {
	var out struct {
		Data []PickListItem `json:"data"`
	}
	if err := c.do(ctx, http.MethodPost, "/api/connections/"+itoa(id)+"/pick_list", nil, pickListBody(name, params), &out); err != nil {
		return nil, err
	}
	return out.Data, nil
}

// TestAuthorizeConnection simulates the end user authorizing a connection
// of the account's admin workspace or of one of its customers, with status
// "success" or "failed" and, for a failure, an optional error
// (PUT /_partnerd/connections/{id}/authorization). It is a partnerd test
// helper: the server must run with --test-helpers, and the client must
// have the Admin role.
func (c *Client) TestAuthorizeConnection(ctx context.Context, id int64, status, errorText string) (*Connection, error) {
	body := map[string]string{"status": status}
	if errorText != "" {
		body["error"] = errorText
	}
	return c.connectionCall(ctx, http.MethodPut, "/_partnerd/connections/"+itoa(id)+"/authorization", body)
}

func (c *Client) connectionCall(ctx context.Context, method, path string, body any) (*Connection, error) {
	var out Connection
	if err := c.do(ctx, method, path, nil, body, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

func pickListBody(name string, params map[string]any) any {
	body := map[string]any{"pick_list_name": name}
	if params != nil {
		body["pick_list_params"] = params
	}
	return body
}
