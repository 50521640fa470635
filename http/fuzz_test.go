package http

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/mock"
)

// FuzzParseWorkspaceRef checks that any {mu} parses to one id or one
// external id, never both, that ids are positive, that a suffix names one
// of the three environments, and that an external id split off its
// suffix keeps a non-empty rest.
func FuzzParseWorkspaceRef(f *testing.F) {
	for _, s := range []string{"1", "123_dev", "EA2300", "Eacme/1", "E", "", "0", "-1", "+5", "E_dev", "99999999999999999999", "1_test", "7_prod", "_test", "Eacme_prod", "E_prod", "1_dev_test", "1_prod_"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ref, ok := parseWorkspaceRef(s)
		if !ok {
			return
		}
		if (ref.ID != 0) == (ref.ExternalID != "") {
			t.Fatalf("%q parsed to %+v", s, ref)
		}
		if ref.ID < 0 {
			t.Fatalf("%q parsed to a negative id", s)
		}
		if _, known := partnerd.ParseEnvironmentType(ref.Environment); ref.Environment != "" && !known {
			t.Fatalf("%q parsed to environment %q", s, ref.Environment)
		}
		if ref.ExternalID != "" {
			if rest, env, ok := splitEnvironment(ref.ExternalID); ok && (rest == "" || env == "" || !strings.HasPrefix(ref.ExternalID, rest)) {
				t.Fatalf("%q split to %q %q", s, rest, env)
			}
		}
	})
}

// FuzzDecodeJSON checks that the body decoder answers any input with a
// value or a client error, never a panic or a server error.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{``, `null`, `{}`, `[]`, `{"name":"a"}`, `{"name":1}`, `{"trial":"False"}`,
		`{"active_connection_limit":"12"}`, `{"active_connection_limit":"x"}`, `{"auth_settings":{"a":[1]}}`,
		`{"whitelisted_apps":"x"}`, `{"name":`, "\xff", `{"name":"a"} trailing`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var in customerInput
		err := decodeJSON(body, &in)
		if err != nil && partnerd.ErrorCode(err) != partnerd.EINVALID {
			t.Fatalf("%q: %v", body, err)
		}
	})
}

// FuzzCustomerCreate sends any body to POST /api/managed_users and checks
// that the answer is never a server error.
func FuzzCustomerCreate(f *testing.F) {
	for _, s := range []string{`{"name":"A","notification_email":"a@b.test"}`, `{"name":"A","notification_email":"a@b.test","external_id":""}`,
		`{"name":null}`, `{"active_connection_limit":-1,"name":"A","notification_email":"a@b.test"}`, `{"time_zone":null}`} {
		f.Add(s)
	}
	s := NewServer()
	s.Auth = mock.AdminCaller(1)
	s.Workspaces = &mock.WorkspaceService{
		CreateCustomerFn: func(_ context.Context, _ int64, w *partnerd.Workspace) error { return w.Validate() },
	}
	f.Fuzz(func(t *testing.T, body string) {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("POST", "/api/managed_users", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer x")
		s.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%q: %d %s", body, rec.Code, rec.Body)
		}
	})
}
