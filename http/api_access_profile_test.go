package http_test

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"slices"
	"testing"
)

// rsaPublicKey returns a fresh RSA public key in PEM, the secret of a jwt
// profile of method rsa.
func rsaPublicKey(t *testing.T) string {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

// profileBody returns the body of a profile create from its fields.
func profileBody(fields map[string]any) string {
	b, _ := json.Marshal(fields)
	return string(b)
}

// TestAccessProfilesEmbedded plays the v1 clients and access profiles of a
// customer workspace over the collection 1: the client 1 holds the
// profiles 1 (token), 2 (oauth2), 3 (jwt, hmac), 4 (jwt, rsa) and 5
// (oidc). A profile's secret appears in its create and refresh answers
// only, and a jwt profile has none to refresh.
func TestAccessProfilesEmbedded(t *testing.T) {
	e := newTestEnv(t, false)
	setupAPIPlatform(t, e)
	if status, body := e.do(scenario{Method: "POST", URL: "/api/managed_users/3/api_collections", Body: `{"name":"Sales API","project_id":2}`}); status != 200 {
		t.Fatalf("setup: %d %s", status, body)
	}
	const (
		clients  = "/api/managed_users/Eacme/api_clients"
		profiles = "/api/managed_users/Eacme/api_access_profiles"
	)
	base := func(name, authType string, more ...any) string {
		f := map[string]any{"name": name, "api_client_id": 1, "api_collection_ids": []int{1}, "auth_type": authType}
		for i := 0; i+1 < len(more); i += 2 {
			f[more[i].(string)] = more[i+1]
		}
		return profileBody(f)
	}
	seen := e.runSecrets(t, []scenario{
		{Name: "e_clients_empty", Method: "GET", URL: clients, WantStatus: 200},
		{Name: "e_client_create", Method: "POST", URL: clients, Body: `{"name":" Partner app ","description":"Orders from the shop"}`, WantStatus: 200},
		{Name: "e_client_create_blank_name", Method: "POST", URL: clients, Body: `{"description":"x"}`, WantStatus: 400},
		{Name: "e_client_create_name_wrong_type", Method: "POST", URL: clients, Body: `{"name":7}`, WantStatus: 400},
		{Name: "e_clients", Method: "GET", URL: clients, WantStatus: 200},

		// Create, one of each auth type; the secret is shown once.
		{Name: "e_profile_create_token", Method: "POST", URL: profiles,
			Body: base("Shop", "token", "ip_allow_list", "10.0.0.0/8, 192.0.2.1,10.0.0.0/8"), WantStatus: 200},
		{Name: "e_profile_create_oauth2", Method: "POST", URL: profiles, Body: base("Shop OAuth", "OAuth2"), WantStatus: 200},
		{Name: "e_profile_create_jwt_hmac", Method: "POST", URL: profiles,
			Body: base("Shop JWT", "jwt", "jwt_method", "hmac", "jwt_secret", "a shared secret", "required_claims", []string{"sub", "exp"},
				"access_profile_claim", "workato_key", "allowed_issuers", "https://idp.test"), WantStatus: 200},
		{Name: "e_profile_create_jwt_rsa", Method: "POST", URL: profiles,
			Body: base("Shop RSA", "jwt", "jwt_method", "RSA", "jwt_secret", rsaPublicKey(t)), WantStatus: 200},
		{Name: "e_profile_create_oidc", Method: "POST", URL: profiles,
			Body: base("Shop OIDC", "oidc", "oidc_issuer", "https://idp.test/.well-known/openid-configuration", "jwt_method", "hmac"), WantStatus: 200},

		// Refusals of a create.
		{Name: "e_profile_create_no_auth_type", Method: "POST", URL: profiles, Body: `{"name":"X","api_client_id":1}`, WantStatus: 400},
		{Name: "e_profile_create_bad_auth_type", Method: "POST", URL: profiles, Body: base("X", "basic"), WantStatus: 400},
		{Name: "e_profile_create_jwt_incomplete", Method: "POST", URL: profiles, Body: base("X", "jwt"), WantStatus: 400},
		{Name: "e_profile_create_jwt_bad_method", Method: "POST", URL: profiles, Body: base("X", "jwt", "jwt_method", "none", "jwt_secret", "s"), WantStatus: 400},
		{Name: "e_profile_create_rsa_not_a_key", Method: "POST", URL: profiles, Body: base("X", "jwt", "jwt_method", "rsa", "jwt_secret", "abc"), WantStatus: 400},
		{Name: "e_profile_create_oidc_no_issuer", Method: "POST", URL: profiles, Body: base("X", "oidc"), WantStatus: 400},
		{Name: "e_profile_create_oidc_bad_url", Method: "POST", URL: profiles, Body: base("X", "oidc", "oidc_jwks_uri", "idp.test/keys"), WantStatus: 400},
		{Name: "e_profile_create_no_client", Method: "POST", URL: profiles, Body: `{"name":"X","auth_type":"token"}`, WantStatus: 400},
		{Name: "e_profile_create_unknown_client", Method: "POST", URL: profiles, Body: `{"name":"X","api_client_id":999,"auth_type":"token"}`, WantStatus: 400},
		{Name: "e_profile_create_unknown_collection", Method: "POST", URL: profiles, Body: `{"name":"X","api_client_id":1,"api_collection_ids":[1,999],"auth_type":"token"}`, WantStatus: 400},
		{Name: "e_profile_create_bad_ip", Method: "POST", URL: profiles, Body: base("X", "token", "ip_allow_list", []string{"10.0.0.1", "nowhere"}), WantStatus: 400},
		{Name: "e_profile_create_ip_wrong_type", Method: "POST", URL: profiles, Body: base("X", "token", "ip_allow_list", 42), WantStatus: 400},
		{Name: "e_profile_create_ids_wrong_type", Method: "POST", URL: profiles, Body: `{"name":"X","api_client_id":1,"api_collection_ids":"1","auth_type":"token"}`, WantStatus: 400},
		{Name: "e_profile_create_blank", Method: "POST", URL: profiles, WantStatus: 400},

		// Lists show no secret.
		{Name: "e_profiles", Method: "GET", URL: profiles, WantStatus: 200},
		{Name: "e_profiles_of_client", Method: "GET", URL: profiles + "?api_client_id=1&per_page=2", WantStatus: 200},
		{Name: "e_profiles_of_unknown_client", Method: "GET", URL: profiles + "?api_client_id=999", WantStatus: 200},

		// Update, enable, disable.
		{Name: "e_profile_update", Method: "PUT", URL: profiles + "/1", Body: `{"name":"Shop 2","ip_allow_list":null,"api_collection_ids":[]}`, WantStatus: 200},
		{Name: "e_profile_update_jwt_secret", Method: "PUT", URL: profiles + "/3", Body: `{"jwt_secret":"another secret","required_claims":"sub"}`, WantStatus: 200},
		{Name: "e_profile_update_auth_type", Method: "PUT", URL: profiles + "/1", Body: `{"auth_type":"jwt"}`, WantStatus: 400},
		{Name: "e_profile_update_client", Method: "PUT", URL: profiles + "/1", Body: `{"api_client_id":2}`, WantStatus: 400},
		{Name: "e_profile_update_blank_name", Method: "PUT", URL: profiles + "/1", Body: `{"name":""}`, WantStatus: 400},
		{Name: "e_profile_update_unknown", Method: "PUT", URL: profiles + "/999", Body: `{"name":"X"}`, WantStatus: 404},
		{Name: "e_profile_disable", Method: "PUT", URL: profiles + "/1/disable", WantStatus: 200},
		{Name: "e_profile_enable", Method: "PUT", URL: profiles + "/2/enable", WantStatus: 200},
		{Name: "e_profile_enable_unknown", Method: "PUT", URL: profiles + "/999/enable", WantStatus: 404},

		// Refresh: a new secret, shown once; none for jwt.
		{Name: "e_profile_refresh_token", Method: "PUT", URL: profiles + "/1/refresh_secret", WantStatus: 200},
		{Name: "e_profile_refresh_oauth2", Method: "PUT", URL: profiles + "/2/refresh_secret", WantStatus: 200},
		{Name: "e_profile_refresh_oidc", Method: "PUT", URL: profiles + "/5/refresh_secret", WantStatus: 200},
		{Name: "e_profile_refresh_jwt", Method: "PUT", URL: profiles + "/3/refresh_secret", WantStatus: 400},
		{Name: "e_profile_refresh_unknown", Method: "PUT", URL: profiles + "/999/refresh_secret", WantStatus: 404},
		{Name: "e_profiles_after", Method: "GET", URL: profiles, WantStatus: 200},

		// Seed 001's forms without the id name no profile.
		{Name: "e_profile_update_without_id", Method: "PUT", URL: profiles, Body: `{"name":"X"}`, WantStatus: 405},
		{Name: "e_profile_delete", Method: "DELETE", URL: profiles + "/1", WantStatus: 405},

		// Another account.
		{Name: "e_other_account_clients", Method: "GET", URL: clients, Token: tokenB, WantStatus: 404},
		{Name: "e_other_account_profiles", Method: "GET", URL: "/api/managed_users/4/api_access_profiles?api_client_id=1", Token: tokenB, WantStatus: 200},
		{Name: "e_other_account_refresh", Method: "PUT", URL: "/api/managed_users/4/api_access_profiles/1/refresh_secret", Token: tokenB, WantStatus: 404},
		{Name: "e_other_account_disable", Method: "PUT", URL: "/api/managed_users/3/api_access_profiles/1/disable", Token: tokenB, WantStatus: 404},
	})

	// Each create and refresh showed fresh secrets, and nothing else did.
	for name, values := range seen {
		if !slices.Contains([]string{"e_profile_create_token", "e_profile_create_oauth2", "e_profile_create_oidc",
			"e_profile_refresh_token", "e_profile_refresh_oauth2", "e_profile_refresh_oidc"}, name) {
			t.Errorf("%s showed secrets %v", name, values)
		}
	}
	if seen["e_profile_refresh_token"][0] == seen["e_profile_create_token"][0] {
		t.Error("refresh_secret answered the token it replaced")
	}
	oauth, again := seen["e_profile_create_oauth2"], seen["e_profile_refresh_oauth2"]
	if len(oauth) != 2 || len(again) != 2 || oauth[0] != again[0] || oauth[1] == again[1] {
		t.Errorf("oauth2 client id and secret: created %v, refreshed %v; want the same id and a new secret", oauth, again)
	}
}
