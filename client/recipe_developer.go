package client

import (
	"context"
	"iter"
	"net/http"
)

// DeveloperRecipes returns one page of the recipes of the caller's own
// workspace in descending id, at most 100 per page (GET /api/recipes).
func (c *Client) DeveloperRecipes(ctx context.Context, opts RecipeListOptions) ([]Recipe, error) {
	return c.recipes(ctx, ownRecipes(), opts)
}

// AllDeveloperRecipes iterates over every recipe of the caller's own
// workspace that opts selects, as AllRecipes does.
func (c *Client) AllDeveloperRecipes(ctx context.Context, opts RecipeListOptions) iter.Seq2[Recipe, error] {
	return c.allRecipes(ctx, ownRecipes(), opts)
}

// DeveloperRecipe returns a recipe of the caller's own workspace with its
// code (GET /api/recipes/{id}).
func (c *Client) DeveloperRecipe(ctx context.Context, id int64) (*Recipe, error) {
	return c.recipe(ctx, ownRecipes(), id)
}

// DeveloperCreateRecipe creates a stopped recipe of the caller's own
// workspace and returns its id (POST /api/recipes). Without a folder it goes
// to the home folder.
func (c *Client) DeveloperCreateRecipe(ctx context.Context, p RecipeParams) (int64, error) {
	return c.createRecipe(ctx, ownRecipes(), p)
}

// DeveloperUpdateRecipe changes the fields set in p of a recipe of the
// caller's own workspace (PUT /api/recipes/{id}). A change of code or config
// is a new version. A running recipe refuses: a *Error with StatusCode 200.
func (c *Client) DeveloperUpdateRecipe(ctx context.Context, id int64, p RecipeParams) error {
	return c.recipeAck(ctx, ownRecipes(), http.MethodPut, id, "", p)
}

// DeveloperDeleteRecipe deletes a recipe of the caller's own workspace
// (DELETE /api/recipes/{id}). A running recipe refuses: a *Error with
// StatusCode 200.
func (c *Client) DeveloperDeleteRecipe(ctx context.Context, id int64) error {
	return c.recipeAck(ctx, ownRecipes(), http.MethodDelete, id, "", nil)
}

// DeveloperStartRecipe starts a recipe of the caller's own workspace (PUT
// /api/recipes/{id}/start). One that does not validate returns a *StartError
// with its problems; starting a running recipe does nothing.
func (c *Client) DeveloperStartRecipe(ctx context.Context, id int64) error {
	return c.startRecipe(ctx, ownRecipes(), id)
}

// DeveloperStopRecipe stops a recipe of the caller's own workspace (PUT
// /api/recipes/{id}/stop). Stopping a stopped recipe does nothing.
func (c *Client) DeveloperStopRecipe(ctx context.Context, id int64) error {
	return c.recipeAck(ctx, ownRecipes(), http.MethodPut, id, "/stop", nil)
}

// DeveloperCopyRecipe copies a recipe of the caller's own workspace,
// stopped, into folderID (the original's folder when 0) and returns the
// copy's id (POST /api/recipes/{id}/copy).
func (c *Client) DeveloperCopyRecipe(ctx context.Context, id, folderID int64) (int64, error) {
	return c.copyRecipe(ctx, ownRecipes(), id, folderID)
}

// DeveloperRecipeVersions returns one page of the versions of a recipe of
// the caller's own workspace, newest first (GET /api/recipes/{id}/versions).
func (c *Client) DeveloperRecipeVersions(ctx context.Context, id int64, opts ListOptions) ([]RecipeVersion, error) {
	return c.recipeVersions(ctx, ownRecipes(), id, opts)
}

// AllDeveloperRecipeVersions iterates over every version of a recipe of
// the caller's own workspace, as AllRecipeVersions does.
func (c *Client) AllDeveloperRecipeVersions(ctx context.Context, id int64, perPage int) iter.Seq2[RecipeVersion, error] {
	return c.allRecipeVersions(ctx, ownRecipes(), id, perPage)
}

// DeveloperRecipeJobs returns the jobs of a recipe of the caller's own
// workspace, newest first, at most 100 (GET /api/recipes/{id}/jobs).
func (c *Client) DeveloperRecipeJobs(ctx context.Context, id int64, opts JobListOptions) (*Jobs, error) {
	return c.recipeJobs(ctx, ownRecipes(), id, opts)
}

// AllDeveloperRecipeJobs iterates over every job of a recipe of the
// caller's own workspace that opts selects, as AllRecipeJobs does.
func (c *Client) AllDeveloperRecipeJobs(ctx context.Context, id int64, opts JobListOptions) iter.Seq2[Job, error] {
	return c.allRecipeJobs(ctx, ownRecipes(), id, opts)
}

// DeveloperResetRecipeTrigger resets the trigger of a stopped recipe of the
// caller's own workspace, as ResetRecipeTrigger does (PUT
// /api/recipes/{id}/reset_trigger).
func (c *Client) DeveloperResetRecipeTrigger(ctx context.Context, id int64) error {
	return c.recipeAck(ctx, ownRecipes(), http.MethodPut, id, "/reset_trigger", nil)
}
