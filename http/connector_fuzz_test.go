package http

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/partnerd/partnerd"
)

// FuzzDecodeCustomConnector checks that the custom connector body decoder
// answers any input with a value or a client error, and that applying what
// it decoded never sets the name.
func FuzzDecodeCustomConnector(f *testing.F) {
	for _, s := range []string{``, `null`, `{}`, `{"title":"Acme","code":"{ title: 'Acme' }"}`, `{"title":null,"code":null}`,
		`{"title":1}`, `{"code":{"a":1}}`, `{"description":null,"note":"n"}`, `{"name":"Acme CRM"}`, `{"note":["x"]}`,
		`{"title":"\u0000"}`, `{"title":`, "\xff", `[]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var in customConnectorInput
		if err := decodeJSON(body, &in); err != nil {
			if partnerd.ErrorCode(err) != partnerd.EINVALID {
				t.Fatalf("%q: %v", body, err)
			}
			return
		}
		c := &partnerd.CustomConnector{Name: "kept"}
		in.apply(c)
		if c.Name != "kept" {
			t.Fatalf("%q: apply changed the name to %q", body, c.Name)
		}
		if err := c.Validate(); err != nil && partnerd.ErrorCode(err) != partnerd.EINVALID {
			t.Fatalf("%q: validate: %v", body, err)
		}
	})
}

// FuzzApplications checks that the applications filter, from the body and
// the query, decodes to trimmed lower-case names without commas, or to a
// client error.
func FuzzApplications(f *testing.F) {
	for _, tt := range []struct{ body, query string }{
		{``, ``}, {`null`, `applications=a,b`}, {`{"applications":"Jira, slack"}`, ``}, {`{"applications":["a","b,c"]}`, `applications[]=d`},
		{`{"applications":42}`, ``}, {`{"applications":[1]}`, ``}, {`{"applications":null}`, `applications=`}, {`{"applications":`, ``},
		{`{"applications":",,,"}`, `applications=%2C%20`}, {`{"applications":{"a":1}}`, `applications=%ff`},
	} {
		f.Add(tt.body, tt.query)
	}
	f.Fuzz(func(t *testing.T, body, query string) {
		req := httptest.NewRequest("GET", "/api/integrations", strings.NewReader(body))
		req.URL.RawQuery = query
		names, _, err := applicationsOf(req)
		if err != nil {
			if partnerd.ErrorCode(err) != partnerd.EINVALID {
				t.Fatalf("%q %q: %v", body, query, err)
			}
			return
		}
		for _, name := range names {
			if name == "" || strings.Contains(name, ",") || name != strings.ToLower(strings.TrimSpace(name)) {
				t.Fatalf("%q %q: name %q", body, query, name)
			}
		}
	})
}
