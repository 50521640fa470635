package partnerd

import (
	"encoding/json"
	"testing"
)

// TestStubMatch checks equals, contains and patterns against one input.
func TestStubMatch(t *testing.T) {
	input := DecodeStubInput(json.RawMessage(`{"name":"Acme Inc","size":12,"tags":["a","b"],"owner":{"email":"o@acme.test","id":7}}`))
	for _, c := range []struct {
		match StubMatch
		want  string
	}{
		{StubMatch{}, ""},
		{StubMatch{Contains: json.RawMessage(`{"owner":{"id":7},"size":12}`)}, ""},
		{StubMatch{Contains: json.RawMessage(`{"owner":{"id":8}}`)}, "input does not contain match.contains at owner.id"},
		{StubMatch{Contains: json.RawMessage(`{"tags":["a"]}`)}, "input does not contain match.contains at tags"},
		{StubMatch{Contains: json.RawMessage(`{"missing":1}`)}, "input does not contain match.contains at missing"},
		{StubMatch{Equals: json.RawMessage(`{"name":"Acme Inc"}`)}, "input does not equal match.equals"},
		{StubMatch{Equals: json.RawMessage(`{"owner":{"id":7,"email":"o@acme.test"},"tags":["a","b"],"size":12.0,"name":"Acme Inc"}`)}, ""},
		{StubMatch{Patterns: map[string]string{"owner.email": `.*@acme\.test`, "tags.1": "b", "size": `\d+`}}, ""},
		{StubMatch{Patterns: map[string]string{"name": "Acme"}}, "input's name does not match match.patterns.name"},
		{StubMatch{Patterns: map[string]string{"tags.5": ".*"}}, "input has no tags.5"},
	} {
		if got := c.match.Mismatch(input); got != c.want {
			t.Errorf("%+v: %q, want %q", c.match, got, c.want)
		}
	}
	var none *StubMatch
	if got := none.Mismatch(input); got != "" {
		t.Errorf("nil match: %q", got)
	}
}

// TestRedactSecrets checks that secret fields are redacted at any depth
// and others kept.
func TestRedactSecrets(t *testing.T) {
	for in, want := range map[string]string{
		`{"issue_key":"K-1","author":"x"}`:                                  `{"issue_key":"K-1","author":"x"}`,
		`{"password":"p","nested":[{"Api-Key":"k","n":10000000000000001}]}`: `{"nested":[{"Api-Key":"[REDACTED]","n":10000000000000001}],"password":"[REDACTED]"}`,
		`{"client_secret":{"a":1},"access_token":"t"}`:                      `{"access_token":"[REDACTED]","client_secret":"[REDACTED]"}`,
		`not json key`: `not json key`,
		`{"headers":[{"name":"Authorization","value":"Bearer t"},{"name":"X-Trace","value":"t1"}]}`: `{"headers":[{"name":"Authorization","value":"[REDACTED]"},{"name":"X-Trace","value":"t1"}]}`,
		`{"query":[{"name":"api_key","value":"k"}]}`:                                                `{"query":[{"name":"api_key","value":"[REDACTED]"}]}`,
	} {
		if got := string(RedactSecrets(json.RawMessage(in))); got != want {
			t.Errorf("RedactSecrets(%s) = %s, want %s", in, got, want)
		}
	}
}
