package http

import (
	"net/http"

	"github.com/partnerd/partnerd"
)

// repeatJobsInput is the body of POST E/recipes/{recipe_id}/repeat_jobs:
// the ids of the jobs to repeat, 25 at most.
type repeatJobsInput struct {
	JobIDs []string `json:"job_ids"`
}

// jobIDs reads the ids of the jobs to repeat: text that is no job id is a
// validation error naming it.
func (in *repeatJobsInput) jobIDs() ([]int64, error) {
	if len(in.JobIDs) == 0 {
		return nil, partnerd.FieldError("job_ids", "can't be blank")
	}
	if len(in.JobIDs) > partnerd.MaxRepeatJobs {
		return nil, partnerd.FieldError("job_ids", "must hold at most 25 job ids")
	}
	ids := make([]int64, len(in.JobIDs))
	for i, ref := range in.JobIDs {
		id, valid := partnerd.ParseJobRef(ref)
		if !valid {
			return nil, partnerd.FieldError("job_ids", "must be job ids such as "+partnerd.JobRef(1))
		}
		ids[i] = id
	}
	return ids, nil
}

// repeatedJobsJSON answers a repeat: success and the ids of the new jobs,
// in the order of the ids asked for.
type repeatedJobsJSON struct {
	Success bool     `json:"success"`
	JobIDs  []string `json:"job_ids"`
}

// handleRecipeRepeatJobs handles POST E/recipes/{recipe_id}/repeat_jobs and
// /api/recipes/{recipe_id}/repeat_jobs: each job named is queued again, as a
// new pending job of the running recipe with the original's trigger output.
// A job whose trigger output is no longer kept is a 400; so is a stopped
// recipe.
func (s *Server) handleRecipeRepeatJobs(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "recipe_id")
	if err != nil {
		return err
	}
	// A recipe out of reach is not found whatever the body holds.
	if _, err := s.Recipes.FindRecipeStamp(r.Context(), workspaceID(r), id); err != nil {
		return err
	}
	var in repeatJobsInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	ids, err := in.jobIDs()
	if err != nil {
		return err
	}
	jobs, err := s.Jobs.RepeatJobs(r.Context(), workspaceID(r), id, ids)
	if err != nil {
		return err
	}
	out := repeatedJobsJSON{Success: true, JobIDs: make([]string, len(jobs))}
	for i, j := range jobs {
		out.JobIDs[i] = partnerd.JobRef(j.ID)
	}
	return ok(w, out)
}
