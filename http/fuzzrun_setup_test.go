package http

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
)

// fuzzer makes the requests of TestFuzzRequests from one seeded generator.
type fuzzer struct {
	r        *rand.Rand
	env      *matrixEnv
	s        *Server
	routes   []fuzzRoute
	schemas  map[string]any   // the OpenAPI document's components, by name
	ids      map[string]int64 // ids of account A's objects, as matrixEnv.ids, and by body field
	created  map[string]int64 // the last id a POST answered, by the segment that names its kind
	recent   []int64          // ids seen in successful answers, a ring
	accounts []fuzzAccount    // A and B of matrixEnv, and C made by the test helper
	legacy   [2]string        // C's email and legacy API key
	segments []string         // the fixed segments of the route table's paths
	timer    *time.Timer      // serve's watchdog
	seq      int              // makes names unique
}

// fuzzAccount is an account the requests act as, and its snapshot after
// seeding, taken before the request snapshotAt.
type fuzzAccount struct {
	id, snapshot int64
	snapshotAt   int
	token        string
	clientID     int64 // the client of token
}

// fuzzRoute is a row of the route table with what the OpenAPI document
// says of its query and body.
type fuzzRoute struct {
	pattern, method string
	segments        []string
	query           []fuzzParam
	body            map[string]any // the JSON schema of the body; nil when none
	zip             bool           // the body is a package
	developer       bool           // a Developer route: it acts on the caller's own workspace
}

// fuzzParam is a query parameter and the kind of its value: integer,
// boolean, date-time, by, enum or string.
type fuzzParam struct {
	name, kind string
	enum       []any
}

// newFuzzer seeds matrixEnv's accounts, adds account C with a known legacy
// key, and reads the route table and its OpenAPI document.
func newFuzzer(t *testing.T, seed uint64) *fuzzer {
	t.Helper()
	m := newMatrixEnv(t)
	m.s.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("192.0.2.0/24")}
	f := &fuzzer{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), env: m, s: m.s, ids: map[string]int64{},
		created: map[string]int64{}, timer: time.NewTimer(fuzzHang)}
	f.timer.Stop()
	for k, v := range m.ids {
		f.ids[k] = v
	}
	mu := "/api/managed_users/" + strconv.FormatInt(m.ids["{mu}"], 10)
	f.ids["api_collection_id"] = fuzzFirstID(f.setup(t, "GET", mu+"/api_collections", "", m.tokenA))
	f.ids["api_client_id"] = fuzzFirstID(f.setup(t, "GET", mu+"/api_clients", "", m.tokenA))
	f.setup(t, "PUT", "/_partnerd/connections/"+strconv.FormatInt(m.ids["{connection_id}"], 10)+"/authorization",
		`{"status":"success"}`, m.tokenA)
	manifest := fuzzFirstID(f.setup(t, "POST", mu+"/export_manifests", fmt.Sprintf(
		`{"export_manifest":{"name":"%s manifest","assets":[{"id":%d,"type":"recipe","checked":true}],"folder_id":%d}}`,
		marker, m.ids["{recipe_id}"], m.ids["{folder_id}"]), m.tokenA))
	pkg := fuzzFirstID(f.setup(t, "POST", mu+"/exports/"+strconv.FormatInt(manifest, 10), "", m.tokenA))
	if !f.waitForPackageJobs() {
		t.Fatalf("the export of the seeded manifest still runs after %v", fuzzJobsHang)
	}
	f.ids["export_manifests/{id}"], f.ids["exports/{id}"], f.ids["packages/{id}"], f.ids["imports/{id}"] = manifest, pkg, pkg, pkg
	f.ids["folder_id"], f.ids["parent_id"], f.ids["since_id"] = m.ids["{folder_id}"], m.ids["{folder_id}"], m.ids["{recipe_id}"]

	var c struct {
		ID     int64  `json:"id"`
		Token  string `json:"token"`
		APIKey string `json:"api_key"`
	}
	f.legacy[0] = "owner@charlie.test"
	body := f.setup(t, "POST", "/_partnerd/accounts", `{"name":"Charlie partner","email":"`+f.legacy[0]+`"}`, m.tokenA)
	if err := json.Unmarshal(body, &c); err != nil {
		t.Fatal(err)
	}
	f.legacy[1] = c.APIKey
	f.accounts = []fuzzAccount{{token: m.tokenA}, {token: m.tokenB}, {id: c.ID, token: c.Token}}
	for i := range f.accounts[:2] {
		f.accounts[i].id = fuzzFirstID(f.setup(t, "GET", "/api/users/me", "", f.accounts[i].token))
	}
	for i, a := range f.accounts {
		caller, err := f.s.Auth.AuthenticateToken(context.Background(), partnerd.HashSecret(a.token))
		if err != nil {
			t.Fatal(err)
		}
		f.accounts[i].clientID = caller.ClientID
		snap, err := f.s.Snapshots.CreateSnapshot(context.Background(), a.id)
		if err != nil {
			t.Fatal(err)
		}
		f.accounts[i].snapshot = snap.ID
	}
	f.ids["snapshot/{id}"] = f.accounts[0].snapshot
	f.readRoutes(t)
	return f
}

// setup serves a request of the seeding and returns its body; it must
// succeed.
func (f *fuzzer) setup(t *testing.T, method, path, body, token string) []byte {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	rec := httptest.NewRecorder()
	f.s.ServeHTTP(rec, req)
	if rec.Code/100 != 2 {
		t.Fatalf("%s %s: %d %s", method, path, rec.Code, rec.Body)
	}
	return rec.Body.Bytes()
}

// fuzzFirstID returns the first "id" of a JSON body, or 0.
func fuzzFirstID(body []byte) int64 {
	var id int64
	fuzzScanIDs(body, func(n int64) bool { id = n; return false })
	return id
}

// fuzzScanIDs calls fn with each "id" number of a JSON body until fn returns
// false.
func fuzzScanIDs(body []byte, fn func(int64) bool) {
	const key = `"id":`
	for s := string(body); ; {
		i := strings.Index(s, key)
		if i < 0 {
			return
		}
		s = s[i+len(key):]
		end := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' })
		if end < 0 {
			end = len(s)
		}
		if n, err := strconv.ParseInt(s[:end], 10, 64); err == nil && !fn(n) {
			return
		}
	}
}

// remember keeps the ids of a successful answer, for later requests: the
// id a POST made under the kind its path names (a package under both
// packages and the path's own kind), and every id in a pool.
func (f *fuzzer) remember(c fuzzCase, body []byte) {
	if len(body) > 16<<10 {
		return
	}
	if rt := c.route; rt != nil && rt.method == "POST" && bytes.HasPrefix(c.raw, []byte("POST ")) {
		kind := rt.segments[len(rt.segments)-1]
		if strings.HasPrefix(kind, "{") {
			kind = rt.segments[len(rt.segments)-2]
		}
		id := fuzzFirstID(body)
		f.created[kind] = id
		switch kind {
		case "export", "exports", "import", "imports":
			f.created["packages"], f.created["exports"], f.created["imports"] = id, id, id
		}
	}
	fuzzScanIDs(body, func(n int64) bool {
		if len(f.recent) < 256 {
			f.recent = append(f.recent, n)
		} else {
			f.recent[f.r.IntN(len(f.recent))] = n
		}
		return true
	})
}

// readRoutes reads every route of the table, with the query parameters and
// the body schema the OpenAPI document gives it.
func (f *fuzzer) readRoutes(t *testing.T) {
	t.Helper()
	raw, err := json.Marshal(buildOpenAPI(f.s.routes(), true))
	if err != nil {
		t.Fatal(err)
	}
	type schemaOf struct {
		Schema map[string]any `json:"schema"`
	}
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct {
				Name   string         `json:"name"`
				In     string         `json:"in"`
				Schema map[string]any `json:"schema"`
			} `json:"parameters"`
			RequestBody *struct {
				Content map[string]schemaOf `json:"content"`
			} `json:"requestBody"`
		} `json:"paths"`
		Components struct {
			Schemas map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	f.schemas = doc.Components.Schemas
	seen := map[string]bool{}
	for _, rt := range f.s.routes() {
		method, path, _ := strings.Cut(rt.pattern, " ")
		r := fuzzRoute{pattern: rt.pattern, method: method, segments: strings.Split(path, "/"), developer: rt.family == familyD}
		op := doc.Paths[path][strings.ToLower(method)]
		for _, p := range op.Parameters {
			if p.In == "query" {
				r.query = append(r.query, fuzzParamOf(p.Name, p.Schema))
			}
		}
		if op.RequestBody != nil {
			if c, ok := op.RequestBody.Content[jsonMedia]; ok {
				r.body = c.Schema
			} else {
				r.zip = true
			}
		}
		f.routes = append(f.routes, r)
		for _, seg := range r.segments {
			if seg != "" && !strings.HasPrefix(seg, "{") && !seen[seg] {
				seen[seg] = true
				f.segments = append(f.segments, seg)
			}
		}
	}
}

// fuzzParamOf reads the kind of a query parameter from its schema.
func fuzzParamOf(name string, s map[string]any) fuzzParam {
	p := fuzzParam{name: name, kind: "string"}
	switch {
	case name == "by":
		p.kind = "by"
	case s["enum"] != nil:
		p.kind, p.enum = "enum", s["enum"].([]any)
	case s["format"] == "date-time":
		p.kind = "date-time"
	case s["type"] == "integer" || s["type"] == "boolean":
		p.kind = s["type"].(string)
	}
	return p
}
