package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
	"github.com/partnerd/partnerd/web"
)

const (
	tokenA = "wrkaus-console-a-token-00000000000000000000000000000"
	tokenB = "wrkaus-console-b-token-00000000000000000000000000000"
)

// Recipe codes: clock and logger need no connection, so a recipe whose
// config names both starts.
const recipeCode = `{"number":0,"keyword":"trigger","provider":"clock","name":"scheduled_event","block":[{"number":1,"keyword":"action","provider":"logger","name":"log_message"}]}`

var recipeConfig = []partnerd.RecipeConfig{
	{Keyword: "application", Name: "clock", Provider: "clock"},
	{Keyword: "application", Name: "logger", Provider: "logger"},
}

// consoleEnv is a console on a fresh database with two accounts: A has the
// customer Acme with a stopped recipe that starts, one that does not, and
// a running one, B has the customer Globex.
type consoleEnv struct {
	URL     string
	DB      *store.DB
	Console *web.Console
	Acme    *partnerd.Workspace
	Globex  *partnerd.Workspace
	Good    *partnerd.Recipe
	Broken  *partnerd.Recipe
	Running *partnerd.Recipe
	now     time.Time
}

func newConsoleEnv(t testing.TB) *consoleEnv {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	e := &consoleEnv{DB: db, now: time.Now()}
	a, _, err := db.CreateAccount(ctx, &partnerd.NewAccount{Name: "Partner A", Email: "a@partner.test", ClientName: "bootstrap", TokenHash: partnerd.HashSecret(tokenA)})
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := db.CreateAccount(ctx, &partnerd.NewAccount{Name: "Partner B", Email: "b@partner.test", ClientName: "bootstrap", TokenHash: partnerd.HashSecret(tokenB)})
	if err != nil {
		t.Fatal(err)
	}
	e.Acme = mustCreateCustomer(t, db, a.ID, "Acme")
	e.Globex = mustCreateCustomer(t, db, b.ID, "Globex")
	e.Good = &partnerd.Recipe{Name: "Customer sync", Code: recipeCode, Config: recipeConfig}
	e.Broken = &partnerd.Recipe{Name: "Half done", Code: recipeCode}
	for _, r := range []*partnerd.Recipe{e.Good, e.Broken} {
		if err := db.CreateRecipe(ctx, e.Acme.ID, r); err != nil {
			t.Fatal(err)
		}
	}
	seedWorkspace(t, db, a.ID, e.Acme.ID, e.Good.ID)
	e.Running = seedRunning(t, db, e.Acme.ID)

	c := web.NewConsole()
	c.Auth, c.Workspaces, c.Folders = db, db, db
	c.Members, c.Roles, c.Connectors = db, db, db
	c.Connections, c.Recipes, c.LookupTables = db, db, db
	c.Properties, c.APIPlatform, c.OnPrem = db, db, db
	c.Jobs, c.Calls = db, db
	c.Activities = db
	c.Now = func() time.Time { return e.now }
	e.Console = c
	ts := httptest.NewServer(c)
	e.URL = ts.URL
	t.Cleanup(func() { ts.Close(); db.Close() })
	return e
}

// seedWorkspace gives a customer workspace one of every object the
// customer page shows.
func seedWorkspace(t testing.TB, db *store.DB, accountID, wsID, recipeID int64) {
	t.Helper()
	ctx := context.Background()
	project := &partnerd.Folder{Name: "Onboarding"}
	must(t, db.CreateFolder(ctx, wsID, project))
	must(t, db.CreateFolder(ctx, wsID, &partnerd.Folder{Name: "Sync", ParentID: &project.ID}))
	group := &partnerd.OnPremGroup{Name: "Datacenter"}
	must(t, db.CreateOnPremGroup(ctx, wsID, group))
	must(t, db.CreateConnection(ctx, wsID, &partnerd.Connection{Name: "Salesforce", Provider: "salesforce", FolderID: project.ID}))
	must(t, db.CreateConnection(ctx, wsID, &partnerd.Connection{Name: "Shell Oracle", Provider: "oracle", OnPremGroupID: &group.ID}))
	authorized := &partnerd.Connection{Name: "Authorized Jira", Provider: "jira"}
	authorized.MarkAuthorized(time.Now())
	must(t, db.CreateConnection(ctx, wsID, authorized))
	failed := &partnerd.Connection{Name: "Failed Slack", Provider: "slack"}
	reason := "invalid_auth"
	failed.MarkFailed(&reason)
	must(t, db.CreateConnection(ctx, wsID, failed))
	must(t, db.CreateLookupTable(ctx, wsID, &partnerd.LookupTable{Name: "Regions",
		Columns: []partnerd.LookupColumn{{Label: "code", Type: "string"}, {Label: "name", Type: "string"}}}))
	must(t, db.UpsertProperties(ctx, wsID, map[string]string{"region": "eu-west", "tier": "gold"}))
	must(t, db.CreateAPICollection(ctx, wsID, &partnerd.APICollection{Name: "Orders API", Version: "1.0"},
		[]*partnerd.APIEndpoint{{Name: "list orders", Method: "GET", Path: "orders"}}))
	client := &partnerd.APIClient{Name: "Mobile app", IsLegacy: true}
	must(t, db.CreateAPIClient(ctx, wsID, client))
	must(t, db.CreateAccessProfile(ctx, wsID, &partnerd.AccessProfile{Name: "mobile token", ClientID: client.ID,
		Auth: partnerd.APIAuth{Type: partnerd.APIAuthToken}}))
	seedAgents(t, db, wsID, group.ID)
	seedMembers(t, db, wsID, project.ID)
	_, err := db.RecordJobs(ctx, accountID, recipeID, &partnerd.NewJobs{Status: partnerd.JobSucceeded, Count: 3, TaskCount: 2})
	must(t, err)
	_, err = db.RecordJobs(ctx, accountID, recipeID, &partnerd.NewJobs{Status: partnerd.JobFailed, Count: 1, TaskCount: 1})
	must(t, err)
}

// seedRunning gives a customer workspace a running recipe in the folder
// "Nightly".
func seedRunning(t testing.TB, db *store.DB, wsID int64) *partnerd.Recipe {
	t.Helper()
	ctx := context.Background()
	folder := &partnerd.Folder{Name: "Nightly"}
	must(t, db.CreateFolder(ctx, wsID, folder))
	r := &partnerd.Recipe{Name: "Always on", Code: recipeCode, Config: recipeConfig, FolderID: folder.ID}
	must(t, db.CreateRecipe(ctx, wsID, r))
	problems, err := db.StartRecipe(ctx, wsID, r.ID)
	if err != nil || problems != nil {
		t.Fatalf("start %q: %v %+v", r.Name, err, problems)
	}
	r.Running = true
	return r
}

// seedAgents gives a customer workspace an agent in each state: active,
// inactive (connected once, then gone), awaiting setup, and disabled.
func seedAgents(t testing.TB, db *store.DB, wsID, groupID int64) {
	t.Helper()
	ctx := context.Background()
	agents := map[string]*partnerd.OnPremAgent{}
	for _, name := range []string{"Active agent", "Gone agent", "New agent", "Disabled agent"} {
		a := &partnerd.OnPremAgent{Name: name, OS: "linux", GroupID: groupID, Enabled: true, AwaitingSetup: true}
		must(t, db.CreateOnPremAgent(ctx, wsID, a))
		agents[name] = a
	}
	version := "1.4.2"
	for _, name := range []string{"Active agent", "Gone agent", "Disabled agent"} {
		must(t, db.ConnectOnPremAgent(ctx, agents[name].ID, partnerd.OnPremPresence{Connection: "test/" + name, Version: &version,
			Profiles: []partnerd.OnPremProfile{{Name: "crm", Provider: "oracle", Type: "Database"}}}))
	}
	must(t, db.DisconnectOnPremAgent(ctx, agents["Gone agent"].ID, "test/Gone agent"))
	must(t, db.DisconnectOnPremAgent(ctx, agents["Disabled agent"].ID, "test/Disabled agent"))
	off := false
	_, err := db.UpdateOnPremAgent(ctx, wsID, agents["Disabled agent"].ID, partnerd.OnPremAgentUpdate{Enabled: &off})
	must(t, err)
}

// seedMembers gives a customer workspace a custom role limited to a
// folder, and a member with it and one with a system role.
func seedMembers(t testing.TB, db *store.DB, wsID, folderID int64) {
	t.Helper()
	ctx := context.Background()
	must(t, db.CreateRole(ctx, wsID, &partnerd.Role{Name: "Sync operator", FolderIDs: []int64{folderID},
		Privileges: map[string][]string{"Recipes": {"read", "run"}}}))
	email := "ada@acme.test"
	must(t, db.CreateMember(ctx, wsID, &partnerd.Member{Name: "Ada Admin", Email: &email, RoleName: "Admin",
		GrantType: partnerd.GrantTypeTeamMember, TimeZone: partnerd.DefaultTimeZone}))
	must(t, db.CreateMember(ctx, wsID, &partnerd.Member{Name: "Otto Operator", RoleName: "Sync operator",
		GrantType: partnerd.GrantTypeTeamMember, TimeZone: partnerd.DefaultTimeZone,
		EnvRoles: []partnerd.EnvRole{{EnvironmentType: "dev", Name: "Admin"}}}))
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func mustCreateCustomer(t testing.TB, db *store.DB, accountID int64, name string) *partnerd.Workspace {
	t.Helper()
	w := &partnerd.Workspace{Name: name, NotificationEmail: "ops@" + strings.ToLower(name) + ".test",
		PlanID: partnerd.DefaultPlanID, TimeZone: partnerd.DefaultTimeZone}
	if err := db.CreateCustomer(context.Background(), accountID, w); err != nil {
		t.Fatal(err)
	}
	return w
}

// request sends a request without following redirects and returns the
// answer and its body.
func (e *consoleEnv) request(t testing.TB, method, path string, form url.Values, header map[string]string) (*http.Response, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, e.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}

// signIn posts the token to the sign-in form and returns the session cookie.
func (e *consoleEnv) signIn(t testing.TB, token string) string {
	t.Helper()
	res, body := e.request(t, "POST", "/console/sign-in", url.Values{"token": {token}}, map[string]string{"Origin": e.URL})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/console" {
		t.Fatalf("sign in: %d %s", res.StatusCode, body)
	}
	for _, c := range res.Cookies() {
		if c.Name == "partnerd_console" {
			return c.Name + "=" + c.Value
		}
	}
	t.Fatal("sign in set no session cookie")
	return ""
}

func TestConsoleNeedsAToken(t *testing.T) {
	e := newConsoleEnv(t)
	customer := "/console/customers/" + itoa(e.Acme.ID)
	for _, tc := range []struct {
		name, path string
		header     map[string]string
		status     int
	}{
		{"browser home", "/console", map[string]string{"Accept": "text/html"}, http.StatusFound},
		{"home", "/console", nil, http.StatusUnauthorized},
		{"customer", customer, nil, http.StatusUnauthorized},
		{"live", customer + "/live", map[string]string{"Accept": "application/json"}, http.StatusUnauthorized},
		{"wrong token", customer, map[string]string{"Authorization": "Bearer wrkaus-wrong"}, http.StatusUnauthorized},
		{"forged cookie", customer, map[string]string{"Cookie": "partnerd_console=AAAA.BBBB"}, http.StatusUnauthorized},
	} {
		res, body := e.request(t, "GET", tc.path, nil, tc.header)
		if res.StatusCode != tc.status {
			t.Errorf("%s: %d, want %d", tc.name, res.StatusCode, tc.status)
		}
		if strings.Contains(body, "Acme") || strings.Contains(body, "Customer sync") {
			t.Errorf("%s: account data without a token: %s", tc.name, body)
		}
	}
	if res, _ := e.request(t, "GET", "/console", nil, map[string]string{"Accept": "text/html"}); res.Header.Get("Location") != "/console/sign-in" {
		t.Errorf("a browser is sent to %q", res.Header.Get("Location"))
	}
	res, body := e.request(t, "GET", "/console/sign-in", nil, nil)
	if res.StatusCode != 200 || !strings.Contains(body, `name="token"`) || !strings.Contains(body, `method="post"`) {
		t.Errorf("sign-in form: %d %s", res.StatusCode, body)
	}
}

func TestConsoleSignIn(t *testing.T) {
	e := newConsoleEnv(t)
	res, body := e.request(t, "POST", "/console/sign-in", url.Values{"token": {"wrkaus-wrong"}}, map[string]string{"Origin": e.URL})
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "not valid") || len(res.Cookies()) > 0 {
		t.Errorf("a wrong token: %d %v %s", res.StatusCode, res.Cookies(), body)
	}
	res, _ = e.request(t, "POST", "/console/sign-in", url.Values{"token": {tokenA}}, map[string]string{"Origin": "https://evil.test"})
	if res.StatusCode != http.StatusForbidden || len(res.Cookies()) > 0 {
		t.Errorf("sign-in from another origin: %d %v", res.StatusCode, res.Cookies())
	}

	res, _ = e.request(t, "POST", "/console/sign-in", url.Values{"token": {tokenA}}, map[string]string{"Origin": e.URL})
	cookies := res.Cookies()
	if len(cookies) != 1 {
		t.Fatalf("cookies %v", cookies)
	}
	c := cookies[0]
	if !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/console" || strings.Contains(c.Value, tokenA) {
		t.Errorf("session cookie %+v", c)
	}
	cookie := c.Name + "=" + c.Value

	res, body = e.request(t, "GET", "/console", nil, map[string]string{"Cookie": cookie})
	if res.StatusCode != 200 || !strings.Contains(body, "Acme") || strings.Contains(body, "Globex") {
		t.Errorf("home of A: %d %s", res.StatusCode, body)
	}
	res, body = e.request(t, "GET", "/console", nil, map[string]string{"Authorization": "Bearer " + tokenB})
	if res.StatusCode != 200 || !strings.Contains(body, "Globex") || strings.Contains(body, "Acme") {
		t.Errorf("home of B by Bearer: %d %s", res.StatusCode, body)
	}
	res, _ = e.request(t, "GET", "/console/customers/"+itoa(e.Acme.ID), nil, map[string]string{"Authorization": "Bearer " + tokenB})
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("another account's customer: %d", res.StatusCode)
	}

	e.now = e.now.Add(13 * time.Hour)
	if res, _ := e.request(t, "GET", "/console", nil, map[string]string{"Cookie": cookie}); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("an expired session: %d", res.StatusCode)
	}
	e.now = e.now.Add(-13 * time.Hour)

	res, _ = e.request(t, "POST", "/console/sign-out", nil, map[string]string{"Cookie": cookie, "Origin": e.URL})
	if res.StatusCode != http.StatusSeeOther || len(res.Cookies()) != 1 || res.Cookies()[0].MaxAge >= 0 {
		t.Errorf("sign out: %d %v", res.StatusCode, res.Cookies())
	}
}

// liveState is the answer of a customer's live endpoint.
type liveState struct {
	Recipes []struct {
		ID      int64 `json:"id"`
		Running bool  `json:"running"`
	} `json:"recipes"`
	Agents []struct {
		ID    int64  `json:"id"`
		State string `json:"state"`
	} `json:"agents"`
}

func (e *consoleEnv) live(t testing.TB, customer, cookie string) liveState {
	t.Helper()
	res, body := e.request(t, "GET", customer+"/live", nil, map[string]string{"Cookie": cookie})
	if res.StatusCode != 200 {
		t.Fatalf("live: %d %s", res.StatusCode, body)
	}
	var out liveState
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func running(live liveState, id int64) bool {
	for _, r := range live.Recipes {
		if r.ID == id {
			return r.Running
		}
	}
	return false
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestConsoleJob checks the job page: a job's lines with their input and
// output and the on-prem agent that served a step, linked from the recipe page, and another account's job not found.
func TestConsoleJob(t *testing.T) {
	e := newConsoleEnv(t)
	ctx := context.Background()
	cookie := e.signIn(t, tokenA)
	if problems, err := e.DB.StartRecipe(ctx, e.Acme.ID, e.Good.ID); err != nil || problems != nil {
		t.Fatalf("start: %v %v", problems, err)
	}
	job, err := e.DB.EnqueueJob(ctx, e.Acme.ID, e.Good.ID, &partnerd.TriggerEvent{Output: json.RawMessage(`{"tick":"now"}`)})
	must(t, err)
	c, err := e.DB.ClaimJob(ctx, "w", time.Minute)
	must(t, err)
	msg := "<b>hello</b>"
	must(t, e.DB.FinishJob(ctx, c.Job.ID, "w", &partnerd.JobResult{Status: partnerd.JobSucceeded, TaskCount: 1,
		Lines: []*partnerd.JobLine{{Number: 1, Keyword: "action", Provider: "logger", Name: "log_message", As: "log",
			Status: partnerd.LineSucceeded, Input: json.RawMessage(`{"message":"` + msg + `"}`), StartedAt: e.now, CompletedAt: e.now},
			{Number: 2, Keyword: "action", Provider: "postgresql", Name: "select_rows", Status: partnerd.LineSucceeded,
				StartedAt: e.now, CompletedAt: e.now, Agent: &partnerd.LineAgent{ID: 12, Name: "<wh>-1"}}}}))
	failure := "503 Service Unavailable: <i>down</i>"
	must(t, e.DB.RecordConnectorCalls(ctx, e.Acme.ID, []*partnerd.ConnectorCall{
		{Provider: "rest", Action: "make_request_v2", JobID: job.ID, RecipeID: e.Good.ID, StepNumber: 2,
			Input: json.RawMessage(`{}`), Output: json.RawMessage(`{}`), StartedAt: e.now, Duration: 42 * time.Millisecond},
		{Provider: "salesforce", Action: "search_sobjects", JobID: job.ID, RecipeID: e.Good.ID, StepNumber: 3, StubID: 7,
			Input: json.RawMessage(`{}`), Error: &failure, StartedAt: e.now.Add(time.Second)},
		{Provider: "slack", Action: "post_message_elsewhere", JobID: job.ID + 1, RecipeID: e.Good.ID, StepNumber: 1,
			Input: json.RawMessage(`{}`), StartedAt: e.now},
	}))
	recipe := "/console/customers/" + itoa(e.Acme.ID) + "/recipes/" + itoa(e.Good.ID)
	ref := partnerd.JobRef(job.ID)
	_, body := e.request(t, "GET", recipe, nil, map[string]string{"Cookie": cookie})
	if !strings.Contains(body, `href="`+recipe+`/jobs/`+ref+`"`) {
		t.Errorf("the recipe page does not link its job %s", ref)
	}
	res, body := e.request(t, "GET", recipe+"/jobs/"+ref, nil, map[string]string{"Cookie": cookie})
	for _, want := range []string{"succeeded", "scheduled_event", "log_message", `&#34;tick&#34;: &#34;now&#34;`, "&lt;b&gt;hello&lt;/b&gt;",
		"via on-prem agent &lt;wh&gt;-1 (#12)"} {
		if !strings.Contains(body, want) {
			t.Errorf("the job page lacks %q", want)
		}
	}
	if res.StatusCode != 200 || strings.Contains(body, msg) {
		t.Errorf("job page: %d", res.StatusCode)
	}
	calls := body[strings.Index(body, "Connector calls"):]
	for _, want := range []string{"rest · make_request_v2", "real call", "42 ms", "salesforce · search_sobjects", "stub 7",
		"503 Service Unavailable: &lt;i&gt;down&lt;/i&gt;"} {
		if !strings.Contains(calls, want) {
			t.Errorf("the job page's calls lack %q", want)
		}
	}
	if strings.Index(calls, "make_request_v2") > strings.Index(calls, "search_sobjects") || strings.Contains(body, "post_message_elsewhere") {
		t.Errorf("the job page's calls are out of order or hold another job's:\n%s", calls)
	}
	for _, path := range []string{recipe + "/jobs/j-999", recipe + "/jobs/nope"} {
		if res, _ := e.request(t, "GET", path, nil, map[string]string{"Cookie": cookie}); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", path, res.StatusCode)
		}
	}
	other := e.signIn(t, tokenB)
	if res, _ := e.request(t, "GET", recipe+"/jobs/"+ref, nil, map[string]string{"Cookie": other}); res.StatusCode != http.StatusNotFound {
		t.Errorf("another account's job: %d", res.StatusCode)
	}
}
