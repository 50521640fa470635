package engine

import (
	"context"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/mock"
)

// TestLiveLines checks that the lines of a running job that ended, and
// the connector calls it made, are stored while a later step still runs,
// and that its end stores only the lines and calls that followed.
func TestLiveLines(t *testing.T) {
	h := newHarness(t)
	h.e.LiveLines = time.Millisecond
	h.withStubs(&partnerd.Stub{Provider: "slack", Action: "post_message", Answers: []partnerd.StubAnswer{answer(`{"ts":"1"}`)}})
	appended := make(chan []*partnerd.JobLine, 1)
	next := 0 // the first line of the next append: the lines follow each other
	var liveCalls []*partnerd.ConnectorCall
	h.e.Jobs.(*mock.JobQueue).AppendJobLinesFn = func(_ context.Context, _ int64, _ string, first int, lines []*partnerd.JobLine, calls []*partnerd.ConnectorCall) error {
		if first != next || len(lines)+len(calls) == 0 {
			t.Errorf("%d lines appended from %d, want some from %d", len(lines), first, next)
		}
		next = first + len(lines)
		liveCalls = append(liveCalls, calls...)
		if len(lines) == 0 {
			return nil
		}
		select {
		case appended <- lines:
		default:
		}
		return nil
	}
	// The lookup step runs until the first line is stored.
	h.e.LookupTables = &mock.LookupTableService{FindLookupTableByIDFn: func(ctx context.Context, _, _ int64) (*partnerd.LookupTable, error) {
		select {
		case <-appended:
		case <-time.After(10 * time.Second):
			t.Error("no line stored while the job ran")
		}
		return nil, partnerd.ErrNotFound()
	}}
	r := h.addRecipe(1, map[string]any{"number": 0, "keyword": "trigger", "provider": "workato_recipe_function", "name": "execute",
		"as": "trigger", "block": []any{
			action(1, "slack", "post_message", "posted", map[string]any{"channel": "C1", "text": "hi"}),
			action(2, "lookup_table", "get_entry", "row", map[string]any{"lookup_table_id": 7}),
		}})
	res := h.run(t, r, `{}`)
	wantStatus(t, res, partnerd.JobFailed, "Lookup table 7 does not exist")
	if len(res.Lines) != 2 || res.LinesStored < 1 || res.LinesStored != next {
		t.Errorf("%d lines, %d stored while running (appends reached %d); want 2, and 1 or 2", len(res.Lines), res.LinesStored, next)
	}
	if len(liveCalls) != 1 || liveCalls[0].Provider != "slack" || len(res.Calls) != 0 {
		t.Errorf("calls stored while running %+v, with the end %+v; want the slack call while running", liveCalls, res.Calls)
	}
}
