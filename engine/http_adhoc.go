package engine

import (
	"context"
	"net/http"
	"strings"

	"github.com/partnerd/partnerd/formula"
)

// adhocHTTPAction is the action every connector has for a request of the
// connector's own API (Workato's custom action).
const adhocHTTPAction = "__adhoc_http_action"

// adhocProvider runs the ad-hoc HTTP action of every connector. A step
// whose connection's input holds base_url is sent for real to that base
// (say a local fake of the app, such as stripe-mock) with the connection's
// auth (see httpAuth); any other goes to the step's own provider, as a
// connector partnerd cannot reach answers.
//
// Its input is Workato's: verb (get, post, put, patch, delete), path
// (joined to base_url), request_type (json, the default but for stripe;
// url_encoded_form or urlencoded, which stripe defaults to; raw, text or
// xml send input.data as text), response_type (json, the default; raw,
// text or xml2 keep the body as text), input.data (the query of a GET,
// DELETE or HEAD, the body of anything else), and request_headers
// ([{name, value}] or a hash). Its output is {body, headers, status_code};
// a Stripe step's output is the response body itself, as Workato gives it.
type adhocProvider struct {
	e    *Engine
	rest restProvider
}

func (adhocProvider) Has(action string) bool  { return action == adhocHTTPAction }
func (adhocProvider) SideEffects(string) bool { return true }

func (p adhocProvider) Action(ctx context.Context, c *Call) (formula.Value, error) {
	if c.ConnectionID() != 0 {
		conn, err := c.Connection(ctx)
		if err != nil {
			return formula.Value{}, err
		}
		if inputString(conn.Input, "base_url") != "" || conn.OnPremGroupID != nil {
			return p.rest.send(ctx, c, conn)
		}
	}
	inner := p.e.provider(c.Provider())
	if inner == nil || !inner.Has(c.Action) {
		return formula.Value{}, &fatalError{c.Provider() + "." + c.Action +
			" cannot run in partnerd: give its connection a base_url to send it to"}
	}
	return inner.Action(ctx, c)
}

// actionProvider returns the provider that runs an action of a step's
// provider: the ad-hoc HTTP action goes to adhocProvider first.
func (e *Engine) actionProvider(provider, action string) Provider {
	p := e.provider(provider)
	if action == adhocHTTPAction && provider != "rest" {
		return e.adhoc
	}
	return p
}

// adhocRequest reads an ad-hoc HTTP action's input.
func adhocRequest(provider, base string, in formula.Value) (*httpRequest, error) {
	method := strings.ToUpper(strings.TrimSpace(hashField(in, "verb").String()))
	if method == "" {
		method = http.MethodGet
	}
	if !httpMethods[method] {
		return nil, stepFailed("verb %q is not one of get, post, put, patch, delete, head, options", strings.ToLower(method))
	}
	r := &httpRequest{Method: method, URL: joinURL(base, strings.TrimSpace(hashField(in, "path").String())),
		Header: http.Header{}, ResponseType: strings.ToLower(hashField(in, "response_type").String())}
	if r.ResponseType == "" {
		r.ResponseType = "json"
	}
	for _, f := range []string{"request_headers", "headers"} {
		for _, h := range nameValues(hashField(in, f)) {
			r.Header.Add(h[0], h[1])
		}
	}
	data := hashField(hashField(in, "input"), "data")
	if method == http.MethodGet || method == http.MethodDelete || method == http.MethodHead {
		r.Query = formValues(data)
		return r, nil
	}
	kind := strings.ToLower(hashField(in, "request_type").String())
	if kind == "" && provider == "stripe" {
		kind = "url_encoded_form"
	}
	switch kind {
	case "", "json":
		r.ContentType, r.Body = "application/json", jsonBody(data)
	case "url_encoded_form", "urlencoded", "form":
		r.ContentType, r.Body = "application/x-www-form-urlencoded", []byte(formValues(data).Encode())
	case "xml":
		r.ContentType, r.Body = "application/xml", []byte(data.String())
	default:
		r.ContentType, r.Body = "text/plain", []byte(data.String())
		if data.Kind() == formula.KindHash || data.Kind() == formula.KindList {
			r.ContentType, r.Body = "application/json", jsonBody(data)
		}
	}
	return r, nil
}

// adhocOutput is an ad-hoc HTTP action's output.
func adhocOutput(provider string, r *httpRequest, resp *httpResponse) formula.Value {
	body := resp.body(r.ResponseType)
	if provider == "stripe" && body.Kind() == formula.KindHash {
		return body
	}
	out := formula.NewHash(3)
	out.Set("body", body)
	out.Set("headers", resp.headers())
	out.Set("status_code", formula.Int(int64(resp.Status)))
	return formula.HashValue(out)
}
