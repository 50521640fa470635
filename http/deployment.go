package http

import (
	"context"
	"net/http"
	"strings"

	"github.com/partnerd/partnerd"
)

// projectBuildJSON is a project build, modelled on Workato's Developer API.
type projectBuildJSON struct {
	ID          int64    `json:"id"`
	ProjectID   int64    `json:"project_id"`
	State       string   `json:"state"`
	Description *string  `json:"description"`
	CreatedAt   jsonTime `json:"created_at"`
	UpdatedAt   jsonTime `json:"updated_at"`
}

// deploymentJSON is a deployment, modelled on Workato's Developer API;
// environment_type is lower case, as its query parameter is.
type deploymentJSON struct {
	ID              int64    `json:"id"`
	ProjectID       int64    `json:"project_id"`
	ProjectBuildID  int64    `json:"project_build_id"`
	EnvironmentType string   `json:"environment_type"`
	State           string   `json:"state"`
	Error           *string  `json:"error"`
	Description     *string  `json:"description"`
	PerformedByName string   `json:"performed_by_name"`
	CreatedAt       jsonTime `json:"created_at"`
	UpdatedAt       jsonTime `json:"updated_at"`
}

func buildJSON(b *partnerd.ProjectBuild) projectBuildJSON {
	return projectBuildJSON{ID: b.ID, ProjectID: b.ProjectID, State: b.State, Description: b.Description,
		CreatedAt: jsonTime(b.CreatedAt), UpdatedAt: jsonTime(b.UpdatedAt)}
}

func deploymentOf(d *partnerd.Deployment) deploymentJSON {
	return deploymentJSON{ID: d.ID, ProjectID: d.ProjectID, ProjectBuildID: d.ProjectBuildID,
		EnvironmentType: strings.ToLower(d.EnvironmentType), State: d.State, Error: d.Error, Description: d.Description,
		PerformedByName: d.PerformedByName, CreatedAt: jsonTime(d.CreatedAt), UpdatedAt: jsonTime(d.UpdatedAt)}
}

// deploymentBody is the optional body of a build or a deployment.
type deploymentBody struct {
	Description optional[string] `json:"description"`
}

// description reads the optional body's description; blank is none.
func description(r *http.Request) (*string, error) {
	var in deploymentBody
	if err := decodeBody(r, &in); err != nil {
		return nil, err
	}
	if !in.Description.Set || in.Description.Null || strings.TrimSpace(in.Description.Value) == "" {
		return nil, nil
	}
	d := strings.TrimSpace(in.Description.Value)
	if len(d) > 1000 || !partnerd.ValidText(d) {
		return nil, partnerd.FieldError("description", "is invalid")
	}
	return &d, nil
}

// handleProjectBuild handles POST /api/projects/{id}/build.
func (s *Server) handleProjectBuild(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	desc, err := description(r)
	if err != nil {
		return err
	}
	b, err := s.Deployments.BuildProject(r.Context(), workspaceID(r), id, desc)
	if err != nil {
		return err
	}
	return ok(w, buildJSON(b))
}

// handleProjectBuildGet handles GET /api/project_builds/{id}.
func (s *Server) handleProjectBuildGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	b, err := s.Deployments.FindProjectBuildByID(r.Context(), workspaceID(r), id)
	if err != nil {
		return err
	}
	return ok(w, buildJSON(b))
}

// handleProjectBuildDeploy handles POST /api/project_builds/{id}/deploy.
func (s *Server) handleProjectBuildDeploy(w http.ResponseWriter, r *http.Request) error {
	return deploy(w, r, s.Deployments.DeployProjectBuild)
}

// handleProjectDeploy handles POST /api/projects/{id}/deploy: a build,
// then its deployment.
func (s *Server) handleProjectDeploy(w http.ResponseWriter, r *http.Request) error {
	return deploy(w, r, s.Deployments.DeployProject)
}

// deploy answers a deployment of the build or project that the path's id
// names, to the query's environment_type, with the body's description.
func deploy(w http.ResponseWriter, r *http.Request,
	run func(ctx context.Context, workspaceID, id int64, env string, description *string) (*partnerd.Deployment, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	desc, err := description(r)
	if err != nil {
		return err
	}
	d, err := run(r.Context(), workspaceID(r), id, r.URL.Query().Get("environment_type"), desc)
	if err != nil {
		return err
	}
	return ok(w, deploymentOf(d))
}

// handleDeploymentGet handles GET /api/deployments/{id}.
func (s *Server) handleDeploymentGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.Deployments.FindDeploymentByID(r.Context(), workspaceID(r), id)
	if err != nil {
		return err
	}
	return ok(w, deploymentOf(d))
}

// handleDeploymentList handles GET /api/deployments: the newest first,
// as {items, count}.
func (s *Server) handleDeploymentList(w http.ResponseWriter, r *http.Request) error {
	page, err := pageOf(r, 100)
	if err != nil {
		return err
	}
	f := partnerd.DeploymentFilter{Page: page}
	if id, given, err := queryInt(r, "project_id"); err != nil {
		return err
	} else if given {
		f.ProjectID = id
	}
	if s := r.URL.Query().Get("environment_type"); s != "" {
		env, ok := partnerd.ParseEnvironmentType(s)
		if !ok {
			return partnerd.FieldError("environment_type", "must be one of dev, test, prod")
		}
		f.EnvironmentType = env
	}
	switch state := r.URL.Query().Get("state"); state {
	case "", partnerd.DeploymentSuccess, partnerd.DeploymentFailed:
		f.State = state
	default:
		return partnerd.FieldError("state", "must be one of success, failed")
	}
	list, total, err := s.Deployments.FindDeployments(r.Context(), workspaceID(r), f)
	if err != nil {
		return err
	}
	out := make([]deploymentJSON, len(list))
	for i, d := range list {
		out[i] = deploymentOf(d)
	}
	return ok(w, countedItems[deploymentJSON]{Items: out, Count: total})
}

// countedItems wraps a page as {"items": page, "count": total}.
type countedItems[T any] struct {
	Items []T `json:"items"`
	Count int `json:"count"`
}
