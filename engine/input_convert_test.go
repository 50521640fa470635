package engine

import (
	"testing"

	"github.com/partnerd/partnerd"
)

// TestRunInputConversions checks that an action's input fields whose
// extended_input_schema says render_input: boolean_conversion (or integer
// or float) are converted before the action runs, in nested objects and in
// lists of objects, while other fields and text that does not read as the
// type are left as they are, and an earlier step's output is not changed.
func TestRunInputConversions(t *testing.T) {
	h := newHarness(t)
	schema := []any{
		map[string]any{"name": "result", "type": "object", "properties": []any{
			map[string]any{"name": "success", "type": "boolean", "render_input": "boolean_conversion", "parse_output": "boolean_conversion"},
			map[string]any{"name": "count", "type": "integer", "render_input": "integer_conversion"},
			map[string]any{"name": "ratio", "type": "number", "render_input": "float_conversion"},
			map[string]any{"name": "note", "type": "string"},
			map[string]any{"name": "flags", "type": "array", "of": "object", "properties": []any{
				map[string]any{"name": "on", "type": "boolean", "render_input": "boolean_conversion"}}},
			map[string]any{"name": "echo", "type": "object", "properties": []any{
				map[string]any{"name": "ok", "type": "boolean", "render_input": "boolean_conversion"}}},
		}},
	}
	ret := action(2, "workato_recipe_function", "return_result", "done", map[string]any{"result": map[string]any{
		"success": "true", "count": "42", "ratio": "0.5", "note": "true",
		"flags": []any{map[string]any{"on": "false"}, map[string]any{"on": "maybe"}},
		"echo":  pill("workato_webhooks", "trigger", "echo"),
	}})
	ret["extended_input_schema"] = schema
	first := action(1, "logger", "log_message", "log", map[string]any{"message": "hi",
		"result": map[string]any{"echo": pill("workato_webhooks", "trigger", "echo")}})
	first["extended_input_schema"] = schema
	r := h.addRecipe(1, webhookTrigger(first, ret))
	again := action(2, "workato_recipe_function", "return_result", "done", map[string]any{"result": map[string]any{
		"echo": pill("workato_webhooks", "trigger", "echo")}})
	r2 := h.addRecipe(2, webhookTrigger(first, again))
	res := h.run(t, r, `{"echo":{"ok":"yes"}}`)
	wantStatus(t, res, partnerd.JobSucceeded, "")
	want := `{"count":42,"echo":{"ok":true},"flags":[{"on":false},{"on":"maybe"}],"note":"true","ratio":0.5,"success":true}`
	if string(res.Result) != want {
		t.Errorf("result = %s\nwant     %s", res.Result, want)
	}
	// The converted input of step 1 leaves the trigger's output as it was.
	res = h.run(t, r2, `{"echo":{"ok":"yes"}}`)
	if got := string(res.Result); got != `{"echo":{"ok":"yes"}}` {
		t.Errorf("the trigger's output changed: %s", got)
	}
}
