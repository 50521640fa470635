package http_test

import "testing"

func TestMe(t *testing.T) {
	e := newTestEnv(t, false)
	e.run(t, "me", []scenario{
		{Name: "me", Method: "GET", URL: "/api/users/me", WantStatus: 200},
		{Name: "me_other_account", Method: "GET", URL: "/api/users/me", Token: tokenB, WantStatus: 200},
		{Name: "me_legacy_key", Method: "GET", URL: "/api/users/me", Token: "-",
			Header: map[string]string{"X-User-Email": "a@partner.test", "X-User-Token": keyA}, WantStatus: 200},
		{Name: "me_no_token", Method: "GET", URL: "/api/users/me", Token: "-", WantStatus: 401},
		{Name: "me_wrong_method", Method: "POST", URL: "/api/users/me", WantStatus: 405},
	})
}
