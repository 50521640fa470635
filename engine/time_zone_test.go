package engine

import (
	"context"
	"testing"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/mock"
)

// TestRunWorkspaceTimeZone checks that now, today and date formatting run
// in the time zone of the job's workspace, a Rails or an IANA name, that
// a zone it does not know falls back to the formula default, and that a
// workspace's zone is read once for many jobs.
func TestRunWorkspaceTimeZone(t *testing.T) {
	h := newHarness(t)
	zone, reads := "Tokyo", 0
	h.e.Workspaces = &mock.WorkspaceService{FindWorkspaceByIDFn: func(_ context.Context, id int64) (*partnerd.Workspace, error) {
		reads++
		return &partnerd.Workspace{ID: id, TimeZone: zone}, nil
	}}
	r := h.addRecipe(1, webhookTrigger(
		action(1, "workato_recipe_function", "return_result", "done", map[string]any{"result": map[string]any{
			"now":   "=now.strftime(\"%Y-%m-%d %H:%M %z\")",
			"today": "=today.to_s",
		}}),
	))
	// t0 is 2024-05-01 12:00 UTC: 21:00 in Tokyo, 05:00 in Los Angeles.
	res := h.run(t, r, `{}`)
	wantStatus(t, res, partnerd.JobSucceeded, "")
	if got, want := string(res.Result), `{"now":"2024-05-01 21:00 +0900","today":"2024-05-01"}`; got != want {
		t.Errorf("Tokyo: result %s, want %s", got, want)
	}
	h.run(t, r, `{}`)
	if reads != 1 {
		t.Errorf("the workspace was read %d times for two jobs, want once", reads)
	}

	for name, want := range map[string]string{
		"Pacific/Kiritimati": `{"now":"2024-05-02 02:00 +1400","today":"2024-05-02"}`,
		"Nowhere/Else":       `{"now":"2024-05-01 05:00 -0700","today":"2024-05-01"}`,
	} {
		zone = name
		h.e.zones = zoneCache{}
		res := h.run(t, r, `{}`)
		if got := string(res.Result); got != want {
			t.Errorf("%s: result %s, want %s", name, got, want)
		}
	}
}
