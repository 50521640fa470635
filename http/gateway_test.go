package http_test

import (
	"context"
	"crypto"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"io"
	nethttp "net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/engine"
	"github.com/partnerd/partnerd/http"
)

// waitingRunner runs gateway jobs on an engine and lets a test wait for
// the runs still in flight.
type waitingRunner struct {
	eng *engine.Engine
	wg  sync.WaitGroup
}

func (r *waitingRunner) RunJob(ctx context.Context, workspaceID, recipeID int64, ev *partnerd.TriggerEvent) (*partnerd.Job, <-chan *partnerd.JobDetail, error) {
	job, done, err := r.eng.RunJob(ctx, workspaceID, recipeID, ev)
	if err != nil {
		return nil, nil, err
	}
	r.wg.Add(1)
	out := make(chan *partnerd.JobDetail, 1)
	go func() {
		defer r.wg.Done()
		out <- <-done
	}()
	return job, out, nil
}

// apiTriggerCode is an API endpoint recipe whose steps are block; its
// trigger declares a request schema: name, required text, and count, an
// optional integer.
func apiTriggerCode(block ...any) string {
	schema := `[{"name":"name","type":"string","optional":false},{"name":"count","type":"integer","optional":true}]`
	b, _ := json.Marshal(map[string]any{"number": 0, "keyword": "trigger", "provider": "workato_api_platform", "name": "receive_request",
		"as": "api", "input": map[string]any{"request": map[string]any{"content_type": "json", "schema": schema}}, "block": block})
	return string(b)
}

// setupGateway gives customer 3 the recipes 1 (echo), 2 (silent), 3
// (fails) and 4 (waits until the test ends), running; collection 1 with an
// endpoint for each, enabled, and endpoint 5 (disabled); collection 2 with
// one; and the credentials the scenarios call with, by name. Recipe 4's
// wait ends when the test does.
func setupGateway(t *testing.T, e *testEnv) map[string]string {
	t.Helper()
	setupRecipes(t, e)
	release := make(chan struct{})
	runner := &waitingRunner{eng: &engine.Engine{Jobs: e.DB, Recipes: e.DB, LookupTables: e.DB, Now: e.DB.Now,
		Sleep: func(ctx context.Context, _ time.Duration) error {
			select {
			case <-release:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}}}
	t.Cleanup(func() { close(release); runner.wg.Wait() })
	e.Server.APIGateway, e.Server.Runner = e.DB, runner
	e.Server.GatewayLimiter = &http.MemoryRateLimiter{Now: e.DB.Now}

	pill := func(path ...any) string { return dp("workato_api_platform", "api", path...) }
	config := `[{"provider":"workato_api_platform"},{"provider":"logger"},{"provider":"clock"}]`
	recipes := []string{
		apiTriggerCode(map[string]any{"number": 1, "keyword": "action", "provider": "workato_api_platform", "name": "return_response",
			"as": "reply", "input": map[string]any{"http_status_code": "201", "response": map[string]any{
				"id": pill("request", "id"), "q": pill("request", "q"), "name": pill("request", "name"),
				"profile": pill("context", "access_profile", "name"), "client": pill("context", "api_client", "name"),
				"ip": pill("context", "calling_ip"), "agent": pill("context", "request_headers", "x-agent")},
				"response_headers": map[string]any{"X-Order": pill("request", "id")}}}),
		apiTriggerCode(map[string]any{"number": 1, "keyword": "action", "provider": "logger", "name": "log_message", "as": "log",
			"input": map[string]any{"message": "nothing to say"}}),
		apiTriggerCode(map[string]any{"number": 1, "keyword": "stop", "input": map[string]any{"stop_with_error": "true", "stop_reason": "Broken"}}),
		apiTriggerCode(map[string]any{"number": 1, "keyword": "action", "provider": "clock", "name": "wait_for_interval", "as": "wait",
			"input": map[string]any{"interval": "60"}}),
	}
	for i, code := range recipes {
		e.mustSend(t, scenario{Method: "POST", URL: "/api/managed_users/3/recipes",
			Body: jsonBody(t, map[string]any{"name": "API " + string(rune('A'+i)), "code": code, "config": config})})
	}
	spec := map[string]any{"openapi": "3.0.0", "info": map[string]any{"version": "1.0"}, "paths": map[string]any{
		"/orders/{id}": map[string]any{"post": map[string]any{"operationId": "echo", "x-workato-recipe-id": 1}},
		"/silent":      map[string]any{"get": map[string]any{"operationId": "silent", "x-workato-recipe-id": 2}},
		"/fails":       map[string]any{"get": map[string]any{"operationId": "fails", "x-workato-recipe-id": 3}},
		"/slow":        map[string]any{"get": map[string]any{"operationId": "slow", "x-workato-recipe-id": 4}},
		"/off":         map[string]any{"get": map[string]any{"operationId": "off", "x-workato-recipe-id": 1}},
		"/checked/{id}": map[string]any{"post": map[string]any{"operationId": "checked", "x-workato-recipe-id": 1,
			"x-workato-validate-request": true}},
	}}
	content, _ := json.Marshal(spec)
	e.mustSend(t, scenario{Method: "POST", URL: "/api/managed_users/3/api_collections",
		Body: jsonBody(t, map[string]any{"name": "Orders", "openapi_spec": map[string]any{"content": string(content), "format": "json"}})})
	e.mustSend(t, scenario{Method: "POST", URL: "/api/managed_users/3/api_collections",
		Body: jsonBody(t, map[string]any{"name": "Other", "openapi_spec": map[string]any{"content": `{"openapi":"3.0.0","paths":{"/x":{"get":{}}}}`, "format": "json"}})})
	for _, id := range []string{"1", "2", "3", "4"} {
		e.mustSend(t, scenario{Method: "PUT", URL: "/api/managed_users/3/recipes/" + id + "/start"})
	}
	var endpoints struct {
		Result []struct {
			ID   int64  `json:"id"`
			Path string `json:"path"`
		} `json:"result"`
	}
	json.Unmarshal(e.mustSend(t, scenario{Method: "GET", URL: "/api/managed_users/3/api_endpoints?api_collection_id=1"}), &endpoints)
	for _, ep := range endpoints.Result {
		if ep.Path != "off" {
			e.mustSend(t, scenario{Method: "PUT", URL: "/api/managed_users/3/api_endpoints/" + itoa(ep.ID) + "/enable"})
		}
	}

	creds := map[string]string{}
	newKey := func(name string, collection int64) {
		var c struct {
			Data struct{ ID int64 } `json:"data"`
		}
		json.Unmarshal(e.mustSend(t, scenario{Method: "POST", URL: "/api/v2/managed_users/3/api_clients",
			Body: jsonBody(t, map[string]any{"name": name, "auth_type": "token", "api_collection_ids": []int64{collection}})}), &c)
		var k struct {
			Data struct {
				AuthToken string `json:"auth_token"`
			} `json:"data"`
		}
		json.Unmarshal(e.mustSend(t, scenario{Method: "POST", URL: "/api/v2/managed_users/3/api_clients/" + itoa(c.Data.ID) + "/api_keys",
			Body: `{"name":"key","active":true}`}), &k)
		creds[name] = k.Data.AuthToken
	}
	newKey("Mobile", 1)
	newKey("Elsewhere", 2)
	var legacy struct{ ID int64 }
	json.Unmarshal(e.mustSend(t, scenario{Method: "POST", URL: "/api/managed_users/3/api_clients", Body: `{"name":"Partner app"}`}), &legacy)
	for _, p := range []struct{ name, body string }{
		{"Token", `{"name":"Token","auth_type":"token","api_collection_ids":[1]}`},
		{"Office", `{"name":"Office","auth_type":"token","api_collection_ids":[1],"ip_allow_list":["10.0.0.0/8"]}`},
		{"OAuth", `{"name":"OAuth","auth_type":"oauth2","api_collection_ids":[1]}`},
	} {
		var out struct {
			Secret            string `json:"secret"`
			OAuthClientID     string `json:"oauth_client_id"`
			OAuthClientSecret string `json:"oauth_client_secret"`
		}
		body := strings.Replace(p.body, "{", `{"api_client_id":`+itoa(legacy.ID)+",", 1)
		json.Unmarshal(e.mustSend(t, scenario{Method: "POST", URL: "/api/managed_users/3/api_access_profiles", Body: body}), &out)
		creds[p.name] = out.Secret
		if out.OAuthClientID != "" {
			creds["oauth_id"], creds["oauth_secret"] = out.OAuthClientID, out.OAuthClientSecret
		}
	}
	return creds
}

// mustSend sends a setup request that must succeed and returns its body.
func (e *testEnv) mustSend(t *testing.T, sc scenario) []byte {
	t.Helper()
	status, body := e.do(sc)
	if status != 200 {
		t.Fatalf("%s %s: %d %s", sc.Method, sc.URL, status, body)
	}
	return body
}

// signJWT returns a compact HS256 JWT of claims.
func signJWT(claims map[string]any, secret string) string {
	enc := base64.RawURLEncoding
	head, _ := json.Marshal(map[string]any{"alg": "HS256", "typ": "JWT"})
	body, _ := json.Marshal(claims)
	signed := enc.EncodeToString(head) + "." + enc.EncodeToString(body)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(signed))
	return signed + "." + enc.EncodeToString(mac.Sum(nil))
}

// signRS256 returns a compact RS256 JWT of claims.
func signRS256(claims map[string]any, key *rsa.PrivateKey) string {
	enc := base64.RawURLEncoding
	head, _ := json.Marshal(map[string]any{"alg": "RS256", "typ": "JWT"})
	body, _ := json.Marshal(claims)
	signed := enc.EncodeToString(head) + "." + enc.EncodeToString(body)
	sum := sha256.Sum256([]byte(signed))
	sig, _ := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	return signed + "." + enc.EncodeToString(sig)
}

// TestGateway plays calls of API endpoints: the recipe's answer, and the
// gateway's errors for credentials, grants, IP lists, paths, bodies,
// failed and slow recipes, and the rate limit.
func TestGateway(t *testing.T) {
	e := newTestEnv(t, false)
	creds := setupGateway(t, e)
	const base = "/apim/ws3/orders-v1"
	token := func(name string) map[string]string { return map[string]string{"API-TOKEN": creds[name]} }
	e.run(t, "gateway", []scenario{
		{Name: "echo", Method: "POST", URL: base + "/orders/7?q=rush", Body: `{"name":"Ann","q":"body loses"}`, Token: "-",
			Header: map[string]string{"API-TOKEN": creds["Mobile"], "X-Agent": "test"}, WantStatus: 201},
		{Name: "echo_v1_token", Method: "POST", URL: base + "/orders/a%20b", Token: "-", Header: token("Token"), WantStatus: 201},
		{Name: "no_credentials", Method: "POST", URL: base + "/orders/7", Token: "-", WantStatus: 401},
		{Name: "wrong_key", Method: "POST", URL: base + "/orders/7", Token: "-", Header: map[string]string{"API-TOKEN": "wrong"}, WantStatus: 401},
		{Name: "bearer_unknown", Method: "POST", URL: base + "/orders/7", Token: "unknown", WantStatus: 401},
		{Name: "other_workspace", Method: "POST", URL: "/apim/ws4/orders-v1/orders/7", Token: "-", Header: token("Mobile"), WantStatus: 401},
		{Name: "other_collection", Method: "POST", URL: base + "/orders/7", Token: "-", Header: token("Elsewhere"), WantStatus: 403},
		{Name: "ip_not_allowed", Method: "POST", URL: base + "/orders/7", Token: "-", Header: token("Office"), WantStatus: 403},
		{Name: "unknown_collection", Method: "GET", URL: "/apim/ws3/nothing-v1/x", Token: "-", Header: token("Mobile"), WantStatus: 404},
		{Name: "no_workspace", Method: "GET", URL: "/apim/orders-v1/x", Token: "-", Header: token("Mobile"), WantStatus: 404},
		{Name: "unknown_endpoint", Method: "GET", URL: base + "/orders/7", Token: "-", Header: token("Mobile"), WantStatus: 404},
		{Name: "disabled", Method: "GET", URL: base + "/off", Token: "-", Header: token("Mobile"), WantStatus: 404},
		{Name: "body_not_object", Method: "POST", URL: base + "/orders/7", Body: `[1]`, Token: "-", Header: token("Mobile"), WantStatus: 400},
		{Name: "invalid_request", Method: "POST", URL: base + "/checked/1?count=x", Body: `{"name":null}`, Token: "-", Header: token("Mobile"), WantStatus: 400},
		{Name: "valid_request", Method: "POST", URL: base + "/checked/1?count=3", Body: `{"name":"Bo"}`, Token: "-", Header: token("Mobile"), WantStatus: 201},
		{Name: "fails", Method: "GET", URL: base + "/fails", Token: "-", Header: token("Mobile"), WantStatus: 500},
		{Name: "spec", Method: "GET", URL: base + "/openapi.json", Token: "-", Header: token("Mobile"), WantStatus: 200},
		{Name: "token_wrong_secret", Method: "POST", URL: "/apim/ws3/oauth2/token", Body: "grant_type=client_credentials&client_id=" + creds["oauth_id"] + "&client_secret=x",
			Token: "-", Header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, WantStatus: 401},
		{Name: "token_wrong_grant", Method: "POST", URL: "/apim/ws3/oauth2/token", Body: `{"grant_type":"password"}`,
			Token: "-", Header: map[string]string{"Content-Type": "application/json"}, WantStatus: 400},
	})

	// A recipe that cannot end before the test does outlasts any timeout.
	e.Server.GatewayTimeout = time.Millisecond
	e.run(t, "gateway", []scenario{
		{Name: "slow", Method: "GET", URL: base + "/slow", Token: "-", Header: token("Mobile"), WantStatus: 504},
	})
	e.Server.GatewayTimeout = 0

	call := func(method, path string) (*nethttp.Response, []byte) {
		t.Helper()
		req, _ := nethttp.NewRequest(method, e.URL+base+path, nil)
		req.Header.Set("API-TOKEN", creds["Mobile"])
		res, err := nethttp.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, b
	}
	// A recipe that ends without responding answers 200 with no body.
	if res, b := call("GET", "/silent"); res.StatusCode != 200 || len(b) != 0 || !strings.HasPrefix(res.Header.Get("X-Job-Id"), "j-") {
		t.Errorf("silent: %d %q %v", res.StatusCode, b, res.Header)
	}
	// The recipe's response headers are answered.
	if res, _ := call("POST", "/orders/12"); res.StatusCode != 201 || res.Header.Get("X-Order") != "12" {
		t.Errorf("echo headers: %d %v", res.StatusCode, res.Header)
	}

	// An OAuth 2 access token calls as its profile.
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	json.Unmarshal(e.mustSend(t, scenario{Method: "POST", URL: "/apim/ws3/oauth2/token", Token: "-",
		Body:   jsonBody(t, map[string]any{"grant_type": "client_credentials", "client_id": creds["oauth_id"], "client_secret": creds["oauth_secret"]}),
		Header: map[string]string{"Content-Type": "application/json"}}), &tok)
	if status, body := e.do(scenario{Method: "POST", URL: base + "/orders/9", Token: tok.AccessToken}); status != 201 || !strings.Contains(string(body), `"profile":"OAuth"`) {
		t.Errorf("bearer call: %d %s", status, body)
	}

	// A JWT signed with a v2 client's shared secret, its key's token in
	// the client's access profile claim.
	var jc struct {
		Data struct{ ID int64 } `json:"data"`
	}
	json.Unmarshal(e.mustSend(t, scenario{Method: "POST", URL: "/api/v2/managed_users/3/api_clients", Body: jsonBody(t, map[string]any{
		"name": "Signed", "auth_type": "jwt", "jwt_method": "hmac", "jwt_secret": "shared", "access_profile_claim": "key",
		"api_collection_ids": []int64{1}})}), &jc)
	var jk struct {
		Data struct {
			AuthToken string `json:"auth_token"`
		} `json:"data"`
	}
	json.Unmarshal(e.mustSend(t, scenario{Method: "POST", URL: "/api/v2/managed_users/3/api_clients/" + itoa(jc.Data.ID) + "/api_keys",
		Body: `{"name":"jwt key","active":true}`}), &jk)
	exp := testNow.Add(time.Hour).Unix()
	for _, c := range []struct {
		name   string
		claims map[string]any
		secret string
		want   int
	}{
		{"signed", map[string]any{"key": jk.Data.AuthToken, "exp": exp}, "shared", 201},
		{"wrong secret", map[string]any{"key": jk.Data.AuthToken, "exp": exp}, "other", 401},
		{"expired", map[string]any{"key": jk.Data.AuthToken, "exp": testNow.Unix()}, "shared", 401},
		{"in sub, not the named claim", map[string]any{"sub": jk.Data.AuthToken}, "shared", 401},
	} {
		if status, body := e.do(scenario{Method: "POST", URL: base + "/orders/5", Token: signJWT(c.claims, c.secret)}); status != c.want {
			t.Errorf("jwt %s: %d %s, want %d", c.name, status, body, c.want)
		}
	}

	// A JWT signed with a v2 client's RSA key, its key's token in the first
	// of Workato's claims that is not empty.
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
	json.Unmarshal(e.mustSend(t, scenario{Method: "POST", URL: "/api/v2/managed_users/3/api_clients", Body: jsonBody(t, map[string]any{
		"name": "RSA", "auth_type": "jwt", "jwt_method": "rsa", "jwt_secret": string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub})),
		"api_collection_ids": []int64{1}})}), &jc)
	json.Unmarshal(e.mustSend(t, scenario{Method: "POST", URL: "/api/v2/managed_users/3/api_clients/" + itoa(jc.Data.ID) + "/api_keys",
		Body: `{"name":"rsa key","active":true}`}), &jk)
	for _, c := range []struct {
		name   string
		claims map[string]any
		want   int
	}{
		{"workato_sub", map[string]any{"workato_sub": jk.Data.AuthToken, "sub": "someone"}, 201},
		{"sub behind a workato_sub", map[string]any{"workato_sub": "other", "sub": jk.Data.AuthToken}, 401},
	} {
		if status, body := e.do(scenario{Method: "POST", URL: base + "/orders/6", Token: signRS256(c.claims, rsaKey)}); status != c.want {
			t.Errorf("rsa jwt %s: %d %s, want %d", c.name, status, body, c.want)
		}
	}
	if status, _ := e.do(scenario{Method: "POST", URL: base + "/orders/6", Token: signJWT(map[string]any{"workato_sub": jk.Data.AuthToken}, "x")}); status != 401 {
		t.Errorf("an HS256 JWT for an RSA client: %d, want 401", status)
	}

	// A stopped recipe's endpoint is not found.
	e.mustSend(t, scenario{Method: "PUT", URL: "/api/managed_users/3/recipes/2/stop"})
	if status, body := e.do(scenario{Method: "GET", URL: base + "/silent", Token: "-", Header: token("Mobile")}); status != 404 {
		t.Errorf("stopped recipe: %d %s", status, body)
	}

	// Past the rate limit, 429; past the day's quota, 429 too.
	e.Server.GatewayRateLimit = 1
	e.run(t, "gateway", []scenario{
		{Name: "limit_first", Method: "POST", URL: base + "/orders/1", Token: "-", Header: token("Token"), WantStatus: 201},
		{Name: "limit_past", Method: "POST", URL: base + "/orders/2", Token: "-", Header: token("Token"), WantStatus: 429},
	})
	e.Server.GatewayRateLimit, e.Server.GatewayQuota = 0, 1
	e.run(t, "gateway", []scenario{
		{Name: "quota_first", Method: "POST", URL: base + "/orders/1", Token: "-", Header: token("Mobile"), WantStatus: 201},
		{Name: "quota_past", Method: "POST", URL: base + "/orders/2", Token: "-", Header: token("Mobile"), WantStatus: 429},
	})
}
