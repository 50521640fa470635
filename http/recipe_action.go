package http

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/partnerd/partnerd"
)

// handleRecipeStart handles PUT E/recipes/{recipe_id}/start and
// /api/recipes/{recipe_id}/start: a recipe that does not validate is
// refused with HTTP 200 and its code_errors and config_errors.
func (s *Server) handleRecipeStart(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "recipe_id")
	if err != nil {
		return err
	}
	problems, err := s.Recipes.StartRecipe(r.Context(), workspaceID(r), id)
	if err != nil {
		return err
	}
	if problems != nil {
		return ok(w, newStartRefusalJSON(problems))
	}
	return ok(w, success{true})
}

// handleRecipeStop handles PUT E/recipes/{recipe_id}/stop and
// /api/recipes/{recipe_id}/stop.
func (s *Server) handleRecipeStop(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "recipe_id")
	if err != nil {
		return err
	}
	if err := s.Recipes.StopRecipe(r.Context(), workspaceID(r), id); err != nil {
		return err
	}
	return ok(w, success{true})
}

// handleRecipeResetTrigger handles PUT (and POST) E/recipes/{recipe_id}/reset_trigger
// and /api/recipes/{recipe_id}/reset_trigger: a stopped recipe's webhook
// URL changes (the old one answers 404) and its schedule starts afresh at
// its next start; a running recipe is a 400.
func (s *Server) handleRecipeResetTrigger(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "recipe_id")
	if err != nil {
		return err
	}
	if err := s.Recipes.ResetRecipeTrigger(r.Context(), workspaceID(r), id); err != nil {
		return err
	}
	return ok(w, success{true})
}

// copiedRecipeJSON answers a recipe copy.
type copiedRecipeJSON struct {
	Success   bool  `json:"success"`
	NewFlowID int64 `json:"new_flow_id"`
}

// handleRecipeCopy handles POST E/recipes/{recipe_id}/copy and
// /api/recipes/{recipe_id}/copy: into folder_id, by default the original's.
func (s *Server) handleRecipeCopy(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "recipe_id")
	if err != nil {
		return err
	}
	var in struct {
		FolderID optional[flexInt] `json:"folder_id"`
	}
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	var folderID *int64
	if in.FolderID.Set && !in.FolderID.Null {
		n := int64(in.FolderID.Value)
		folderID = &n
	}
	c, err := s.Recipes.CopyRecipe(r.Context(), workspaceID(r), id, folderID)
	if err != nil {
		return err
	}
	return ok(w, copiedRecipeJSON{Success: true, NewFlowID: c.ID})
}

// handleRecipeVersions handles GET E/recipes/{recipe_id}/versions and
// /api/recipes/{recipe_id}/versions: {data:[RecipeVersion]}, newest first.
func (s *Server) handleRecipeVersions(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "recipe_id")
	if err != nil {
		return err
	}
	page, err := pageOf(r, 100)
	if err != nil {
		return err
	}
	list, _, err := s.Recipes.FindRecipeVersions(r.Context(), workspaceID(r), id, page)
	if err != nil {
		return err
	}
	out := make([]recipeVersionJSON, len(list))
	for i, v := range list {
		out[i] = toRecipeVersionJSON(v)
	}
	return ok(w, struct {
		Data []recipeVersionJSON `json:"data"`
	}{out})
}

// jobsJSON is the Jobs object of objects.md.
type jobsJSON struct {
	JobSucceededCount int       `json:"job_succeeded_count"`
	JobFailedCount    int       `json:"job_failed_count"`
	JobCount          int       `json:"job_count"`
	Items             []jobJSON `json:"items"`
}

// jobsPerPage is the most jobs one page lists.
const jobsPerPage = 100

// handleRecipeJobs handles GET E/recipes/{recipe_id}/jobs and
// /api/recipes/{recipe_id}/jobs: the recorded jobs, newest first, 100 at
// most, of one status, after the job offset_job_id (ours, as Workato's).
func (s *Server) handleRecipeJobs(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "recipe_id")
	if err != nil {
		return err
	}
	f := partnerd.JobFilter{Limit: jobsPerPage}
	q := r.URL.Query()
	if status := q.Get("status"); status != "" {
		if status != partnerd.JobSucceeded && status != partnerd.JobFailed && status != partnerd.JobPending {
			return partnerd.FieldError("status", "must be succeeded, failed or pending")
		}
		f.Status = &status
	}
	if v := q.Get("rerun_only"); v != "" {
		rerun, err := strconv.ParseBool(v)
		if err != nil {
			return partnerd.FieldError("rerun_only", "must be true or false")
		}
		f.RerunOnly = rerun
	}
	if ref := q.Get("offset_job_id"); ref != "" {
		n, valid := partnerd.ParseJobRef(ref)
		if !valid {
			return partnerd.FieldError("offset_job_id", "is invalid")
		}
		f.Before = &n
	}
	jobs, err := s.Recipes.FindJobs(r.Context(), workspaceID(r), id, f)
	if err != nil {
		return err
	}
	return ok(w, jobsJSON{JobSucceededCount: jobs.SucceededCount, JobFailedCount: jobs.FailedCount,
		JobCount: jobs.Count, Items: newJobsJSON(jobs.Items)})
}

// Public search pages: page counts from 0, at most 20 per page.
const publicRecipesPerPage = 20

// handleRecipeSearch handles GET /api/recipes/search: the public recipes
// of the caller's account, by term and applications, {items:[PublicRecipe]}.
func (s *Server) handleRecipeSearch(w http.ResponseWriter, r *http.Request) error {
	page, _, err := queryInt(r, "page")
	if err != nil {
		return err
	}
	perPage, given, err := queryInt(r, "per_page")
	if err != nil {
		return err
	}
	if !given || perPage < 1 {
		perPage = publicRecipesPerPage
	}
	const maxPage = 1 << 40
	f := partnerd.PublicRecipeFilter{
		Term:         r.URL.Query().Get("term"),
		Applications: commaList(r.URL.Query().Get("applications")),
		Page:         partnerd.Page{Page: int(min(max(page, 0), maxPage)) + 1, PerPage: int(min(perPage, publicRecipesPerPage))},
	}
	list, err := s.Recipes.SearchPublicRecipes(r.Context(), callerOf(r).AccountID, f)
	if err != nil {
		return err
	}
	out := make([]publicRecipeJSON, len(list))
	for i, rec := range list {
		out[i] = publicRecipeJSON{ID: rec.ID, UserID: rec.WorkspaceID, Name: rec.Name, CreatedAt: jsonTime(rec.CreatedAt),
			UpdatedAt: jsonTime(rec.UpdatedAt), CopyCount: rec.CopyCount, TriggerApplication: rec.TriggerApplication,
			ActionApplications: rec.ActionApplications, Applications: rec.Applications(), Description: textOf(rec.Description),
			ParametersSchema: []any{}}
		if out[i].Applications == nil {
			out[i].Applications = []string{}
		}
	}
	return ok(w, itemsOf[publicRecipeJSON]{out})
}

// testJobsInput is the body of POST /_partnerd/recipes/{recipe_id}/jobs.
type testJobsInput struct {
	Status    string            `json:"status"`
	Count     optional[flexInt] `json:"count"`
	TaskCount flexInt           `json:"task_count"`
	StartedAt optional[string]  `json:"started_at"`
	Title     *string           `json:"title"`
	Error     *string           `json:"error"`
}

// newJobs reads the jobs to record. Out-of-range numbers are clamped just
// past their limits, which validation then names.
func (in *testJobsInput) newJobs() (*partnerd.NewJobs, error) {
	clamp := func(n flexInt, lo, hi int64) int { return int(max(min(int64(n), hi), lo)) }
	nj := &partnerd.NewJobs{Status: strings.TrimSpace(in.Status), Count: 1, TaskCount: clamp(in.TaskCount, -1, partnerd.MaxJobTasks+1),
		Title: in.Title, Error: in.Error}
	if in.Count.Set && !in.Count.Null {
		nj.Count = clamp(in.Count.Value, 0, partnerd.MaxNewJobs+1)
	}
	if in.StartedAt.Set && !in.StartedAt.Null {
		t, err := time.Parse(time.RFC3339Nano, in.StartedAt.Value)
		if err != nil {
			return nil, partnerd.FieldError("started_at", "must be an ISO 8601 time, such as 2024-09-25T13:09:31Z")
		}
		nj.StartedAt = t
	}
	return nj, nil
}

// handleTestRecipeJobs handles POST /_partnerd/recipes/{recipe_id}/jobs:
// it records count jobs (1 by default) of a recipe of any workspace of the
// caller's account, each with task_count tasks, and answers them.
func (s *Server) handleTestRecipeJobs(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "recipe_id")
	if err != nil {
		return err
	}
	var in testJobsInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	nj, err := in.newJobs()
	if err != nil {
		return err
	}
	list, err := s.Recipes.RecordJobs(r.Context(), callerOf(r).AccountID, id, nj)
	if err != nil {
		return err
	}
	return ok(w, itemsOf[jobJSON]{newJobsJSON(list)})
}
