package http_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
)

// cnKey matches the random part of an agent's cn, which the golden files
// show as the one of seed 000's samples.
var cnKey = regexp.MustCompile(`"[0-9a-f]{32}:`)

// runOnPrem plays scenarios like testEnv.run, with the cn keys made stable.
func (e *testEnv) runOnPrem(t *testing.T, scenarios []scenario) {
	t.Helper()
	for _, sc := range scenarios {
		status, body := e.do(sc)
		if status != sc.WantStatus {
			t.Errorf("%s: status %d, want %d; body %s", sc.Name, status, sc.WantStatus, body)
		}
		body = cnKey.ReplaceAll(body, []byte(`"134fd7acd89cf5b8b96deea4870d413d:`))
		checkGolden(t, filepath.Join("testdata", "on_prem", sc.Name+".json"), body)
	}
}

// newOnPremEnv is a test environment with the customer "acme" of account
// A, and a customer of account B with a group of its own (id 1).
func newOnPremEnv(t *testing.T) *testEnv {
	t.Helper()
	e := newTestEnv(t, false)
	e.Server.TestHelpers = true
	ctx := context.Background()
	acme := "acme"
	for _, c := range []struct {
		account int64
		w       *partnerd.Workspace
	}{
		{e.AccountB.ID, &partnerd.Workspace{Name: "Beta", NotificationEmail: "ops@beta.test", PlanID: partnerd.DefaultPlanID,
			TimeZone: partnerd.DefaultTimeZone, TeamName: "Beta"}},
		{e.AccountA.ID, &partnerd.Workspace{Name: "Acme", ExternalID: &acme, NotificationEmail: "ops@acme.test",
			PlanID: partnerd.DefaultPlanID, TimeZone: partnerd.DefaultTimeZone, TeamName: "Acme"}},
	} {
		if err := e.DB.CreateCustomer(ctx, c.account, c.w); err != nil {
			t.Fatal(err)
		}
		if c.account == e.AccountB.ID {
			if err := e.DB.CreateOnPremGroup(ctx, c.w.ID, &partnerd.OnPremGroup{Name: "Beta group"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	return e
}

// fakeOnPremLoad counts operations in flight of one workspace's agents
// and groups.
type fakeOnPremLoad struct {
	workspaceID    int64
	agents, groups map[int64]int
}

func (f fakeOnPremLoad) AgentInFlight(workspaceID, agentID int64) int {
	if workspaceID != f.workspaceID {
		return 0
	}
	return f.agents[agentID]
}

func (f fakeOnPremLoad) GroupInFlight(workspaceID, groupID int64) int {
	if workspaceID != f.workspaceID {
		return 0
	}
	return f.groups[groupID]
}

// TestOnPrem covers every route of seed 000 on the E2 family, in the
// order of the seed's samples, with the test helper standing in for an
// agent process. Group 1 is account B's; acme's groups are 2 and 3, its
// agents 1 and 2.
func TestOnPrem(t *testing.T) {
	e := newOnPremEnv(t)
	acme, err := e.DB.FindCustomerByExternalID(context.Background(), e.AccountA.ID, "acme")
	if err != nil {
		t.Fatal(err)
	}
	group := int64(2)
	oracle := &partnerd.Connection{Name: "Oracle CRM DB", Provider: "oracle", OnPremGroupID: &group}
	groups, agents := "/api/v2/managed_users/Eacme/on_prem_groups", "/api/v2/managed_users/Eacme/on_prem_agents"
	e.runOnPrem(t, []scenario{
		{Name: "list_groups_empty", Method: "GET", URL: groups, WantStatus: 200},
		{Name: "create_group", Method: "POST", URL: groups, Body: `{"name":"CRM server"}`, WantStatus: 200},
		{Name: "create_group_blank", Method: "POST", URL: groups, Body: `{"name":" "}`, WantStatus: 400},
		{Name: "create_group_wrong_type", Method: "POST", URL: groups, Body: `{"name":7}`, WantStatus: 400},
		{Name: "get_group", Method: "GET", URL: groups + "/2", WantStatus: 200},
		{Name: "get_group_of_other_account", Method: "GET", URL: groups + "/1", WantStatus: 404},
		{Name: "update_group", Method: "PUT", URL: groups + "/2", Body: `{"name":"DevOps Network"}`, WantStatus: 200},
		{Name: "update_group_no_change", Method: "PUT", URL: groups + "/2", Body: `{}`, WantStatus: 200},
		{Name: "create_group_second", Method: "POST", URL: groups, Body: `{"name":"Spare"}`, WantStatus: 200},

		{Name: "create_agent", Method: "POST", URL: agents, WantStatus: 200,
			Body: `{"name":"US-west-1","os":"windows","on_prem_group_id":2,"awaiting_setup":false}`},
		{Name: "create_agent_awaiting_setup", Method: "POST", URL: agents, WantStatus: 200,
			Body: `{"name":"Marketing(Cupertino)","os":"mac","on_prem_group_id":"2"}`},
		{Name: "create_agent_invalid", Method: "POST", URL: agents, Body: `{"os":"beos"}`, WantStatus: 400},
		{Name: "create_agent_foreign_group", Method: "POST", URL: agents, Body: `{"name":"X","os":"linux","on_prem_group_id":1}`, WantStatus: 400},
		{Name: "create_agent_wrong_type", Method: "POST", URL: agents, Body: `{"name":"X","os":"linux","on_prem_group_id":"two"}`, WantStatus: 400},
		{Name: "get_agent", Method: "GET", URL: agents + "/2", WantStatus: 200},
		{Name: "update_agent", Method: "PUT", URL: agents + "/1", Body: `{"name":"primary agent","os":"windows","on_prem_group_id":2}`, WantStatus: 200},
		{Name: "update_agent_invalid_os", Method: "PUT", URL: agents + "/1", Body: `{"os":"plan9"}`, WantStatus: 400},
		{Name: "list_agents", Method: "GET", URL: agents, WantStatus: 200},
		{Name: "search_by_name", Method: "GET", URL: agents + "/search?cn=primary%20agent", WantStatus: 200},
		{Name: "search_nothing", Method: "GET", URL: agents + "/search?cn=example_cn", WantStatus: 200},
		{Name: "search_blank", Method: "GET", URL: agents + "/search", WantStatus: 400},
		{Name: "agent_status_inactive", Method: "GET", URL: agents + "/1/status", WantStatus: 200},
		{Name: "group_status_idle", Method: "GET", URL: groups + "/2/status", WantStatus: 200},
	})
	if err := e.DB.CreateConnection(context.Background(), acme.ID, oracle); err != nil {
		t.Fatal(err)
	}
	agent, err := e.DB.FindOnPremAgentByID(context.Background(), acme.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	e.Server.OnPremLoad = fakeOnPremLoad{workspaceID: acme.ID, agents: map[int64]int{1: 2}, groups: map[int64]int{2: 3}}
	e.runOnPrem(t, []scenario{
		{Name: "search_by_cn", Method: "GET", URL: agents + "/search?cn=" + agent.CN, WantStatus: 200},
		{Name: "presence_active", Method: "PUT", URL: "/_partnerd/on_prem_agents/1/presence", WantStatus: 200,
			Body: `{"active":true,"version":"1.0.1","profiles":[{"name":"CRM-Oracle","provider":"oracle","type":"Database"}]}`},
		{Name: "presence_other_account", Method: "PUT", URL: "/_partnerd/on_prem_agents/1/presence", Token: tokenB, Body: `{"active":true}`, WantStatus: 404},
		{Name: "presence_invalid_profile", Method: "PUT", URL: "/_partnerd/on_prem_agents/2/presence", Body: `{"active":true,"profiles":[{"name":""}]}`, WantStatus: 400},
		{Name: "agent_status", Method: "GET", URL: agents + "/1/status", WantStatus: 200},
		{Name: "get_agent_active", Method: "GET", URL: agents + "/1", WantStatus: 200},
		{Name: "group_status", Method: "GET", URL: groups + "/2/status", WantStatus: 200},
		{Name: "list_groups", Method: "GET", URL: groups, WantStatus: 200},
		{Name: "delete_group_with_agents", Method: "DELETE", URL: groups + "/2", WantStatus: 400},
		{Name: "disable_agent", Method: "PUT", URL: agents + "/1", Body: `{"enabled":false}`, WantStatus: 200},
		{Name: "agent_status_disabled", Method: "GET", URL: agents + "/1/status", WantStatus: 200},
		{Name: "presence_disabled", Method: "PUT", URL: "/_partnerd/on_prem_agents/1/presence", Body: `{"active":true}`, WantStatus: 400},
		{Name: "delete_agent_other_account", Method: "DELETE", URL: "/api/v2/managed_users/3/on_prem_agents/1", Token: tokenB, WantStatus: 404},
		{Name: "delete_agent", Method: "DELETE", URL: agents + "/1", WantStatus: 200},
		{Name: "get_deleted_agent", Method: "GET", URL: agents + "/1", WantStatus: 404},
		{Name: "delete_group", Method: "DELETE", URL: groups + "/3", WantStatus: 200},
		{Name: "get_agent_bad_id", Method: "GET", URL: agents + "/x", WantStatus: 404},
	})
}

// TestOnPremDeveloper covers the Developer family on the caller's own
// workspace, and the activation code, whose value is random.
func TestOnPremDeveloper(t *testing.T) {
	e := newOnPremEnv(t)
	e.runOnPrem(t, []scenario{
		{Name: "developer_create_group", Method: "POST", URL: "/api/on_prem_groups", Body: `{"name":"Own"}`, WantStatus: 200},
		{Name: "developer_list_groups", Method: "GET", URL: "/api/on_prem_groups", WantStatus: 200},
		{Name: "developer_create_agent", Method: "POST", URL: "/api/on_prem_agents", Body: `{"name":"Own agent","os":"linux","on_prem_group_id":2}`, WantStatus: 200},
		{Name: "developer_get_agent_of_other_account", Method: "GET", URL: "/api/on_prem_agents/1", Token: tokenB, WantStatus: 404},
		{Name: "developer_list_agents_other_account", Method: "GET", URL: "/api/on_prem_agents", Token: tokenB, WantStatus: 200},
		{Name: "activation_code_of_other_account", Method: "GET", URL: "/api/on_prem_agents/1/activation_code", Token: tokenB, WantStatus: 404},
	})
	status, body := e.do(scenario{Method: "GET", URL: "/api/on_prem_agents/1/activation_code"})
	var out struct {
		Data struct {
			Code      string    `json:"code"`
			ExpiresAt time.Time `json:"expires_at"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &out); err != nil || status != 200 {
		t.Fatalf("activation code: %d %s", status, body)
	}
	if _, _, err := partnerd.ParseOnPremActivationCode(out.Data.Code); err != nil || !out.Data.ExpiresAt.Equal(testNow.Add(24*time.Hour)) {
		t.Errorf("activation code = %s", body)
	}
	if status, body := e.do(scenario{Method: "GET", URL: "/api/on_prem_agents/1/activation_code", Token: tokenB}); status != 404 {
		t.Errorf("B's code for A's agent: %d %s", status, body)
	}
}
