-- Projects: each owns one top folder (a child of the home folder) and its tree.
CREATE TABLE projects (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	folder_id INTEGER NOT NULL UNIQUE REFERENCES folders (id) ON DELETE CASCADE,
	description TEXT,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX projects_workspace_id ON projects (workspace_id);
CREATE INDEX folders_project_id ON folders (project_id);
