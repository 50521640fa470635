package http_test

import (
	"encoding/json"
	"io"
	"log/slog"
	nethttp "net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestFaults plays the fault rules: validation, then a 503 on the start of
// recipes of customer workspaces, which fails exactly those calls until
// the rules are cleared.
func TestFaults(t *testing.T) {
	e := newTestEnv(t, false)
	setupRecipes(t, e)
	e.mustDo(tokenA, "POST", "/api/managed_users/3/recipes", jsonBody(t, map[string]any{"name": "Log", "code": logCode,
		"config": []map[string]any{{"keyword": "application", "provider": "clock"}, {"keyword": "application", "provider": "logger"}}}), nil)
	e.mustDo(tokenA, "POST", "/api/recipes", jsonBody(t, map[string]any{"name": "Own", "code": logCode}), nil)
	many := "[" + strings.Repeat(`{"path_pattern":"/a","status":500},`, 100) + `{"path_pattern":"/a","status":500}]`
	e.run(t, "testhelpers", []scenario{
		{Name: "faults_not_array", Method: "PUT", URL: "/_partnerd/faults", Body: `{"path_pattern":"/a","status":500}`, WantStatus: 400},
		{Name: "faults_empty_body", Method: "PUT", URL: "/_partnerd/faults", WantStatus: 400},
		{Name: "faults_not_object", Method: "PUT", URL: "/_partnerd/faults", Body: `[1]`, WantStatus: 400},
		{Name: "faults_blank", Method: "PUT", URL: "/_partnerd/faults", Body: `[{}]`, WantStatus: 400},
		{Name: "faults_invalid", Method: "PUT", URL: "/_partnerd/faults",
			Body: `[{"path_pattern":"/ok","status":503},{"method":"FETCH","path_pattern":"api?x","status":99,"delay_ms":-1,"probability":2}]`, WantStatus: 400},
		{Name: "faults_body_rules", Method: "PUT", URL: "/_partnerd/faults",
			Body: `[{"path_pattern":"/a","body":{"x":1}},{"path_pattern":"/b","status":204}]`, WantStatus: 400},
		{Name: "faults_wrong_type", Method: "PUT", URL: "/_partnerd/faults", Body: `[{"path_pattern":"/a","status":"x","probability":"1"}]`, WantStatus: 400},
		{Name: "faults_too_many", Method: "PUT", URL: "/_partnerd/faults", Body: many, WantStatus: 400},
		{Name: "faults_set", Method: "PUT", URL: "/_partnerd/faults", Body: `[
			{"method":"put","path_pattern":"/api/managed_users/*/recipes/*/start","status":"503"},
			{"path_pattern":"/api/managed_users/*/folders","delay_ms":"10"},
			{"method":"GET","path_pattern":"/api/folders/","status":200,"body":{"success": false},"probability":1}]`, WantStatus: 200},
		{Name: "faults_unreachable", Method: "PUT", URL: "/_partnerd/faults", Body: `[
			{"path_pattern":"/api/managed_users*","status":500},
			{"path_pattern":"/api/managed_users/{mu}/recipes","status":500},
			{"path_pattern":"/_partnerd/requests","status":500},
			{"method":"DELETE","path_pattern":"/api/users/me","status":500},
			{"path_pattern":"/api//folders","status":500},
			{"path_pattern":"/api/folders","fault":"connection_reset","status":500},
			{"path_pattern":"/api/folders","fault":"stall_body"},
			{"path_pattern":"/api/folders","fault":"explode"}]`, WantStatus: 400},
		{Name: "faults_list", Method: "GET", URL: "/_partnerd/faults", WantStatus: 200},
		{Name: "faults_add", Method: "POST", URL: "/_partnerd/faults", Body: `{"method":"DELETE","path_pattern":"/api/managed_users/*/folders/*","fault":"connection_reset"}`, WantStatus: 200},
		{Name: "faults_add_invalid", Method: "POST", URL: "/_partnerd/faults", Body: `{"path_pattern":"/api/managed_users/*/nothing"}`, WantStatus: 400},
		{Name: "faults_remove", Method: "DELETE", URL: "/_partnerd/faults/4", WantStatus: 200},
		{Name: "faults_remove_unknown", Method: "DELETE", URL: "/_partnerd/faults/4", WantStatus: 404},
		{Name: "faults_remove_of_b", Method: "DELETE", URL: "/_partnerd/faults/1", Token: tokenB, WantStatus: 404},
		{Name: "faults_list_after_remove", Method: "GET", URL: "/_partnerd/faults", WantStatus: 200},
		{Name: "fault_start", Method: "PUT", URL: "/api/managed_users/3/recipes/1/start", WantStatus: 503},
		{Name: "fault_start_by_external_id", Method: "PUT", URL: "/api/managed_users/Eacme/recipes/1/start", WantStatus: 503},
		{Name: "fault_start_unknown_recipe", Method: "PUT", URL: "/api/managed_users/3/recipes/999/start", WantStatus: 503},
		{Name: "fault_stop_served", Method: "PUT", URL: "/api/managed_users/3/recipes/1/stop", WantStatus: 200},
		{Name: "fault_developer_start_served", Method: "PUT", URL: "/api/recipes/2/start", WantStatus: 200},
		{Name: "fault_delay_served", Method: "GET", URL: "/api/managed_users/3/folders", WantStatus: 200},
		{Name: "fault_body", Method: "GET", URL: "/api/folders", WantStatus: 200},
		{Name: "fault_other_account_served", Method: "PUT", URL: "/api/managed_users/4/recipes/1/start", Token: tokenB, WantStatus: 404},
		{Name: "fault_not_on_helpers", Method: "GET", URL: "/_partnerd/requests?limit=1", WantStatus: 200},
		{Name: "faults_clear", Method: "PUT", URL: "/_partnerd/faults", Body: ` [ ] `, WantStatus: 200},
		{Name: "faults_add_again", Method: "POST", URL: "/_partnerd/faults", Body: `{"path_pattern":"/api/folders","delay_ms":1}`, WantStatus: 200},
		{Name: "faults_delete_all", Method: "DELETE", URL: "/_partnerd/faults", WantStatus: 200},
		{Name: "faults_list_empty", Method: "GET", URL: "/_partnerd/faults", WantStatus: 200},
		{Name: "fault_cleared_start", Method: "PUT", URL: "/api/managed_users/3/recipes/1/start", WantStatus: 200},
	})
}

// setFaults replaces the fault rules of account A.
func (e *testEnv) setFaults(rules string) {
	e.t.Helper()
	e.mustDo(tokenA, "PUT", "/_partnerd/faults", rules, nil)
}

// TestFaultStandardBodies checks the bodies of rules without one: a 500
// with its logged id, a 429 that says when to retry, and the message of
// any other status.
func TestFaultStandardBodies(t *testing.T) {
	e := newTestEnv(t, false)
	e.Server.TestHelpers = true
	e.Server.Logger = slog.New(slog.DiscardHandler)
	e.setFaults(`[{"method":"GET","path_pattern":"/api/users/me","status":500},{"path_pattern":"/api/folders","status":429},
		{"path_pattern":"/api/projects","status":502},{"path_pattern":"/api/roles","status":599}]`)
	status, body := e.do(scenario{Method: "GET", URL: "/api/users/me"})
	var e500 struct {
		Message string `json:"message"`
		ID      string `json:"id"`
	}
	json.Unmarshal(body, &e500)
	if status != 500 || e500.Message != "Server error" || !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(e500.ID) {
		t.Errorf("a 500 fault: %d %s", status, body)
	}
	req, _ := nethttp.NewRequest("GET", e.URL+"/api/folders", nil)
	req.Header.Set("Authorization", "Bearer "+tokenA)
	res, err := nethttp.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 429 || res.Header.Get("Retry-After") != "1" {
		t.Errorf("a 429 fault: %d, Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	for url, want := range map[string]string{"/api/projects": `{"message":"Bad gateway"}`, "/api/roles": `{"message":"Error"}`} {
		if _, body := e.do(scenario{Method: "GET", URL: url}); string(body) != want {
			t.Errorf("GET %s: %s, want %s", url, body, want)
		}
	}
}

// TestFaultProbability checks that a rule fires by its probability.
func TestFaultProbability(t *testing.T) {
	e := newTestEnv(t, false)
	e.Server.TestHelpers = true
	e.setFaults(`[{"path_pattern":"/api/folders","status":503,"probability":0},{"path_pattern":"/api/projects","status":503,"probability":0.5}]`)
	failed := map[string]int{}
	for range 200 {
		for _, url := range []string{"/api/folders", "/api/projects"} {
			if status, _ := e.do(scenario{Method: "GET", URL: url}); status == 503 {
				failed[url]++
			}
		}
	}
	if failed["/api/folders"] != 0 || failed["/api/projects"] < 50 || failed["/api/projects"] > 150 {
		t.Errorf("failures of 200 requests: %v, want none with probability 0 and about 100 with 0.5", failed)
	}
}

// TestFaultDelay checks that a rule without status delays the request,
// which is then served, and that a delay past the request timeout is the
// timeout's 504.
func TestFaultDelay(t *testing.T) {
	e := newTestEnv(t, false)
	e.Server.TestHelpers = true
	e.setFaults(`[{"method":"GET","path_pattern":"/api/folders","delay_ms":300},{"method":"GET","path_pattern":"/api/projects","delay_ms":5000}]`)
	start := time.Now()
	status, body := e.do(scenario{Method: "GET", URL: "/api/folders"})
	// A late answer is load; one before the delay, or one in seconds, is not.
	if d := time.Since(start); status != 200 || d < 300*time.Millisecond || d > 10*time.Second {
		t.Errorf("a delayed request: %d %s after %v, want 200 after 300ms", status, body, d)
	}
	if status, _ := e.do(scenario{Method: "GET", URL: "/api/users/me"}); status != 200 {
		t.Errorf("another route: %d", status)
	}
	e.Server.RequestTimeout = 200 * time.Millisecond
	start = time.Now()
	status, body = e.do(scenario{Method: "GET", URL: "/api/projects"})
	// Before the delay of 5 s ends: the timeout cut it.
	d := time.Since(start)
	t.Logf("a delay past the timeout answered after %v", d)
	if status != 504 || string(body) != `{"message":"Request timeout"}` || d >= 5*time.Second {
		t.Errorf("a delay past the timeout: %d %s after %v, want 504 before the delay ends", status, body, d)
	}
}

// TestFaultConnections plays the faults that answer no whole request: a
// reset connection, a closed one, and a body that stalls after its first
// half; the journal records what was sent.
func TestFaultConnections(t *testing.T) {
	e := newTestEnv(t, false)
	e.Server.TestHelpers = true
	e.setFaults(`[{"method":"GET","path_pattern":"/api/folders","fault":"connection_reset"},
		{"method":"GET","path_pattern":"/api/projects","fault":"empty_response"},
		{"method":"GET","path_pattern":"/api/users/me","fault":"stall_body","status":200,"body":{"id":1,"name":"stalled"},"delay_ms":500}]`)
	get := func(path string, timeout time.Duration) (*nethttp.Response, error) {
		req, _ := nethttp.NewRequest("GET", e.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+tokenA)
		c := &nethttp.Client{Timeout: timeout, Transport: &nethttp.Transport{DisableKeepAlives: true}}
		return c.Do(req)
	}
	for _, path := range []string{"/api/folders", "/api/projects"} {
		if res, err := get(path, 5*time.Second); err == nil {
			res.Body.Close()
			t.Errorf("GET %s: %d, want no answer", path, res.StatusCode)
		}
	}
	// The server aborts the connection after the stall: the client reads
	// half the body, and nothing more before the stall has passed.
	start := time.Now()
	res, err := get("/api/users/me", 10*time.Second)
	if err != nil {
		t.Fatalf("GET /api/users/me: %v, want its headers", err)
	}
	b, err := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || err == nil || string(b) != `{"id":1,"nam` || time.Since(start) < 500*time.Millisecond {
		t.Errorf("a stalled body: %d %q %v after %v, want half the body, then the connection aborted after 500ms",
			res.StatusCode, b, err, time.Since(start))
	}
	var journal []struct {
		Path   string `json:"path"`
		Status int    `json:"status"`
	}
	got := map[string]int{}
	// The stalled request is recorded once its client has gone, or its stall passed.
	for deadline := time.Now().Add(5 * time.Second); len(got) < 3 && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		e.mustDo(tokenA, "GET", "/_partnerd/requests", "", &journal)
		for _, j := range journal {
			got[j.Path] = j.Status
		}
		delete(got, "/_partnerd/faults")
	}
	if len(got) != 3 || got["/api/folders"] != 0 || got["/api/projects"] != 0 || got["/api/users/me"] != 200 {
		t.Errorf("the journal: %+v", journal)
	}
}
