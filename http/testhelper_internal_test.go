package http

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/mock"
)

// TestRedactedExcerpt checks that the journal keeps JSON bodies in their
// order, without the values of secret fields, within 1 KiB.
func TestRedactedExcerpt(t *testing.T) {
	long := strings.Repeat("é", 1000)
	for _, tc := range []struct{ body, want string }{
		{``, ``},
		{`not json`, ``},
		{"PK\x03\x04\x00\x00binary", ``},
		{`{"name":"CRM","provider":"salesforce","input":{"user":"jo","password":"pw"}}`, `{"name":"CRM","provider":"salesforce","input":"[REDACTED]"}`},
		{`{"a":[1,{"api_key":"k","b":[true,null]}],"jwt_secret":"s","user_token":"t","Token":{"value":"v"}}`,
			`{"a":[1,{"api_key":"[REDACTED]","b":[true,null]}],"jwt_secret":"[REDACTED]","user_token":"[REDACTED]","Token":"[REDACTED]"}`},
		{`  { "b" : 1.50 , "a" : "x&y<z" }  `, `{"b":1.50,"a":"x&y<z"}`},
		{`[{"password":[["deep"]]},"after"]`, `[{"password":"[REDACTED]"},"after"]`},
		{`{"name":"cut short","input":{"secret":`, `{"name":"cut short","input":"[REDACTED]"`},
		{`"text"`, `"text"`},
		{`{"Api-Key":"k","pwd":"p","DB_PASSWORD":"p","name":"n"}`, `{"Api-Key":"[REDACTED]","pwd":"[REDACTED]","DB_PASSWORD":"[REDACTED]","name":"n"}`},
	} {
		if got := redactedExcerpt([]byte(tc.body)); got != tc.want {
			t.Errorf("redactedExcerpt(%q) = %q, want %q", tc.body, got, tc.want)
		}
	}
	got := redactedExcerpt([]byte(`{"name":"` + long + `"}`))
	if len(got) > journalBodyMax || !utf8.ValidString(got) || !strings.HasPrefix(got, `{"name":"éé`) {
		t.Errorf("a long body gives %d bytes: %q…", len(got), got[:20])
	}
}

// TestIsSecretKey checks the rule over field names: any case, "-" and "_"
// alike, a secret word anywhere in the name.
func TestIsSecretKey(t *testing.T) {
	for key, want := range map[string]bool{
		"Api-Key": true, "api_key": true, "APIKEY": true, "x-api-key": true, "key": true, "private_key": true,
		"pwd": true, "PWD": true, "db_pwd": true, "password": true, "Pass_Word": true, "passphrase": true,
		"token": true, "access-token": true, "refreshToken": true, "user_token": true,
		"secret": true, "client-secret": true, "jwt_secret": true,
		"auth": true, "Authorization": true, "oauth": true, "basic_auth": true,
		"credential": true, "credentials": true, "Cookie": true, "session_id": true, "signature": true,
		"input": true, "INPUT": true,
		"name": false, "external_id": false, "email": false, "folder_id": false, "provider": false,
		"inputs": false, "description": false, "value": false, "id": false, "notification_email": false,
	} {
		if got := isSecretKey(key); got != want {
			t.Errorf("isSecretKey(%q) = %v, want %v", key, got, want)
		}
	}
}

// TestJournalPath checks that the legacy key never reaches the journal.
func TestJournalPath(t *testing.T) {
	for url, want := range map[string]string{
		"/api/managed_users?page=2":                                  "/api/managed_users?page=2",
		"/api/managed_users/EAcme%2F1?user_email=a%40b&user_token=k": "/api/managed_users/EAcme%2F1?user_email=a%40b&user_token=[REDACTED]",
		"/api/folders?user%5Ftoken=k&x=%zz":                          "/api/folders?user%5Ftoken=[REDACTED]&x=%zz",
		"/api/folders?%zz=k":                                         "/api/folders?%zz=[REDACTED]",
		"/api/folders?Api-Key=k&pwd=p&page=1":                        "/api/folders?Api-Key=[REDACTED]&pwd=[REDACTED]&page=1",
	} {
		if got := journalPath(httptest.NewRequest("GET", url, nil)); got != want {
			t.Errorf("journalPath(%s) = %s, want %s", url, got, want)
		}
	}
}

// TestJournalRing checks that an account's journal keeps its newest
// entries within its size, and that accounts do not share one.
func TestJournalRing(t *testing.T) {
	var j journal
	for i := range 25 {
		j.add(10, journalEntry{AccountID: 1, Status: i})
	}
	j.add(10, journalEntry{AccountID: 2, Status: 99})
	list := j.list(1)
	if len(list) != 10 || list[0].Status != 24 || list[9].Status != 15 {
		t.Errorf("journal of account 1 = %+v", list)
	}
	j.add(3, journalEntry{AccountID: 1, Status: 25}) // A smaller size keeps the newest.
	if list := j.list(1); len(list) != 3 || list[0].Status != 25 || list[2].Status != 23 {
		t.Errorf("journal after a smaller size = %+v", list)
	}
	if list := j.list(2); len(list) != 1 || list[0].Status != 99 {
		t.Errorf("journal of account 2 = %+v", list)
	}
	if list := j.list(3); list == nil || len(list) != 0 {
		t.Errorf("journal of an account without requests = %#v", list)
	}
	j.add(0, journalEntry{AccountID: 4})
	if len(j.list(4)) != 0 {
		t.Error("a journal of size 0 keeps entries")
	}
}

// TestJournalBound sends 10,000 requests of two accounts at once, which a
// fault rule answers: the journal of each never holds more than its size,
// and holds the newest requests.
func TestJournalBound(t *testing.T) {
	s := NewServer()
	s.TestHelpers, s.JournalSize = true, 50
	s.Auth = &mock.AuthService{AuthenticateTokenFn: func(_ context.Context, hash string) (*partnerd.Caller, error) {
		id := int64(1)
		if hash == partnerd.HashSecret("b") {
			id = 2
		}
		return &partnerd.Caller{WorkspaceID: id, AccountID: id, Privileges: partnerd.AdminPrivileges(), AllFolders: true}, nil
	}}
	rules, err := decodeFaults([]byte(`[{"method":"GET","path_pattern":"/api/folders","status":503}]`), NewServer().faultTargets)
	if err != nil {
		t.Fatal(err)
	}
	s.faults.set(1, rules)
	s.faults.set(2, rules)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			token, account := []string{"a", "b"}[w%2], int64(w%2+1)
			for i := range 1250 {
				req := httptest.NewRequest("GET", fmt.Sprintf("/api/folders?worker=%d&i=%d", w, i), strings.NewReader(`{"n":1}`))
				req.Header.Set("Authorization", "Bearer "+token)
				rec := httptest.NewRecorder()
				s.ServeHTTP(rec, req)
				if rec.Code != 503 {
					t.Errorf("GET /api/folders: %d %s", rec.Code, rec.Body)
					return
				}
				if i%250 == 0 {
					if n := len(s.journal.list(account)); n > 50 {
						t.Errorf("the journal holds %d requests, past its size 50", n)
					}
				}
			}
		})
	}
	wg.Wait()
	for account := range int64(2) {
		list := s.journal.list(account + 1)
		if len(list) != 50 {
			t.Errorf("the journal holds %d requests, want 50", len(list))
		}
		// A worker still below its 1200th request would send 50 more.
		for _, entry := range list {
			var worker, i int
			fmt.Sscanf(entry.Path, "/api/folders?worker=%d&i=%d", &worker, &i)
			if i < 1200 || entry.Status != 503 || *entry.Body != `{"n":1}` {
				t.Errorf("an old or wrong entry stayed: %+v", entry)
				break
			}
		}
	}
}

// TestFaultMatch checks the path patterns of fault rules: * is one segment.
func TestFaultMatch(t *testing.T) {
	rules, err := decodeFaults([]byte(`[{"method":"put","path_pattern":"/api/managed_users/*/recipes/*/start/","status":503}]`), NewServer().faultTargets)
	if err != nil {
		t.Fatal(err)
	}
	f := rules[0]
	for path, want := range map[string]bool{
		"/api/managed_users/12/recipes/7/start":        true,
		"/api/managed_users/EAcme%2F1/recipes/7/start": true,
		"/api/managed_users/12/recipes/7/stop":         false,
		"/api/managed_users/12/recipes/start":          false,
		"/api/managed_users/12/recipes/7/start/x":      false,
		"/api/recipes/7/start":                         false,
	} {
		if got := f.matches("PUT", strings.Split(path, "/")); got != want {
			t.Errorf("PUT %s matches %v, want %v", path, got, want)
		}
	}
	if f.matches("POST", strings.Split("/api/managed_users/12/recipes/7/start", "/")) {
		t.Error("a PUT rule matches POST")
	}
}

// FuzzDecodeFaults checks that any body of PUT /_partnerd/faults decodes to
// rules or a client error, and that the rules are within their limits.
func FuzzDecodeFaults(f *testing.F) {
	for _, s := range []string{``, `null`, `{}`, `[]`, `[{}]`, `[1]`, `[{"path_pattern":"/a/*","status":503}]`,
		`[{"path_pattern":"/a","delay_ms":"2000"}]`, `[{"path_pattern":"/a","status":"x"}]`, `[{"path_pattern":"a","status":99}]`,
		`[{"method":"*","path_pattern":"/","status":200,"body":{"success":false},"probability":0.5}]`,
		`[{"path_pattern":"/a","status":500,"probability":-1,"delay_ms":999999}]`, `[{"path_pattern":"/a","body":[1]}]`, "[\xff]",
		`[{"path_pattern":"/api/managed_users/*/recipes","fault":"connection_reset"}]`, `[{"path_pattern":"/api/managed_users*","status":500}]`,
		`[{"path_pattern":"/api/folders","fault":"stall_body","status":200,"body":{"a":1},"delay_ms":10}]`,
		`[{"method":"DELETE","path_pattern":"/api/managed_users/{mu}","fault":"empty_response"}]`} {
		f.Add([]byte(s))
	}
	fuzzTargets := NewServer().faultTargets
	f.Fuzz(func(t *testing.T, body []byte) {
		rules, err := decodeFaults(body, fuzzTargets)
		if err != nil {
			if partnerd.ErrorCode(err) != partnerd.EINVALID {
				t.Fatalf("%q: %v", body, err)
			}
			return
		}
		for _, r := range rules {
			if r.Status == nil && r.DelayMS == 0 && r.Fault == nil || r.patternProblem(fuzzTargets) != "" || r.Probability < 0 || r.Probability > 1 || r.DelayMS > maxFaultDelay ||
				r.PathPattern == "" || r.PathPattern[0] != '/' || (r.Status != nil && (*r.Status < 200 || *r.Status > 599)) {
				t.Fatalf("%q: an invalid rule passed: %+v", body, r)
			}
		}
	})
}

// FuzzRedactedExcerpt checks that any body gives an excerpt of at most
// 1 KiB of valid UTF-8, and never the value of a secret field.
func FuzzRedactedExcerpt(f *testing.F) {
	for _, s := range []string{``, `{}`, `{"input":{"password":"hunter2"}}`, `[{"token":"hunter2"}]`, `{"a":"` + strings.Repeat("ü", 600) + `"}`,
		`{"api_key":["hunter2",{"x":"hunter2"}],"b":1}`, `{"jwt_secret":`, "\xff\xfe", `{"a":{"b":{"c":[[["password"]]]}}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		got := redactedExcerpt(body)
		if len(got) > journalBodyMax || !utf8.ValidString(got) {
			t.Fatalf("%q: excerpt of %d bytes, valid UTF-8 %v", body, len(got), utf8.ValidString(got))
		}
		var v any
		if json.Unmarshal([]byte(got), &v) == nil && !allRedacted(v) {
			t.Fatalf("%q: the excerpt %q shows a secret", body, got)
		}
	})
}

// allRedacted reports whether every secret field of a JSON value holds
// "[REDACTED]".
func allRedacted(v any) bool {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if isSecretKey(k) && x != "[REDACTED]" || !allRedacted(x) {
				return false
			}
		}
	case []any:
		for _, x := range v {
			if !allRedacted(x) {
				return false
			}
		}
	}
	return true
}
