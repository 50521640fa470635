package client

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Recipe is a recipe of a workspace. Code is the recipe tree as JSON text,
// empty when a list was asked without it (RecipeListOptions.ExcludeCode).
type Recipe struct {
	ID                 int64          `json:"id"`
	UserID             int64          `json:"user_id"`
	Name               string         `json:"name"`
	CreatedAt          time.Time      `json:"created_at"`
	UpdatedAt          time.Time      `json:"updated_at"`
	CopyCount          int            `json:"copy_count"`
	TriggerApplication *string        `json:"trigger_application"`
	ActionApplications []string       `json:"action_applications"`
	Applications       []string       `json:"applications"`
	Description        *string        `json:"description"`
	ParametersSchema   []any          `json:"parameters_schema"`
	Parameters         map[string]any `json:"parameters"`
	WebhookURL         *string        `json:"webhook_url"`
	FolderID           int64          `json:"folder_id"`
	ProjectID          *int64         `json:"project_id"`
	Running            bool           `json:"running"`
	JobSucceededCount  int            `json:"job_succeeded_count"`
	JobFailedCount     int            `json:"job_failed_count"`
	LifetimeTaskCount  int            `json:"lifetime_task_count"`
	LastRunAt          *time.Time     `json:"last_run_at"`
	StoppedAt          *time.Time     `json:"stopped_at"`
	VersionNo          int            `json:"version_no"`
	StopCause          *string        `json:"stop_cause"`
	Config             []RecipeConfig `json:"config"`
	Code               string         `json:"code"`
	AuthorName         string         `json:"author_name"`
	VersionAuthorName  string         `json:"version_author_name"`
	VersionAuthorEmail string         `json:"version_author_email"`
	VersionComment     *string        `json:"version_comment"`
	Tags               []string       `json:"tags"`
}

// RecipeConfig is an entry of a recipe's config: the connection
// (AccountID) that the steps of one application (Provider) use.
type RecipeConfig struct {
	Keyword        string `json:"keyword,omitempty"`
	Name           string `json:"name,omitempty"`
	Provider       string `json:"provider"`
	SkipValidation bool   `json:"skip_validation"`
	AccountID      *int64 `json:"account_id"`
}

// RecipeParams is the body of CreateRecipe and UpdateRecipe. Code is the
// recipe tree, its root the trigger: JSON text, or any value that encodes
// to it (a map, a struct). On update only the fields set are sent: a nil
// Config is not sent, an empty one is.
type RecipeParams struct {
	Name        string
	Description *string
	Code        any
	Config      []RecipeConfig
	FolderID    int64
}

// MarshalJSON sends code and config as strings holding their JSON, the form
// Workato documents, and only the fields that are set.
func (p RecipeParams) MarshalJSON() ([]byte, error) {
	m := map[string]any{}
	if p.Name != "" {
		m["name"] = p.Name
	}
	put(m, "description", p.Description)
	switch code := p.Code.(type) {
	case nil:
	case string:
		if !json.Valid([]byte(code)) {
			return nil, fmt.Errorf("client: recipe code is not JSON")
		}
		m["code"] = code
	default:
		b, err := json.Marshal(code)
		if err != nil {
			return nil, fmt.Errorf("client: encode recipe code: %w", err)
		}
		m["code"] = string(b)
	}
	if p.Config != nil {
		b, err := json.Marshal(p.Config)
		if err != nil {
			return nil, err
		}
		m["config"] = string(b)
	}
	if p.FolderID != 0 {
		m["folder_id"] = p.FolderID
	}
	return json.Marshal(m)
}

// RecipeListOptions selects recipes; zero fields select every value.
type RecipeListOptions struct {
	ListOptions
	// ApplicationsAll keeps the recipes that use every one of them;
	// ApplicationsAny those that use at least one.
	ApplicationsAll, ApplicationsAny []string
	FolderID                         int64
	Running                          *bool
	SinceID                          int64 // the recipes with lower ids
	StoppedAfter, UpdatedAfter       time.Time
	StopCause                        string
	ExcludeCode                      bool
}

func (o RecipeListOptions) values() url.Values {
	q := o.ListOptions.values()
	set := func(name, v string) {
		if v != "" {
			q.Set(name, v)
		}
	}
	set("adapter_names_all", strings.Join(o.ApplicationsAll, ","))
	set("adapter_names_any", strings.Join(o.ApplicationsAny, ","))
	set("stop_cause", o.StopCause)
	if o.FolderID != 0 {
		q.Set("folder_id", itoa(o.FolderID))
	}
	if o.SinceID != 0 {
		q.Set("since_id", itoa(o.SinceID))
	}
	if o.Running != nil {
		q.Set("running", fmt.Sprint(*o.Running))
	}
	for name, t := range map[string]time.Time{"stopped_after": o.StoppedAfter, "updated_after": o.UpdatedAfter} {
		if !t.IsZero() {
			q.Set(name, t.Format(time.RFC3339Nano))
		}
	}
	if o.ExcludeCode {
		q.Set("exclude_code", "true")
	}
	return q
}

// RecipeVersion is a version of a recipe's code and config.
type RecipeVersion struct {
	ID          int64     `json:"id"`
	VersionNo   int       `json:"version_no"`
	Comment     *string   `json:"comment"`
	AuthorName  string    `json:"author_name"`
	AuthorEmail string    `json:"author_email"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Jobs is a page of a recipe's jobs, newest first, with the counts of all
// of them.
type Jobs struct {
	JobSucceededCount int   `json:"job_succeeded_count"`
	JobFailedCount    int   `json:"job_failed_count"`
	JobCount          int   `json:"job_count"`
	Items             []Job `json:"items"`
}

// Job is a run of a recipe.
type Job struct {
	ID          string     `json:"id"`
	RecipeID    int64      `json:"recipe_id"`
	Status      string     `json:"status"` // succeeded, failed or pending
	StartedAt   time.Time  `json:"started_at"`
	CompletedAt *time.Time `json:"completed_at"`
	Title       *string    `json:"title"`
	IsError     bool       `json:"is_error"`
	Error       *string    `json:"error"`
	TaskCount   int        `json:"task_count"`
}

// JobListOptions selects jobs: of one Status, after the job OffsetJobID,
// and only those that repeat_jobs queued when RerunOnly is set.
type JobListOptions struct {
	Status      string
	OffsetJobID string
	RerunOnly   bool
}

// PublicRecipe is a recipe found by SearchPublicRecipes.
type PublicRecipe struct {
	ID                 int64     `json:"id"`
	UserID             int64     `json:"user_id"`
	Name               string    `json:"name"`
	CreatedAt          time.Time `json:"created_at"`
	UpdatedAt          time.Time `json:"updated_at"`
	CopyCount          int       `json:"copy_count"`
	TriggerApplication *string   `json:"trigger_application"`
	ActionApplications []string  `json:"action_applications"`
	Applications       []string  `json:"applications"`
	Description        *string   `json:"description"`
	ParametersSchema   []any     `json:"parameters_schema"`
}

// PublicRecipeSearch selects public recipes. Page counts from 0; PerPage
// is at most 20, the default.
type PublicRecipeSearch struct {
	Term         string
	Applications []string
	Page         int
	PerPage      int
}

// StartError is the answer to a start of a recipe that does not validate,
// which Workato sends with HTTP 200: the problems of its code and of its
// config, by step.
type StartError struct {
	CodeErrors   []StepErrors
	ConfigErrors []StepErrors
}

// Error lists every problem.
func (e *StartError) Error() string {
	var parts []string
	for _, list := range [][]StepErrors{e.CodeErrors, e.ConfigErrors} {
		for _, s := range list {
			for _, p := range s.Problems {
				parts = append(parts, fmt.Sprintf("step %d: %s", s.Step, p.Message))
			}
		}
	}
	return "client: the recipe cannot start: " + strings.Join(parts, "; ")
}

// StepErrors are the problems of one step, named by its number.
type StepErrors struct {
	Step     int
	Problems []StepProblem
}

// StepProblem is one problem: on the wire [label, value, message, path].
type StepProblem struct {
	Label   string
	Value   any
	Message string
	Path    string
}

// UnmarshalJSON reads [step, [[label, value, message, path]…]].
func (s *StepErrors) UnmarshalJSON(b []byte) error {
	var wire []json.RawMessage
	if err := json.Unmarshal(b, &wire); err != nil || len(wire) != 2 {
		return fmt.Errorf("client: a step error is not [step, problems]: %s", b)
	}
	var problems [][]any
	if err := json.Unmarshal(wire[0], &s.Step); err != nil {
		return err
	}
	if err := json.Unmarshal(wire[1], &problems); err != nil {
		return err
	}
	s.Problems = nil
	for _, p := range problems {
		if len(p) != 4 {
			return fmt.Errorf("client: a step problem is not [label, value, message, path]: %v", p)
		}
		label, _ := p[0].(string)
		message, _ := p[2].(string)
		path, _ := p[3].(string)
		s.Problems = append(s.Problems, StepProblem{Label: label, Value: p[1], Message: message, Path: path})
	}
	return nil
}

// TestJobsParams is the body of TestRecordJobs: Count jobs (1 when zero) of
// Status, each with TaskCount tasks, started at StartedAt (now when zero).
type TestJobsParams struct {
	Status    string    `json:"status"`
	Count     int       `json:"count,omitempty"`
	TaskCount int       `json:"task_count"`
	StartedAt time.Time `json:"started_at,omitzero"`
}

// TestRecordJobs records jobs of a recipe of any workspace of the account,
// as a recipe runtime would; they feed the recipe's job counts and the
// usage report (POST /_partnerd/recipes/{id}/jobs). It is a partnerd test
// helper: the server must run with --test-helpers, and the client must
// have the Admin role.
func (c *Client) TestRecordJobs(ctx context.Context, recipeID int64, p TestJobsParams) ([]Job, error) {
	var out struct {
		Items []Job `json:"items"`
	}
	if err := c.do(ctx, http.MethodPost, "/_partnerd/recipes/"+itoa(recipeID)+"/jobs", nil, p, &out); err != nil {
		return nil, err
	}
	return out.Items, nil
}

// SearchPublicRecipes returns one page of the account's public recipes
// (GET /api/recipes/search).
func (c *Client) SearchPublicRecipes(ctx context.Context, s PublicRecipeSearch) ([]PublicRecipe, error) {
	q := url.Values{}
	if s.Term != "" {
		q.Set("term", s.Term)
	}
	if len(s.Applications) > 0 {
		q.Set("applications", strings.Join(s.Applications, ","))
	}
	q.Set("page", fmt.Sprint(s.Page))
	if s.PerPage > 0 {
		q.Set("per_page", fmt.Sprint(s.PerPage))
	}
	var out struct {
		Items []PublicRecipe `json:"items"`
	}
	if err := c.do(ctx, http.MethodGet, "/api/recipes/search", q, nil, &out); err != nil {
		return nil, err
	}
	return out.Items, nil
}

// AllPublicRecipes iterates over every public recipe that s selects,
// s.PerPage a page (0, or more than 20, is 20, the route's maximum);
// s.Page is ignored. It stops after the first short page; an error ends
// the iteration after it is yielded.
func (c *Client) AllPublicRecipes(ctx context.Context, s PublicRecipeSearch) iter.Seq2[PublicRecipe, error] {
	return allPages(s.PerPage, publicRecipesPageMax, func(p ListOptions, _ *PublicRecipe) ([]PublicRecipe, error) {
		o := s
		o.Page, o.PerPage = p.Page-1, p.PerPage // this route counts pages from 0
		return c.SearchPublicRecipes(ctx, o)
	})
}
