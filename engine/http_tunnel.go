package engine

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"github.com/partnerd/partnerd"
)

// onPremSender returns the sender of a connection's requests when it names
// an on-prem group: through an agent of the group, to the base URL of the
// HTTP profile the connection names. Any other connection gets nil.
func onPremSender(c *Call, conn *partnerd.Connection) (httpSender, error) {
	if conn.OnPremGroupID == nil {
		return nil, nil
	}
	profile := inputString(conn.Input, "profile")
	if profile == "" {
		return nil, stepFailed("Connection %s names an on-prem group but no profile: set its profile to an HTTP profile of the agent's config.yml", connectionName(conn))
	}
	tunnel := c.run.e.OnPrem
	if tunnel == nil {
		return nil, stepFailed("Connection %s uses an on-prem group, but this server has no agent listener", connectionName(conn))
	}
	return tunnelSender{call: c, tunnel: tunnel, workspaceID: c.WorkspaceID(), groupID: *conn.OnPremGroupID, profile: profile}, nil
}

// tunnelSender sends requests through an agent of an on-prem group; the
// agent sends them to its profile's base URL, so a request's URL is a path
// under that base.
type tunnelSender struct {
	call        *Call
	tunnel      partnerd.OnPremTunnel
	workspaceID int64
	groupID     int64
	profile     string
}

func (tunnelSender) check(r *httpRequest, u *url.URL) error {
	if u.Scheme != "" || u.Host != "" || u.Opaque != "" {
		return stepFailed("Request URL %q: an on-prem HTTP request goes to its profile's base URL, so its URL must be a path", redactString(r.URL))
	}
	if len(r.Body) > partnerd.OnPremMaxHTTPRequest {
		return stepFailed("The request body is larger than %d KiB, the most an on-prem agent takes", partnerd.OnPremMaxHTTPRequest>>10)
	}
	return nil
}

func (t tunnelSender) send(ctx context.Context, r *httpRequest, u *url.URL, header http.Header) (*httpResponse, error) {
	write := r.Method != http.MethodGet && r.Method != http.MethodHead && r.Method != http.MethodOptions
	res, err := t.tunnel.Exec(ctx, t.workspaceID, t.groupID, t.profile, partnerd.OnPremOperation{
		Action: r.Method + " " + u.EscapedPath(), Write: write,
		HTTP: &partnerd.OnPremHTTPRequest{Method: r.Method, Path: u.EscapedPath(), Query: u.RawQuery, Header: header, Body: r.Body}})
	if errors.Is(err, context.DeadlineExceeded) {
		return nil, timeoutError{stepFailed("%s %s: the request through the on-prem agent timed out", r.Method, u.Path)}
	}
	var perr *partnerd.Error
	if errors.As(err, &perr) {
		return nil, stepFailed("%s", perr.Message)
	} else if err != nil {
		return nil, stepFailed("On-prem agent: %v", err)
	}
	if res.HTTP == nil {
		return nil, stepFailed("On-prem agent %q answered an HTTP request without a response", res.AgentName)
	}
	if t.call != nil {
		t.call.ServedBy(res.AgentID, res.AgentName)
	}
	return &httpResponse{Status: res.HTTP.Status, Header: http.Header(res.HTTP.Header), Body: res.HTTP.Body}, nil
}
