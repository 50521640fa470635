package client

import (
	"context"
	"net/http"
	"net/url"
)

// Properties returns a customer workspace's account properties whose
// names start with prefix, all of them for "", by name
// (GET /api/managed_users/{mu}/properties).
func (c *Client) Properties(ctx context.Context, mu WorkspaceRef, prefix string) (map[string]string, error) {
	path, err := customerPath(mu, "/properties")
	if err != nil {
		return nil, err
	}
	var out result[map[string]string]
	if err := c.do(ctx, http.MethodGet, path, prefixQuery(prefix), nil, &out); err != nil {
		return nil, err
	}
	return out.Result, nil
}

// UpsertProperties sets account properties of a customer workspace, all
// or none (POST /api/managed_users/{mu}/properties). A name longer than
// 100 characters, a value longer than 1024, or more than 1000 properties
// in the workspace is a 400 whose Errors name each bad property.
func (c *Client) UpsertProperties(ctx context.Context, mu WorkspaceRef, props map[string]string) error {
	path, err := customerPath(mu, "/properties")
	if err != nil {
		return err
	}
	return c.ack(ctx, http.MethodPost, path, map[string]map[string]string{"properties": props})
}

// DeveloperProperties returns the caller's own workspace's account
// properties whose names start with prefix (GET /api/properties).
func (c *Client) DeveloperProperties(ctx context.Context, prefix string) (map[string]string, error) {
	var out map[string]string
	if err := c.do(ctx, http.MethodGet, "/api/properties", prefixQuery(prefix), nil, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// UpsertDeveloperProperties sets account properties of the caller's own
// workspace, all or none (POST /api/properties).
func (c *Client) UpsertDeveloperProperties(ctx context.Context, props map[string]string) error {
	return c.ack(ctx, http.MethodPost, "/api/properties", map[string]map[string]string{"properties": props})
}

func prefixQuery(prefix string) url.Values {
	if prefix == "" {
		return nil
	}
	return url.Values{"prefix": {prefix}}
}
