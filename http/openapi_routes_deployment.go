package http

// The routes of routes_deployment.go: builds and deployments answer their
// object bare in both families.
var _ = document(map[string]routeDoc{
	"POST /api/managed_users/{mu}/projects/{id}/build":        {summary: "Build a project (a top folder) into a package; 400 Environments not provisioned without environments", body: deploymentBody{}, ok: projectBuildJSON{}},
	"GET /api/managed_users/{mu}/project_builds/{id}":         {summary: "Get a project build", ok: projectBuildJSON{}},
	"POST /api/managed_users/{mu}/project_builds/{id}/deploy": {summary: "Deploy a project build to another environment of the customer, updating in place what an earlier deployment put there", query: []string{"environment_type"}, body: deploymentBody{}, ok: deploymentJSON{}},
	"POST /api/managed_users/{mu}/projects/{id}/deploy":       {summary: "Build a project and deploy the build to another environment of the customer", query: []string{"environment_type"}, body: deploymentBody{}, ok: deploymentJSON{}},
	"GET /api/managed_users/{mu}/deployments":                 {summary: "Deployments from or into the environment, the newest first", query: []string{"project_id", "environment_type", "state"}, paged: 100, ok: countedItems[deploymentJSON]{}},
	"GET /api/managed_users/{mu}/deployments/{id}":            {summary: "Get a deployment from or into the environment", ok: deploymentJSON{}},
	"POST /api/projects/{id}/build":                           {summary: "Build a project (a top folder) into a package; 400 Environments not provisioned without environments", body: deploymentBody{}, ok: projectBuildJSON{}},
	"GET /api/project_builds/{id}":                            {summary: "Get a project build", ok: projectBuildJSON{}},
	"POST /api/project_builds/{id}/deploy":                    {summary: "Deploy a project build to another environment, updating in place what an earlier deployment put there", query: []string{"environment_type"}, body: deploymentBody{}, ok: deploymentJSON{}},
	"POST /api/projects/{id}/deploy":                          {summary: "Build a project and deploy the build to another environment", query: []string{"environment_type"}, body: deploymentBody{}, ok: deploymentJSON{}},
	"GET /api/deployments":                                    {summary: "Deployments from or into the caller's environment, the newest first", query: []string{"project_id", "environment_type", "state"}, paged: 100, ok: countedItems[deploymentJSON]{}},
	"GET /api/deployments/{id}":                               {summary: "Get a deployment from or into the caller's environment", ok: deploymentJSON{}},
})
