package engine

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
)

// mysqlAgent stands for an agent with a MySQL profile: it records the
// operations it gets and answers an insert with id 42, the table's
// auto-increment column, and that row.
type mysqlAgent struct{ ops []partnerd.OnPremOperation }

func (a *mysqlAgent) Exec(_ context.Context, _, _ int64, _ string, op partnerd.OnPremOperation) (*partnerd.OnPremResult, error) {
	a.ops = append(a.ops, op)
	res := &partnerd.OnPremResult{AgentID: 9, AgentName: "shop-1"}
	switch {
	case op.Exec:
		res.RowsAffected, res.LastInsertID = 1, 42
	case strings.Contains(op.SQL, "information_schema"):
		res.HasRows, res.Columns, res.Rows = true, []string{"COLUMN_NAME"}, [][]any{{"id"}}
	default:
		res.HasRows, res.Columns = true, []string{"id", "seen", "data", "price"}
		res.Kinds = []string{"", partnerd.OnPremKindTime, partnerd.OnPremKindBytes, ""}
		res.Rows = [][]any{{json.Number("42"), "2026-01-02T03:04:05Z", base64.StdEncoding.EncodeToString([]byte{0xff, 'a'}), json.Number("12.50")}}
	}
	return res, nil
}

// TestMySQLThroughAgent checks that a mysql connection of an on-prem group
// sends its statements in MySQL's dialect, values bound and never spliced,
// as mysql operations through the tunnel; that an insert's row is read
// back by the id the agent answered, with operations that are not writes;
// that values read back by their column's kind; and that each line names
// the agent.
func TestMySQLThroughAgent(t *testing.T) {
	const evil = "x'); DROP TABLE t; -- \\' ? :name #"
	agent := &mysqlAgent{}
	h := newHarness(t)
	h.e.OnPrem = agent
	group := int64(3)
	h.withConnections(t, &partnerd.Connection{ID: 5, Name: "Shop", Provider: "mysql", OnPremGroupID: &group, Input: partnerd.ConnectionInput{"profile": "shop_db"}},
		&partnerd.Connection{ID: 6, Name: "No profile", Provider: "mysql", OnPremGroupID: &group, Input: partnerd.ConnectionInput{}})
	name := pill("workato_webhooks", "trigger", "name")
	r := h.addConnected(1, "mysql", 5, webhookTrigger(
		action(1, "mysql", "insert_row", "ins", map[string]any{"table": "items", "columns": map[string]any{"name": name,
			"seen": `="2026-01-02T03:04:05.5Z".to_time`}}),
		action(2, "mysql", "select_rows", "sel", map[string]any{"table": "items", "where": "name = :name", "parameters": map[string]any{"name": name}}),
	))
	res := h.run(t, r, `{"name":`+jsonString(evil)+`}`)
	wantStatus(t, res, partnerd.JobSucceeded, "")
	ins := stepOutput(t, res, 1)
	if ins["id"] != float64(42) || ins["data"] != "\uFFFDa" || ins["price"] != 12.5 || !strings.HasPrefix(ins["seen"].(string), "2026-01-02T03:04:05") {
		t.Errorf("inserted = %#v", ins)
	}
	if len(agent.ops) != 4 {
		t.Fatalf("operations = %+v", agent.ops)
	}
	insert, key, readBack, sel := agent.ops[0], agent.ops[1], agent.ops[2], agent.ops[3]
	if !insert.Exec || !insert.Write || insert.SQL != "INSERT INTO `items` (`name`, `seen`) VALUES (?, ?)" ||
		insert.Args[0] != evil || insert.Args[1] != "2026-01-02 03:04:05.5" {
		t.Errorf("insert = %+v", insert)
	}
	if key.Write || key.Exec || !strings.Contains(key.SQL, "auto_increment") {
		t.Errorf("key lookup = %+v", key)
	}
	if readBack.Write || readBack.Exec || readBack.SQL != "SELECT * FROM `items` WHERE `id` = ? LIMIT 1" || readBack.Args[0] != int64(42) {
		t.Errorf("read back = %+v", readBack)
	}
	if sel.Write || sel.Exec || !strings.Contains(sel.SQL, "name = ?") || sel.Args[0] != evil {
		t.Errorf("select = %+v", sel)
	}
	for _, op := range agent.ops {
		if op.Adapter != "mysql" || strings.Contains(op.SQL, "DROP") {
			t.Errorf("operation %+v", op)
		}
	}
	for _, l := range res.Lines {
		if want := l.Provider == "mysql"; (l.Agent != nil) != want || want && (l.Agent.ID != 9 || l.Agent.Name != "shop-1") {
			t.Errorf("line %d (%s) agent = %+v", l.Number, l.Provider, l.Agent)
		}
	}

	bare := h.addConnected(2, "mysql", 6, webhookTrigger(action(1, "mysql", "select_rows", "sel", map[string]any{"table": "items"})))
	wantStatus(t, h.run(t, bare, `{}`), partnerd.JobFailed, "no profile")
}

func TestMySQLTimeText(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"2026-01-02T03:04:05Z", "2026-01-02 03:04:05"},
		{"2026-01-02T03:04:05.123456789+02:00", "2026-01-02 01:04:05.123456789"},
		{"2026-01-02T00:00:00Z", "2026-01-02"},
		{"0001-01-01T00:00:00Z", "0000-00-00"},
	} {
		at, _ := time.Parse(time.RFC3339Nano, tt.in)
		if got := mysqlTimeText(at); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.in, got, tt.want)
		}
	}
}
