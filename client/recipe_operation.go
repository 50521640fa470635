package client

import (
	"context"
	"net/http"
)

// RecipeVersionDetail is a recipe version with the code and config it
// left the recipe with; both are empty for a version that kept none.
type RecipeVersionDetail struct {
	RecipeVersion
	RecipeID int64          `json:"recipe_id"`
	Code     *string        `json:"code"`
	Config   []RecipeConfig `json:"config"`
}

// recipeConnectBody is the body of a recipe connect.
type recipeConnectBody struct {
	AdapterName  string `json:"adapter_name"`
	ConnectionID int64  `json:"connection_id"`
}

func (c *Client) recipeVersion(ctx context.Context, s recipeScope, id, versionID int64, method string, body any) (*RecipeVersionDetail, error) {
	if s.err != nil {
		return nil, s.err
	}
	var out RecipeVersionDetail
	if err := c.do(ctx, method, s.path(id, "/versions/"+itoa(versionID)), nil, body, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// commentBody is the body of a version comment; a nil comment clears it.
type commentBody struct {
	Comment *string `json:"comment"`
}

// RecipeVersion returns a version of a recipe of a customer workspace with
// its code and config (GET /api/managed_users/{mu}/recipes/{id}/versions/{version_id}).
func (c *Client) RecipeVersion(ctx context.Context, mu WorkspaceRef, id, versionID int64) (*RecipeVersionDetail, error) {
	return c.recipeVersion(ctx, customerRecipes(mu), id, versionID, http.MethodGet, nil)
}

// CommentRecipeVersion sets the comment of a version of a recipe of a
// customer workspace, nil or "" clearing it, and returns the version
// (PATCH /api/managed_users/{mu}/recipes/{id}/versions/{version_id}).
func (c *Client) CommentRecipeVersion(ctx context.Context, mu WorkspaceRef, id, versionID int64, comment *string) (*RecipeVersionDetail, error) {
	return c.recipeVersion(ctx, customerRecipes(mu), id, versionID, http.MethodPatch, commentBody{comment})
}

// ConnectRecipe makes the steps of adapter in a stopped recipe of a
// customer workspace use connectionID, a connection of that workspace and
// provider (PUT /api/managed_users/{mu}/recipes/{id}/connect).
func (c *Client) ConnectRecipe(ctx context.Context, mu WorkspaceRef, id int64, adapter string, connectionID int64) error {
	return c.recipeAck(ctx, customerRecipes(mu), http.MethodPut, id, "/connect", recipeConnectBody{adapter, connectionID})
}

// PollRecipeNow gives a running scheduled recipe of a customer workspace
// one event now (POST /api/managed_users/{mu}/recipes/{id}/poll_now); a
// stopped recipe or one whose trigger does not poll is a 400.
func (c *Client) PollRecipeNow(ctx context.Context, mu WorkspaceRef, id int64) error {
	return c.recipeAck(ctx, customerRecipes(mu), http.MethodPost, id, "/poll_now", nil)
}

// DeveloperRecipeVersion returns a version of a recipe of the caller's own
// workspace, as RecipeVersion does (GET /api/recipes/{id}/versions/{version_id}).
func (c *Client) DeveloperRecipeVersion(ctx context.Context, id, versionID int64) (*RecipeVersionDetail, error) {
	return c.recipeVersion(ctx, ownRecipes(), id, versionID, http.MethodGet, nil)
}

// DeveloperCommentRecipeVersion comments a version of a recipe of the
// caller's own workspace, as CommentRecipeVersion does (PATCH
// /api/recipes/{id}/versions/{version_id}).
func (c *Client) DeveloperCommentRecipeVersion(ctx context.Context, id, versionID int64, comment *string) (*RecipeVersionDetail, error) {
	return c.recipeVersion(ctx, ownRecipes(), id, versionID, http.MethodPatch, commentBody{comment})
}

// DeveloperConnectRecipe swaps a connection of a stopped recipe of the
// caller's own workspace, as ConnectRecipe does (PUT /api/recipes/{id}/connect).
func (c *Client) DeveloperConnectRecipe(ctx context.Context, id int64, adapter string, connectionID int64) error {
	return c.recipeAck(ctx, ownRecipes(), http.MethodPut, id, "/connect", recipeConnectBody{adapter, connectionID})
}

// DeveloperPollRecipeNow polls a recipe of the caller's own workspace now,
// as PollRecipeNow does (POST /api/recipes/{id}/poll_now).
func (c *Client) DeveloperPollRecipeNow(ctx context.Context, id int64) error {
	return c.recipeAck(ctx, ownRecipes(), http.MethodPost, id, "/poll_now", nil)
}
