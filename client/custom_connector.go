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

// CustomConnector is a connector the admin workspace writes with Workato's
// connector SDK. Code, the current source, is set on answers about one
// connector and empty in lists.
type CustomConnector struct {
	ID                        int64                    `json:"id"`
	Name                      string                   `json:"name"`
	Title                     string                   `json:"title"`
	Description               *string                  `json:"description"`
	LatestReleasedVersion     *int                     `json:"latest_released_version"`
	LatestReleasedVersionNote *string                  `json:"latest_released_version_note"`
	OEMSharedVersion          *int                     `json:"oem_shared_version"`
	OEMSharedAt               *time.Time               `json:"oem_shared_at"`
	ReleasedVersions          []CustomConnectorVersion `json:"released_versions"`
	Code                      string                   `json:"code,omitempty"`
}

// CustomConnectorVersion is a released version of a custom connector.
type CustomConnectorVersion struct {
	Version     int       `json:"version"`
	VersionNote *string   `json:"version_note"`
	CreatedAt   time.Time `json:"created_at"`
	ReleasedAt  time.Time `json:"released_at"`
	Code        string    `json:"code"`
}

// CustomConnectorListOptions filters CustomConnectors.
type CustomConnectorListOptions struct {
	// Title keeps the connectors whose title contains it.
	Title string
	// OEMShared, when set, keeps the connectors that share a version with
	// customers (true) or that do not (false).
	OEMShared *bool
}

// CreateCustomConnectorParams is the body of CreateCustomConnector. Title
// and Code are required; without a Name, the server derives one from the
// title. Note is the note of the next release.
type CreateCustomConnectorParams struct {
	Title       string `json:"title"`
	Code        string `json:"code"`
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
	Note        string `json:"note,omitempty"`
}

// UpdateCustomConnectorParams is the body of UpdateCustomConnector: only
// the fields that are set are sent, and only those change. Name the JSON
// fields description or note in Clear to send them as null.
type UpdateCustomConnectorParams struct {
	Title       *string
	Code        *string
	Description *string
	Note        *string

	// Clear lists the JSON names of fields to send as null.
	Clear []string
}

// MarshalJSON renders the set fields, and null for those in Clear.
func (p UpdateCustomConnectorParams) MarshalJSON() ([]byte, error) {
	m := map[string]any{}
	put(m, "title", p.Title)
	put(m, "code", p.Code)
	put(m, "description", p.Description)
	put(m, "note", p.Note)
	for _, name := range p.Clear {
		m[name] = nil
	}
	return json.Marshal(m)
}

// CustomConnectors returns the account's custom connectors in ascending id
// (GET /api/custom_connectors), without their current code.
func (c *Client) CustomConnectors(ctx context.Context, opts CustomConnectorListOptions) ([]CustomConnector, error) {
	q := url.Values{}
	if opts.Title != "" {
		q.Set("title", opts.Title)
	}
	if opts.OEMShared != nil {
		q.Set("oem_shared", strconv.FormatBool(*opts.OEMShared))
	}
	var out result[[]CustomConnector]
	if err := c.do(ctx, http.MethodGet, "/api/custom_connectors", q, nil, &out); err != nil {
		return nil, err
	}
	return out.Result, nil
}

// AllCustomConnectors iterates over every custom connector of the account
// that opts selects, in ascending id. The route answers the whole list at
// once, so it makes one request; an error ends the iteration after it is
// yielded.
func (c *Client) AllCustomConnectors(ctx context.Context, opts CustomConnectorListOptions) iter.Seq2[CustomConnector, error] {
	return allPages(0, notPaged, func(ListOptions, *CustomConnector) ([]CustomConnector, error) {
		return c.CustomConnectors(ctx, opts)
	})
}

// CustomConnector returns a custom connector with its code
// (GET /api/custom_connectors/{id}).
func (c *Client) CustomConnector(ctx context.Context, id int64) (*CustomConnector, error) {
	return c.customConnectorCall(ctx, http.MethodGet, "/api/custom_connectors/"+itoa(id), nil)
}

// CustomConnectorCode returns the current code of a custom connector
// (GET /api/custom_connectors/{id}/code).
func (c *Client) CustomConnectorCode(ctx context.Context, id int64) (string, error) {
	var out struct {
		Data struct {
			Code string `json:"code"`
		} `json:"data"`
	}
	if err := c.do(ctx, http.MethodGet, "/api/custom_connectors/"+itoa(id)+"/code", nil, nil, &out); err != nil {
		return "", err
	}
	return out.Data.Code, nil
}

// CreateCustomConnector creates a custom connector (POST /api/custom_connectors).
// A name taken in the account, or by a platform connector, is a 400 naming name.
func (c *Client) CreateCustomConnector(ctx context.Context, p CreateCustomConnectorParams) (*CustomConnector, error) {
	return c.customConnectorCall(ctx, http.MethodPost, "/api/custom_connectors", p)
}

// UpdateCustomConnector changes the fields set in p; the name never changes
// (PUT /api/custom_connectors/{id}).
func (c *Client) UpdateCustomConnector(ctx context.Context, id int64, p UpdateCustomConnectorParams) (*CustomConnector, error) {
	return c.customConnectorCall(ctx, http.MethodPut, "/api/custom_connectors/"+itoa(id), p)
}

// ReleaseCustomConnector releases the current code as the next version
// (POST /api/custom_connectors/{id}/release). An empty note takes the
// connector's own note.
func (c *Client) ReleaseCustomConnector(ctx context.Context, id int64, note string) (*CustomConnector, error) {
	body := map[string]string{}
	if note != "" {
		body["note"] = note
	}
	return c.customConnectorCall(ctx, http.MethodPost, "/api/custom_connectors/"+itoa(id)+"/release", body)
}

// ShareCustomConnector shares a released version with the account's
// customers, whose connector catalogue then lists it
// (POST /api/custom_connectors/{id}/oem_share/{version}). An unknown
// version is not found.
func (c *Client) ShareCustomConnector(ctx context.Context, id int64, version int) (*CustomConnector, error) {
	return c.customConnectorCall(ctx, http.MethodPost, "/api/custom_connectors/"+itoa(id)+"/oem_share/"+strconv.Itoa(version), nil)
}

// SuppressCustomConnector stops sharing the connector with customers
// (DELETE /api/custom_connectors/{id}/suppress_oem_version).
func (c *Client) SuppressCustomConnector(ctx context.Context, id int64) (*CustomConnector, error) {
	return c.customConnectorCall(ctx, http.MethodDelete, "/api/custom_connectors/"+itoa(id)+"/suppress_oem_version", nil)
}

func (c *Client) customConnectorCall(ctx context.Context, method, path string, body any) (*CustomConnector, error) {
	var out CustomConnector
	if err := c.do(ctx, method, path, nil, body, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
