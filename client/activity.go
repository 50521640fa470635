package client

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Activity is one entry of a workspace's activity log.
type Activity struct {
	ID        int64     `json:"id"`
	Timestamp time.Time `json:"timestamp"`
	EventType string    `json:"event_type"` // recipe_created, connection_updated, …
	Workspace struct {
		ID          int64  `json:"id"`
		Name        string `json:"name"`
		Email       string `json:"email"`
		Environment string `json:"environment"`
	} `json:"workspace"`
	User struct {
		ID    int64   `json:"id"`
		Name  string  `json:"name"`
		Email *string `json:"email"`
		Type  string  `json:"type"` // api_client, api_key or member (partnerd's)
	} `json:"user"`
	Details struct {
		Request struct {
			IP        string `json:"ip"`
			UserAgent string `json:"user_agent"`
		} `json:"request"`
		Activity string `json:"activity"`
		Source   string `json:"source"` // api or console (partnerd's)
	} `json:"details"`
	Resource struct {
		ID   ResourceID `json:"id"`
		Name *string    `json:"name"`
		Type string     `json:"type"` // Flow, SharedAccount, Folder, …
	} `json:"resource"`
}

// ResourceID is the id of an activity's resource: a number (a recipe's)
// or a text (a tag's handle), "" when the change names none.
type ResourceID string

// UnmarshalJSON implements json.Unmarshaler.
func (id *ResourceID) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*id = ResourceID(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		if string(b) == "null" {
			*id = ""
			return nil
		}
		return err
	}
	*id = ResourceID(n.String())
	return nil
}

// ActivityOptions filters the activity log. Zero fields are left out.
type ActivityOptions struct {
	After                int64 // page[after]: entries older than this id
	Size                 int   // page[size]: at most 100
	From, To             time.Time
	UserIDs              []int64
	IncludeResourceTypes []string
	ExcludeResourceTypes []string
	IncludeEventTypes    []string
	ExcludeEventTypes    []string
}

func (o ActivityOptions) values() url.Values {
	q := url.Values{}
	if o.After > 0 {
		q.Set("page[after]", strconv.FormatInt(o.After, 10))
	}
	if o.Size > 0 {
		q.Set("page[size]", strconv.Itoa(o.Size))
	}
	if !o.From.IsZero() {
		q.Set("from", o.From.UTC().Format("2006-01-02T15:04:05.000Z"))
	}
	if !o.To.IsZero() {
		q.Set("to", o.To.UTC().Format("2006-01-02T15:04:05.000Z"))
	}
	for _, id := range o.UserIDs {
		q.Add("users_ids[]", strconv.FormatInt(id, 10))
	}
	for name, list := range map[string][]string{"include_resource_types[]": o.IncludeResourceTypes,
		"exclude_resource_types[]": o.ExcludeResourceTypes, "include_event_types[]": o.IncludeEventTypes,
		"exclude_event_types[]": o.ExcludeEventTypes} {
		for _, s := range list {
			q.Add(name, s)
		}
	}
	return q
}

// CustomerActivities returns a page of a customer workspace's activity
// log, newest first, and how many entries the filters match
// (GET /api/managed_users/{mu}/activity_logs).
func (c *Client) CustomerActivities(ctx context.Context, mu WorkspaceRef, opts ActivityOptions) ([]Activity, int, error) {
	path, err := customerPath(mu, "/activity_logs")
	if err != nil {
		return nil, 0, err
	}
	return c.activities(ctx, path, opts)
}

// Activities returns a page of the caller's own workspace's activity log
// (GET /api/activity_logs).
func (c *Client) Activities(ctx context.Context, opts ActivityOptions) ([]Activity, int, error) {
	return c.activities(ctx, "/api/activity_logs", opts)
}

// AllCustomerActivities iterates over a customer workspace's whole log,
// newest first, following page[after].
func (c *Client) AllCustomerActivities(ctx context.Context, mu WorkspaceRef, opts ActivityOptions) iter.Seq2[Activity, error] {
	return c.allActivities(opts, func(o ActivityOptions) ([]Activity, int, error) { return c.CustomerActivities(ctx, mu, o) })
}

// AllActivities iterates over the caller's own workspace's whole log.
func (c *Client) AllActivities(ctx context.Context, opts ActivityOptions) iter.Seq2[Activity, error] {
	return c.allActivities(opts, func(o ActivityOptions) ([]Activity, int, error) { return c.Activities(ctx, o) })
}

func (c *Client) activities(ctx context.Context, path string, opts ActivityOptions) ([]Activity, int, error) {
	var out struct {
		Data  []Activity `json:"data"`
		Total int        `json:"total"`
	}
	if err := c.do(ctx, http.MethodGet, path, opts.values(), nil, &out); err != nil {
		return nil, 0, err
	}
	return out.Data, out.Total, nil
}

func (c *Client) allActivities(opts ActivityOptions, fetch func(ActivityOptions) ([]Activity, int, error)) iter.Seq2[Activity, error] {
	size := opts.Size
	if size <= 0 || size > pageMax {
		size = pageMax
	}
	opts.Size = size
	return allPages(size, size, func(_ ListOptions, last *Activity) ([]Activity, error) {
		if last != nil {
			opts.After = last.ID
		}
		list, _, err := fetch(opts)
		return list, err
	})
}
