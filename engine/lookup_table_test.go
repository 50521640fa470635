package engine

import (
	"context"
	"testing"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/mock"
)

// TestLookupTable checks the lookup table actions against the workspace's
// service: columns by colN or label, an entry's output, a miss, and a side
// effect recorded before the entry is added.
func TestLookupTable(t *testing.T) {
	h := newHarness(t)
	table := &partnerd.LookupTable{ID: 7, WorkspaceID: 1, Name: "Codes",
		Columns: []partnerd.LookupColumn{{Label: "code", Type: "string"}, {Label: "country", Type: "string"}}}
	str := func(s string) *string { return &s }
	var added partnerd.LookupData
	h.e.LookupTables = &mock.LookupTableService{
		FindLookupTableByIDFn: func(_ context.Context, ws, id int64) (*partnerd.LookupTable, error) {
			if ws != 1 || id != 7 {
				return nil, partnerd.ErrNotFound()
			}
			return table, nil
		},
		FindFirstLookupRowFn: func(_ context.Context, _, _ int64, by []partnerd.LookupCondition) (*partnerd.LookupRow, error) {
			if len(by) == 1 && by[0] == (partnerd.LookupCondition{Label: "code", Value: "FR"}) {
				return &partnerd.LookupRow{ID: 3, Data: []partnerd.LookupCell{{Label: "code", Value: str("FR")}, {Label: "country", Value: str("France")}}}, nil
			}
			return nil, partnerd.ErrNotFound()
		},
		AddLookupRowFn: func(_ context.Context, _, _ int64, data partnerd.LookupData) (*partnerd.LookupRow, error) {
			if len(h.beats) == 0 || !h.beats[len(h.beats)-1] {
				t.Error("add_entry ran before its side effect was recorded")
			}
			added = data
			return &partnerd.LookupRow{ID: 4, Data: []partnerd.LookupCell{{Label: "code", Value: data["code"]}, {Label: "country", Value: data["country"]}}}, nil
		},
	}
	r := h.addRecipe(1, webhookTrigger(
		action(1, "lookup_table", "get_entry", "fr", map[string]any{"lookup_table_id": "7", "parameters": map[string]any{"col1": "FR"}}),
		action(2, "lookup_table", "lookup_entry", "xx", map[string]any{"lookup_table_id": 7, "parameters": map[string]any{"code": "XX"}}),
		action(3, "lookup_table", "add_entry", "de", map[string]any{"lookup_table_id": "7",
			"parameters": map[string]any{"col1": "DE", "country": pill("lookup_table", "fr", "entry", "col2") + "'s neighbour"}}),
	))
	res := h.run(t, r, `{}`)
	wantStatus(t, res, partnerd.JobSucceeded, "")
	if got := string(res.Lines[0].Output); got != `{"id":3,"entry":{"col1":"FR","col2":"France"}}` {
		t.Errorf("get_entry = %s", got)
	}
	if got := string(res.Lines[1].Output); got != `{}` {
		t.Errorf("a miss = %s", got)
	}
	if added["code"] == nil || *added["code"] != "DE" || *added["country"] != "France's neighbour" {
		t.Errorf("added %v", added)
	}
	bad := h.addRecipe(2, webhookTrigger(action(1, "lookup_table", "get_entry", "x", map[string]any{"lookup_table_id": "8"})))
	wantStatus(t, h.run(t, bad, `{}`), partnerd.JobFailed, "Lookup table 8 does not exist")
}
