package http

import (
	"encoding/json"
	"net/http"

	"github.com/partnerd/partnerd"
)

// jobDetailJSON is a job as its detail shows it: the Job fields, the
// result its caller got (null when none) and its lines (runtime contract §4).
type jobDetailJSON struct {
	jobJSON
	Result json.RawMessage `json:"result"`
	Lines  []jobLineJSON   `json:"lines"`
}

// jobLineJSON is one line of a job.
type jobLineJSON struct {
	Number      int             `json:"number"`
	Keyword     string          `json:"keyword"`
	Provider    *string         `json:"provider"`
	Name        *string         `json:"name"`
	As          *string         `json:"as"`
	Status      string          `json:"status"`
	Input       json.RawMessage `json:"input"`
	Output      json.RawMessage `json:"output"`
	Error       *string         `json:"error"`
	StartedAt   jsonTime        `json:"started_at"`
	CompletedAt jsonTime        `json:"completed_at"`
	// Agent is partnerd's own: the on-prem agent that served the step,
	// omitted on a line that ran on the server.
	Agent *lineAgentJSON `json:"agent,omitempty"`
}

// lineAgentJSON names the on-prem agent that served a step.
type lineAgentJSON struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

func newJobDetailJSON(d *partnerd.JobDetail) jobDetailJSON {
	out := jobDetailJSON{jobJSON: newJobsJSON([]*partnerd.Job{d.Job})[0], Result: d.Result, Lines: make([]jobLineJSON, len(d.Lines))}
	for i, l := range d.Lines {
		out.Lines[i] = jobLineJSON{Number: l.Number, Keyword: l.Keyword, Provider: blankNull(l.Provider), Name: blankNull(l.Name),
			As: blankNull(l.As), Status: l.Status, Input: l.Input, Output: l.Output, Error: l.Error,
			StartedAt: jsonTime(l.StartedAt), CompletedAt: jsonTime(l.CompletedAt)}
		if l.Agent != nil {
			out.Lines[i].Agent = &lineAgentJSON{ID: l.Agent.ID, Name: l.Agent.Name}
		}
	}
	return out
}

// blankNull returns nil for empty text, which the wire shows as null.
func blankNull(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// jobRef reads the job id of the path: "j-" and a number; any other text
// names no job.
func jobRef(r *http.Request) (int64, error) {
	id, valid := partnerd.ParseJobRef(r.PathValue("job_id"))
	if !valid {
		return 0, partnerd.ErrNotFound()
	}
	return id, nil
}

// handleRecipeJob handles GET E/recipes/{recipe_id}/jobs/{job_id} and
// /api/recipes/{recipe_id}/jobs/{job_id}: a job with its lines.
func (s *Server) handleRecipeJob(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "recipe_id")
	if err != nil {
		return err
	}
	jobID, err := jobRef(r)
	if err != nil {
		return err
	}
	d, err := s.Jobs.FindJobByID(r.Context(), workspaceID(r), id, jobID)
	if err != nil {
		return err
	}
	return ok(w, newJobDetailJSON(d))
}
