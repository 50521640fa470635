package http

// The operation routes of routes_recipe.go: versions, connect and poll_now.
var _ = document(map[string]routeDoc{
	"GET /api/managed_users/{mu}/recipes/{recipe_id}/versions/{version_id}":   {summary: "Get a recipe version with the code and config it left the recipe with", ok: recipeVersionDetailJSON{}},
	"PATCH /api/managed_users/{mu}/recipes/{recipe_id}/versions/{version_id}": {summary: "Set or clear a recipe version's comment", body: recipeVersionInput{}, need: []string{"comment"}, ok: recipeVersionDetailJSON{}},
	"PUT /api/managed_users/{mu}/recipes/{recipe_id}/versions/{version_id}":   {summary: "Set or clear a recipe version's comment", body: recipeVersionInput{}, need: []string{"comment"}, ok: recipeVersionDetailJSON{}},
	"PUT /api/managed_users/{mu}/recipes/{recipe_id}/connect":                 {summary: "Swap the connection of one application of a stopped recipe for another of the same workspace and provider", body: recipeConnectInput{}, need: []string{"connection_id"}, ok: success{}},
	"POST /api/managed_users/{mu}/recipes/{recipe_id}/poll_now":               {summary: "Give a running scheduled recipe one event now; other triggers do not poll (400)", ok: success{}},
	"GET /api/recipes/{recipe_id}/versions/{version_id}":                      {summary: "Get a recipe version with the code and config it left the recipe with", ok: recipeVersionDetailJSON{}},
	"PATCH /api/recipes/{recipe_id}/versions/{version_id}":                    {summary: "Set or clear a recipe version's comment", body: recipeVersionInput{}, need: []string{"comment"}, ok: recipeVersionDetailJSON{}},
	"PUT /api/recipes/{recipe_id}/versions/{version_id}":                      {summary: "Set or clear a recipe version's comment", body: recipeVersionInput{}, need: []string{"comment"}, ok: recipeVersionDetailJSON{}},
	"PUT /api/recipes/{recipe_id}/connect":                                    {summary: "Swap the connection of one application of a stopped recipe for another of the same workspace and provider", body: recipeConnectInput{}, need: []string{"connection_id"}, ok: success{}},
	"POST /api/recipes/{recipe_id}/poll_now":                                  {summary: "Give a running scheduled recipe one event now; other triggers do not poll (400)", ok: success{}},
})
