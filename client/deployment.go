package client

import (
	"context"
	"net/url"
	"time"
)

// ProjectBuild is a project packaged at one moment, ready to deploy to
// another environment of its customer.
type ProjectBuild struct {
	ID          int64     `json:"id"`
	ProjectID   int64     `json:"project_id"`
	State       string    `json:"state"` // "success"
	Description *string   `json:"description"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Deployment is a project build imported into an environment: State is
// "success", or "failed" with the reason in Error.
type Deployment struct {
	ID              int64     `json:"id"`
	ProjectID       int64     `json:"project_id"`
	ProjectBuildID  int64     `json:"project_build_id"`
	EnvironmentType string    `json:"environment_type"` // "dev", "test" or "prod"
	State           string    `json:"state"`
	Error           *string   `json:"error"`
	Description     *string   `json:"description"`
	PerformedByName string    `json:"performed_by_name"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
}

// DeploymentListOptions narrows a list of deployments; zero fields match all.
type DeploymentListOptions struct {
	ListOptions
	ProjectID       int64
	EnvironmentType string // EnvDev, EnvTest or EnvProd
	State           string // "success" or "failed"
}

// deploymentBody is the optional body of a build or a deployment.
type deploymentBody struct {
	Description string `json:"description,omitempty"`
}

// BuildProject builds a project of a customer's environment into a
// package (POST /api/managed_users/{mu}/projects/{id}/build); name the
// environment with WorkspaceRef.In.
func (c *Client) BuildProject(ctx context.Context, mu WorkspaceRef, projectID int64, description string) (*ProjectBuild, error) {
	path, err := customerPath(mu, "/projects/"+itoa(projectID)+"/build")
	if err != nil {
		return nil, err
	}
	return c.buildProject(ctx, path, description)
}

// ProjectBuild returns a build of a customer's environment
// (GET /api/managed_users/{mu}/project_builds/{id}).
func (c *Client) ProjectBuild(ctx context.Context, mu WorkspaceRef, id int64) (*ProjectBuild, error) {
	path, err := customerPath(mu, "/project_builds/"+itoa(id))
	if err != nil {
		return nil, err
	}
	var out ProjectBuild
	return &out, c.do(ctx, "GET", path, nil, nil, &out)
}

// DeployProjectBuild deploys a build to the environment env of the same
// customer (POST /api/managed_users/{mu}/project_builds/{id}/deploy); a
// second deployment of the project updates in place what the first put
// there.
func (c *Client) DeployProjectBuild(ctx context.Context, mu WorkspaceRef, buildID int64, env, description string) (*Deployment, error) {
	path, err := customerPath(mu, "/project_builds/"+itoa(buildID)+"/deploy")
	if err != nil {
		return nil, err
	}
	return c.deploy(ctx, path, env, description)
}

// DeployProject builds a project and deploys the build to the environment
// env (POST /api/managed_users/{mu}/projects/{id}/deploy).
func (c *Client) DeployProject(ctx context.Context, mu WorkspaceRef, projectID int64, env, description string) (*Deployment, error) {
	path, err := customerPath(mu, "/projects/"+itoa(projectID)+"/deploy")
	if err != nil {
		return nil, err
	}
	return c.deploy(ctx, path, env, description)
}

// Deployments returns a page of the deployments from or into a
// customer's environment, the newest first, and their total
// (GET /api/managed_users/{mu}/deployments).
func (c *Client) Deployments(ctx context.Context, mu WorkspaceRef, opts DeploymentListOptions) ([]Deployment, int, error) {
	path, err := customerPath(mu, "/deployments")
	if err != nil {
		return nil, 0, err
	}
	return c.deployments(ctx, path, opts)
}

// Deployment returns a deployment from or into a customer's environment
// (GET /api/managed_users/{mu}/deployments/{id}).
func (c *Client) Deployment(ctx context.Context, mu WorkspaceRef, id int64) (*Deployment, error) {
	path, err := customerPath(mu, "/deployments/"+itoa(id))
	if err != nil {
		return nil, err
	}
	var out Deployment
	return &out, c.do(ctx, "GET", path, nil, nil, &out)
}

// DeveloperBuildProject builds a project of the client's own environment
// (POST /api/projects/{id}/build).
func (c *Client) DeveloperBuildProject(ctx context.Context, projectID int64, description string) (*ProjectBuild, error) {
	return c.buildProject(ctx, "/api/projects/"+itoa(projectID)+"/build", description)
}

// DeveloperProjectBuild returns a build of the client's own environment
// (GET /api/project_builds/{id}).
func (c *Client) DeveloperProjectBuild(ctx context.Context, id int64) (*ProjectBuild, error) {
	var out ProjectBuild
	return &out, c.do(ctx, "GET", "/api/project_builds/"+itoa(id), nil, nil, &out)
}

// DeveloperDeployProjectBuild deploys a build of the client's own
// environment to the environment env
// (POST /api/project_builds/{id}/deploy?environment_type=env).
func (c *Client) DeveloperDeployProjectBuild(ctx context.Context, buildID int64, env, description string) (*Deployment, error) {
	return c.deploy(ctx, "/api/project_builds/"+itoa(buildID)+"/deploy", env, description)
}

// DeveloperDeployProject builds a project of the client's own environment
// and deploys it to the environment env
// (POST /api/projects/{id}/deploy?environment_type=env).
func (c *Client) DeveloperDeployProject(ctx context.Context, projectID int64, env, description string) (*Deployment, error) {
	return c.deploy(ctx, "/api/projects/"+itoa(projectID)+"/deploy", env, description)
}

// DeveloperDeployments returns a page of the deployments from or into the
// client's own environment, the newest first, and their total
// (GET /api/deployments).
func (c *Client) DeveloperDeployments(ctx context.Context, opts DeploymentListOptions) ([]Deployment, int, error) {
	return c.deployments(ctx, "/api/deployments", opts)
}

// DeveloperDeployment returns a deployment from or into the client's own
// environment (GET /api/deployments/{id}).
func (c *Client) DeveloperDeployment(ctx context.Context, id int64) (*Deployment, error) {
	var out Deployment
	return &out, c.do(ctx, "GET", "/api/deployments/"+itoa(id), nil, nil, &out)
}

func (c *Client) buildProject(ctx context.Context, path, description string) (*ProjectBuild, error) {
	var out ProjectBuild
	return &out, c.do(ctx, "POST", path, nil, deploymentBody{description}, &out)
}

func (c *Client) deploy(ctx context.Context, path, env, description string) (*Deployment, error) {
	var out Deployment
	q := url.Values{"environment_type": {env}}
	return &out, c.do(ctx, "POST", path, q, deploymentBody{description}, &out)
}

func (c *Client) deployments(ctx context.Context, path string, opts DeploymentListOptions) ([]Deployment, int, error) {
	q := opts.values()
	if opts.ProjectID > 0 {
		q.Set("project_id", itoa(opts.ProjectID))
	}
	if opts.EnvironmentType != "" {
		q.Set("environment_type", opts.EnvironmentType)
	}
	if opts.State != "" {
		q.Set("state", opts.State)
	}
	var out struct {
		Items []Deployment `json:"items"`
		Count int          `json:"count"`
	}
	if err := c.do(ctx, "GET", path, q, nil, &out); err != nil {
		return nil, 0, err
	}
	return out.Items, out.Count, nil
}
