-- Project builds: the package of a project's folder tree at one moment.
CREATE TABLE project_builds (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	project_id INTEGER NOT NULL,
	project_name TEXT NOT NULL,
	description TEXT,
	state TEXT NOT NULL,
	zip BLOB NOT NULL,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX project_builds_workspace_id ON project_builds (workspace_id);

-- Deployments: a build imported into another environment of its customer.
CREATE TABLE deployments (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	target_workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	project_build_id INTEGER NOT NULL REFERENCES project_builds (id) ON DELETE CASCADE,
	project_id INTEGER NOT NULL,
	target_folder_id INTEGER,
	environment_type TEXT NOT NULL,
	state TEXT NOT NULL,
	error TEXT,
	description TEXT,
	performed_by_name TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX deployments_workspace_id ON deployments (workspace_id);
CREATE INDEX deployments_target_workspace_id ON deployments (target_workspace_id);
