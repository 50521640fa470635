package http

import (
	"strings"
	"testing"

	"github.com/partnerd/partnerd"
)

// FuzzRecipeConnectBody checks that any body of a recipe connect reads to
// a non-blank application and a connection id, or to a client error.
func FuzzRecipeConnectBody(f *testing.F) {
	for _, s := range []string{``, `{}`, `null`, `{"adapter_name":"salesforce","connection_id":772461}`, `{"provider":"slack","connection_id":"12"}`,
		`{"adapter_name":" ","connection_id":1}`, `{"adapter_name":"x","connection_id":null}`, `{"adapter_name":7}`, `{"connection_id":"1e3"}`,
		`{"connection_id":99999999999999999999}`, `[1]`, `{"adapter_name":"a"} x`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var in recipeConnectInput
		err := decodeJSON(body, &in)
		if err == nil {
			var adapter string
			if adapter, _, err = in.validate(); err == nil && strings.TrimSpace(adapter) == "" {
				t.Fatalf("%q: blank adapter accepted", body)
			}
		}
		if err != nil && partnerd.ErrorCode(err) != partnerd.EINVALID {
			t.Fatalf("%q: %v", body, err)
		}
	})
}

// FuzzRecipeVersionBody checks that any body of a version comment update
// decodes or is a client error.
func FuzzRecipeVersionBody(f *testing.F) {
	for _, s := range []string{``, `{}`, `{"comment":"First cut"}`, `{"comment":null}`, `{"comment":7}`, `{"comment":["a"]}`, `"x"`, `{"comment":"\u0000"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var in recipeVersionInput
		if err := decodeJSON(body, &in); err != nil && partnerd.ErrorCode(err) != partnerd.EINVALID {
			t.Fatalf("%q: %v", body, err)
		}
	})
}
