package engine

import (
	"context"
	"testing"

	"github.com/partnerd/partnerd"
)

// httpTunnel records the HTTP requests of on-prem steps and answers each
// with a JSON body.
type httpTunnel struct {
	calls []tunnelCall
}

func (f *httpTunnel) Exec(_ context.Context, workspaceID, groupID int64, profile string, op partnerd.OnPremOperation) (*partnerd.OnPremResult, error) {
	f.calls = append(f.calls, tunnelCall{workspaceID, groupID, profile, op})
	return &partnerd.OnPremResult{AgentID: 9, AgentName: "erp-1", HTTP: &partnerd.OnPremHTTPResponse{Status: 200,
		Header: map[string][]string{"Content-Type": {"application/json"}}, Body: []byte(`{"order":7}`)}}, nil
}

// TestRestThroughAgent checks that a rest step of a connection with an
// on-prem group sends its request, path relative and the connection's auth
// applied, through the tunnel with its profile; that its line names the
// agent; and that an absolute URL or a missing profile fails the step.
func TestRestThroughAgent(t *testing.T) {
	tunnel := &httpTunnel{}
	h := newHarness(t)
	h.e.OnPrem = tunnel
	group := int64(3)
	h.withConnections(t, &partnerd.Connection{ID: 5, Name: "ERP", Provider: "rest", OnPremGroupID: &group,
		Input: partnerd.ConnectionInput{"profile": "erp", "auth_type": "bearer", "token": "t3"}})
	r := h.addConnected(1, "rest", 5, webhookTrigger(restStep(map[string]any{"method": "post", "url": "/orders?x=1",
		"query": map[string]any{"status": "open"}, "body": map[string]any{"qty": 2}}, nil)))
	res := h.run(t, r, `{}`)
	wantStatus(t, res, partnerd.JobSucceeded, "")
	if out := stepOutput(t, res, 1); out["status_code"] != float64(200) || out["body"].(map[string]any)["order"] != float64(7) {
		t.Errorf("output = %v", out)
	}
	if len(tunnel.calls) != 1 {
		t.Fatalf("calls = %+v", tunnel.calls)
	}
	c := tunnel.calls[0]
	req := c.op.HTTP
	if c.workspaceID != 1 || c.groupID != 3 || c.profile != "erp" || !c.op.Write || req == nil {
		t.Fatalf("call = %+v", c)
	}
	if req.Method != "POST" || req.Path != "/orders" || req.Query != "status=open&x=1" || string(req.Body) != `{"qty":2}` ||
		req.Header["Authorization"][0] != "Bearer t3" || req.Header["Content-Type"][0] != "application/json" {
		t.Errorf("request = %+v", req)
	}
	for _, l := range res.Lines {
		if l.Provider == "rest" && (l.Agent == nil || l.Agent.Name != "erp-1") {
			t.Errorf("line %d agent = %+v", l.Number, l.Agent)
		}
	}

	h.withConnections(t, &partnerd.Connection{ID: 6, Name: "Out", Provider: "rest", OnPremGroupID: &group, Input: partnerd.ConnectionInput{"profile": "erp"}},
		&partnerd.Connection{ID: 7, Name: "Bare", Provider: "rest", OnPremGroupID: &group, Input: partnerd.ConnectionInput{}})
	res = h.run(t, h.addConnected(20, "rest", 6, webhookTrigger(restStep(map[string]any{"url": "http://evil.example/x"}, nil))), `{}`)
	wantStatus(t, res, partnerd.JobFailed, "must be a path")
	res = h.run(t, h.addConnected(21, "rest", 7, webhookTrigger(restStep(map[string]any{"url": "/x"}, nil))), `{}`)
	wantStatus(t, res, partnerd.JobFailed, "no profile")
	if len(tunnel.calls) != 1 {
		t.Errorf("calls after the refusals = %d", len(tunnel.calls))
	}

	// A connector's custom action goes the same way.
	h.withConnections(t, &partnerd.Connection{ID: 8, Name: "Jira DC", Provider: "jira", OnPremGroupID: &group, Input: partnerd.ConnectionInput{"profile": "jira_dc"}})
	res = h.run(t, h.addConnected(22, "jira", 8, webhookTrigger(action(1, "jira", adhocHTTPAction, "call",
		map[string]any{"verb": "get", "path": "rest/api/2/issue/X-1", "input": map[string]any{"data": map[string]any{"fields": "summary"}}}))), `{}`)
	wantStatus(t, res, partnerd.JobSucceeded, "")
	if c := tunnel.calls[len(tunnel.calls)-1]; c.profile != "jira_dc" || c.op.Write || c.op.HTTP.Path != "rest/api/2/issue/X-1" || c.op.HTTP.Query != "fields=summary" {
		t.Errorf("custom action call = %+v %+v", c, c.op.HTTP)
	}
}
