package http

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
)

// FuzzParseOpenAPI checks that any OpenAPI document, in either format,
// parses to endpoints of the served methods or to a client error naming
// openapi_spec, never a panic.
func FuzzParseOpenAPI(f *testing.F) {
	for _, s := range []struct{ format, content string }{
		{"json", `{"openapi":"3.0.0","info":{"version":"1.0"},"paths":{"/a/{id}":{"get":{"operationId":"a","x-workato-recipe-id":1}}}}`},
		{"json", `{"openapi":3.1,"paths":{"/":{"post":{},"head":{}}}}`},
		{"json", `{"openapi":"3.0.0","paths":{"/a":{"get":{"x-workato-recipe-id":"99999999999999999999"}}}}`},
		{"json", `{"openapi":"3.0.0","paths":{"/a":{"post":{"x-workato-validate-request":true}},"/b":{"get":{"x-workato-validate-request":"yes"}}}}`},
		{"json", `{"swagger":"2.0"}`}, {"json", `[]`}, {"json", `{} {}`}, {"json", "\xff"},
		{"yaml", "openapi: 3.0.0\ninfo:\n  version: 1.0\npaths:\n  /a:\n    get:\n      operationId: a\n"},
		{"yaml", "openapi: 3.0.0\npaths:\n  /a: &x\n    get: {}\n  /b: *x\n"},
		{"yaml", "a: &a [*a]"}, {"yaml", "openapi: [3.0\n"}, {"YML", "openapi: '3.0'\npaths: ~\n"},
		{"yaml", "openapi: 3.0.0\npaths:\n  ? [1]\n  : {}\n"}, {"xml", "<a/>"}, {"", ""},
	} {
		f.Add(s.format, s.content)
	}
	f.Fuzz(func(t *testing.T, format, content string) {
		doc, err := parseOpenAPI(openAPISpec{Content: content, Format: format})
		if err != nil {
			var perr *partnerd.Error
			if !errors.As(err, &perr) || perr.Code != partnerd.EINVALID || len(perr.Fields["openapi_spec"]) == 0 {
				t.Fatalf("%q %q: %v", format, content, err)
			}
			return
		}
		if len(doc.Endpoints) > maxOperations {
			t.Fatalf("%d endpoints", len(doc.Endpoints))
		}
		for _, e := range doc.Endpoints {
			if !slices.Contains(partnerd.APIMethods, e.Method) || e.Name == "" || strings.HasPrefix(e.Path, "/") ||
				(e.FlowID != nil && *e.FlowID <= 0) {
				t.Fatalf("endpoint %+v", e)
			}
			if err := e.Validate(); err != nil && partnerd.ErrorCode(err) != partnerd.EINVALID {
				t.Fatalf("validate %+v: %v", e, err)
			}
		}
	})
}

// FuzzAPIPlatformBodies checks that any body of the API platform routes
// decodes to a value or a client error, and that the changes it makes
// apply and validate without a panic.
func FuzzAPIPlatformBodies(f *testing.F) {
	for _, s := range []string{``, `null`, `{}`, `[]`, "\xff", `{"name":`,
		`{"name":"A","project_id":"2","openapi_spec":{"format":"json","content":"{}"}}`, `{"openapi_spec":"x"}`,
		`{"name":"P","api_client_id":"1","api_collection_ids":["1",2],"auth_type":"JWT","jwt_method":"RSA","jwt_secret":"x"}`,
		`{"auth_type":"oidc","oidc_issuer":"https://idp.test","oidc_jwks_uri":"","required_claims":"a,b","allowed_issuers":["x"]}`,
		`{"ip_allow_list":"10.0.0.0/8, nowhere","ip_deny_list":[1]}`, `{"active":"False","mtls_enabled":"1"}`,
		`{"api_collection_ids":null,"required_claims":null,"description":null}`,
		`{"name":"Gold","rate_limit_interval":"Minute","rate_limit_requests":"10","quota_interval":"month","quota_requests":-1}`,
		`{"api_policy_id":"7","rate_limit_requests":99999999999999,"quota_interval":null}`} {
		f.Add([]byte(s))
	}
	now := partnerd.Clock(func() time.Time { return time.Unix(0, 0) })
	f.Fuzz(func(t *testing.T, body []byte) {
		client := func(err error) {
			if err != nil && partnerd.ErrorCode(err) != partnerd.EINVALID {
				t.Fatalf("%q: %v", body, err)
			}
		}
		var col apiCollectionInput
		if err := decodeJSON(body, &col); err != nil {
			client(err)
		} else if col.OpenAPISpec != nil {
			_, err := parseOpenAPI(*col.OpenAPISpec)
			client(err)
		}
		var prof accessProfileInput
		if err := decodeJSON(body, &prof); err != nil {
			client(err)
		} else {
			p := &partnerd.AccessProfile{ClientID: 1}
			if err := prof.apply(p); err == nil {
				p.IssueSecret()
				client(p.Validate())
				client(p.RefreshSecret())
			}
		}
		var pol apiPolicyInput
		if err := decodeJSON(body, &pol); err != nil {
			client(err)
		} else {
			p := &partnerd.APIPolicy{}
			client(pol.apply(p))
			if err := p.Validate(); err == nil {
				if _, ok := partnerd.APIPolicyInterval(p.RateLimitInterval); !ok || p.RateLimitRequests < 0 || p.QuotaRequests < 0 {
					t.Fatalf("%q: valid policy %+v", body, p)
				}
			} else {
				client(err)
			}
		}
		var cl apiClientInput
		if err := decodeJSON(body, &cl); err != nil {
			client(err)
		} else {
			c := &partnerd.APIClient{Auth: partnerd.APIAuth{Type: partnerd.APIAuthJWT}}
			client(cl.apply(c))
			client(c.Validate())
		}
		var key apiKeyInput
		if err := decodeJSON(body, &key); err != nil {
			client(err)
		} else {
			p := &partnerd.AccessProfile{ClientID: 1, Inherited: true, Auth: partnerd.APIAuth{Type: partnerd.APIAuthToken}}
			key.apply(p, now)
			client(p.Validate())
		}
	})
}
