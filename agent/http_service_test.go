package agent

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/partnerd/partnerd"
)

// TestJoinBasePath checks that a request's path lands under the base URL
// and that every way out of it is refused.
func TestJoinBasePath(t *testing.T) {
	base, _ := url.Parse("http://inside:8080/api/")
	for path, want := range map[string]string{
		"orders": "http://inside:8080/api/orders", "/orders/7": "http://inside:8080/api/orders/7", "": "http://inside:8080/api",
		"a%20b/c%2Fd": "http://inside:8080/api/a%20b/c%2Fd",
	} {
		u, err := JoinBasePath(base, path)
		if err != nil || u.String() != want {
			t.Errorf("%q: %v, %v; want %s", path, u, err, want)
		}
	}
	for _, path := range []string{"../admin", "a/../../x", "%2e%2e/x", "a%2F..%2F..%2Fx", "//evil.example/x", "http://evil.example/",
		"https://evil.example", "\\\\evil\\x", "a?x=1", "a#f", "./a", "a/.", "a\x00b", "a\r\nb", "%zz"} {
		if u, err := JoinBasePath(base, path); err == nil {
			t.Errorf("%q joined to %s", path, u)
		}
	}
}

// FuzzJoinBasePath checks that no path leads outside the base URL.
func FuzzJoinBasePath(f *testing.F) {
	for _, s := range []string{"orders", "../x", "%2e%2e", "//h/x", "http://h/", "a/%2F/b", "", "/", "a;b=..", "@evil", ":80/x"} {
		f.Add(s)
	}
	base, _ := url.Parse("https://inside/api")
	f.Fuzz(func(t *testing.T, path string) {
		u, err := JoinBasePath(base, path)
		if err != nil {
			return
		}
		again, err := url.Parse(u.String())
		if err != nil || again.Scheme != "https" || again.Host != "inside" || again.User != nil ||
			!(again.Path == "/api" || strings.HasPrefix(again.Path, "/api/")) {
			t.Fatalf("%q joined to %s", path, u)
		}
		for _, seg := range strings.Split(again.Path, "/") {
			if seg == ".." || seg == "." {
				t.Fatalf("%q joined to %s, with a dot segment", path, u)
			}
		}
	})
}

// TestHTTPServiceSendsUnderBase checks that an http request reaches the
// profile's base with its query, headers, body and the profile's own
// headers and auth, that the answer comes back whole, and that a redirect
// is answered rather than followed.
func TestHTTPServiceSendsUnderBase(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/moved" {
			http.Redirect(w, r, "http://elsewhere.example/", http.StatusFound)
			return
		}
		user, pass, _ := r.BasicAuth()
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("X-Seen", r.Header.Get("X-Tenant")+"|"+r.Header.Get("X-Step")+"|"+user+":"+pass)
		w.WriteHeader(http.StatusCreated)
		json.NewEncoder(w).Encode(map[string]string{"method": r.Method, "path": r.URL.Path, "query": r.URL.RawQuery, "body": string(body)})
	}))
	defer srv.Close()
	config := "http:\n  erp:\n    base_url: " + srv.URL + "/api\n    verify_ssl: false\n    headers:\n      X-Tenant: acme\n    username: u\n    password: p\n"
	profiles, err := ParseHTTPProfiles([]byte(config))
	if err != nil {
		t.Fatal(err)
	}
	h := &httpServices{profiles: profiles}
	defer h.close()
	res, err := execHTTP(t, h, &Request{Type: TypeHTTP, ID: 1, Profile: "erp", HTTP: &HTTPRequest{Method: "POST", Path: "/orders",
		Query: "status=open", Header: map[string][]string{"X-Step": {"7"}, "X-Tenant": {"forged"}}, Body: []byte(`{"a":1}`)}})
	if err != nil {
		t.Fatal(err)
	}
	if res.HTTP.Status != 201 || res.HTTP.Header["X-Seen"][0] != "acme|7|u:p" {
		t.Fatalf("%d %v", res.HTTP.Status, res.HTTP.Header)
	}
	var got map[string]string
	json.Unmarshal(res.HTTP.Body, &got)
	if got["method"] != "POST" || got["path"] != "/api/orders" || got["query"] != "status=open" || got["body"] != `{"a":1}` {
		t.Fatalf("%v", got)
	}
	res, err = execHTTP(t, h, &Request{Type: TypeHTTP, ID: 2, Profile: "erp", HTTP: &HTTPRequest{Method: "GET", Path: "moved"}})
	if err != nil || res.HTTP.Status != http.StatusFound {
		t.Fatalf("%+v %v", res, err)
	}
	_, err = execHTTP(t, h, &Request{Type: TypeHTTP, ID: 3, Profile: "erp", HTTP: &HTTPRequest{Method: "GET", Path: "../admin"}})
	if err == nil || !strings.Contains(err.Error(), `"erp"`) {
		t.Fatalf("escape: %v", err)
	}
}

// TestHTTPServiceStreamsBody checks that a response's body reaches the
// server in pieces of chunkBytes, whole, and that one larger than
// partnerd.OnPremMaxHTTPBody fails.
func TestHTTPServiceStreamsBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("n"))
		for i := range n {
			w.Write([]byte{byte('a' + i%26)})
		}
	}))
	defer srv.Close()
	profiles, err := ParseHTTPProfiles([]byte("http:\n  big:\n    base_url: " + srv.URL + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	h := &httpServices{profiles: profiles}
	defer h.close()
	for _, n := range []int{0, 5, chunkBytes, 4*chunkBytes + 7} {
		res, err := execHTTP(t, h, &Request{Type: TypeHTTP, ID: 1, Profile: "big", HTTP: &HTTPRequest{Method: "GET", Path: "/", Query: "n=" + strconv.Itoa(n)}})
		if err != nil || len(res.HTTP.Body) != n || n > 0 && res.HTTP.Body[n-1] != byte('a'+(n-1)%26) {
			t.Fatalf("%d bytes: %v", n, err)
		}
	}
	_, err = execHTTP(t, h, &Request{Type: TypeHTTP, ID: 1, Profile: "big", HTTP: &HTTPRequest{Method: "GET", Path: "/",
		Query: "n=" + strconv.Itoa(partnerd.OnPremMaxHTTPBody+1)}})
	if err == nil || !strings.Contains(err.Error(), "larger than 10 MiB") {
		t.Errorf("a body past the limit: %v", err)
	}
}

// TestHTTPServiceRefusesUnknownProfile checks that the agent sends nothing
// for a profile its config.yml does not have, and names the profile.
func TestHTTPServiceRefusesUnknownProfile(t *testing.T) {
	profiles, err := ParseHTTPProfiles([]byte("http:\n  erp:\n    base_url: http://127.0.0.1:1\n"))
	if err != nil {
		t.Fatal(err)
	}
	h := &httpServices{profiles: profiles}
	for profile, want := range map[string]string{"crm": `HTTP profile "crm" is not in`} {
		_, err := execHTTP(t, h, &Request{Type: TypeHTTP, ID: 1, Profile: profile, HTTP: &HTTPRequest{Method: "GET", Path: "x"}})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v", profile, err)
		}
	}
}

// TestParseHTTPProfilesRefusesBadSettings checks the errors name the line.
func TestParseHTTPProfilesRefusesBadSettings(t *testing.T) {
	for config, want := range map[string]string{
		"http:\n  erp:\n    base_url: http://h\n    verify_ssl: maybe\n":        "line 4: http profile \"erp\": verify_ssl",
		"http:\n  erp:\n    base_url: ftp://h\n":                                "line 3: http profile \"erp\": base_url",
		"http:\n  erp:\n    base_url: http://h\n    headers: [a]\n":             "line 4: http profile \"erp\": headers",
		"http:\n  erp:\n    base_url: http://h\n    headers:\n      'a b': c\n": "line 5: http profile \"erp\": header \"a b\"",
		"http:\n  erp:\n    base_url: http://h\n    password: {secret: ERP}\n":  "line 4: http profile \"erp\": password: a {secret: …} needs a secrets: section",
	} {
		if _, err := ParseHTTPProfiles([]byte(config)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v", config, err)
		}
	}
}

// FuzzDecodeHTTPRequest checks that an http request the agent accepts is
// well formed and survives a round trip.
func FuzzDecodeHTTPRequest(f *testing.F) {
	for _, s := range []string{
		`{"type":"http","id":1,"profile":"erp","http":{"method":"GET","path":"/orders","query":"a=1","header":{"Accept":["application/json"]}}}`,
		`{"type":"http","id":2,"profile":"erp","http":{"method":"POST","path":"x","body":"eyJhIjoxfQ=="}}`,
		`{"type":"http","id":3,"profile":"erp"}`, `{"type":"http","id":4,"profile":"erp","http":{"method":"TRACE","path":"x"}}`,
		`{"type":"http","id":5,"profile":"erp","http":{"method":"GET","path":"x","header":{"X\r\nY":["1"]}}}`,
		`{"type":"http","id":6,"profile":"erp","http":{"method":"GET","path":"x","header":{"A":["1\r\nB: 2"]}}}`,
		`{"type":"http","id":7,"profile":"erp","http":{"method":"GET","path":"x","body":"!"}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := DecodeRequest(b)
		if err != nil {
			if partnerd.ErrorCode(err) != partnerd.EINVALID {
				t.Fatalf("%q: %v", b, err)
			}
			return
		}
		if r.Type != TypeHTTP {
			return
		}
		if r.HTTP == nil || !httpMethods[r.HTTP.Method] || len(r.HTTP.Body) > partnerd.OnPremMaxHTTPRequest {
			t.Fatalf("%q decoded to %+v", b, r.HTTP)
		}
		for name, values := range r.HTTP.Header {
			if !headerName(name) {
				t.Fatalf("%q: header %q", b, name)
			}
			for _, v := range values {
				if strings.ContainsAny(v, "\r\n\x00") {
					t.Fatalf("%q: header value %q", b, v)
				}
			}
		}
		again, _ := json.Marshal(r)
		if _, err := DecodeRequest(again); err != nil {
			t.Fatalf("%q re-encoded as %s: %v", b, again, err)
		}
	})
}

// TestResultMessageWithHTTP checks that the server reads an http answer
// and refuses one with a bad status.
func TestResultMessageWithHTTP(t *testing.T) {
	if _, err := DecodeMessage([]byte(`{"type":"result","id":1,"result":{"has_rows":false,"rows_affected":0,"http":{"status":200,"body":"e30="}}}`)); err != nil {
		t.Fatal(err)
	}
	if _, err := DecodeMessage([]byte(`{"type":"result","id":1,"result":{"has_rows":false,"rows_affected":0,"http":{"status":7}}}`)); err == nil {
		t.Fatal("a status of 7 was accepted")
	}
}
