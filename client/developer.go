package client

import (
	"context"
	"iter"
	"net/http"
	"time"
)

// Me is the workspace a client acts from, as /api/users/me shows it.
type Me struct {
	ID                 int64   `json:"id"`
	Name               string  `json:"name"`
	Email              string  `json:"email"`
	PlanID             string  `json:"plan_id"`
	RootFolderID       int64   `json:"root_folder_id"`
	RecipesCount       int     `json:"recipes_count"`
	ActiveRecipesCount int     `json:"active_recipes_count"`
	CompanyName        *string `json:"company_name"`
	Location           *string `json:"location"`
	// The monthly billing period that holds now.
	CurrentBillingPeriodStart time.Time `json:"current_billing_period_start"`
	CurrentBillingPeriodEnd   time.Time `json:"current_billing_period_end"`
	CreatedAt                 time.Time `json:"created_at"`
}

// Me returns the caller's own workspace (GET /api/users/me); real clients
// use it to check their credentials.
func (c *Client) Me(ctx context.Context) (*Me, error) {
	var out Me
	if err := c.do(ctx, http.MethodGet, "/api/users/me", nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DeveloperMembers returns one page of the members of the caller's own
// workspace, each with its Roles, and their total (GET /api/members).
func (c *Client) DeveloperMembers(ctx context.Context, opts ListOptions) ([]Member, int, error) {
	var out struct {
		Data  []Member `json:"data"`
		Total int      `json:"total"`
	}
	if err := c.do(ctx, http.MethodGet, "/api/members", opts.values(), nil, &out); err != nil {
		return nil, 0, err
	}
	return out.Data, out.Total, nil
}

// AllDeveloperMembers iterates over every member of the caller's own
// workspace, each with its Roles, perPage a page (0, or more than 500, is
// 500, the route's maximum). It stops after the first short page; an
// error ends the iteration after it is yielded.
func (c *Client) AllDeveloperMembers(ctx context.Context, perPage int) iter.Seq2[Member, error] {
	return allPages(perPage, largePageMax, func(p ListOptions, _ *Member) ([]Member, error) {
		list, _, err := c.DeveloperMembers(ctx, p)
		return list, err
	})
}

// DeveloperMemberPrivileges returns what a member of the caller's own
// workspace may do (GET /api/members/{id}/privileges): one entry, for the
// environment "dev".
func (c *Client) DeveloperMemberPrivileges(ctx context.Context, id int64) ([]Privilege, error) {
	var out struct {
		Data []Privilege `json:"data"`
	}
	if err := c.do(ctx, http.MethodGet, "/api/members/"+itoa(id)+"/privileges", nil, nil, &out); err != nil {
		return nil, err
	}
	return out.Data, nil
}

// DeveloperRoles returns one page of the custom roles of the caller's own
// workspace (GET /api/roles).
func (c *Client) DeveloperRoles(ctx context.Context, opts ListOptions) ([]Role, error) {
	var out []Role
	if err := c.do(ctx, http.MethodGet, "/api/roles", opts.values(), nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// AllDeveloperRoles iterates over every custom role of the caller's own
// workspace, perPage a page (0, or more than 500, is 500, the route's
// maximum). It stops after the first short page; an error ends the
// iteration after it is yielded.
func (c *Client) AllDeveloperRoles(ctx context.Context, perPage int) iter.Seq2[Role, error] {
	return allPages(perPage, largePageMax, func(p ListOptions, _ *Role) ([]Role, error) {
		return c.DeveloperRoles(ctx, p)
	})
}
