package client

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"time"
)

// Customer is a customer workspace (Workato's managed user).
type Customer struct {
	ID                        int64          `json:"id"`
	ExternalID                *string        `json:"external_id"`
	Name                      string         `json:"name"`
	NotificationEmail         string         `json:"notification_email"`
	AdminNotificationEmails   *string        `json:"admin_notification_emails"`
	ErrorNotificationEmails   *string        `json:"error_notification_emails"`
	PlanID                    string         `json:"plan_id"`
	Trial                     bool           `json:"trial"`
	InTrial                   bool           `json:"in_trial"`
	OriginURL                 *string        `json:"origin_url"`
	FrameAncestors            *string        `json:"frame_ancestors"`
	WhitelistedApps           []string       `json:"whitelisted_apps"`
	TimeZone                  string         `json:"time_zone"`
	TeamName                  string         `json:"team_name"`
	AuthSettings              map[string]any `json:"auth_settings"`
	FullEmbedding             bool           `json:"full_embedding"`
	Environments              []Environment  `json:"environments"`
	CurrentBillingPeriodStart time.Time      `json:"current_billing_period_start"`
	CurrentBillingPeriodEnd   time.Time      `json:"current_billing_period_end"`
	TaskCount                 int            `json:"task_count"`
	ActiveConnectionCount     int            `json:"active_connection_count"`
	ActiveRecipeCount         int            `json:"active_recipe_count"`
	ActiveConnectionLimit     *int           `json:"active_connection_limit"`
	CreatedAt                 time.Time      `json:"created_at"`
	UpdatedAt                 time.Time      `json:"updated_at"`
}

// Ref returns the reference that names the customer by its id.
func (c *Customer) Ref() WorkspaceRef { return ID(c.ID) }

// Environment is one of a workspace's environments: Development (DEV), Test
// (TEST) or Production (PROD).
type Environment struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Type string `json:"type"`
}

// CreateCustomerParams is the body of CreateCustomer. Name and
// NotificationEmail are required; zero fields are not sent and take the
// server's defaults.
type CreateCustomerParams struct {
	Name                    string         `json:"name"`
	NotificationEmail       string         `json:"notification_email"`
	ExternalID              string         `json:"external_id,omitempty"`
	AdminNotificationEmails string         `json:"admin_notification_emails,omitempty"`
	ErrorNotificationEmails string         `json:"error_notification_emails,omitempty"`
	PlanID                  string         `json:"plan_id,omitempty"`
	Trial                   bool           `json:"trial,omitempty"`
	InTrial                 bool           `json:"in_trial,omitempty"`
	OriginURL               string         `json:"origin_url,omitempty"`
	FrameAncestors          string         `json:"frame_ancestors,omitempty"`
	WhitelistedApps         []string       `json:"whitelisted_apps,omitempty"`
	TimeZone                string         `json:"time_zone,omitempty"`
	TeamName                string         `json:"team_name,omitempty"`
	AuthSettings            map[string]any `json:"auth_settings,omitempty"`
	FullEmbedding           bool           `json:"full_embedding,omitempty"`
	ActiveConnectionLimit   *int           `json:"active_connection_limit,omitempty"`
	// Environments provisions DEV, TEST and PROD workspaces for the customer.
	Environments bool `json:"environments,omitempty"`
}

// UpdateCustomerParams is the body of UpdateCustomer: only the fields that
// are set are sent, and only those change. Set a pointer field with Ptr
// (Name: client.Ptr("Acme Corp")); a nil WhitelistedApps or AuthSettings is
// not sent, an empty one is sent empty.
//
// To clear a field, name it in Clear by its JSON name: it is sent as null,
// whatever its field holds. The fields that can be cleared are
// external_id, admin_notification_emails, error_notification_emails,
// origin_url, frame_ancestors, auth_settings and active_connection_limit:
//
//	UpdateCustomerParams{Clear: []string{"origin_url"}}
type UpdateCustomerParams struct {
	Name                    *string
	NotificationEmail       *string
	ExternalID              *string
	AdminNotificationEmails *string
	ErrorNotificationEmails *string
	PlanID                  *string
	Trial                   *bool
	InTrial                 *bool
	OriginURL               *string
	FrameAncestors          *string
	WhitelistedApps         []string
	TimeZone                *string
	TeamName                *string
	AuthSettings            map[string]any
	FullEmbedding           *bool
	ActiveConnectionLimit   *int
	// Environments set true provisions the customer's environments; it
	// cannot be undone.
	Environments *bool

	// Clear lists the JSON names of fields to send as null.
	Clear []string
}

// MarshalJSON renders the set fields, and null for those in Clear.
func (p UpdateCustomerParams) MarshalJSON() ([]byte, error) {
	m := map[string]any{}
	put(m, "name", p.Name)
	put(m, "notification_email", p.NotificationEmail)
	put(m, "external_id", p.ExternalID)
	put(m, "admin_notification_emails", p.AdminNotificationEmails)
	put(m, "error_notification_emails", p.ErrorNotificationEmails)
	put(m, "plan_id", p.PlanID)
	put(m, "trial", p.Trial)
	put(m, "in_trial", p.InTrial)
	put(m, "origin_url", p.OriginURL)
	put(m, "frame_ancestors", p.FrameAncestors)
	put(m, "environments", p.Environments)
	if p.WhitelistedApps != nil {
		m["whitelisted_apps"] = p.WhitelistedApps
	}
	put(m, "time_zone", p.TimeZone)
	put(m, "team_name", p.TeamName)
	if p.AuthSettings != nil {
		m["auth_settings"] = p.AuthSettings
	}
	put(m, "full_embedding", p.FullEmbedding)
	put(m, "active_connection_limit", p.ActiveConnectionLimit)
	for _, name := range p.Clear {
		m[name] = nil
	}
	return json.Marshal(m)
}

// put sets m[name] to *v when v is set.
func put[T any](m map[string]any, name string, v *T) {
	if v != nil {
		m[name] = *v
	}
}

// CreateCustomer creates a customer workspace (POST /api/managed_users). An
// external id already taken in the account is a 400 naming external_id.
func (c *Client) CreateCustomer(ctx context.Context, p CreateCustomerParams) (*Customer, error) {
	var out Customer
	if err := c.do(ctx, http.MethodPost, "/api/managed_users", nil, p, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Customers returns one page of the account's customer workspaces in
// ascending id (GET /api/managed_users); at most 100 per page.
func (c *Client) Customers(ctx context.Context, opts ListOptions) ([]Customer, error) {
	var out result[[]Customer]
	if err := c.do(ctx, http.MethodGet, "/api/managed_users", opts.values(), nil, &out); err != nil {
		return nil, err
	}
	return out.Result, nil
}

// AllCustomers iterates over every customer workspace of the account in
// ascending id, perPage a page (0, or more than 100, is 100, the route's
// maximum). It stops after the first short page; an error ends the
// iteration after it is yielded.
func (c *Client) AllCustomers(ctx context.Context, perPage int) iter.Seq2[Customer, error] {
	return allPages(perPage, pageMax, func(p ListOptions, _ *Customer) ([]Customer, error) {
		return c.Customers(ctx, p)
	})
}

// Customer returns a customer workspace (GET /api/managed_users/{mu}). A
// workspace of another account is not found.
func (c *Client) Customer(ctx context.Context, mu WorkspaceRef) (*Customer, error) {
	return c.customerCall(ctx, http.MethodGet, mu, nil)
}

// UpdateCustomer changes the fields set in p and returns the workspace
// (PUT /api/managed_users/{mu}).
func (c *Client) UpdateCustomer(ctx context.Context, mu WorkspaceRef, p UpdateCustomerParams) (*Customer, error) {
	return c.customerCall(ctx, http.MethodPut, mu, p)
}

// ProvisionEnvironments gives a customer its TEST and PROD environments,
// its own workspace becoming DEV, and returns it; it cannot be undone
// (POST /api/managed_users/{mu}/environments).
func (c *Client) ProvisionEnvironments(ctx context.Context, mu WorkspaceRef) (*Customer, error) {
	path, err := customerPath(mu, "/environments")
	if err != nil {
		return nil, err
	}
	var out Customer
	if err := c.do(ctx, http.MethodPost, path, nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

func (c *Client) customerCall(ctx context.Context, method string, mu WorkspaceRef, body any) (*Customer, error) {
	path, err := customerPath(mu, "")
	if err != nil {
		return nil, err
	}
	var out Customer
	if err := c.do(ctx, method, path, nil, body, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DeleteCustomer deletes a customer workspace and everything in it
// (DELETE /api/managed_users/{mu}).
func (c *Client) DeleteCustomer(ctx context.Context, mu WorkspaceRef) error {
	path, err := customerPath(mu, "")
	if err != nil {
		return err
	}
	return c.ack(ctx, http.MethodDelete, path, nil)
}

// Usage is one customer workspace's task usage by month.
type Usage struct {
	ID         int64        `json:"id"`
	ExternalID *string      `json:"external_id"`
	Name       string       `json:"name"`
	Usage      []MonthUsage `json:"usage"`
}

// MonthUsage is the tasks of one month, such as "2026-11".
type MonthUsage struct {
	Month     string `json:"month"`
	TaskCount int    `json:"task_count"`
}

// Usage returns the last 12 months of task usage of every customer
// workspace (GET /api/managed_users/usage).
func (c *Client) Usage(ctx context.Context) ([]Usage, error) {
	var out result[[]Usage]
	if err := c.do(ctx, http.MethodGet, "/api/managed_users/usage", nil, nil, &out); err != nil {
		return nil, err
	}
	return out.Result, nil
}
