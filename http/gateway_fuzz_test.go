package http

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/partnerd/partnerd"
)

// FuzzGatewayPath checks that any request path under /apim splits into a
// workspace and the rest, and matches any endpoint path, without a panic:
// a match binds every parameter of the pattern to a non-empty value, and
// the literal segments match as they are.
func FuzzGatewayPath(f *testing.F) {
	for _, s := range []struct{ path, pattern string }{
		{"/ws12/orders-v1/orders/7", "orders/:id"}, {"/ws1/a-v1/x/%2F/y", "x/{id}/y"}, {"/ws0/a", "a"},
		{"/ws99999999999999999999/a", ":a"}, {"/ws/a", ""}, {"ws1", "/"}, {"/ws1/a-v1/%zz", ":x"},
		{"/ws3/orders-v1/orders//", "orders/:id/"}, {"/ws3/x-v1/a/b/c", ":a/:b/:c"}, {"/wsx1/a", "{}"},
	} {
		f.Add(s.path, s.pattern)
	}
	f.Fuzz(func(t *testing.T, path, pattern string) {
		ws, rest, ok := partnerd.ParseAPIGatewayPath(path)
		if ok && (ws <= 0 || !strings.HasSuffix(path, rest)) {
			t.Fatalf("%q: workspace %d, rest %q", path, ws, rest)
		}
		params, ok := partnerd.MatchAPIPath(pattern, rest)
		if !ok {
			return
		}
		for name, value := range params {
			if value == "" || !strings.Contains(pattern, name) {
				t.Fatalf("%q %q: parameter %q = %q", pattern, rest, name, value)
			}
		}
	})
}

// FuzzGatewayCredential checks that any API-TOKEN and Authorization
// headers read as at most one credential, and that any bearer splits as a
// JWT or is refused, never a panic.
func FuzzGatewayCredential(f *testing.F) {
	for _, s := range []struct{ token, authorization string }{
		{"abc", ""}, {"", "Bearer x.y.z"}, {"", "Basic YXBpLXRva2VuOnNlY3JldA=="}, {"", "Basic !!"},
		{"", "basic " + "YXBpLXRva2VuOg=="}, {"", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"},
		{" ", "Token x"}, {"", "Bearer"}, {"", "Basic dXNlcjpwYXNz"},
	} {
		f.Add(s.token, s.authorization)
	}
	f.Fuzz(func(t *testing.T, token, authorization string) {
		h := http.Header{}
		h.Set("API-TOKEN", token)
		h.Set("Authorization", authorization)
		c, ok := parseGatewayCredential(h)
		if ok == (c.Token == "" && c.Bearer == "") || (c.Token != "" && c.Bearer != "") {
			t.Fatalf("%q %q: %+v %v", token, authorization, c, ok)
		}
		if header, claims, _, _, err := splitJWT(c.Bearer); err == nil && (header == nil || claims == nil) {
			t.Fatalf("%q: a JWT without header or claims", c.Bearer)
		}
	})
}

// FuzzGatewayBody checks that any body of any content type becomes an
// object of fields or a client error, never a panic.
func FuzzGatewayBody(f *testing.F) {
	for _, s := range []struct{ contentType, body string }{
		{"", `{"a":1}`}, {"application/json", `[1]`}, {"text/plain", "hello"}, {"", ""}, {"text/xml", "\xff"},
		{"application/json; charset=utf-8", `{"a":{"b":[1,2]}} x`}, {"", "null"},
	} {
		f.Add(s.contentType, s.body)
	}
	f.Fuzz(func(t *testing.T, contentType, body string) {
		fields, err := gatewayBodyFields(contentType, []byte(body))
		if err != nil {
			var perr *partnerd.Error
			if !errors.As(err, &perr) || perr.Code != partnerd.EINVALID {
				t.Fatalf("%q %q: %v", contentType, body, err)
			}
			return
		}
		out, err := marshalSorted(fields, []byte(body))
		if err != nil || !json.Valid(out) {
			t.Fatalf("%q %q: %s %v", contentType, body, out, err)
		}
	})
}
