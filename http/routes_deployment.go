package http

import "github.com/partnerd/partnerd"

// deploymentRoutes lists the routes of project builds and deployments
// between the environments of a customer: the Developer family's, as
// Workato documents them, and the same under a customer workspace.
func (s *Server) deploymentRoutes() []route {
	const packages = partnerd.FamilyPackages
	return []route{
		// Builds and deployments of a customer workspace's environment.
		{pattern: "POST /api/managed_users/{mu}/projects/{id}/build", family: familyE, area: packages, limit: "exports", handle: s.handleProjectBuild},              // ProjectBuild
		{pattern: "GET /api/managed_users/{mu}/project_builds/{id}", family: familyE, area: packages, limit: "exports", handle: s.handleProjectBuildGet},            // ProjectBuild
		{pattern: "POST /api/managed_users/{mu}/project_builds/{id}/deploy", family: familyE, area: packages, limit: "imports", handle: s.handleProjectBuildDeploy}, // Deployment
		{pattern: "POST /api/managed_users/{mu}/projects/{id}/deploy", family: familyE, area: packages, limit: "imports", handle: s.handleProjectDeploy},            // Deployment
		{pattern: "GET /api/managed_users/{mu}/deployments", family: familyE, area: packages, limit: "imports", handle: s.handleDeploymentList},                     // {items:[Deployment],count}
		{pattern: "GET /api/managed_users/{mu}/deployments/{id}", family: familyE, area: packages, limit: "imports", handle: s.handleDeploymentGet},                 // Deployment

		// Builds and deployments of the caller's own environment.
		{pattern: "POST /api/projects/{id}/build", family: familyD, area: packages, limit: "exports", handle: s.handleProjectBuild},              // ProjectBuild
		{pattern: "GET /api/project_builds/{id}", family: familyD, area: packages, limit: "exports", handle: s.handleProjectBuildGet},            // ProjectBuild
		{pattern: "POST /api/project_builds/{id}/deploy", family: familyD, area: packages, limit: "imports", handle: s.handleProjectBuildDeploy}, // Deployment
		{pattern: "POST /api/projects/{id}/deploy", family: familyD, area: packages, limit: "imports", handle: s.handleProjectDeploy},            // Deployment
		{pattern: "GET /api/deployments", family: familyD, area: packages, limit: "imports", handle: s.handleDeploymentList},                     // {items:[Deployment],count}
		{pattern: "GET /api/deployments/{id}", family: familyD, area: packages, limit: "imports", handle: s.handleDeploymentGet},                 // Deployment
	}
}
