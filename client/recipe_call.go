package client

import (
	"context"
	"iter"
	"net/http"
	"net/url"
)

// recipeScope is where the recipe routes of a workspace live: the caller's
// own (mu nil) or a customer workspace's.
type recipeScope struct {
	prefix string
	err    error
	own    bool
}

func ownRecipes() recipeScope { return recipeScope{prefix: ownScope, own: true} }

func customerRecipes(mu WorkspaceRef) recipeScope {
	path, err := customerPath(mu, "")
	return recipeScope{prefix: path, err: err}
}

// path returns the path of the recipes, or of one recipe and rest.
func (s recipeScope) path(id int64, rest string) string {
	if id == 0 {
		return s.prefix + "/recipes"
	}
	return s.prefix + "/recipes/" + itoa(id) + rest
}

func (c *Client) recipes(ctx context.Context, s recipeScope, opts RecipeListOptions) ([]Recipe, error) {
	if s.err != nil {
		return nil, s.err
	}
	var out struct {
		Result []Recipe `json:"result"` // Embedded lists
		Items  []Recipe `json:"items"`  // Developer lists
	}
	if err := c.do(ctx, http.MethodGet, s.path(0, ""), opts.values(), nil, &out); err != nil {
		return nil, err
	}
	if s.own {
		return out.Items, nil
	}
	return out.Result, nil
}

// allRecipes pages through the recipes under s that opts selects.
func (c *Client) allRecipes(ctx context.Context, s recipeScope, opts RecipeListOptions) iter.Seq2[Recipe, error] {
	return allPages(opts.PerPage, pageMax, func(p ListOptions, _ *Recipe) ([]Recipe, error) {
		o := opts
		o.ListOptions = p
		return c.recipes(ctx, s, o)
	})
}

func (c *Client) recipe(ctx context.Context, s recipeScope, id int64) (*Recipe, error) {
	if s.err != nil {
		return nil, s.err
	}
	var out Recipe
	if err := c.do(ctx, http.MethodGet, s.path(id, ""), nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

func (c *Client) createRecipe(ctx context.Context, s recipeScope, p RecipeParams) (int64, error) {
	if s.err != nil {
		return 0, s.err
	}
	var out struct {
		ID int64 `json:"id"`
	}
	if err := c.do(ctx, http.MethodPost, s.path(0, ""), nil, p, &out); err != nil {
		return 0, err
	}
	return out.ID, nil
}

// recipeAck sends a request answered {"success": …}; a refusal is a *Error
// with StatusCode 200.
func (c *Client) recipeAck(ctx context.Context, s recipeScope, method string, id int64, rest string, body any) error {
	if s.err != nil {
		return s.err
	}
	return c.ack(ctx, method, s.path(id, rest), body)
}

func (c *Client) startRecipe(ctx context.Context, s recipeScope, id int64) error {
	if s.err != nil {
		return s.err
	}
	var out struct {
		Success      bool         `json:"success"`
		CodeErrors   []StepErrors `json:"code_errors"`
		ConfigErrors []StepErrors `json:"config_errors"`
	}
	if err := c.do(ctx, http.MethodPut, s.path(id, "/start"), nil, nil, &out); err != nil {
		return err
	}
	if !out.Success {
		return &StartError{CodeErrors: out.CodeErrors, ConfigErrors: out.ConfigErrors}
	}
	return nil
}

func (c *Client) copyRecipe(ctx context.Context, s recipeScope, id, folderID int64) (int64, error) {
	if s.err != nil {
		return 0, s.err
	}
	body := map[string]any{}
	if folderID != 0 {
		body["folder_id"] = folderID
	}
	var out struct {
		NewFlowID int64 `json:"new_flow_id"`
	}
	if err := c.do(ctx, http.MethodPost, s.path(id, "/copy"), nil, body, &out); err != nil {
		return 0, err
	}
	return out.NewFlowID, nil
}

func (c *Client) recipeVersions(ctx context.Context, s recipeScope, id int64, opts ListOptions) ([]RecipeVersion, error) {
	if s.err != nil {
		return nil, s.err
	}
	var out struct {
		Data []RecipeVersion `json:"data"`
	}
	if err := c.do(ctx, http.MethodGet, s.path(id, "/versions"), opts.values(), nil, &out); err != nil {
		return nil, err
	}
	return out.Data, nil
}

// allRecipeVersions pages through the versions of a recipe under s.
func (c *Client) allRecipeVersions(ctx context.Context, s recipeScope, id int64, perPage int) iter.Seq2[RecipeVersion, error] {
	return allPages(perPage, pageMax, func(p ListOptions, _ *RecipeVersion) ([]RecipeVersion, error) {
		return c.recipeVersions(ctx, s, id, p)
	})
}

func (c *Client) recipeJobs(ctx context.Context, s recipeScope, id int64, opts JobListOptions) (*Jobs, error) {
	if s.err != nil {
		return nil, s.err
	}
	q := url.Values{}
	if opts.Status != "" {
		q.Set("status", opts.Status)
	}
	if opts.RerunOnly {
		q.Set("rerun_only", "true")
	}
	if opts.OffsetJobID != "" {
		q.Set("offset_job_id", opts.OffsetJobID)
	}
	var out Jobs
	if err := c.do(ctx, http.MethodGet, s.path(id, "/jobs"), q, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// allRecipeJobs pages through the jobs of a recipe under s by cursor: each
// page after the first starts after the last job of the page before.
func (c *Client) allRecipeJobs(ctx context.Context, s recipeScope, id int64, opts JobListOptions) iter.Seq2[Job, error] {
	return allPages(jobsPageSize, jobsPageSize, func(_ ListOptions, last *Job) ([]Job, error) {
		o := opts
		if last != nil {
			o.OffsetJobID = last.ID
		}
		jobs, err := c.recipeJobs(ctx, s, id, o)
		if err != nil {
			return nil, err
		}
		return jobs.Items, nil
	})
}
