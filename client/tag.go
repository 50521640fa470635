package client

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Tag labels recipes and connections of a workspace.
type Tag struct {
	Handle      string `json:"handle"` // tag-ANgdXgTF-bANz3H
	Title       string `json:"title"`
	Description string `json:"description"`
	Color       string `json:"color"`
	Author      struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	} `json:"author"`
	AssignmentCount int        `json:"assignment_count"`
	RecipeCount     int        `json:"recipe_count"`
	ConnectionCount int        `json:"connection_count"`
	CreatedAt       time.Time  `json:"created_at"`
	UpdatedAt       time.Time  `json:"updated_at"`
	LastAssignedAt  *time.Time `json:"last_assigned_at"`
}

// TagParams creates or changes a tag; nil fields are left out (an update
// keeps them).
type TagParams struct {
	Title       *string `json:"title,omitempty"`
	Description *string `json:"description,omitempty"`
	Color       *string `json:"color,omitempty"` // blue, violet, green, red, orange, gold, indigo, brown, teal, plum, slate or neutral
}

// TagOptions filters a list of tags. Zero fields are left out.
type TagOptions struct {
	ListOptions
	Query        string // in the title or the description
	Handles      []string
	AuthorID     int64
	RecipeID     int64
	ConnectionID int64
	OnlyAssigned bool
	SortBy       []string // title, assignment_count, updated_at, last_assigned_at
	SortDesc     []bool   // the direction of each SortBy key
}

func (o TagOptions) values() url.Values {
	q := o.ListOptions.values()
	if o.Query != "" {
		q.Set("q[title_or_description_cont]", o.Query)
	}
	for _, h := range o.Handles {
		q.Add("q[handle_in][]", h)
	}
	for name, id := range map[string]int64{"q[author_id_eq]": o.AuthorID, "q[recipe_id_eq]": o.RecipeID, "q[connection_id_eq]": o.ConnectionID} {
		if id > 0 {
			q.Set(name, strconv.FormatInt(id, 10))
		}
	}
	if o.OnlyAssigned {
		q.Set("q[only_assigned]", "true")
	}
	for i, field := range o.SortBy {
		q.Add("sort_by[]", field)
		dir := "asc"
		if i < len(o.SortDesc) && o.SortDesc[i] {
			dir = "desc"
		}
		q.Add("sort_direction[]", dir)
	}
	return q
}

// TagAssignment adds tags (by handle) to and removes tags from recipes
// and connections.
type TagAssignment struct {
	AddTags       []string `json:"add_tags,omitempty"`
	RemoveTags    []string `json:"remove_tags,omitempty"`
	RecipeIDs     []int64  `json:"recipe_ids,omitempty"`
	ConnectionIDs []int64  `json:"connection_ids,omitempty"`
}

// tagsPath returns the path of the tag routes: a customer's v2 path for
// mu, the caller's own without.
func tagsPath(mu *WorkspaceRef, rest string) (string, error) {
	if mu == nil {
		return "/api" + rest, nil
	}
	if mu.IsZero() {
		return "", errNoWorkspace
	}
	return "/api/v2/managed_users/" + mu.String() + rest, nil
}

func (c *Client) tags(ctx context.Context, mu *WorkspaceRef, opts TagOptions) ([]Tag, int, error) {
	path, err := tagsPath(mu, "/tags")
	if err != nil {
		return nil, 0, err
	}
	var out struct {
		Data  []Tag `json:"data"`
		Count int   `json:"count"`
	}
	if err := c.do(ctx, http.MethodGet, path, opts.values(), nil, &out); err != nil {
		return nil, 0, err
	}
	return out.Data, out.Count, nil
}

func (c *Client) tagCall(ctx context.Context, mu *WorkspaceRef, method, rest string, body any) (*Tag, error) {
	path, err := tagsPath(mu, rest)
	if err != nil {
		return nil, err
	}
	var out Tag
	if err := c.do(ctx, method, path, nil, body, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

func (c *Client) tagDo(ctx context.Context, mu *WorkspaceRef, method, rest string, body any) error {
	path, err := tagsPath(mu, rest)
	if err != nil {
		return err
	}
	return c.do(ctx, method, path, nil, body, nil)
}

// CustomerTags returns a page of a customer workspace's tags and their
// count (GET /api/v2/managed_users/{mu}/tags).
func (c *Client) CustomerTags(ctx context.Context, mu WorkspaceRef, opts TagOptions) ([]Tag, int, error) {
	return c.tags(ctx, &mu, opts)
}

// AllCustomerTags iterates over every tag of a customer workspace that
// opts selects.
func (c *Client) AllCustomerTags(ctx context.Context, mu WorkspaceRef, opts TagOptions) iter.Seq2[Tag, error] {
	return allPages(opts.PerPage, pageMax, func(p ListOptions, _ *Tag) ([]Tag, error) {
		o := opts
		o.ListOptions = p
		list, _, err := c.CustomerTags(ctx, mu, o)
		return list, err
	})
}

// CreateCustomerTag creates a tag in a customer workspace
// (POST /api/v2/managed_users/{mu}/tags).
func (c *Client) CreateCustomerTag(ctx context.Context, mu WorkspaceRef, p TagParams) (*Tag, error) {
	return c.tagCall(ctx, &mu, http.MethodPost, "/tags", p)
}

// UpdateCustomerTag changes a tag of a customer workspace
// (PUT /api/v2/managed_users/{mu}/tags/{handle}).
func (c *Client) UpdateCustomerTag(ctx context.Context, mu WorkspaceRef, handle string, p TagParams) (*Tag, error) {
	return c.tagCall(ctx, &mu, http.MethodPut, "/tags/"+url.PathEscape(handle), p)
}

// DeleteCustomerTag deletes a tag of a customer workspace and its
// assignments (DELETE /api/v2/managed_users/{mu}/tags/{handle}).
func (c *Client) DeleteCustomerTag(ctx context.Context, mu WorkspaceRef, handle string) error {
	return c.tagDo(ctx, &mu, http.MethodDelete, "/tags/"+url.PathEscape(handle), nil)
}

// AssignCustomerTags applies a tag assignment in a customer workspace,
// all or none (POST /api/v2/managed_users/{mu}/tags_assignments).
func (c *Client) AssignCustomerTags(ctx context.Context, mu WorkspaceRef, a TagAssignment) error {
	return c.tagDo(ctx, &mu, http.MethodPost, "/tags_assignments", a)
}

// Tags returns a page of the caller's own workspace's tags and their
// count (GET /api/tags).
func (c *Client) Tags(ctx context.Context, opts TagOptions) ([]Tag, int, error) {
	return c.tags(ctx, nil, opts)
}

// CreateTag creates a tag in the caller's own workspace (POST /api/tags).
func (c *Client) CreateTag(ctx context.Context, p TagParams) (*Tag, error) {
	return c.tagCall(ctx, nil, http.MethodPost, "/tags", p)
}

// UpdateTag changes a tag of the caller's own workspace
// (PUT /api/tags/{handle}).
func (c *Client) UpdateTag(ctx context.Context, handle string, p TagParams) (*Tag, error) {
	return c.tagCall(ctx, nil, http.MethodPut, "/tags/"+url.PathEscape(handle), p)
}

// DeleteTag deletes a tag of the caller's own workspace
// (DELETE /api/tags/{handle}).
func (c *Client) DeleteTag(ctx context.Context, handle string) error {
	return c.tagDo(ctx, nil, http.MethodDelete, "/tags/"+url.PathEscape(handle), nil)
}

// AssignTags applies a tag assignment in the caller's own workspace, all
// or none (POST /api/tags_assignments). Workato answers it with no body.
func (c *Client) AssignTags(ctx context.Context, a TagAssignment) error {
	return c.tagDo(ctx, nil, http.MethodPost, "/tags_assignments", a)
}
