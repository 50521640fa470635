package agent

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/partnerd/partnerd"
)

// HTTPRequest is an http request's message: a request to the base URL of
// one of the agent's HTTP profiles. Body travels as base64.
type HTTPRequest struct {
	Method string              `json:"method"`
	Path   string              `json:"path"`            // relative to the profile's base URL
	Query  string              `json:"query,omitempty"` // encoded
	Header map[string][]string `json:"header,omitempty"`
	Body   []byte              `json:"body,omitempty"`
}

// HTTPResult is the response an agent got for an http request.
type HTTPResult struct {
	Status int                 `json:"status"`
	Header map[string][]string `json:"header,omitempty"`
	Body   []byte              `json:"body,omitempty"`
}

// Limits of http requests.
const (
	maxHTTPPath    = 8 << 10
	maxHTTPHeaders = 100
)

// httpMethods are the methods an http request may have.
var httpMethods = map[string]bool{"GET": true, "POST": true, "PUT": true, "PATCH": true, "DELETE": true, "HEAD": true, "OPTIONS": true}

// validateHTTPRequest checks an http request's method, path, query and
// headers; where the path leads is checked when it is joined to a base.
func validateHTTPRequest(r *HTTPRequest, v partnerd.Validation) {
	if r == nil {
		v.Add("http", "must be given")
		return
	}
	if !httpMethods[r.Method] {
		v.Add("http.method", "must be GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS")
	}
	if len(r.Path) > maxHTTPPath || !plainText(r.Path) {
		v.Add("http.path", "must be a path")
	}
	if len(r.Query) > maxHTTPPath || !plainText(r.Query) || strings.ContainsAny(r.Query, "# ") {
		v.Add("http.query", "must be an encoded query")
	}
	if len(r.Header) > maxHTTPHeaders {
		v.Add("http.header", "has too many headers")
	}
	for name, values := range r.Header {
		if !headerName(name) {
			v.Add("http.header", "has a bad name")
			break
		}
		for _, value := range values {
			if !plainText(value) {
				v.Add("http.header", name+" has a bad value")
				break
			}
		}
	}
	if len(r.Body) > partnerd.OnPremMaxHTTPRequest {
		v.Add("http.body", "is too large")
	}
}

// validateHTTPResult checks an http answer's status and body.
func validateHTTPResult(r *HTTPResult, v partnerd.Validation) {
	if r.Status < 100 || r.Status > 999 {
		v.Add("http.status", "must be an HTTP status")
	}
	if len(r.Body) > partnerd.OnPremMaxHTTPBody {
		v.Add("http.body", "is too large")
	}
	for name := range r.Header {
		if !headerName(name) {
			v.Add("http.header", "has a bad name")
			break
		}
	}
}

// plainText reports whether s is UTF-8 without control characters.
func plainText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, c := range s {
		if c < 0x20 || c == 0x7f {
			return false
		}
	}
	return true
}

// headerName reports whether s is an HTTP header name.
func headerName(s string) bool {
	if s == "" || len(s) > 256 {
		return false
	}
	for _, c := range s {
		if c > 0x7e || c <= 0x20 || strings.ContainsRune("\"(),/:;<=>?@[\\]{}", c) {
			return false
		}
	}
	return http.CanonicalHeaderKey(s) != ""
}
