package engine

import (
	"testing"

	"github.com/partnerd/partnerd"
)

// TestListsAsExported checks lists in the form Workato's exports write
// them: declare_list names its list with name, the list actions refer to
// the declaring step as "<uuid>:<as>", and pills read list_items.
func TestListsAsExported(t *testing.T) {
	h := newHarness(t)
	r := h.addRecipe(1, webhookTrigger(
		action(1, "workato_variable", "declare_list", "ids_list", map[string]any{"name": "ids"}),
		map[string]any{"number": 2, "keyword": "foreach", "as": "item", "input": map[string]any{},
			"source": pill("workato_webhooks", "trigger", "items"),
			"block": []any{
				action(3, "workato_variable", "insert_to_list", "add", map[string]any{"name": "declare-ids-001:ids_list", "location": "end",
					"list_item": map[string]any{"id": pill("foreach", "item", "id")}}),
			}},
		action(4, "workato_recipe_function", "return_result", "done", map[string]any{"result": map[string]any{
			"ids": pill("workato_variable", "ids_list", "list_items")}}),
	))
	res := h.run(t, r, `{"items":[{"id":"a"},{"id":"b"}]}`)
	wantStatus(t, res, partnerd.JobSucceeded, "")
	if want := `{"ids":[{"id":"a"},{"id":"b"}]}`; string(res.Result) != want {
		t.Errorf("result = %s, want %s", res.Result, want)
	}
}
