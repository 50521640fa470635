package engine

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/mock"
)

// withConnections gives the harness's engine these connections of
// workspace 1, authorized unless said otherwise.
func (h *harness) withConnections(t *testing.T, conns ...*partnerd.Connection) {
	t.Cleanup(h.e.Close)
	byID := map[int64]*partnerd.Connection{}
	for _, c := range conns {
		if c.WorkspaceID == 0 {
			c.WorkspaceID = 1
		}
		if c.AuthorizationStatus == nil {
			c.MarkAuthorized(t0)
		}
		byID[c.ID] = c
	}
	h.e.Connections = &mock.ConnectionService{
		FindConnectionWithInputFn: func(_ context.Context, ws, id int64) (*partnerd.Connection, error) {
			if c := byID[id]; c != nil && c.WorkspaceID == ws {
				return c, nil
			}
			return nil, partnerd.ErrNotFound()
		},
	}
}

// addConnected adds a running recipe whose config gives provider the
// connection id.
func (h *harness) addConnected(id int64, provider string, connectionID int64, root map[string]any) *partnerd.Recipe {
	r := h.addRecipe(id, root)
	r.Config = []partnerd.RecipeConfig{{Keyword: "application", Provider: provider, Name: provider, AccountID: &connectionID}}
	return r
}

// stepOutput returns the output of the job's line of step n as a Go value.
func stepOutput(t *testing.T, res *partnerd.JobResult, n int) map[string]any {
	t.Helper()
	for _, l := range res.Lines {
		if l.Number == n {
			var out map[string]any
			if err := json.Unmarshal(l.Output, &out); err != nil {
				t.Fatalf("step %d output %s: %v", n, l.Output, err)
			}
			return out
		}
	}
	t.Fatalf("no line of step %d in %s", n, lineSummary(res))
	return nil
}

// TestConnectionErrors checks that a step whose connection is missing or
// not authorized fails with an error that names it.
func TestConnectionErrors(t *testing.T) {
	h := newHarness(t)
	failed := "failed"
	h.withConnections(t, &partnerd.Connection{ID: 7, Name: "Broken", Provider: "rest", AuthorizationStatus: &failed,
		Input: partnerd.ConnectionInput{"base_url": "http://127.0.0.1:1"}})
	step := action(1, "rest", "make_request_v2", "call", map[string]any{"request": map[string]any{"url": "/x"}})
	for _, c := range []struct {
		id   int64
		want string
	}{
		{7, `Connection "Broken" (7) of rest is not authorized`},
		{99, "Connection 99 of rest does not exist"},
	} {
		res := h.run(t, h.addConnected(c.id, "rest", c.id, webhookTrigger(step)), `{}`)
		wantStatus(t, res, partnerd.JobFailed, c.want)
	}
	r := h.addRecipe(3, webhookTrigger(step))
	wantStatus(t, h.run(t, r, `{}`), partnerd.JobFailed, "the recipe's config gives rest no connection")
}
