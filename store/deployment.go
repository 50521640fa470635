package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/partnerd/partnerd"
)

var _ partnerd.DeploymentService = (*DB)(nil)

// environmentOf returns the account and the environment type of a
// workspace: ErrEnvironmentsNotProvisioned when it has none.
func (db *DB) environmentOf(ctx context.Context, workspaceID int64) (accountID int64, envType string, err error) {
	err = db.reader().queryRow(ctx, `SELECT COALESCE(account_id, id), COALESCE(environment_type, '') FROM workspaces WHERE id = ?`,
		workspaceID).Scan(&accountID, &envType)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", partnerd.ErrNotFound()
	} else if err == nil && envType == "" {
		err = partnerd.ErrEnvironmentsNotProvisioned()
	}
	return accountID, envType, err
}

// BuildProject writes every asset of the project's folder tree into the
// package of a new build.
func (db *DB) BuildProject(ctx context.Context, workspaceID, projectID int64, description *string) (*partnerd.ProjectBuild, error) {
	folderID, name, err := db.findProjectFolder(ctx, workspaceID, projectID)
	if err != nil {
		return nil, err
	}
	if _, _, err := db.environmentOf(ctx, workspaceID); err != nil {
		return nil, err
	}
	assets, err := db.folderAssets(ctx, db.reader(), workspaceID, folderID)
	if err != nil {
		return nil, err
	}
	chosen := make(map[partnerd.AssetRef]*partnerd.Asset, len(assets))
	for _, a := range assets {
		chosen[assetRef(a)] = a
	}
	zip, err := db.zipAssets(ctx, workspaceID, assets, chosen)
	if err != nil {
		return nil, err
	}
	now := db.now()
	var id int64
	err = db.inTx(ctx, func(tx conn) error {
		return tx.queryRow(ctx, `INSERT INTO project_builds (workspace_id, project_id, project_name, description, state, zip, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, workspaceID, projectID, name, nullString(description),
			partnerd.DeploymentSuccess, zip, now, now).Scan(&id)
	})
	if err != nil {
		return nil, err
	}
	return db.FindProjectBuildByID(ctx, workspaceID, id)
}

// findProjectFolder returns the top folder of a project in the caller's
// reach, and its name.
func (db *DB) findProjectFolder(ctx context.Context, workspaceID, projectID int64) (folderID int64, name string, err error) {
	scope, scopeArgs := folderScope(ctx, workspaceID, "p.folder_id")
	err = db.reader().queryRow(ctx, `SELECT p.folder_id, f.name FROM projects p JOIN folders f ON f.id = p.folder_id
		WHERE p.workspace_id = ? AND p.id = ?`+scope, append([]any{workspaceID, projectID}, scopeArgs...)...).Scan(&folderID, &name)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", partnerd.ErrNotFound()
	}
	return folderID, name, err
}

// DeployProject builds a project and deploys the build.
func (db *DB) DeployProject(ctx context.Context, workspaceID, projectID int64, envType string, description *string) (*partnerd.Deployment, error) {
	if _, _, err := db.findProjectFolder(ctx, workspaceID, projectID); err != nil {
		return nil, err
	}
	if _, err := db.deploymentTarget(ctx, workspaceID, envType); err != nil {
		return nil, err
	}
	b, err := db.BuildProject(ctx, workspaceID, projectID, description)
	if err != nil {
		return nil, err
	}
	return db.DeployProjectBuild(ctx, workspaceID, b.ID, envType, description)
}

// deploymentTarget checks the environment a deployment from the
// workspace names (in any case) and returns the target workspace.
func (db *DB) deploymentTarget(ctx context.Context, workspaceID int64, envType string) (int64, error) {
	accountID, from, err := db.environmentOf(ctx, workspaceID)
	if err != nil {
		return 0, err
	}
	env, ok := partnerd.ParseEnvironmentType(envType)
	switch {
	case envType == "":
		return 0, partnerd.FieldError("environment_type", "can't be blank")
	case !ok:
		return 0, partnerd.FieldError("environment_type", "must be one of dev, test, prod")
	case env == from:
		return 0, partnerd.FieldError("environment_type", "must be another environment than the one the project was built in")
	}
	return db.FindEnvironmentID(ctx, accountID, workspaceID, env)
}

// FindProjectBuildByID returns a build of the workspace.
func (db *DB) FindProjectBuildByID(ctx context.Context, workspaceID, id int64) (*partnerd.ProjectBuild, error) {
	var b partnerd.ProjectBuild
	var description sql.NullString
	var created, updated int64
	err := db.reader().queryRow(ctx, `SELECT id, workspace_id, project_id, project_name, description, state, created_at, updated_at
		FROM project_builds WHERE workspace_id = ? AND id = ?`, workspaceID, id).
		Scan(&b.ID, &b.WorkspaceID, &b.ProjectID, &b.ProjectName, &description, &b.State, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, partnerd.ErrNotFound()
	} else if err != nil {
		return nil, err
	}
	b.Description = stringPtr(description)
	b.CreatedAt, b.UpdatedAt = fromMS(created), fromMS(updated)
	return &b, nil
}

// FindProjectBuildZip returns the package of a build of the workspace.
func (db *DB) FindProjectBuildZip(ctx context.Context, workspaceID, id int64) ([]byte, error) {
	var zip []byte
	err := db.reader().queryRow(ctx, `SELECT zip FROM project_builds WHERE workspace_id = ? AND id = ?`, workspaceID, id).Scan(&zip)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, partnerd.ErrNotFound()
	}
	return zip, err
}

// DeployProjectBuild imports a build into the top folder of the target
// environment named as its project, creating the folder the first time,
// and records the deployment.
func (db *DB) DeployProjectBuild(ctx context.Context, workspaceID, buildID int64, envType string, description *string) (*partnerd.Deployment, error) {
	b, err := db.FindProjectBuildByID(ctx, workspaceID, buildID)
	if err != nil {
		return nil, err
	}
	target, err := db.deploymentTarget(ctx, workspaceID, envType)
	if err != nil {
		return nil, err
	}
	envType, _ = partnerd.ParseEnvironmentType(envType)
	zip, err := db.FindProjectBuildZip(ctx, workspaceID, buildID)
	if err != nil {
		return nil, err
	}
	d := &partnerd.Deployment{WorkspaceID: workspaceID, TargetWorkspaceID: target, ProjectBuildID: b.ID, ProjectID: b.ProjectID,
		EnvironmentType: envType, State: partnerd.DeploymentSuccess, Description: description}
	if c := partnerd.CallerFromContext(ctx); c != nil {
		d.PerformedByName = c.ClientName
	}
	folderID, err := db.deploymentFolder(ctx, target, b.ProjectName)
	if err == nil {
		d.TargetFolderID = &folderID
		_, err = db.importZip(ctx, target, folderID, zip, true)
	}
	var failure *partnerd.Error
	if errors.As(err, &failure) {
		d.State, d.Error = partnerd.DeploymentFailed, &failure.Message
	} else if err != nil {
		return nil, err
	}
	now := db.now()
	err = db.inTx(ctx, func(tx conn) error {
		return tx.queryRow(ctx, `INSERT INTO deployments (workspace_id, target_workspace_id, project_build_id, project_id,
			target_folder_id, environment_type, state, error, description, performed_by_name, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, workspaceID, target, b.ID, b.ProjectID,
			nullInt64(d.TargetFolderID), envType, d.State, nullString(d.Error), nullString(description), d.PerformedByName, now, now).Scan(&d.ID)
	})
	if err != nil {
		return nil, err
	}
	return db.FindDeploymentByID(ctx, workspaceID, d.ID)
}

// deploymentFolder returns the top folder of the workspace named name,
// the oldest when there are several, creating it when there is none.
func (db *DB) deploymentFolder(ctx context.Context, workspaceID int64, name string) (int64, error) {
	var id int64
	err := db.reader().queryRow(ctx, `SELECT f.id FROM folders f JOIN folders h ON h.id = f.parent_id
		WHERE f.workspace_id = ? AND h.parent_id IS NULL AND f.name = ? ORDER BY f.id LIMIT 1`, workspaceID, name).Scan(&id)
	if !errors.Is(err, sql.ErrNoRows) {
		return id, err
	}
	f := &partnerd.Folder{Name: name}
	err = db.CreateFolder(ctx, workspaceID, f)
	return f.ID, err
}

const deploymentColumns = `id, workspace_id, target_workspace_id, project_build_id, project_id, target_folder_id,
	environment_type, state, error, description, performed_by_name, created_at, updated_at`

func scanDeployment(row interface{ Scan(...any) error }) (*partnerd.Deployment, error) {
	var d partnerd.Deployment
	var folderID sql.NullInt64
	var failure, description sql.NullString
	var created, updated int64
	err := row.Scan(&d.ID, &d.WorkspaceID, &d.TargetWorkspaceID, &d.ProjectBuildID, &d.ProjectID, &folderID,
		&d.EnvironmentType, &d.State, &failure, &description, &d.PerformedByName, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, partnerd.ErrNotFound()
	} else if err != nil {
		return nil, err
	}
	d.TargetFolderID, d.Error, d.Description = int64Ptr(folderID), stringPtr(failure), stringPtr(description)
	d.CreatedAt, d.UpdatedAt = fromMS(created), fromMS(updated)
	return &d, nil
}

// FindDeploymentByID returns a deployment from or into the workspace.
func (db *DB) FindDeploymentByID(ctx context.Context, workspaceID, id int64) (*partnerd.Deployment, error) {
	return scanDeployment(db.reader().queryRow(ctx, `SELECT `+deploymentColumns+` FROM deployments
		WHERE id = ? AND (workspace_id = ? OR target_workspace_id = ?)`, id, workspaceID, workspaceID))
}

// FindDeployments returns a page of the deployments from or into the
// workspace, the newest first.
func (db *DB) FindDeployments(ctx context.Context, workspaceID int64, f partnerd.DeploymentFilter) ([]*partnerd.Deployment, int, error) {
	where := ` FROM deployments WHERE (workspace_id = ? OR target_workspace_id = ?)`
	args := []any{workspaceID, workspaceID}
	if f.ProjectID != 0 {
		where += ` AND project_id = ?`
		args = append(args, f.ProjectID)
	}
	if f.EnvironmentType != "" {
		where += ` AND environment_type = ?`
		args = append(args, f.EnvironmentType)
	}
	if f.State != "" {
		where += ` AND state = ?`
		args = append(args, f.State)
	}
	var total int
	if err := db.reader().queryRow(ctx, `SELECT COUNT(*)`+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := db.reader().query(ctx, `SELECT `+deploymentColumns+where+` ORDER BY id DESC LIMIT ? OFFSET ?`,
		append(args, f.Page.PerPage, f.Page.Offset())...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	list := []*partnerd.Deployment{}
	for rows.Next() {
		d, err := scanDeployment(rows)
		if err != nil {
			return nil, 0, err
		}
		list = append(list, d)
	}
	return list, total, rows.Err()
}
