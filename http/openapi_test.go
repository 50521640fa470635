package http_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	nethttp "net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/partnerd/partnerd/http"
)

// init makes every answer that the tests of this package read through
// http.DefaultClient (scenario runs and their golden files included) pass
// through documentCheck: an answer that does not match /openapi.json fails
// the request, and so the test that sent it.
func init() {
	nethttp.DefaultClient.Transport = documentCheck{nethttp.DefaultTransport}
}

// servedDocument returns the document of a server with test helpers on.
var servedDocument = sync.OnceValues(func() ([]byte, error) {
	s := http.NewServer()
	s.TestHelpers = true
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest("GET", "/openapi.json", nil))
	if w.Code != 200 {
		return nil, fmt.Errorf("GET /openapi.json: %d %s", w.Code, w.Body)
	}
	return w.Body.Bytes(), nil
})

var documentChecker = sync.OnceValues(func() (*schemaChecker, error) {
	doc, err := servedDocument()
	if err != nil {
		return nil, err
	}
	return newSchemaChecker(doc)
})

// documentCheck is a transport that checks each answer against the document.
type documentCheck struct{ base nethttp.RoundTripper }

// faulted holds the hosts of test servers with fault rules set through
// PUT /_partnerd/faults: their answers are the rules', not the document's.
var faulted sync.Map

// RoundTrip implements http.RoundTripper.
func (c documentCheck) RoundTrip(req *nethttp.Request) (*nethttp.Response, error) {
	var rules []byte
	if req.Method == "PUT" && strings.TrimRight(req.URL.Path, "/") == "/_partnerd/faults" && req.Body != nil {
		var err error
		if rules, err = io.ReadAll(req.Body); err != nil {
			return nil, err
		}
		req.Body = io.NopCloser(bytes.NewReader(rules))
	}
	res, err := c.base.RoundTrip(req)
	if err != nil {
		return res, err
	}
	switch {
	case rules == nil || res.StatusCode != 200:
	case string(bytes.TrimSpace(rules)) == "[]":
		faulted.Delete(req.URL.Host)
	default:
		faulted.Store(req.URL.Host, true)
	}
	if _, ok := faulted.Load(req.URL.Host); ok {
		return res, nil
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return nil, err
	}
	res.Body = io.NopCloser(bytes.NewReader(body))
	checker, err := documentChecker()
	if err != nil {
		return nil, err
	}
	if problems := checker.checkAnswer(req.Method, req.URL, res.StatusCode, res.Header.Get("Content-Type"), body); len(problems) > 0 {
		excerpt := body[:min(len(body), 300)]
		return nil, fmt.Errorf("the answer %d %s… does not match /openapi.json:\n\t%s", res.StatusCode, excerpt, strings.Join(problems, "\n\t"))
	}
	return res, nil
}

// checkAnswer checks an answer against the operation of its route, or,
// where no route serves the request, against the error body.
func (c *schemaChecker) checkAnswer(method string, u *url.URL, status int, contentType string, body []byte) []string {
	op := c.operation(method, u)
	if strings.HasPrefix(u.Path, "/apim/") && status < 400 {
		return nil // The API gateway answers what its recipes choose.
	}
	if op == nil {
		errorBody, _ := c.resolve("#/components/schemas/ErrorBody")
		return c.checkJSON(errorBody, body)
	}
	responses, _ := op["responses"].(map[string]any)
	res, ok := responses[strconv.Itoa(status)].(map[string]any)
	if !ok {
		return []string{fmt.Sprintf("%s %s: the status %d is not documented", method, u.Path, status)}
	}
	if ref, ok := res["$ref"].(string); ok {
		var err error
		if res, err = c.resolve(ref); err != nil {
			return []string{err.Error()}
		}
	}
	content, _ := res["content"].(map[string]any)
	if len(content) == 0 {
		return nil
	}
	media, _, _ := strings.Cut(contentType, ";")
	mt, ok := content[media].(map[string]any)
	if !ok {
		return []string{fmt.Sprintf("%s %s: the media type %q is not documented", method, u.Path, contentType)}
	}
	if media != "application/json" {
		return nil
	}
	return c.checkJSON(mt["schema"].(map[string]any), body)
}

// operation finds the operation that serves a request: the path whose
// segments match, literal segments winning over parameters from the left,
// as the server's router chooses.
func (c *schemaChecker) operation(method string, u *url.URL) map[string]any {
	p := u.EscapedPath()
	if len(p) > 1 {
		p = strings.TrimRight(p, "/") // The root keeps its slash.
	}
	segs := strings.Split(p, "/")
	paths, _ := c.doc["paths"].(map[string]any)
	var best string
	var bestRank []bool
	for path := range paths {
		rank, ok := matchPath(strings.Split(path, "/"), segs)
		if ok && (best == "" || better(rank, bestRank)) {
			best, bestRank = path, rank
		}
	}
	if best == "" {
		return nil
	}
	op, _ := paths[best].(map[string]any)[strings.ToLower(method)].(map[string]any)
	return op
}

// matchPath reports whether a path template matches the segments of a
// path, and which of its segments are literal.
func matchPath(template, segs []string) ([]bool, bool) {
	if len(template) != len(segs) {
		return nil, false
	}
	rank := make([]bool, len(segs))
	for i, t := range template {
		if strings.HasPrefix(t, "{") {
			continue
		}
		if t != segs[i] {
			return nil, false
		}
		rank[i] = true
	}
	return rank, true
}

func better(a, b []bool) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i]
		}
	}
	return false
}

func TestOpenAPIDocument(t *testing.T) {
	e := newTestEnv(t, false)
	res, err := nethttp.Get(e.URL + "/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var doc struct {
		OpenAPI    string                               `json:"openapi"`
		Paths      map[string]map[string]map[string]any `json:"paths"`
		Components struct {
			SecuritySchemes map[string]any `json:"securitySchemes"`
		} `json:"components"`
	}
	if err := json.NewDecoder(res.Body).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 200 || doc.OpenAPI != "3.1.0" {
		t.Fatalf("GET /openapi.json without credentials: %d, openapi %q", res.StatusCode, doc.OpenAPI)
	}
	for path := range doc.Paths {
		if strings.HasPrefix(path, "/_partnerd/") {
			t.Errorf("%s is documented while the test helpers are off", path)
		}
	}
	if doc.Paths["/api/managed_users/{mu}/recipes/{recipe_id}/start"]["put"] == nil {
		t.Error("PUT …/recipes/{recipe_id}/start is not documented")
	}
	for _, name := range []string{"bearer", "userEmail", "userToken", "userEmailQuery", "userTokenQuery"} {
		if doc.Components.SecuritySchemes[name] == nil {
			t.Errorf("no security scheme %s", name)
		}
	}

	served, err := servedDocument()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(served, []byte(`"/_partnerd/recipes/{recipe_id}/jobs"`)) {
		t.Error("the test helpers are not documented while they are on")
	}
}

// TestOpenAPIChecker shows that the checker of answers finds a wrong type,
// a missing field, an unknown field and a wrong envelope.
func TestOpenAPIChecker(t *testing.T) {
	c, err := documentChecker()
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse("/api/managed_users/Eacme/folders/7")
	good := `{"id":7,"name":"Sales","parent_id":null,"is_project":true,"project_id":2,"created_at":"2026-11-02T09:30:00.123Z","updated_at":"2026-11-02T09:30:00.123Z"}`
	if p := c.checkAnswer("PUT", u, 200, "application/json; charset=utf-8", []byte(good)); len(p) > 0 {
		t.Errorf("a good folder: %v", p)
	}
	for name, body := range map[string]string{
		"wrong type":    strings.Replace(good, `"id":7`, `"id":"7"`, 1),
		"missing field": strings.Replace(good, `"name":"Sales",`, ``, 1),
		"unknown field": strings.Replace(good, `"id":7`, `"id":7,"owner":1`, 1),
		"envelope":      `{"result":` + good + `}`,
		"null":          strings.Replace(good, `"is_project":true`, `"is_project":null`, 1),
	} {
		if p := c.checkAnswer("PUT", u, 200, "application/json; charset=utf-8", []byte(body)); len(p) == 0 {
			t.Errorf("%s: no problem found in %s", name, body)
		}
	}
	if p := c.checkAnswer("PUT", u, 409, "application/json; charset=utf-8", []byte(`{"message":"Conflict"}`)); len(p) == 0 {
		t.Error("an undocumented status passes")
	}
	if p := c.checkAnswer("PUT", u, 404, "application/json; charset=utf-8", []byte(`{"message":"Not found"}`)); len(p) > 0 {
		t.Errorf("a documented error: %v", p)
	}
	if p := c.checkAnswer("PUT", u, 400, "application/json; charset=utf-8", []byte(`{"message":"Validation failed","errors":{"name":[1]}}`)); len(p) == 0 {
		t.Error("a malformed error body passes")
	}
}
