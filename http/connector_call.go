package http

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/partnerd/partnerd"
)

// maxCallsPerPage is the most recorded calls one page holds.
const maxCallsPerPage = 1000

// connectorCallJSON is a recorded connector call: stub_id is the stub
// that answered it (null for a real call), connection_id null when the
// recipe gives the provider no connection; error is set when it failed,
// and output then null.
type connectorCallJSON struct {
	ID           int64           `json:"id"`
	Provider     string          `json:"provider"`
	Action       string          `json:"action"`
	WorkspaceID  int64           `json:"workspace_id"`
	ConnectionID *int64          `json:"connection_id"`
	RecipeID     int64           `json:"recipe_id"`
	JobID        string          `json:"job_id"`
	StepNumber   int             `json:"step_number"`
	StubID       *int64          `json:"stub_id"`
	Input        json.RawMessage `json:"input"`
	Output       json.RawMessage `json:"output"`
	Error        *string         `json:"error"`
	StartedAt    jsonTime        `json:"started_at"`
	DurationMS   float64         `json:"duration_ms"`
}

func newConnectorCallJSON(c *partnerd.ConnectorCall) connectorCallJSON {
	out := connectorCallJSON{ID: c.ID, Provider: c.Provider, Action: c.Action, WorkspaceID: c.WorkspaceID,
		RecipeID: c.RecipeID, JobID: partnerd.JobRef(c.JobID), StepNumber: c.StepNumber, Input: c.Input,
		Output: c.Output, Error: c.Error, StartedAt: jsonTime(c.StartedAt),
		DurationMS: float64(c.Duration.Microseconds()) / float64(time.Millisecond/time.Microsecond)}
	if c.ConnectionID != 0 {
		out.ConnectionID = &c.ConnectionID
	}
	if c.StubID != 0 {
		out.StubID = &c.StubID
	}
	return out
}

// parseConnectorCallFilter reads the query of GET /_partnerd/calls:
// provider, action, recipe_id, job_id (j-… or its number),
// connection_id, page and per_page.
func parseConnectorCallFilter(r *http.Request) (partnerd.ConnectorCallFilter, error) {
	q := r.URL.Query()
	f := partnerd.ConnectorCallFilter{Provider: q.Get("provider"), Action: q.Get("action")}
	var err error
	for name, dst := range map[string]*int64{"recipe_id": &f.RecipeID, "connection_id": &f.ConnectionID} {
		if *dst, _, err = queryInt(r, name); err != nil {
			return f, err
		}
	}
	if v := strings.TrimSpace(q.Get("job_id")); v != "" {
		id, ok := partnerd.ParseJobRef(v)
		if !ok {
			if !strings.HasPrefix(v, "j-") {
				id, ok = partnerd.ParseJobRef("j-" + v)
			}
			if !ok {
				return f, partnerd.FieldError("job_id", "must be a job id such as j-12")
			}
		}
		f.JobID = id
	}
	f.Page, err = pageOf(r, maxCallsPerPage)
	return f, err
}

// handleTestCalls handles GET /_partnerd/calls: the connector calls of the
// account's jobs, stubbed or real, newest first, as {data, total}.
func (s *Server) handleTestCalls(w http.ResponseWriter, r *http.Request) error {
	f, err := parseConnectorCallFilter(r)
	if err != nil {
		return err
	}
	list, total, err := s.ConnectorCalls.FindConnectorCalls(r.Context(), callerOf(r).AccountID, f)
	if err != nil {
		return err
	}
	out := make([]connectorCallJSON, len(list))
	for i, c := range list {
		out[i] = newConnectorCallJSON(c)
	}
	return ok(w, dataWithTotal[connectorCallJSON]{Data: out, Total: total})
}

// handleTestCallsClear handles DELETE /_partnerd/calls: the account's
// recorded calls are forgotten.
func (s *Server) handleTestCallsClear(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.ConnectorCalls.DeleteConnectorCalls(r.Context(), callerOf(r).AccountID); err != nil {
		return err
	}
	return ok(w, success{Success: true})
}
