package http

// recipeFilters are the query parameters of a recipe list.
var recipeFilters = []string{"adapter_names_all", "adapter_names_any", "folder_id", "running", "active",
	"since_id", "stopped_after", "stop_cause", "updated_after", "exclude_code"}

// recipeChangeAnswer is the answer of a recipe update or delete: success, or
// Workato's 200 refusal while the recipe runs.
var recipeChangeAnswer = anyOf{success{}, refusalJSON{}}

// recipeStartAnswer is the answer of a recipe start: success, or Workato's
// 200 refusal of a recipe that does not validate.
var recipeStartAnswer = anyOf{success{}, startRefusalJSON{}}

// recipeCopyInput is the body of a recipe copy.
type recipeCopyInput struct {
	FolderID optional[flexInt] `json:"folder_id"`
}

// The routes of routes_recipe.go.
var _ = document(map[string]routeDoc{
	"GET /api/managed_users/{mu}/recipes":                            {summary: "List recipes, descending id", query: recipeFilters, paged: 100, ok: resultOf[[]recipeJSON]{}},
	"GET /api/managed_users/{mu}/recipes/{recipe_id}":                {summary: "Get a recipe", ok: recipeJSON{}},
	"POST /api/managed_users/{mu}/recipes":                           {summary: "Create a recipe, stopped; code and config are JSON text or JSON values", body: recipeBody{}, ok: createdRecipeJSON{}},
	"PUT /api/managed_users/{mu}/recipes/{recipe_id}":                {summary: "Update a recipe; a running recipe is refused with a 200", body: recipeBody{}, ok: recipeChangeAnswer},
	"DELETE /api/managed_users/{mu}/recipes/{recipe_id}":             {summary: "Delete a recipe; a running recipe is refused with a 200", ok: recipeChangeAnswer},
	"PUT /api/managed_users/{mu}/recipes/{recipe_id}/start":          {summary: "Start a recipe; one that does not validate is refused with a 200", ok: recipeStartAnswer},
	"PUT /api/managed_users/{mu}/recipes/{recipe_id}/stop":           {summary: "Stop a recipe", ok: success{}},
	"PUT /api/managed_users/{mu}/recipes/{recipe_id}/reset_trigger":  {summary: "Reset a stopped recipe's trigger: a new webhook URL, and a schedule that starts afresh", ok: success{}},
	"POST /api/managed_users/{mu}/recipes/{recipe_id}/reset_trigger": {summary: "The same as PUT reset_trigger", ok: success{}},
	"POST /api/managed_users/{mu}/recipes/{recipe_id}/copy":          {summary: "Copy a recipe", body: recipeCopyInput{}, ok: copiedRecipeJSON{}},
	"GET /api/managed_users/{mu}/recipes/{recipe_id}/versions":       {summary: "List a recipe's versions, newest first", paged: 100, ok: dataOf[[]recipeVersionJSON]{}},
	"GET /api/managed_users/{mu}/recipes/{recipe_id}/jobs":           {summary: "List a recipe's recorded jobs, newest first, 100 at most", query: []string{"status", "offset_job_id", "rerun_only"}, ok: jobsJSON{}},
	"GET /api/recipes/search":                                        {summary: "Search public recipes; page counts from 0", query: []string{"term", "applications"}, paged: 20, ok: itemsOf[publicRecipeJSON]{}},
	"GET /api/recipes":                                               {summary: "List recipes, descending id", query: recipeFilters, paged: 100, ok: itemsOf[recipeJSON]{}},
	"GET /api/recipes/{recipe_id}":                                   {summary: "Get a recipe", ok: recipeJSON{}},
	"POST /api/recipes":                                              {summary: "Create a recipe, stopped; code and config are JSON text or JSON values", body: recipeBody{}, ok: createdRecipeJSON{}},
	"PUT /api/recipes/{recipe_id}":                                   {summary: "Update a recipe; a running recipe is refused with a 200", body: recipeBody{}, ok: recipeChangeAnswer},
	"DELETE /api/recipes/{recipe_id}":                                {summary: "Delete a recipe; a running recipe is refused with a 200", ok: recipeChangeAnswer},
	"PUT /api/recipes/{recipe_id}/start":                             {summary: "Start a recipe; one that does not validate is refused with a 200", ok: recipeStartAnswer},
	"PUT /api/recipes/{recipe_id}/stop":                              {summary: "Stop a recipe", ok: success{}},
	"PUT /api/recipes/{recipe_id}/reset_trigger":                     {summary: "Reset a stopped recipe's trigger: a new webhook URL, and a schedule that starts afresh", ok: success{}},
	"POST /api/recipes/{recipe_id}/reset_trigger":                    {summary: "The same as PUT reset_trigger", ok: success{}},
	"POST /api/recipes/{recipe_id}/copy":                             {summary: "Copy a recipe", body: recipeCopyInput{}, ok: copiedRecipeJSON{}},
	"GET /api/recipes/{recipe_id}/versions":                          {summary: "List a recipe's versions, newest first", paged: 100, ok: dataOf[[]recipeVersionJSON]{}},
	"GET /api/managed_users/{mu}/recipes/{recipe_id}/jobs/{job_id}":  {summary: "A job with its lines and result", ok: jobDetailJSON{}},
	"GET /api/recipes/{recipe_id}/jobs/{job_id}":                     {summary: "A job with its lines and result", ok: jobDetailJSON{}},
	"POST /api/managed_users/{mu}/recipes/{recipe_id}/repeat_jobs":   {summary: "Queue the jobs named (25 at most) again, each as a new job of the running recipe with the original's trigger output", body: repeatJobsInput{}, need: []string{"job_ids"}, ok: repeatedJobsJSON{}},
	"POST /api/recipes/{recipe_id}/repeat_jobs":                      {summary: "Queue the jobs named (25 at most) again, each as a new job of the running recipe with the original's trigger output", body: repeatJobsInput{}, need: []string{"job_ids"}, ok: repeatedJobsJSON{}},
	"POST /webhooks/rest/{token}/{event}":                            {summary: "Post an event to a running webhook-triggered recipe: the body (a JSON object) is its trigger output, with the request under partnerd_request", body: map[string]any{}, ok: webhookAcceptedJSON{}, also: []int{400, 404}},
	"POST /_partnerd/recipes/{recipe_id}/trigger":                    {summary: "Fire one trigger event of a running recipe; with wait, answer the finished job, else (or past the timeout) 202 with its id", body: testTriggerInput{}, ok: jobDetailJSON{}, accepted: triggeredJSON{}},
	"GET /api/recipes/{recipe_id}/jobs":                              {summary: "List a recipe's recorded jobs, newest first, 100 at most", query: []string{"status", "offset_job_id", "rerun_only"}, ok: jobsJSON{}},
	"POST /_partnerd/recipes/{recipe_id}/jobs":                       {summary: "Record jobs of a recipe", body: testJobsInput{}, need: []string{"status"}, ok: itemsOf[jobJSON]{}},
})
