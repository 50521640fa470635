package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// HTTP limits of recipes' requests.
const (
	// DefaultHTTPTimeout is the time one attempt of a request has, its
	// response body included, unless Engine.HTTPTimeout says otherwise.
	DefaultHTTPTimeout = 60 * time.Second
	// MaxHTTPResponse is the largest response body a step reads.
	MaxHTTPResponse = 10 << 20
	// maxRedirects is how many redirects a request follows.
	maxRedirects = 10
	// maxErrorBody is how much of a failed response's body its error shows.
	maxErrorBody = 1024
)

// httpConnector sends the HTTP requests of recipes: one client whose
// every connection goes through the egress policy, and the OAuth 2 tokens
// of connections.
type httpConnector struct {
	e      *Engine
	client *http.Client
	mu     sync.Mutex
	tokens map[connectionKey]*oauthToken
}

func newHTTPConnector(e *Engine) *httpConnector {
	transport := &http.Transport{
		Proxy:                 nil, // A proxy would dial on the recipe's behalf, past the policy.
		DialContext:           e.Egress.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          256,
		MaxIdleConnsPerHost:   64,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
	client := &http.Client{Transport: transport, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if len(via) >= maxRedirects {
			return fmt.Errorf("stopped after %d redirects", maxRedirects)
		}
		return nil
	}}
	return &httpConnector{e: e, client: client, tokens: map[connectionKey]*oauthToken{}}
}

// close drops the client's idle connections.
func (h *httpConnector) close() { h.client.CloseIdleConnections() }

// httpRequest is one request of a step, before the connection's auth.
type httpRequest struct {
	Method       string
	URL          string
	Query        url.Values
	Header       http.Header
	Body         []byte
	ContentType  string
	ResponseType string // json (the default), or text for the body as it came
	IgnoreErrors bool   // a non-2xx response is an output, not a failure
	NoRetry      bool   // no implicit retry of a timed-out idempotent request
	// Via sends the request; nil sends it from this server.
	Via httpSender
}

// httpResponse is what a request got.
type httpResponse struct {
	Status int
	Header http.Header
	Body   []byte
}

// HTTPError is a response outside 2xx, as a step's failure.
type HTTPError struct {
	Status int
	Header http.Header
	Body   string
}

func (e *HTTPError) Error() string {
	body := e.Body
	if len(body) > maxErrorBody {
		body = body[:maxErrorBody] + "…"
	}
	msg := fmt.Sprintf("HTTP %d %s", e.Status, http.StatusText(e.Status))
	if body != "" {
		msg += ": " + body
	}
	return msg
}

func (e *Engine) httpTimeout() time.Duration {
	if e.HTTPTimeout > 0 {
		return e.HTTPTimeout
	}
	return DefaultHTTPTimeout
}

// do sends a request with the connection's auth. A request that times out
// is sent once more when its method is idempotent (GET, HEAD, PUT, DELETE)
// and retries are not disabled, as Workato's HTTP connector does; a 401
// with an OAuth 2 token fetches a new token and is sent once more.
func (h *httpConnector) do(ctx context.Context, auth *httpAuth, r *httpRequest) (*httpResponse, error) {
	retryTimeout := !r.NoRetry && (r.Method == http.MethodGet || r.Method == http.MethodHead ||
		r.Method == http.MethodPut || r.Method == http.MethodDelete)
	refreshed := false
	for attempt := 0; ; attempt++ {
		resp, err := h.send(ctx, auth, r)
		var timeout interface{ Timeout() bool }
		if err != nil && retryTimeout && attempt == 0 && ctx.Err() == nil && errors.As(err, &timeout) && timeout.Timeout() {
			continue
		}
		if err == nil && resp.Status == http.StatusUnauthorized && auth.oauth() && !refreshed {
			refreshed = true
			h.forgetToken(auth)
			continue
		}
		if err != nil {
			return nil, err
		}
		if !r.IgnoreErrors && (resp.Status < 200 || resp.Status > 299) {
			return resp, &HTTPError{Status: resp.Status, Header: resp.Header, Body: string(resp.Body)}
		}
		return resp, nil
	}
}

// send makes one attempt of a request: it joins the query and the
// connection's auth, then hands it to the request's sender.
func (h *httpConnector) send(ctx context.Context, auth *httpAuth, r *httpRequest) (*httpResponse, error) {
	ctx, cancel := context.WithTimeout(ctx, h.e.httpTimeout())
	defer cancel()
	sender := r.Via
	if sender == nil {
		sender = directSender{h.client}
	}
	u, err := url.Parse(r.URL)
	if err != nil {
		return nil, stepFailed("Request URL %q is not an http or https URL", r.URL)
	}
	if err := sender.check(r, u); err != nil {
		return nil, err
	}
	if len(r.Query) > 0 || auth.queryParams() { // A URL's own query is sent as written when nothing joins it.
		q := u.Query()
		for k, vs := range r.Query {
			q[k] = append(q[k], vs...)
		}
		if err := auth.apply(ctx, h, q); err != nil {
			return nil, err
		}
		u.RawQuery = q.Encode()
	}
	header := http.Header{}
	for k, vs := range r.Header {
		header[k] = vs
	}
	if r.ContentType != "" && header.Get("Content-Type") == "" {
		header.Set("Content-Type", r.ContentType)
	}
	if header.Get("Accept") == "" && (r.ResponseType == "" || r.ResponseType == "json") {
		header.Set("Accept", "application/json")
	}
	if err := auth.header(ctx, h, header); err != nil {
		return nil, err
	}
	return sender.send(ctx, r, u, header)
}

// httpSender delivers a request whose query, headers and auth are set:
// straight from this server, or through an on-prem agent.
type httpSender interface {
	// check refuses a URL the sender cannot reach.
	check(r *httpRequest, u *url.URL) error
	send(ctx context.Context, r *httpRequest, u *url.URL, header http.Header) (*httpResponse, error)
}

// directSender sends requests from this server through the egress policy.
type directSender struct{ client *http.Client }

func (directSender) check(r *httpRequest, u *url.URL) error {
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return stepFailed("Request URL %q is not an http or https URL", r.URL)
	}
	return nil
}

func (d directSender) send(ctx context.Context, r *httpRequest, u *url.URL, header http.Header) (*httpResponse, error) {
	var body io.Reader
	if r.Body != nil {
		body = bytes.NewReader(r.Body)
	}
	// The request takes the parsed URL and the header map as they are,
	// rather than writing the URL out to parse it again.
	req, err := http.NewRequestWithContext(ctx, r.Method, "", body)
	if err != nil {
		return nil, stepFailed("Request: %v", err)
	}
	u.Host = strings.TrimSuffix(u.Host, ":") // an empty port, as NewRequest drops it
	req.URL, req.Host, req.Header = u, u.Host, header
	resp, err := d.client.Do(req)
	if err != nil {
		return nil, requestError(r, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, MaxHTTPResponse+1))
	if err != nil {
		return nil, requestError(r, err)
	}
	if len(b) > MaxHTTPResponse {
		return nil, stepFailed("%s %s: the response body is larger than %d MiB", r.Method, redactURL(u), MaxHTTPResponse>>20)
	}
	return &httpResponse{Status: resp.StatusCode, Header: resp.Header, Body: b}, nil
}

// requestError words a request that got no response; a refusal of the
// egress policy keeps its words.
func requestError(r *httpRequest, err error) error {
	var refused *EgressError
	if errors.As(err, &refused) {
		return stepFailed("%s %s: %v", r.Method, redactString(r.URL), refused)
	}
	var timeout net.Error
	if errors.As(err, &timeout) && timeout.Timeout() {
		return timeoutError{stepFailed("%s %s: the request timed out", r.Method, redactString(r.URL))}
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return stepFailed("%s %s: %v", r.Method, redactString(r.URL), err)
}

// timeoutError is a request that timed out.
type timeoutError struct{ error }

func (timeoutError) Timeout() bool   { return true }
func (e timeoutError) Unwrap() error { return e.error }

// redactURL shows a URL without its user info and query.
func redactURL(u *url.URL) string {
	c := *u
	c.User, c.RawQuery = nil, ""
	return c.String()
}

func redactString(s string) string {
	if u, err := url.Parse(s); err == nil {
		return redactURL(u)
	}
	return "(a bad URL)"
}

// joinURL appends a step's path to a connection's base URL; an absolute
// path stands alone, and one slash joins the two.
func joinURL(base, path string) string {
	if strings.HasPrefix(path, "http://") || strings.HasPrefix(path, "https://") || base == "" {
		return path
	}
	if path == "" {
		return base
	}
	return strings.TrimSuffix(base, "/") + "/" + strings.TrimPrefix(path, "/")
}
