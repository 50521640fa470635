package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/partnerd/partnerd/web"
)

// TestConsolePages opens every page with objects in every state and checks
// what each row shows.
func TestConsolePages(t *testing.T) {
	e := newConsoleEnv(t)
	e.Console.Journal = func(context.Context, int64) ([]web.JournalEntry, error) {
		return []web.JournalEntry{{Time: time.Now(), Method: "GET", Path: "/api/managed_users", Status: 200, Body: `{"result":[]}`}}, nil
	}
	cookie := e.signIn(t, tokenA)
	customer := "/console/customers/" + itoa(e.Acme.ID)
	for _, tc := range []struct {
		name, path string
		rows       map[string][]string // a row's text, and what the row must hold
		want       []string
	}{
		{name: "home", path: "/console", rows: map[string][]string{"Acme": {`<td class="num">1</td>`}}},
		{name: "customer", path: customer, rows: map[string][]string{
			// Recipes, running and stopped, with their folders' names.
			"Always on":     {`data-field="state">running<`, "<td>Nightly</td>", `data-show="stopped" hidden`, `name="stop"`},
			"Customer sync": {`data-field="state">stopped<`, "<td>Home</td>", `data-show="running" hidden`, `name="start"`},
			// Connections: authorized, failed, and a shell.
			"Authorized Jira": {`<span class="badge on">success</span>`, "<td>Home</td>"},
			"Failed Slack":    {`<span class="badge bad">failed</span>`},
			"Shell Oracle":    {`<span class="badge off">disconnected</span>`, "<td>Datacenter</td>"},
			"Salesforce":      {"<td>Onboarding</td>"},
			// Agents: active, inactive, awaiting setup, disabled.
			"Active agent":   {`data-field="state">active<`, "1.4.2", "<td>Datacenter</td>"},
			"Gone agent":     {`data-field="state">inactive<`, "1.4.2"},
			"New agent":      {`data-field="state">awaiting_setup<`, `data-field="version">—<`},
			"Disabled agent": {`data-field="state">inactive<`, `<span class="badge bad">disabled</span>`},
			// Members and custom roles.
			"Ada Admin":           {"ada@acme.test", "<td>Admin</td>"},
			"Otto Operator":       {"<td>Sync operator</td>", "dev: Admin"},
			"roles/Sync operator": {"<td>Onboarding</td>", "<div><code>Recipes</code> read/run</div>"},
			"Regions":             {"code, name", "<td>Home</td>"},
		}, want: []string{"region", "eu-west", "Orders API", "GET orders", "Mobile app", "mobile token", "Groups: Datacenter"}},
		{name: "running recipe", path: customer + "/recipes/" + itoa(e.Running.ID),
			want: []string{`<span class="badge on">running</span>`, "<dd>Nightly</dd>", `name="stop"`, `name="return" value="recipe"`, "No jobs recorded."}},
		{name: "stopped recipe", path: customer + "/recipes/" + itoa(e.Good.ID),
			want: []string{`<span class="badge off">stopped</span>`, "<dd>Home</dd>", `name="start"`, "3 succeeded", "failed</span>"}},
		{name: "recipe that does not start", path: customer + "/recipes/" + itoa(e.Broken.ID),
			want: []string{`<span class="badge off">stopped</span>`, `name="start"`}},
		{name: "requests", path: "/console/requests", want: []string{"/api/managed_users", `<span class="status s200">200</span>`}},
	} {
		res, body := e.request(t, "GET", tc.path, nil, map[string]string{"Cookie": cookie})
		if res.StatusCode != 200 {
			t.Errorf("%s: %d %s", tc.name, res.StatusCode, body)
			continue
		}
		wantLayout(t, tc.name, body, true)
		for _, want := range tc.want {
			if !strings.Contains(body, want) {
				t.Errorf("%s lacks %q", tc.name, want)
			}
		}
		for name, wants := range tc.rows {
			row := rowOf(body, name)
			for _, want := range wants {
				if !strings.Contains(row, want) {
					t.Errorf("%s: the row of %s lacks %q: %s", tc.name, name, want, row)
				}
			}
		}
	}
}

// TestConsoleErrorPages checks that error pages keep the layout: its style
// and, for a signed-in Admin, its navigation.
func TestConsoleErrorPages(t *testing.T) {
	e := newConsoleEnv(t)
	cookie := e.signIn(t, tokenA)
	signedIn := map[string]string{"Cookie": cookie}
	for _, tc := range []struct {
		name, method, path string
		header             map[string]string
		status             int
		nav                bool
	}{
		{"no such page", "GET", "/console/nowhere", signedIn, http.StatusNotFound, true},
		{"no such customer", "GET", "/console/customers/999", signedIn, http.StatusNotFound, true},
		{"no such recipe", "GET", "/console/customers/" + itoa(e.Acme.ID) + "/recipes/999", signedIn, http.StatusNotFound, true},
		{"another account's customer", "GET", "/console/customers/" + itoa(e.Globex.ID), signedIn, http.StatusNotFound, true},
		{"a post from another origin", "POST", "/console/customers/" + itoa(e.Acme.ID) + "/recipes/" + itoa(e.Good.ID) + "/start",
			map[string]string{"Cookie": cookie, "Origin": "https://evil.test"}, http.StatusForbidden, true},
		{"no token", "GET", "/console/customers/" + itoa(e.Acme.ID), nil, http.StatusUnauthorized, false},
		{"no such page, signed out", "GET", "/console/nowhere", nil, http.StatusNotFound, false},
	} {
		res, body := e.request(t, tc.method, tc.path, url.Values{}, tc.header)
		if res.StatusCode != tc.status || !strings.Contains(body, "<h1>"+itoa(int64(tc.status))+" ") {
			t.Errorf("%s: %d, want %d: %s", tc.name, res.StatusCode, tc.status, body)
		}
		wantLayout(t, tc.name, body, tc.nav)
	}
}

// TestConsoleStartStop starts and stops recipes from both pages: each post
// answers with a redirect, whose page then shows the new state.
func TestConsoleStartStop(t *testing.T) {
	e := newConsoleEnv(t)
	cookie := e.signIn(t, tokenA)
	customer := "/console/customers/" + itoa(e.Acme.ID)
	post := func(path string, form url.Values) string {
		t.Helper()
		res, body := e.request(t, "POST", path, form, map[string]string{"Cookie": cookie, "Origin": e.URL})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("POST %s: %d, want 303: %s", path, res.StatusCode, body)
		}
		return res.Header.Get("Location")
	}
	good := customer + "/recipes/" + itoa(e.Good.ID)

	if to := post(good+"/start", url.Values{}); to != customer+"#recipe-"+itoa(e.Good.ID) {
		t.Errorf("start from the customer page goes to %s", to)
	}
	if live := e.live(t, customer, cookie); !running(live, e.Good.ID) || running(live, e.Broken.ID) || !running(live, e.Running.ID) {
		t.Errorf("live after start: %+v", live)
	}
	if to := post(good+"/stop", url.Values{"return": {"recipe"}}); to != good {
		t.Errorf("stop from the recipe page goes to %s", to)
	}
	if _, body := e.request(t, "GET", good, nil, map[string]string{"Cookie": cookie}); !strings.Contains(body, `<span class="badge off">stopped</span>`) {
		t.Errorf("the recipe page after stop: %s", body)
	}
	if to := post(good+"/start", url.Values{"return": {"https://evil.test/"}}); to != customer+"#recipe-"+itoa(e.Good.ID) {
		t.Errorf("start with a foreign return goes to %s", to)
	}

	broken := customer + "/recipes/" + itoa(e.Broken.ID)
	to := post(broken+"/start", url.Values{"return": {"recipe"}})
	if to != broken+"?start=refused" {
		t.Fatalf("a refused start goes to %s", to)
	}
	res, body := e.request(t, "GET", to, nil, map[string]string{"Cookie": cookie})
	if res.StatusCode != 200 || !strings.Contains(body, "does not start") || !strings.Contains(body, "has no config entry") {
		t.Errorf("the recipe after a refused start: %d %s", res.StatusCode, body)
	}
	if _, body := e.request(t, "GET", good+"?start=refused", nil, map[string]string{"Cookie": cookie}); strings.Contains(body, "does not start") {
		t.Errorf("a recipe that starts shows problems: %s", body)
	}
	// A Bearer token posts without an origin, as scripts do.
	res, _ = e.request(t, "POST", broken+"/start", nil, map[string]string{"Authorization": "Bearer " + tokenA})
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("start by Bearer: %d", res.StatusCode)
	}
	if res, _ := e.request(t, "GET", "/console/requests", nil, map[string]string{"Cookie": cookie}); res.StatusCode != http.StatusNotFound {
		t.Errorf("the journal without test helpers: %d", res.StatusCode)
	}
}

// wantLayout checks that a page is in the console's layout, with its
// navigation when nav says the Admin is signed in.
func wantLayout(t *testing.T, name, body string, nav bool) {
	t.Helper()
	if !strings.Contains(body, `<link rel="stylesheet" href="/console/static/console.css">`) {
		t.Errorf("%s: not in the layout: %s", name, body)
	}
	if got := strings.Contains(body, `<a href="/console">Customers</a>`) && strings.Contains(body, "Partner A"); got != nav {
		t.Errorf("%s: navigation %v, want %v", name, got, nav)
	}
}

// rowOf returns the table row that holds text, or "". Text may start with
// a section's id and a slash, for a row of that section.
func rowOf(body, text string) string {
	if section, rest, ok := strings.Cut(text, "/"); ok {
		_, body, _ = strings.Cut(body, `id="`+section+`"`)
		text = rest
	}
	i := strings.Index(body, ">"+text+"<")
	if i < 0 {
		return ""
	}
	start := strings.LastIndex(body[:i], "<tr")
	end := strings.Index(body[i:], "</tr>")
	if start < 0 || end < 0 {
		return ""
	}
	return body[start : i+end]
}
