package engine

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/formula"
)

// restProvider is Workato's HTTP connector (provider rest). Its action
// make_request_v2 (also make_request) sends the request its input holds:
//
//	request.method        GET (the default), POST, PUT, PATCH, DELETE, HEAD, OPTIONS
//	request.url           a path joined to the connection's base_url, or an absolute URL
//	request.query         query parameters: {name: value} or [{name, value}] (also url_params)
//	request.headers       headers, written the same way (also request_headers)
//	request.content_type  json (body is a hash sent as JSON), application/json (a JSON
//	                      text, or a hash), application/x-www-form-urlencoded (a hash, or
//	                      encoded text), or any other type with body sent as written
//	request.body          the body
//	response.output_type  json (the default; the body parsed when it is JSON), or
//	                      rawdatatxt, rawdata, xml2: the body as text
//	response.ignore_http_errors  "true" answers a non-2xx response instead of failing
//	disable_retries       "true" turns off the one retry of a timed-out GET, HEAD, PUT or DELETE
//
// Its output is {status_code, headers, body, response}, response a copy of
// body. A response outside 2xx fails the step with its status and body.
// Its action download_file gets a file (http_download.go).
type restProvider struct{ h *httpConnector }

func (restProvider) Has(action string) bool {
	return action == "make_request_v2" || action == "make_request" || action == adhocHTTPAction || action == downloadAction
}

// SideEffects reports whether an action may change the app: every request
// may but a download's GET.
func (restProvider) SideEffects(action string) bool { return action != downloadAction }

func (p restProvider) Action(ctx context.Context, c *Call) (formula.Value, error) {
	conn, err := c.Connection(ctx)
	if err != nil {
		return formula.Value{}, err
	}
	if c.Action == downloadAction {
		return p.download(ctx, c, conn)
	}
	return p.send(ctx, c, conn)
}

// send runs the call's request over the connection.
func (p restProvider) send(ctx context.Context, c *Call, conn *partnerd.Connection) (formula.Value, error) {
	auth, err := newHTTPAuth(conn)
	if err != nil {
		return formula.Value{}, err
	}
	base := inputString(conn.Input, "base_url")
	var r *httpRequest
	if c.Action == adhocHTTPAction {
		r, err = adhocRequest(c.Provider(), base, c.Input)
	} else {
		r, err = restRequest(base, c.Input)
	}
	if err != nil {
		return formula.Value{}, err
	}
	if r.Via, err = onPremSender(c, conn); err != nil {
		return formula.Value{}, err
	}
	resp, err := p.h.do(ctx, auth, r)
	if err != nil {
		return formula.Value{}, abandonedOr(ctx, err)
	}
	if c.Action == adhocHTTPAction {
		return adhocOutput(c.Provider(), r, resp), nil
	}
	body := resp.body(r.ResponseType)
	out := formula.NewHash(4)
	out.Set("status_code", formula.Int(int64(resp.Status)))
	out.Set("headers", resp.headers())
	out.Set("body", body)
	out.Set("response", body)
	return formula.HashValue(out), nil
}

// abandonedOr leaves the job to the rescuer when the engine is shutting
// down, rather than fail its step.
func abandonedOr(ctx context.Context, err error) error {
	if errors.Is(ctx.Err(), context.Canceled) {
		return errAbandoned
	}
	return err
}

// httpMethods are the methods a step may send.
var httpMethods = map[string]bool{"GET": true, "POST": true, "PUT": true, "PATCH": true, "DELETE": true, "HEAD": true, "OPTIONS": true}

// restRequest reads a make_request_v2 input.
func restRequest(base string, in formula.Value) (*httpRequest, error) {
	req, resp := hashField(in, "request"), hashField(in, "response")
	method := strings.ToUpper(strings.TrimSpace(hashField(req, "method").String()))
	if method == "" {
		method = http.MethodGet
	}
	if !httpMethods[method] {
		return nil, stepFailed("Request method %q is not one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS", method)
	}
	path := strings.TrimSpace(hashField(req, "url").String())
	if path == "" && base == "" {
		return nil, stepFailed("Request URL is required")
	}
	r := &httpRequest{Method: method, URL: joinURL(base, path), Header: http.Header{},
		ResponseType: strings.ToLower(hashField(resp, "output_type").String()),
		IgnoreErrors: truthy(hashField(resp, "ignore_http_errors")),
		NoRetry:      truthy(hashField(in, "disable_retries"))}
	if r.ResponseType == "" {
		r.ResponseType = "json"
	}
	for _, f := range []string{"query", "url_params"} {
		for _, p := range nameValues(hashField(req, f)) {
			if r.Query == nil {
				r.Query = map[string][]string{}
			}
			r.Query.Add(p[0], p[1])
		}
	}
	for _, f := range []string{"headers", "request_headers"} {
		for _, p := range nameValues(hashField(req, f)) {
			r.Header.Add(p[0], p[1])
		}
	}
	body := hashField(req, "body")
	switch ct := strings.TrimSpace(hashField(req, "content_type").String()); {
	case body.IsNil() || body.IsSkip():
	case ct == "json" || ct == "":
		r.ContentType = "application/json"
		r.Body = bodyJSON(body)
	case strings.EqualFold(ct, "application/x-www-form-urlencoded"):
		r.ContentType = ct
		if body.Kind() == formula.KindHash {
			r.Body = []byte(formValues(body).Encode())
		} else {
			r.Body = []byte(body.String())
		}
	case strings.EqualFold(ct, "application/json"):
		r.ContentType = ct
		r.Body = bodyJSON(body)
	default:
		r.ContentType = ct
		r.Body = []byte(body.String())
	}
	return r, nil
}

// bodyJSON is a body sent as JSON: a text as written, any other value
// encoded.
func bodyJSON(v formula.Value) []byte {
	if v.Kind() == formula.KindString {
		return []byte(v.AsString())
	}
	return jsonBody(v)
}
