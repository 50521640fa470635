package engine

import (
	"strings"
	"testing"

	"github.com/partnerd/partnerd"
)

// TestRunForeachBatch checks a foreach in batch mode: its block runs once
// per batch_size items, its pill holds the batch as a list (mapped with
// ____source and current_item), the last batch is shorter, and its line
// counts the items and the batches.
func TestRunForeachBatch(t *testing.T) {
	h := newHarness(t)
	batch := func(size any) map[string]any {
		return map[string]any{"number": 2, "keyword": "foreach", "as": "chunk", "repeat_mode": "batch", "batch_size": size,
			"clear_scope": "false", "input": map[string]any{}, "source": pill("workato_webhooks", "trigger", "people"),
			"block": []any{
				action(3, "workato_variable", "insert_to_list", "add", map[string]any{"list_name": "chunks",
					"list_item": map[string]any{
						"size":  "=" + formulaPill("foreach", "chunk", "batch") + ".size",
						"first": "=" + formulaPill("foreach", "chunk", "batch") + ".first[\"name\"]",
						"names": map[string]any{"____source": pill("foreach", "chunk", "batch"),
							"name": pill("foreach", "chunk", "batch", map[string]any{"path_element_type": "current_item"}, "name")},
					}}),
			}}
	}
	steps := func(size any) map[string]any {
		return webhookTrigger(
			action(1, "workato_variable", "declare_list", "chunks", map[string]any{"list_name": "chunks"}),
			batch(size),
			action(4, "workato_recipe_function", "return_result", "done", map[string]any{"result": map[string]any{
				"chunks": pill("workato_variable", "chunks", "list")}}),
		)
	}
	r := h.addRecipe(1, steps("2"))
	res := h.run(t, r, `{"people":[{"name":"a"},{"name":"b"},{"name":"c"},{"name":"d"},{"name":"e"}]}`)
	wantStatus(t, res, partnerd.JobSucceeded, "")
	want := `{"chunks":[{"first":"a","names":[{"name":"a"},{"name":"b"}],"size":2},` +
		`{"first":"c","names":[{"name":"c"},{"name":"d"}],"size":2},{"first":"e","names":[{"name":"e"}],"size":1}]}`
	if string(res.Result) != want {
		t.Errorf("result = %s\nwant     %s", res.Result, want)
	}
	if got := lineSummary(res); got != "action:1 foreach:2 action:3 action:3 action:3 action:4" {
		t.Errorf("lines = %s", got)
	}
	if got := string(res.Lines[1].Output); got != `{"count":5,"batches":3}` {
		t.Errorf("foreach line output = %s", got)
	}

	// A batch as large as the list runs once; an empty list, never.
	r = h.addRecipe(2, steps(10))
	res = h.run(t, r, `{"people":[{"name":"a"},{"name":"b"}]}`)
	if !strings.Contains(string(res.Result), `"size":2`) || strings.Count(lineSummary(res), "action:3") != 1 {
		t.Errorf("one batch: %s, lines %s", res.Result, lineSummary(res))
	}
	res = h.run(t, r, `{"people":[]}`)
	if got := lineSummary(res); got != "action:1 foreach:2 action:4" {
		t.Errorf("empty list: lines %s", got)
	}
}

// TestCheckBatchSize checks that a batch foreach without a whole, positive
// batch_size cannot start, while a simple foreach needs none.
func TestCheckBatchSize(t *testing.T) {
	for size, ok := range map[any]bool{"10": true, 3: true, " 7 ": true, nil: false, "0": false, "-1": false, "x": false,
		"1.5": false, MaxBatchSize + 1: false} {
		root := webhookTrigger(map[string]any{"number": 1, "keyword": "foreach", "as": "chunk", "repeat_mode": "batch",
			"batch_size": size, "source": pill("workato_webhooks", "trigger", "people"), "block": []any{}})
		problems := CheckCode(code(root))
		if got := len(problems) == 0; got != ok {
			t.Errorf("batch_size %#v: problems %+v", size, problems)
		} else if !ok && (problems[0].Step != 1 || problems[0].Problems[0].Path != "batch_size") {
			t.Errorf("batch_size %#v: problems %+v", size, problems)
		}
	}
	simple := webhookTrigger(map[string]any{"number": 1, "keyword": "foreach", "as": "item", "repeat_mode": "simple",
		"source": pill("workato_webhooks", "trigger", "people"), "block": []any{}})
	if problems := CheckCode(code(simple)); len(problems) != 0 {
		t.Errorf("simple foreach: problems %+v", problems)
	}
}
