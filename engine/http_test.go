package engine

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
)

// echo is a server that answers what it got as JSON.
func echo(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		user, pass, _ := r.BasicAuth()
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Echo", "yes")
		status := http.StatusOK
		if r.URL.Path == "/missing" {
			status = http.StatusNotFound
		}
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(map[string]any{"method": r.Method, "path": r.URL.Path, "query": r.URL.RawQuery,
			"content_type": r.Header.Get("Content-Type"), "body": string(body), "user": user, "pass": pass,
			"authorization": r.Header.Get("Authorization"), "x_key": r.Header.Get("X-Key"), "x_trace": r.Header.Get("X-Trace")})
	}))
	t.Cleanup(srv.Close)
	return srv
}

// runStep runs a recipe of one step over a connection with input and
// returns the job.
func runStep(t *testing.T, h *harness, provider string, input partnerd.ConnectionInput, step map[string]any) *partnerd.JobResult {
	t.Helper()
	h.withConnections(t, &partnerd.Connection{ID: 5, Name: "Conn", Provider: provider, Input: input})
	h.nextJob++
	return h.run(t, h.addConnected(h.nextJob, provider, 5, webhookTrigger(step)), `{"name":"O'Brien \"x\""}`)
}

func restStep(request map[string]any, more map[string]any) map[string]any {
	in := map[string]any{"request": request}
	for k, v := range more {
		in[k] = v
	}
	return action(1, "rest", "make_request_v2", "call", in)
}

// TestRestRequest checks make_request_v2: method, URL from the base and
// the path, query, headers, JSON, form and raw bodies, and the output.
func TestRestRequest(t *testing.T) {
	srv := echo(t)
	name := pill("workato_webhooks", "trigger", "name")
	for _, c := range []struct {
		name    string
		request map[string]any
		want    map[string]any
	}{
		{"json", map[string]any{"method": "POST", "url": "/items", "content_type": "json",
			"body":    map[string]any{"name": name, "n": "=1+1"},
			"query":   []any{map[string]any{"name": "page", "value": "2"}},
			"headers": map[string]any{"X-Trace": "t1"}},
			map[string]any{"method": "POST", "path": "/api/items", "query": "page=2", "content_type": "application/json",
				"body": `{"n":2,"name":"O'Brien \"x\""}`, "x_trace": "t1"}},
		{"form", map[string]any{"method": "put", "url": "items/1", "content_type": "application/x-www-form-urlencoded",
			"body": map[string]any{"name": name, "tags": []any{"a", "b"}}},
			map[string]any{"method": "PUT", "path": "/api/items/1", "content_type": "application/x-www-form-urlencoded",
				"body": "name=O%27Brien+%22x%22&tags%5B%5D=a&tags%5B%5D=b"}},
		{"raw", map[string]any{"method": "POST", "url": "/raw", "content_type": "text/plain", "body": "hello " + name},
			map[string]any{"path": "/api/raw", "content_type": "text/plain", "body": `hello O'Brien "x"`}},
		{"absolute url", map[string]any{"url": srv.URL + "/elsewhere"}, map[string]any{"method": "GET", "path": "/elsewhere"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t)
			res := runStep(t, h, "rest", partnerd.ConnectionInput{"base_url": srv.URL + "/api/"}, restStep(c.request, nil))
			wantStatus(t, res, partnerd.JobSucceeded, "")
			out := stepOutput(t, res, 1)
			if out["status_code"] != float64(200) {
				t.Errorf("status_code = %v", out["status_code"])
			}
			if hd, _ := out["headers"].(map[string]any); hd["X-Echo"] != "yes" {
				t.Errorf("headers = %v", out["headers"])
			}
			body, _ := out["body"].(map[string]any)
			for k, v := range c.want {
				if body[k] != v {
					t.Errorf("%s = %q, want %q", k, body[k], v)
				}
			}
		})
	}
}

// TestRestErrors checks a response outside 2xx: a failure with its status
// and body, or an output with ignore_http_errors; and the bound on a
// response's size.
func TestRestErrors(t *testing.T) {
	srv := echo(t)
	big := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(strings.Repeat("x", MaxHTTPResponse+1)))
	}))
	defer big.Close()
	in := partnerd.ConnectionInput{"base_url": srv.URL}
	h := newHarness(t)
	res := runStep(t, h, "rest", in, restStep(map[string]any{"url": "/missing"}, nil))
	wantStatus(t, res, partnerd.JobFailed, `HTTP 404 Not Found: {"authorization"`)

	res = runStep(t, h, "rest", in, restStep(map[string]any{"url": "/missing"},
		map[string]any{"response": map[string]any{"ignore_http_errors": "true"}}))
	wantStatus(t, res, partnerd.JobSucceeded, "")
	if out := stepOutput(t, res, 1); out["status_code"] != float64(404) {
		t.Errorf("ignored error output = %v", out)
	}

	res = runStep(t, h, "rest", partnerd.ConnectionInput{}, restStep(map[string]any{"url": big.URL}, nil))
	wantStatus(t, res, partnerd.JobFailed, "the response body is larger than 10 MiB")

	res = runStep(t, h, "rest", in, restStep(map[string]any{"method": "BREW", "url": "/"}, nil))
	wantStatus(t, res, partnerd.JobFailed, `Request method "BREW"`)
	res = runStep(t, h, "rest", partnerd.ConnectionInput{}, restStep(map[string]any{"url": "ftp://x/y"}, nil))
	wantStatus(t, res, partnerd.JobFailed, "is not an http or https URL")
}

// TestRestAuth checks each kind of connection authentication.
func TestRestAuth(t *testing.T) {
	srv := echo(t)
	for _, c := range []struct {
		name  string
		input partnerd.ConnectionInput
		want  map[string]any
	}{
		{"none", partnerd.ConnectionInput{"auth_type": "none"}, map[string]any{"authorization": ""}},
		{"basic", partnerd.ConnectionInput{"auth_type": "basic", "username": "jo", "password": "pw"}, map[string]any{"user": "jo", "pass": "pw"}},
		{"header", partnerd.ConnectionInput{"auth_type": "header", "headers": []any{map[string]any{"name": "X-Key", "value": "k1"}}},
			map[string]any{"x_key": "k1"}},
		{"query", partnerd.ConnectionInput{"auth_type": "query", "params": map[string]any{"api_key": "k2"}}, map[string]any{"query": "api_key=k2"}},
		{"bearer", partnerd.ConnectionInput{"auth_type": "bearer", "token": "t3"}, map[string]any{"authorization": "Bearer t3"}},
		{"api key as bearer", partnerd.ConnectionInput{"api_key": "sk_test"}, map[string]any{"authorization": "Bearer sk_test"}},
		{"jira", partnerd.ConnectionInput{"email": "a@b.c", "api_token": "tok"}, map[string]any{"user": "a@b.c", "pass": "tok"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t)
			c.input["base_url"] = srv.URL
			res := runStep(t, h, "rest", c.input, restStep(map[string]any{"url": "/"}, nil))
			wantStatus(t, res, partnerd.JobSucceeded, "")
			body, _ := stepOutput(t, res, 1)["body"].(map[string]any)
			for k, v := range c.want {
				if body[k] != v {
					t.Errorf("%s = %q, want %q", k, body[k], v)
				}
			}
		})
	}
	h := newHarness(t)
	res := runStep(t, h, "rest", partnerd.ConnectionInput{"auth_type": "digest", "base_url": srv.URL}, restStep(map[string]any{"url": "/"}, nil))
	wantStatus(t, res, partnerd.JobFailed, `auth_type "digest" is not`)
}

// TestRestOAuthClientCredentials checks that a token is fetched once,
// reused, and fetched again when the API refuses it.
func TestRestOAuthClientCredentials(t *testing.T) {
	var mu sync.Mutex
	fetched, current := 0, ""
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		switch r.URL.Path {
		case "/token":
			r.ParseForm()
			if r.PostForm.Get("grant_type") != "client_credentials" || r.PostForm.Get("client_id") != "id" ||
				r.PostForm.Get("client_secret") != "secret" || r.PostForm.Get("scope") != "read" {
				http.Error(w, `{"error":"invalid_client"}`, http.StatusUnauthorized)
				return
			}
			fetched++
			current = "tok" + itoa(fetched)
			w.Write([]byte(`{"access_token":"` + current + `","token_type":"bearer","expires_in":3600}`))
		case "/revoke":
			current = ""
		default:
			if r.Header.Get("Authorization") != "Bearer "+current || current == "" {
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			w.Write([]byte(`{"token":"` + current + `"}`))
		}
	}))
	defer srv.Close()
	h := newHarness(t)
	in := partnerd.ConnectionInput{"auth_type": "oauth2_client_credentials", "base_url": srv.URL,
		"token_url": srv.URL + "/token", "client_id": "id", "client_secret": "secret", "scope": "read"}
	h.withConnections(t, &partnerd.Connection{ID: 5, Name: "Conn", Provider: "rest", Input: in})
	r := h.addConnected(1, "rest", 5, webhookTrigger(restStep(map[string]any{"url": "/data"}, nil)))
	for i, want := range []string{"tok1", "tok1"} {
		res := h.run(t, r, `{}`)
		wantStatus(t, res, partnerd.JobSucceeded, "")
		if body, _ := stepOutput(t, res, 1)["body"].(map[string]any); body["token"] != want {
			t.Errorf("job %d used %v, want %s", i, body["token"], want)
		}
	}
	mu.Lock()
	current = "" // The server forgets the token: the next request gets a 401.
	mu.Unlock()
	res := h.run(t, r, `{}`)
	wantStatus(t, res, partnerd.JobSucceeded, "")
	if body, _ := stepOutput(t, res, 1)["body"].(map[string]any); body["token"] != "tok2" || fetched != 2 {
		t.Errorf("after a 401: token %v, %d fetched", body["token"], fetched)
	}
}

// TestRestRetry checks that a GET that times out is sent once more, a
// POST is not, and disable_retries turns the retry off.
func TestRestRetry(t *testing.T) {
	var mu sync.Mutex
	attempts := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		attempts[r.Method+r.URL.Path]++
		n := attempts[r.Method+r.URL.Path]
		mu.Unlock()
		if n == 1 {
			<-r.Context().Done() // The first attempt hangs until the client gives up.
			return
		}
		w.Write([]byte(`{"attempt":2}`))
	}))
	defer srv.Close()
	for _, c := range []struct {
		method, path string
		more         map[string]any
		attempts     int
		ok           bool
	}{
		{"GET", "/get", nil, 2, true},
		{"POST", "/post", nil, 1, false},
		{"GET", "/noretry", map[string]any{"disable_retries": "true"}, 1, false},
	} {
		h := newHarness(t)
		h.e.HTTPTimeout = 50 * time.Millisecond
		res := runStep(t, h, "rest", partnerd.ConnectionInput{"base_url": srv.URL}, restStep(map[string]any{"method": c.method, "url": c.path}, c.more))
		if c.ok {
			wantStatus(t, res, partnerd.JobSucceeded, "")
		} else {
			wantStatus(t, res, partnerd.JobFailed, "the request timed out")
		}
		mu.Lock()
		if got := attempts[c.method+c.path]; got != c.attempts {
			t.Errorf("%s %s: %d attempts, want %d", c.method, c.path, got, c.attempts)
		}
		mu.Unlock()
	}
}

// TestAdhocHTTP checks the ad-hoc HTTP action of SaaS connectors whose
// connection has a base_url: Stripe's form body and top-level output, a
// Gmail GET with its data as the query, and a connector without base_url
// that partnerd cannot run.
func TestAdhocHTTP(t *testing.T) {
	srv := echo(t)
	h := newHarness(t)
	stripe := action(1, "stripe", adhocHTTPAction, "create", map[string]any{"verb": "post", "path": "/v1/customers",
		"request_headers": []any{map[string]any{"name": "Idempotency-Key", "value": "k1"}},
		"input":           map[string]any{"data": map[string]any{"email": "a@b.c", "metadata": map[string]any{"ref": "7"}}}})
	res := runStep(t, h, "stripe", partnerd.ConnectionInput{"api_key": "sk_test_1", "base_url": srv.URL}, stripe)
	wantStatus(t, res, partnerd.JobSucceeded, "")
	out := stepOutput(t, res, 1)
	if out["path"] != "/v1/customers" || out["body"] != "email=a%40b.c&metadata%5Bref%5D=7" ||
		out["content_type"] != "application/x-www-form-urlencoded" || out["authorization"] != "Bearer sk_test_1" {
		t.Errorf("stripe output = %v", out)
	}

	gmail := action(1, "gmail", adhocHTTPAction, "list", map[string]any{"verb": "get", "path": "me/messages",
		"response_type": "json", "input": map[string]any{"data": map[string]any{"maxResults": "5", "q": "=skip"}}})
	res = runStep(t, h, "gmail", partnerd.ConnectionInput{"access_token": "ya29", "base_url": srv.URL + "/gmail/v1/users/"}, gmail)
	wantStatus(t, res, partnerd.JobSucceeded, "")
	body, _ := stepOutput(t, res, 1)["body"].(map[string]any)
	if body["path"] != "/gmail/v1/users/me/messages" || body["query"] != "maxResults=5" || body["authorization"] != "Bearer ya29" {
		t.Errorf("gmail body = %v", body)
	}

	res = runStep(t, h, "gmail", partnerd.ConnectionInput{"access_token": "ya29"}, gmail)
	wantStatus(t, res, partnerd.JobFailed, "gmail.__adhoc_http_action cannot run in partnerd")
}

// FuzzResponseBody checks that any response body becomes an output.
func FuzzResponseBody(f *testing.F) {
	for _, seed := range []string{`{"a":[1,2,{"b":null}]}`, `[1`, `"x"`, "\xff\xfe", `{"a":1e999}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		r := &httpResponse{Status: 200, Header: http.Header{"X": {"y"}}, Body: body}
		adhocOutput("gmail", &httpRequest{ResponseType: "json"}, r)
		adhocOutput("stripe", &httpRequest{ResponseType: "text"}, r)
	})
}

// TestRestOAuthExpiry checks that a token about to expire is fetched anew.
func TestRestOAuthExpiry(t *testing.T) {
	var mu sync.Mutex
	fetched := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if r.URL.Path == "/token" {
			fetched++
			w.Write([]byte(`{"access_token":"tok` + itoa(fetched) + `","expires_in":10}`)) // Within the margin: stale at once.
			return
		}
		w.Write([]byte(`{"auth":"` + r.Header.Get("Authorization") + `"}`))
	}))
	defer srv.Close()
	h := newHarness(t)
	h.withConnections(t, &partnerd.Connection{ID: 5, Name: "Conn", Provider: "rest", Input: partnerd.ConnectionInput{
		"auth_type": "oauth2_client_credentials", "base_url": srv.URL, "token_url": srv.URL + "/token",
		"client_id": "id", "client_secret": "s", "client_auth": "basic"}})
	r := h.addConnected(1, "rest", 5, webhookTrigger(restStep(map[string]any{"url": "/data"}, nil)))
	for _, want := range []string{"Bearer tok1", "Bearer tok2"} {
		res := h.run(t, r, `{}`)
		wantStatus(t, res, partnerd.JobSucceeded, "")
		if body, _ := stepOutput(t, res, 1)["body"].(map[string]any); body["auth"] != want {
			t.Errorf("auth = %v, want %s", body["auth"], want)
		}
	}
}
