package engine

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/mock"
)

// FuzzRecipeCode checks that any recipe code is checked without panicking,
// and that a job of it, when it parses, ends succeeded or failed within
// its budgets.
func FuzzRecipeCode(f *testing.F) {
	for _, s := range []string{`{}`, `null`, `[]`, `{"block":[null]}`,
		code(webhookTrigger(log(1, "l", "=1 + "+formulaPill("workato_webhooks", "trigger", "n")))),
		code(webhookTrigger(map[string]any{"number": 1, "keyword": "foreach", "as": "i", "source": pill("workato_webhooks", "trigger", "list"),
			"block": []any{log(2, "l", pill("foreach", "i", "x"))}})),
		code(webhookTrigger(map[string]any{"number": 1, "keyword": "if", "input": cond("greater_than", "#{1}", "0"), "block": []any{
			map[string]any{"number": 2, "keyword": "stop", "input": map[string]any{"stop_with_error": "true"}}}})),
		code(webhookTrigger(map[string]any{"number": 1, "keyword": "try", "block": []any{
			action(2, "workato_variable", "update_variables", "u", map[string]any{"variables": []any{map[string]any{"variable": "x"}}}),
			map[string]any{"number": 3, "keyword": "catch", "as": "c", "input": map[string]any{"max_retry_count": "99", "retry_interval": "-1"}}}})),
	} {
		f.Add(s, `{"n":1,"list":[{"x":1},{"x":"y"}]}`)
	}
	f.Fuzz(func(t *testing.T, recipeCode, output string) {
		CheckCode(recipeCode)
		if _, err := parseProgram(recipeCode); err != nil || !json.Valid([]byte(output)) {
			return
		}
		h := newHarness(t)
		h.e.JobTime = time.Second
		h.e.Sleep = func(ctx context.Context, d time.Duration) error { return ctx.Err() }
		h.e.LookupTables = &mock.LookupTableService{FindLookupTableByIDFn: func(context.Context, int64, int64) (*partnerd.LookupTable, error) {
			return nil, partnerd.ErrNotFound()
		}}
		r := &partnerd.Recipe{ID: 1, WorkspaceID: 1, Code: recipeCode, Running: true, Revision: 1}
		c := &partnerd.ClaimedJob{Job: &partnerd.Job{ID: 1, RecipeID: 1}, WorkspaceID: 1, Recipe: r,
			TriggerOutput: json.RawMessage(output), Worker: "w"}
		res := h.e.Run(t.Context(), c)
		if res == nil || (res.Status != partnerd.JobSucceeded && res.Status != partnerd.JobFailed) {
			t.Fatalf("job of %q ended %+v", recipeCode, res)
		}
	})
}
