package partnerd

import (
	"context"
	"time"
)

// States of a project build and of a deployment.
const (
	DeploymentSuccess = "success"
	DeploymentFailed  = "failed"
)

// ProjectBuild is the package of a project's folder tree at the moment it
// was built, ready to deploy to the other environments of its customer.
type ProjectBuild struct {
	ID          int64
	WorkspaceID int64
	ProjectID   int64
	ProjectName string
	Description *string
	State       string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Deployment is a project build imported into another environment: into
// the top folder of the target that bears the project's name, updating in
// place what an earlier deployment put there.
type Deployment struct {
	ID                int64
	WorkspaceID       int64 // the environment the build came from
	TargetWorkspaceID int64
	ProjectBuildID    int64
	ProjectID         int64
	TargetFolderID    *int64
	EnvironmentType   string // of the target: DEV, TEST or PROD
	State             string
	Error             *string
	Description       *string
	PerformedByName   string
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

// DeploymentFilter narrows a list of deployments; zero fields match all.
type DeploymentFilter struct {
	ProjectID       int64
	EnvironmentType string
	State           string
	Page            Page
}

// DeploymentService builds projects and deploys the builds between the
// environments of one customer. A workspace without environments gets
// ErrEnvironmentsNotProvisioned from every method that writes.
type DeploymentService interface {
	// BuildProject packages the project's folder tree: ENOTFOUND for the
	// project.
	BuildProject(ctx context.Context, workspaceID, projectID int64, description *string) (*ProjectBuild, error)
	// FindProjectBuildByID returns a build, or ENOTFOUND.
	FindProjectBuildByID(ctx context.Context, workspaceID, id int64) (*ProjectBuild, error)
	// FindProjectBuildZip returns the package of a build, or ENOTFOUND.
	FindProjectBuildZip(ctx context.Context, workspaceID, id int64) ([]byte, error)
	// DeployProjectBuild imports a build into the environment envType (dev,
	// test or prod, in any case) of the workspace's customer and records
	// the deployment, succeeded or failed with the reason: ENOTFOUND for
	// the build, then EINVALID naming environment_type for a missing or
	// unknown environment and for the one the build came from.
	DeployProjectBuild(ctx context.Context, workspaceID, buildID int64, envType string, description *string) (*Deployment, error)
	// DeployProject builds a project and deploys the build, checking the
	// project and the environment before it builds anything.
	DeployProject(ctx context.Context, workspaceID, projectID int64, envType string, description *string) (*Deployment, error)
	// FindDeploymentByID returns a deployment from or into the workspace,
	// or ENOTFOUND.
	FindDeploymentByID(ctx context.Context, workspaceID, id int64) (*Deployment, error)
	// FindDeployments returns deployments from or into the workspace, the
	// newest first, and their total.
	FindDeployments(ctx context.Context, workspaceID int64, f DeploymentFilter) ([]*Deployment, int, error)
}
