package http_test

import (
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"os"
	"testing"
	"time"
)

// TestGatewayLegacyJWT plays JWTs for jwt access profiles of a legacy
// client: the profile whose own HMAC secret or RSA key verifies the
// signature is the caller, its expiry, required claims and collections
// are checked, and a disabled profile is refused.
func TestGatewayLegacyJWT(t *testing.T) {
	e := newTestEnv(t, false)
	setupGateway(t, e)
	const base = "/apim/ws3/orders-v1"
	var clients struct {
		Result []struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
		} `json:"result"`
	}
	json.Unmarshal(e.mustSend(t, scenario{Method: "GET", URL: "/api/managed_users/3/api_clients"}), &clients)
	var legacy int64
	for _, c := range clients.Result {
		if c.Name == "Partner app" {
			legacy = c.ID
		}
	}
	keyPEM, err := os.ReadFile("testdata/gateway_rsa_key.pem")
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(keyPEM)
	rsaKey, err := x509.ParsePKCS1PrivateKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := x509.MarshalPKIXPublicKey(&rsaKey.PublicKey)
	profile := func(body map[string]any) int64 {
		body["api_client_id"] = legacy
		var out struct {
			ID     int64  `json:"id"`
			Secret string `json:"secret"`
		}
		json.Unmarshal(e.mustSend(t, scenario{Method: "POST", URL: "/api/managed_users/3/api_access_profiles", Body: jsonBody(t, body)}), &out)
		if out.Secret != "" {
			t.Errorf("a jwt profile shows a secret: %q", out.Secret)
		}
		return out.ID
	}
	hmacID := profile(map[string]any{"name": "Shop JWT", "auth_type": "jwt", "jwt_method": "hmac", "jwt_secret": "shop secret",
		"api_collection_ids": []int64{1}, "required_claims": []string{"exp"}, "allowed_issuers": []string{"shop"}})
	profile(map[string]any{"name": "Shop RSA", "auth_type": "jwt", "jwt_method": "rsa",
		"jwt_secret": string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub})), "api_collection_ids": []int64{1}})
	profile(map[string]any{"name": "Elsewhere JWT", "auth_type": "jwt", "jwt_method": "hmac", "jwt_secret": "elsewhere secret",
		"api_collection_ids": []int64{2}})

	exp := testNow.Add(time.Hour).Unix()
	e.run(t, "gateway_jwt", []scenario{
		{Name: "hmac", Method: "POST", URL: base + "/orders/1", Token: signJWT(map[string]any{"iss": "shop", "exp": exp, "sub": "ann"}, "shop secret"),
			WantStatus: 201},
		{Name: "rsa", Method: "POST", URL: base + "/orders/2", Token: signRS256(map[string]any{"sub": "bo"}, rsaKey), WantStatus: 201},
	})
	for _, c := range []struct {
		name  string
		token string
		want  int
	}{
		{"wrong secret", signJWT(map[string]any{"iss": "shop", "exp": exp}, "guess"), 401},
		{"expired", signJWT(map[string]any{"iss": "shop", "exp": testNow.Unix()}, "shop secret"), 401},
		{"without the required exp", signJWT(map[string]any{"iss": "shop"}, "shop secret"), 401},
		{"issuer not allowed", signJWT(map[string]any{"iss": "other", "exp": exp}, "shop secret"), 401},
		{"another collection's profile", signJWT(map[string]any{"exp": exp}, "elsewhere secret"), 403},
	} {
		if status, body := e.do(scenario{Method: "POST", URL: base + "/orders/3", Token: c.token}); status != c.want {
			t.Errorf("%s: %d %s, want %d", c.name, status, body, c.want)
		}
	}
	e.mustSend(t, scenario{Method: "PUT", URL: "/api/managed_users/3/api_access_profiles/" + itoa(hmacID) + "/disable"})
	token := signJWT(map[string]any{"iss": "shop", "exp": exp}, "shop secret")
	if status, body := e.do(scenario{Method: "POST", URL: base + "/orders/4", Token: token}); status != 401 {
		t.Errorf("a disabled profile: %d %s, want 401", status, body)
	}
}
