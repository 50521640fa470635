package client

import (
	"context"
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

func (c *Client) recipeJobs(ctx context.Context, s recipeScope, id int64, opts JobListOptions) (*Jobs, error) {
	if s.err != nil {
		return nil, s.err
	}
	q := url.Values{}
	if opts.Status != "" {
		q.Set("status", opts.Status)
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
