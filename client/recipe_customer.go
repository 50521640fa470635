package client

import (
	"context"
	"iter"
	"net/http"
)

// Recipes returns one page of the recipes of a customer workspace in
// descending id, at most 100 per page (GET /api/managed_users/{mu}/recipes).
func (c *Client) Recipes(ctx context.Context, mu WorkspaceRef, opts RecipeListOptions) ([]Recipe, error) {
	return c.recipes(ctx, customerRecipes(mu), opts)
}

// AllRecipes iterates over every recipe of a customer workspace that opts
// selects, in descending id, opts.PerPage a page (0, or more than 100, is
// 100, the route's maximum); opts.Page is ignored. It stops after the
// first short page; an error ends the iteration after it is yielded.
func (c *Client) AllRecipes(ctx context.Context, mu WorkspaceRef, opts RecipeListOptions) iter.Seq2[Recipe, error] {
	return c.allRecipes(ctx, customerRecipes(mu), opts)
}

// Recipe returns a recipe of a customer workspace with its code (GET
// /api/managed_users/{mu}/recipes/{id}).
func (c *Client) Recipe(ctx context.Context, mu WorkspaceRef, id int64) (*Recipe, error) {
	return c.recipe(ctx, customerRecipes(mu), id)
}

// CreateRecipe creates a stopped recipe of a customer workspace and returns
// its id (POST /api/managed_users/{mu}/recipes). Without a folder it goes to
// the home folder.
func (c *Client) CreateRecipe(ctx context.Context, mu WorkspaceRef, p RecipeParams) (int64, error) {
	return c.createRecipe(ctx, customerRecipes(mu), p)
}

// UpdateRecipe changes the fields set in p of a recipe of a customer
// workspace (PUT /api/managed_users/{mu}/recipes/{id}). A change of code or
// config is a new version. A running recipe refuses: a *Error with
// StatusCode 200.
func (c *Client) UpdateRecipe(ctx context.Context, mu WorkspaceRef, id int64, p RecipeParams) error {
	return c.recipeAck(ctx, customerRecipes(mu), http.MethodPut, id, "", p)
}

// DeleteRecipe deletes a recipe of a customer workspace (DELETE
// /api/managed_users/{mu}/recipes/{id}). A running recipe refuses: a *Error
// with StatusCode 200.
func (c *Client) DeleteRecipe(ctx context.Context, mu WorkspaceRef, id int64) error {
	return c.recipeAck(ctx, customerRecipes(mu), http.MethodDelete, id, "", nil)
}

// StartRecipe starts a recipe of a customer workspace (PUT
// /api/managed_users/{mu}/recipes/{id}/start). One that does not validate
// returns a *StartError with its problems; starting a running recipe does
// nothing.
func (c *Client) StartRecipe(ctx context.Context, mu WorkspaceRef, id int64) error {
	return c.startRecipe(ctx, customerRecipes(mu), id)
}

// StopRecipe stops a recipe of a customer workspace (PUT
// /api/managed_users/{mu}/recipes/{id}/stop). Stopping a stopped recipe does
// nothing.
func (c *Client) StopRecipe(ctx context.Context, mu WorkspaceRef, id int64) error {
	return c.recipeAck(ctx, customerRecipes(mu), http.MethodPut, id, "/stop", nil)
}

// CopyRecipe copies a recipe of a customer workspace, stopped, into folderID
// (the original's folder when 0) and returns the copy's id (POST
// /api/managed_users/{mu}/recipes/{id}/copy).
func (c *Client) CopyRecipe(ctx context.Context, mu WorkspaceRef, id, folderID int64) (int64, error) {
	return c.copyRecipe(ctx, customerRecipes(mu), id, folderID)
}

// RecipeVersions returns one page of the versions of a recipe of a customer
// workspace, newest first (GET
// /api/managed_users/{mu}/recipes/{id}/versions).
func (c *Client) RecipeVersions(ctx context.Context, mu WorkspaceRef, id int64, opts ListOptions) ([]RecipeVersion, error) {
	return c.recipeVersions(ctx, customerRecipes(mu), id, opts)
}

// AllRecipeVersions iterates over every version of a recipe of a customer
// workspace, newest first, perPage a page (0, or more than 100, is 100,
// the route's maximum). It stops after the first short page; an error
// ends the iteration after it is yielded.
func (c *Client) AllRecipeVersions(ctx context.Context, mu WorkspaceRef, id int64, perPage int) iter.Seq2[RecipeVersion, error] {
	return c.allRecipeVersions(ctx, customerRecipes(mu), id, perPage)
}

// RecipeJobs returns the jobs of a recipe of a customer workspace, newest
// first, at most 100 (GET /api/managed_users/{mu}/recipes/{id}/jobs).
func (c *Client) RecipeJobs(ctx context.Context, mu WorkspaceRef, id int64, opts JobListOptions) (*Jobs, error) {
	return c.recipeJobs(ctx, customerRecipes(mu), id, opts)
}

// AllRecipeJobs iterates over every job of a recipe of a customer
// workspace of opts.Status (any when empty), newest first, from the one
// after opts.OffsetJobID (the newest when empty). The route pages by
// cursor, 100 jobs a page: each page asks for the jobs after the last one
// of the page before. It stops after the first short page; an error ends
// the iteration after it is yielded.
func (c *Client) AllRecipeJobs(ctx context.Context, mu WorkspaceRef, id int64, opts JobListOptions) iter.Seq2[Job, error] {
	return c.allRecipeJobs(ctx, customerRecipes(mu), id, opts)
}

// ResetRecipeTrigger resets the trigger of a stopped recipe of a customer
// workspace (PUT /api/managed_users/{mu}/recipes/{id}/reset_trigger): a
// webhook recipe gets a new webhook URL, and a scheduled one starts its
// schedule afresh at its next start.
func (c *Client) ResetRecipeTrigger(ctx context.Context, mu WorkspaceRef, id int64) error {
	return c.recipeAck(ctx, customerRecipes(mu), http.MethodPut, id, "/reset_trigger", nil)
}
