package web

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"

	"github.com/partnerd/partnerd"
)

// jobLineView is a job line as the job page shows it: its input and
// output indented.
type jobLineView struct {
	*partnerd.JobLine
	Input, Output string
}

// indentJSON renders JSON text indented, or "" for none.
func indentJSON(b json.RawMessage) string {
	if len(b) == 0 {
		return ""
	}
	var out bytes.Buffer
	if json.Indent(&out, b, "", "  ") != nil {
		return string(b)
	}
	return out.String()
}

// handleJob handles GET /console/customers/{id}/recipes/{recipe}/jobs/{job}:
// a job of the recipe with its lines.
func (c *Console) handleJob(w http.ResponseWriter, r *http.Request, s *session) error {
	if c.Jobs == nil {
		return partnerd.ErrNotFound()
	}
	ws, rec, err := c.recipeOf(r, s)
	if err != nil {
		return err
	}
	jobID, ok := partnerd.ParseJobRef(r.PathValue("job"))
	if !ok {
		return partnerd.ErrNotFound()
	}
	d, err := c.Jobs.FindJobByID(r.Context(), ws.ID, rec.ID, jobID)
	if err != nil {
		return err
	}
	lines := make([]jobLineView, len(d.Lines))
	for i, l := range d.Lines {
		lines[i] = jobLineView{JobLine: l, Input: indentJSON(l.Input), Output: indentJSON(l.Output)}
	}
	calls, err := c.jobCalls(r.Context(), ws, rec.ID, jobID)
	if err != nil {
		return err
	}
	c.render(w, r, http.StatusOK, "job", s, map[string]any{"Customer": ws, "Recipe": rec, "Job": d.Job,
		"Result": indentJSON(d.Result), "Lines": lines, "Calls": calls})
	return nil
}

// jobCallsShown is how many of a job's connector calls its page shows.
const jobCallsShown = 1000

// jobCalls returns the connector calls a job made, in the order it made
// them, as the account's call log holds them; none without a call log.
func (c *Console) jobCalls(ctx context.Context, ws *partnerd.Workspace, recipeID, jobID int64) ([]*partnerd.ConnectorCall, error) {
	if c.Calls == nil {
		return nil, nil
	}
	calls, _, err := c.Calls.FindConnectorCalls(ctx, ws.AccountID, partnerd.ConnectorCallFilter{
		RecipeID: recipeID, JobID: jobID, Page: partnerd.Page{Page: 1, PerPage: jobCallsShown}})
	if err != nil {
		return nil, err
	}
	var own []*partnerd.ConnectorCall
	for i := len(calls) - 1; i >= 0; i-- { // The log is newest first.
		if calls[i].WorkspaceID == ws.ID {
			own = append(own, calls[i])
		}
	}
	return own, nil
}
