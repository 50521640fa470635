package http

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"

	"github.com/partnerd/partnerd"
)

// recipeJSON is the Recipe object of objects.md, in its field order. Code
// is the recipe tree as a JSON string, left out with exclude_code.
type recipeJSON struct {
	ID                 int64                   `json:"id"`
	UserID             int64                   `json:"user_id"`
	Name               string                  `json:"name"`
	CreatedAt          jsonTime                `json:"created_at"`
	UpdatedAt          jsonTime                `json:"updated_at"`
	CopyCount          int                     `json:"copy_count"`
	TriggerApplication *string                 `json:"trigger_application"`
	ActionApplications []string                `json:"action_applications"`
	Applications       []string                `json:"applications"`
	Description        string                  `json:"description"` // "" when none, as Workato's API description requires a string
	ParametersSchema   []any                   `json:"parameters_schema"`
	Parameters         map[string]any          `json:"parameters"`
	WebhookURL         *string                 `json:"webhook_url"`
	FolderID           int64                   `json:"folder_id"`
	ProjectID          *int64                  `json:"project_id"`
	Running            bool                    `json:"running"`
	Active             bool                    `json:"active"`
	JobSucceededCount  int                     `json:"job_succeeded_count"`
	JobFailedCount     int                     `json:"job_failed_count"`
	LifetimeTaskCount  int                     `json:"lifetime_task_count"`
	LastRunAt          *jsonTime               `json:"last_run_at"`
	StoppedAt          *jsonTime               `json:"stopped_at"`
	VersionNo          int                     `json:"version_no"`
	StopCause          *string                 `json:"stop_cause"`
	Config             []partnerd.RecipeConfig `json:"config"`
	TriggerClosure     any                     `json:"trigger_closure"`
	Code               *string                 `json:"code,omitempty"`
	AuthorName         string                  `json:"author_name"`
	VersionAuthorName  string                  `json:"version_author_name"`
	VersionAuthorEmail string                  `json:"version_author_email"`
	VersionComment     *string                 `json:"version_comment"`
	Tags               []string                `json:"tags"`
}

func newRecipeJSON(r *partnerd.Recipe, withCode bool, base string) recipeJSON {
	out := recipeJSON{
		ID: r.ID, UserID: r.WorkspaceID, Name: r.Name, CreatedAt: jsonTime(r.CreatedAt), UpdatedAt: jsonTime(r.UpdatedAt),
		CopyCount: r.CopyCount, TriggerApplication: r.TriggerApplication, ActionApplications: r.ActionApplications,
		Applications: r.Applications(), Description: textOf(r.Description), ParametersSchema: []any{}, Parameters: map[string]any{},
		FolderID: r.FolderID, ProjectID: r.ProjectID, Running: r.Running, Active: r.Running,
		JobSucceededCount: r.JobSucceededCount, JobFailedCount: r.JobFailedCount, LifetimeTaskCount: r.LifetimeTaskCount,
		LastRunAt: timePtr(r.LastRunAt), StoppedAt: timePtr(r.StoppedAt), VersionNo: r.VersionNo, StopCause: r.StopCause,
		Config: r.Config, AuthorName: r.AuthorName, VersionAuthorName: r.VersionAuthorName,
		VersionAuthorEmail: r.VersionAuthorEmail, VersionComment: r.VersionComment, Tags: []string{},
		WebhookURL: r.WebhookURL(base),
	}
	if out.Applications == nil {
		out.Applications = []string{}
	}
	if withCode {
		out.Code = &r.Code
	}
	return out
}

// publicRecipeJSON is the PublicRecipe object of objects.md.
type publicRecipeJSON struct {
	ID                 int64    `json:"id"`
	UserID             int64    `json:"user_id"`
	Name               string   `json:"name"`
	CreatedAt          jsonTime `json:"created_at"`
	UpdatedAt          jsonTime `json:"updated_at"`
	CopyCount          int      `json:"copy_count"`
	TriggerApplication *string  `json:"trigger_application"`
	ActionApplications []string `json:"action_applications"`
	Applications       []string `json:"applications"`
	Description        string   `json:"description"`
	ParametersSchema   []any    `json:"parameters_schema"`
}

// textOf returns the text p points to, or "" for nil.
func textOf(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// recipeVersionJSON is the RecipeVersion object of objects.md.
type recipeVersionJSON struct {
	ID          int64    `json:"id"`
	VersionNo   int      `json:"version_no"`
	Comment     *string  `json:"comment"`
	AuthorName  string   `json:"author_name"`
	AuthorEmail string   `json:"author_email"`
	CreatedAt   jsonTime `json:"created_at"`
	UpdatedAt   jsonTime `json:"updated_at"`
}

// jobJSON is a Job of objects.md; its id is "j-" and the number.
type jobJSON struct {
	ID          string    `json:"id"`
	RecipeID    int64     `json:"recipe_id"`
	Status      string    `json:"status"`
	StartedAt   jsonTime  `json:"started_at"`
	CompletedAt *jsonTime `json:"completed_at"`
	Title       *string   `json:"title"`
	IsError     bool      `json:"is_error"`
	Error       *string   `json:"error"`
	TaskCount   int       `json:"task_count"`
}

func newJobsJSON(list []*partnerd.Job) []jobJSON {
	out := make([]jobJSON, len(list))
	for i, j := range list {
		out[i] = jobJSON{ID: partnerd.JobRef(j.ID), RecipeID: j.RecipeID, Status: j.Status, StartedAt: jsonTime(j.StartedAt),
			CompletedAt: timePtr(j.CompletedAt), Title: j.Title, IsError: j.IsError, Error: j.Error, TaskCount: j.TaskCount}
	}
	return out
}

// startRefusalJSON is Workato's 200 answer to a start that does not
// validate: each error is [step number, [[label, value, message, path]…]].
type startRefusalJSON struct {
	Success      bool  `json:"success"`
	CodeErrors   []any `json:"code_errors"`
	ConfigErrors []any `json:"config_errors"`
}

func newStartRefusalJSON(e *partnerd.StartErrors) startRefusalJSON {
	wire := func(list []partnerd.StepProblems) []any {
		out := make([]any, len(list))
		for i, s := range list {
			problems := make([]any, len(s.Problems))
			for k, p := range s.Problems {
				problems[k] = []any{p.Label, p.Value, p.Message, p.Path}
			}
			out[i] = []any{s.Step, problems}
		}
		return out
	}
	return startRefusalJSON{Success: false, CodeErrors: wire(e.Code), ConfigErrors: wire(e.Config)}
}

// refusalJSON is Workato's 200 refusal of a change to a running recipe.
type refusalJSON struct {
	Success bool                `json:"success"`
	Errors  map[string][]string `json:"errors"`
}

// recipeBody is the body of a recipe create or update. Code and config
// each arrive as a string holding JSON or as the JSON value itself. The
// fields may also come wrapped in "recipe", whose fields win.
type recipeBody struct {
	Name        optional[string]          `json:"name"`
	Description optional[string]          `json:"description"`
	Code        optional[json.RawMessage] `json:"code"`
	Config      optional[json.RawMessage] `json:"config"`
	FolderID    optional[flexInt]         `json:"folder_id"`
	Recipe      *recipeBody               `json:"recipe"`
}

// recipeChange is a decoded recipe body, ready to apply to a recipe.
type recipeChange struct {
	f      recipeBody
	code   string
	config []partnerd.RecipeConfig
}

// change reads the decoded body's code and config; text that is not
// JSON, or a config that is not an array of entries, is EINVALID.
func (in *recipeBody) change() (*recipeChange, error) {
	c := &recipeChange{f: *in}
	if w := in.Recipe; w != nil {
		overlay(&c.f.Name, w.Name)
		overlay(&c.f.Description, w.Description)
		overlay(&c.f.Code, w.Code)
		overlay(&c.f.Config, w.Config)
		overlay(&c.f.FolderID, w.FolderID)
	}
	v := partnerd.Validation{}
	if c.f.Code.Set && !c.f.Code.Null {
		var ok bool
		if c.code, ok = jsonValueText(c.f.Code.Value); !ok {
			v.Add("code", "is not valid JSON")
		}
	}
	if c.f.Config.Set && !c.f.Config.Null {
		var err error
		if c.config, err = decodeRecipeConfig(c.f.Config.Value); err != nil {
			v.Add("config", err.Error())
		}
	}
	return c, v.Err()
}

// overlay replaces dst with src when src was given.
func overlay[T any](dst *optional[T], src optional[T]) {
	if src.Set {
		*dst = src
	}
}

// apply sets the fields the body carries on r.
func (c *recipeChange) apply(r *partnerd.Recipe) {
	if c.f.Name.Set {
		r.Name = strings.TrimSpace(c.f.Name.Value)
	}
	c.f.Description.applyTo(&r.Description)
	if c.f.Code.Set {
		r.Code = c.code
	}
	if c.f.Config.Set {
		r.Config = c.config
	}
	if c.f.FolderID.Set && !c.f.FolderID.Null {
		r.FolderID = int64(c.f.FolderID.Value)
	}
}

// jsonValueText returns JSON sent as a string holding it, or as the value
// itself, as compact text; a blank string is "". It reports whether the
// JSON was valid.
func jsonValueText(raw json.RawMessage) (string, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '"' {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return "", false
		}
		if raw = bytes.TrimSpace([]byte(s)); len(raw) == 0 {
			return "", true
		}
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return "", false
	}
	return buf.String(), true
}

// recipeConfigInput is an entry of a config body.
type recipeConfigInput struct {
	Keyword        string   `json:"keyword"`
	Name           string   `json:"name"`
	Provider       string   `json:"provider"`
	SkipValidation flexBool `json:"skip_validation"`
	AccountID      *flexInt `json:"account_id"`
}

// decodeRecipeConfig reads a config, a string holding a JSON array or the
// array itself; its error is a message for the field "config".
func decodeRecipeConfig(raw json.RawMessage) ([]partnerd.RecipeConfig, error) {
	text, ok := jsonValueText(raw)
	if !ok {
		return nil, errors.New("is not valid JSON")
	}
	out := []partnerd.RecipeConfig{}
	if text == "" || text == "null" {
		return out, nil
	}
	var in []*recipeConfigInput
	err := json.Unmarshal([]byte(text), &in)
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &typeErr) && typeErr.Field != "":
		return nil, errors.New(typeErr.Field + " must be " + article(typeErr.Type.Kind().String()))
	case err != nil:
		return nil, errors.New("must be an array of objects")
	}
	for _, e := range in {
		if e == nil {
			return nil, errors.New("must be an array of objects")
		}
		c := partnerd.RecipeConfig{Keyword: e.Keyword, Name: e.Name, Provider: e.Provider, SkipValidation: bool(e.SkipValidation)}
		if e.AccountID != nil {
			id := int64(*e.AccountID)
			c.AccountID = &id
		}
		out = append(out, c)
	}
	return out, nil
}
