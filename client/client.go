// Package client is the Go SDK of the Workato Embedded partner API: typed
// calls for every route that partnerd serves. It speaks only the wire
// contract, so it works against partnerd and against Workato itself; point
// it at one of the data-center constants below, or at a partnerd server.
//
// Every call takes a context first. A failed call returns a *Error; use
// IsNotFound, IsUnauthorized and IsRateLimited to test for the common cases.
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// Base URLs of Workato's data centers. Use the one the account lives in;
// a partnerd server is reached at its own address instead.
const (
	// WorkatoUS is Workato's US data center.
	WorkatoUS = "https://www.workato.com"
	// WorkatoEU is Workato's EU data center.
	WorkatoEU = "https://app.eu.workato.com"
	// WorkatoJP is Workato's Japan data center.
	WorkatoJP = "https://app.jp.workato.com"
	// WorkatoSG is Workato's Singapore data center.
	WorkatoSG = "https://app.sg.workato.com"
	// WorkatoAU is Workato's Australia data center.
	WorkatoAU = "https://app.au.workato.com"
)

// DefaultUserAgent is the User-Agent sent unless WithUserAgent sets another.
const DefaultUserAgent = "partnerd-go-client/1"

// Client calls the partner API. It is safe for concurrent use.
type Client struct {
	baseURL    string
	httpClient *http.Client
	userAgent  string
	token      string
	email      string
	apiKey     string
}

// Option configures a Client.
type Option func(*Client)

// WithToken authenticates with a developer API client token, sent as
// "Authorization: Bearer <token>". It replaces WithLegacyKey.
func WithToken(token string) Option {
	return func(c *Client) { c.token, c.email, c.apiKey = token, "", "" }
}

// WithLegacyKey authenticates with the older Embedded scheme: the admin
// workspace owner's email and API key, sent as X-USER-EMAIL and
// X-USER-TOKEN. It replaces WithToken.
func WithLegacyKey(email, apiKey string) Option {
	return func(c *Client) { c.token, c.email, c.apiKey = "", email, apiKey }
}

// WithHTTPClient sends requests through hc instead of http.DefaultClient;
// set timeouts, proxies and TLS settings there. A nil hc is ignored.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) {
		if hc != nil {
			c.httpClient = hc
		}
	}
}

// WithUserAgent sets the User-Agent header of every request.
func WithUserAgent(userAgent string) Option {
	return func(c *Client) { c.userAgent = userAgent }
}

// New returns a client of the API at baseURL, such as WorkatoUS or
// "http://127.0.0.1:8080". A trailing slash is ignored.
func New(baseURL string, opts ...Option) *Client {
	c := &Client{
		baseURL:    strings.TrimRight(baseURL, "/"),
		httpClient: http.DefaultClient,
		userAgent:  DefaultUserAgent,
	}
	for _, opt := range opts {
		opt(c)
	}
	return c
}

// BaseURL returns the base URL the client calls.
func (c *Client) BaseURL() string { return c.baseURL }

// do sends a request to path (already escaped) with query and a JSON body
// (nil for none), and decodes a 2xx answer into out (nil to discard it).
// Any other status is returned as a *Error.
func (c *Client) do(ctx context.Context, method, path string, query url.Values, body, out any) error {
	var reader io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("client: encode %s %s: %w", method, path, err)
		}
		reader = bytes.NewReader(b)
	}
	contentType := ""
	if body != nil {
		contentType = "application/json"
	}
	req, err := c.newRequest(ctx, method, path, query, reader, contentType)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.httpClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("client: read %s %s: %w", method, path, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return newError(resp, data)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("client: decode %s %s: %w", method, path, err)
	}
	return nil
}

// ack sends a request whose answer is {"success": bool}; a 200 with
// success false (Workato's refusals) is returned as a *Error.
func (c *Client) ack(ctx context.Context, method, path string, body any) error {
	var out struct {
		Success *bool          `json:"success"`
		Errors  map[string]any `json:"errors"`
	}
	if err := c.do(ctx, method, path, nil, body, &out); err != nil {
		return err
	}
	if out.Success != nil && !*out.Success {
		return &Error{StatusCode: http.StatusOK, Message: "Refused", Errors: flattenErrors(out.Errors)}
	}
	return nil
}

// ListOptions selects one page of a list. Zero fields are left to the
// server: page 1, and 100 items per page.
type ListOptions struct {
	Page    int
	PerPage int
}

// values renders the options as page and per_page.
func (o ListOptions) values() url.Values {
	q := url.Values{}
	if o.Page > 0 {
		q.Set("page", fmt.Sprint(o.Page))
	}
	if o.PerPage > 0 {
		q.Set("per_page", fmt.Sprint(o.PerPage))
	}
	return q
}

// result is the {"result": …} envelope.
type result[T any] struct {
	Result T `json:"result"`
}

// Ptr returns a pointer to v, for the optional fields of update parameters:
// UpdateCustomerParams{Name: client.Ptr("Acme Corp")}.
func Ptr[T any](v T) *T { return &v }

// newRequest builds a request to the API with the client's credentials and
// user agent; contentType is set when the request has a body.
func (c *Client) newRequest(ctx context.Context, method, path string, query url.Values, body io.Reader, contentType string) (*http.Request, error) {
	u := c.baseURL + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return nil, fmt.Errorf("client: %w", err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
	switch {
	case c.token != "":
		req.Header.Set("Authorization", "Bearer "+c.token)
	case c.email != "" || c.apiKey != "":
		req.Header.Set("X-USER-EMAIL", c.email)
		req.Header.Set("X-USER-TOKEN", c.apiKey)
	}
	return req, nil
}
