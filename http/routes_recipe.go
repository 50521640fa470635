package http

import "github.com/partnerd/partnerd"

// recipeBodyLimit is the largest recipe create or update body: large
// recipes are legal (behaviors §3).
const recipeBodyLimit = 100 << 20

// recipeRoutes lists the routes of recipes, in the order of the contract,
// with the envelope each one answers. Lists and gets count against
// "recipes.read", every other route against "recipes".
func (s *Server) recipeRoutes() []route {
	const recipes = partnerd.FamilyRecipes
	return []route{
		// Recipes of a customer workspace.
		{pattern: "GET /api/managed_users/{mu}/recipes", family: familyE, area: recipes, limit: "recipes.read", handle: s.handleRecipeList},                                          // {result:[Recipe]}
		{pattern: "GET /api/managed_users/{mu}/recipes/{recipe_id}", family: familyE, area: recipes, limit: "recipes.read", handle: s.handleRecipeGet},                               // Recipe
		{pattern: "POST /api/managed_users/{mu}/recipes", family: familyE, area: recipes, limit: "recipes", maxBody: recipeBodyLimit, handle: s.handleRecipeCreate},                  // {success:true, id}
		{pattern: "PUT /api/managed_users/{mu}/recipes/{recipe_id}", family: familyE, area: recipes, limit: "recipes", maxBody: recipeBodyLimit, handle: s.handleRecipeUpdate},       // {success:true} or the 200 refusal
		{pattern: "DELETE /api/managed_users/{mu}/recipes/{recipe_id}", family: familyE, area: recipes, limit: "recipes", handle: s.handleRecipeDelete},                              // {success:true} or the 200 refusal
		{pattern: "PUT /api/managed_users/{mu}/recipes/{recipe_id}/start", family: familyE, area: recipes, limit: "recipes", handle: s.handleRecipeStart},                            // {success:true} or code_errors, config_errors
		{pattern: "PUT /api/managed_users/{mu}/recipes/{recipe_id}/stop", family: familyE, area: recipes, limit: "recipes", handle: s.handleRecipeStop},                              // {success:true}
		{pattern: "PUT /api/managed_users/{mu}/recipes/{recipe_id}/reset_trigger", family: familyE, area: recipes, limit: "recipes", handle: s.handleRecipeResetTrigger},             // {success:true}
		{pattern: "POST /api/managed_users/{mu}/recipes/{recipe_id}/reset_trigger", family: familyE, area: recipes, limit: "recipes", handle: s.handleRecipeResetTrigger},            // {success:true}, as some clients send it
		{pattern: "POST /api/managed_users/{mu}/recipes/{recipe_id}/copy", family: familyE, area: recipes, limit: "recipes", handle: s.handleRecipeCopy},                             // {success:true, new_flow_id}
		{pattern: "GET /api/managed_users/{mu}/recipes/{recipe_id}/versions", family: familyE, area: recipes, limit: "recipes", handle: s.handleRecipeVersions},                      // {data:[RecipeVersion]}
		{pattern: "GET /api/managed_users/{mu}/recipes/{recipe_id}/versions/{version_id}", family: familyE, area: recipes, limit: "recipes", handle: s.handleRecipeVersionGet},       // RecipeVersion with code and config
		{pattern: "PATCH /api/managed_users/{mu}/recipes/{recipe_id}/versions/{version_id}", family: familyE, area: recipes, limit: "recipes", handle: s.handleRecipeVersionComment}, // RecipeVersion with code and config
		{pattern: "PUT /api/managed_users/{mu}/recipes/{recipe_id}/versions/{version_id}", family: familyE, area: recipes, limit: "recipes", handle: s.handleRecipeVersionComment},   // RecipeVersion with code and config
		{pattern: "PUT /api/managed_users/{mu}/recipes/{recipe_id}/connect", family: familyE, area: recipes, limit: "recipes", handle: s.handleRecipeConnect},                        // {success:true}
		{pattern: "POST /api/managed_users/{mu}/recipes/{recipe_id}/poll_now", family: familyE, area: recipes, limit: "recipes", handle: s.handleRecipePollNow},                      // {success:true}
		{pattern: "GET /api/managed_users/{mu}/recipes/{recipe_id}/jobs", family: familyE, area: recipes, limit: "recipes", handle: s.handleRecipeJobs},                              // Jobs
		{pattern: "GET /api/managed_users/{mu}/recipes/{recipe_id}/jobs/{job_id}", family: familyE, area: recipes, limit: "recipes", handle: s.handleRecipeJob},                      // JobDetail
		{pattern: "POST /api/managed_users/{mu}/recipes/{recipe_id}/repeat_jobs", family: familyE, area: recipes, limit: "recipes", handle: s.handleRecipeRepeatJobs},                // {success:true, job_ids}
		{pattern: "GET /api/recipes/search", family: familyD, area: recipes, limit: "recipes", handle: s.handleRecipeSearch},                                                         // {items:[PublicRecipe]}
		{pattern: "GET /api/recipes", family: familyD, area: recipes, limit: "recipes.read", handle: s.handleRecipeList},                                                             // {items:[Recipe]}
		{pattern: "GET /api/recipes/{recipe_id}", family: familyD, area: recipes, limit: "recipes.read", handle: s.handleRecipeGet},                                                  // Recipe
		{pattern: "POST /api/recipes", family: familyD, area: recipes, limit: "recipes", maxBody: recipeBodyLimit, handle: s.handleRecipeCreate},                                     // {success:true, id}
		{pattern: "PUT /api/recipes/{recipe_id}", family: familyD, area: recipes, limit: "recipes", maxBody: recipeBodyLimit, handle: s.handleRecipeUpdate},                          // {success:true} or the 200 refusal
		{pattern: "DELETE /api/recipes/{recipe_id}", family: familyD, area: recipes, limit: "recipes", handle: s.handleRecipeDelete},                                                 // {success:true} or the 200 refusal
		{pattern: "PUT /api/recipes/{recipe_id}/start", family: familyD, area: recipes, limit: "recipes", handle: s.handleRecipeStart},                                               // {success:true} or code_errors, config_errors
		{pattern: "PUT /api/recipes/{recipe_id}/stop", family: familyD, area: recipes, limit: "recipes", handle: s.handleRecipeStop},                                                 // {success:true}
		{pattern: "PUT /api/recipes/{recipe_id}/reset_trigger", family: familyD, area: recipes, limit: "recipes", handle: s.handleRecipeResetTrigger},                                // {success:true}
		{pattern: "POST /api/recipes/{recipe_id}/reset_trigger", family: familyD, area: recipes, limit: "recipes", handle: s.handleRecipeResetTrigger},                               // {success:true}, as some clients send it
		{pattern: "POST /api/recipes/{recipe_id}/copy", family: familyD, area: recipes, limit: "recipes", handle: s.handleRecipeCopy},                                                // {success:true, new_flow_id}
		{pattern: "GET /api/recipes/{recipe_id}/versions", family: familyD, area: recipes, limit: "recipes", handle: s.handleRecipeVersions},                                         // {data:[RecipeVersion]}
		{pattern: "GET /api/recipes/{recipe_id}/versions/{version_id}", family: familyD, area: recipes, limit: "recipes", handle: s.handleRecipeVersionGet},                          // RecipeVersion with code and config
		{pattern: "PATCH /api/recipes/{recipe_id}/versions/{version_id}", family: familyD, area: recipes, limit: "recipes", handle: s.handleRecipeVersionComment},                    // RecipeVersion with code and config
		{pattern: "PUT /api/recipes/{recipe_id}/versions/{version_id}", family: familyD, area: recipes, limit: "recipes", handle: s.handleRecipeVersionComment},                      // RecipeVersion with code and config
		{pattern: "PUT /api/recipes/{recipe_id}/connect", family: familyD, area: recipes, limit: "recipes", handle: s.handleRecipeConnect},                                           // {success:true}
		{pattern: "POST /api/recipes/{recipe_id}/poll_now", family: familyD, area: recipes, limit: "recipes", handle: s.handleRecipePollNow},                                         // {success:true}
		{pattern: "GET /api/recipes/{recipe_id}/jobs", family: familyD, area: recipes, limit: "recipes", handle: s.handleRecipeJobs},                                                 // Jobs
		{pattern: "GET /api/recipes/{recipe_id}/jobs/{job_id}", family: familyD, area: recipes, limit: "recipes", handle: s.handleRecipeJob},                                         // JobDetail
		{pattern: "POST /api/recipes/{recipe_id}/repeat_jobs", family: familyD, area: recipes, limit: "recipes", handle: s.handleRecipeRepeatJobs},                                   // {success:true, job_ids}

		// Test helper (running.md), served with --test-helpers only.
		{pattern: "POST /_partnerd/recipes/{recipe_id}/jobs", family: familyTest, handle: s.handleTestRecipeJobs},       // {items:[Job]}
		{pattern: "POST /_partnerd/recipes/{recipe_id}/trigger", family: familyTest, handle: s.handleTestRecipeTrigger}, // JobDetail, or 202 {id, status}

		// Webhook events of recipes (runtime contract §3): no credentials, the token names the recipe.
		{pattern: "POST /webhooks/rest/{token}/{event}", family: familyService, maxBody: webhookBodyLimit, handle: s.handleWebhook}, // {status:"accepted"}
	}
}
