package engine

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/partnerd/partnerd"
)

// fakeTunnel records the operations of on-prem steps and answers one row.
type fakeTunnel struct {
	calls []tunnelCall
}

type tunnelCall struct {
	workspaceID, groupID int64
	profile              string
	op                   partnerd.OnPremOperation
}

func (f *fakeTunnel) Exec(_ context.Context, workspaceID, groupID int64, profile string, op partnerd.OnPremOperation) (*partnerd.OnPremResult, error) {
	f.calls = append(f.calls, tunnelCall{workspaceID, groupID, profile, op})
	return &partnerd.OnPremResult{HasRows: true, Columns: []string{"id", "name"}, Rows: [][]any{{json.Number("4"), "Jo"}},
		AgentID: 9, AgentName: "warehouse-1"}, nil
}

// TestPostgresThroughAgent checks that a connection of an on-prem group
// sends its statement, values bound and never spliced, with its profile
// through the tunnel, that each line names the agent that served it, and
// that one without a profile fails.
func TestPostgresThroughAgent(t *testing.T) {
	const evil = `x'); DROP TABLE t;--`
	tunnel := &fakeTunnel{}
	h := newHarness(t)
	h.e.OnPrem = tunnel
	group := int64(3)
	h.withConnections(t,
		&partnerd.Connection{ID: 5, Name: "Warehouse", Provider: "postgresql", OnPremGroupID: &group, Input: partnerd.ConnectionInput{"profile": "wh"}},
		&partnerd.Connection{ID: 6, Name: "No profile", Provider: "postgresql", OnPremGroupID: &group, Input: partnerd.ConnectionInput{"x": "y"}})
	name := pill("workato_webhooks", "trigger", "name")
	r := h.addConnected(1, "postgresql", 5, webhookTrigger(
		action(1, "postgresql", "select_rows", "sel", map[string]any{"table": "people", "where": "name = :name",
			"parameters": map[string]any{"name": name}}),
		action(2, "postgresql", "insert_row", "ins", map[string]any{"table": "people", "columns": map[string]any{"name": name}}),
	))
	res := h.run(t, r, `{"name":`+jsonString(evil)+`}`)
	wantStatus(t, res, partnerd.JobSucceeded, "")
	if sel := stepOutput(t, res, 1); sel["rows_count"] != float64(1) {
		t.Errorf("selected = %v", sel)
	}
	if ins := stepOutput(t, res, 2); ins["id"] != float64(4) || ins["name"] != "Jo" {
		t.Errorf("inserted = %v", ins)
	}
	if len(tunnel.calls) != 2 {
		t.Fatalf("calls = %+v", tunnel.calls)
	}
	for i, c := range tunnel.calls {
		if c.workspaceID != 1 || c.groupID != 3 || c.profile != "wh" || strings.Contains(c.op.SQL, "DROP") || c.op.Args[0] != evil {
			t.Errorf("call %d = %+v", i, c)
		}
	}
	for _, l := range res.Lines {
		if want := l.Provider == "postgresql"; (l.Agent != nil) != want || want && (l.Agent.ID != 9 || l.Agent.Name != "warehouse-1") {
			t.Errorf("line %d (%s) agent = %+v", l.Number, l.Provider, l.Agent)
		}
	}
	if tunnel.calls[0].op.Write || !tunnel.calls[1].op.Write {
		t.Errorf("writes = %v, %v", tunnel.calls[0].op.Write, tunnel.calls[1].op.Write)
	}

	bare := h.addConnected(2, "postgresql", 6, webhookTrigger(
		action(1, "postgresql", "select_rows", "sel", map[string]any{"table": "people"})))
	res = h.run(t, bare, `{}`)
	wantStatus(t, res, partnerd.JobFailed, "no profile")
}
