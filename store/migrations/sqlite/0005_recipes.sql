-- Recipes: code is the recipe tree as JSON text, config a JSON array; the
-- applications of the code are kept in recipe_applications for the filters.
CREATE TABLE recipes (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	folder_id INTEGER NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	description TEXT,
	code TEXT NOT NULL,
	config TEXT NOT NULL DEFAULT '[]',
	trigger_application TEXT,
	action_applications TEXT NOT NULL DEFAULT '[]',
	private BOOLEAN NOT NULL DEFAULT TRUE,
	running BOOLEAN NOT NULL DEFAULT FALSE,
	stopped_at BIGINT,
	stop_cause TEXT,
	copy_count INTEGER NOT NULL DEFAULT 0,
	version_no INTEGER NOT NULL DEFAULT 1,
	author_name TEXT NOT NULL,
	job_succeeded_count INTEGER NOT NULL DEFAULT 0,
	job_failed_count INTEGER NOT NULL DEFAULT 0,
	lifetime_task_count BIGINT NOT NULL DEFAULT 0,
	last_run_at BIGINT,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX recipes_workspace_id_id ON recipes (workspace_id, id);
CREATE INDEX recipes_workspace_id_running ON recipes (workspace_id, running);
CREATE INDEX recipes_folder_id ON recipes (folder_id);

CREATE TABLE recipe_applications (
	recipe_id INTEGER NOT NULL REFERENCES recipes (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	PRIMARY KEY (recipe_id, name)
);
CREATE INDEX recipe_applications_name ON recipe_applications (name);

-- The connections a recipe's config names, so that a connection that a
-- running recipe uses can be found (connection ids are not checked here).
CREATE TABLE recipe_connections (
	recipe_id INTEGER NOT NULL REFERENCES recipes (id) ON DELETE CASCADE,
	connection_id BIGINT NOT NULL,
	PRIMARY KEY (recipe_id, connection_id)
);
CREATE INDEX recipe_connections_connection_id ON recipe_connections (connection_id);

CREATE TABLE recipe_versions (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	recipe_id INTEGER NOT NULL REFERENCES recipes (id) ON DELETE CASCADE,
	version_no INTEGER NOT NULL,
	comment TEXT,
	author_name TEXT NOT NULL,
	author_email TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	UNIQUE (recipe_id, version_no)
);

-- Recorded jobs outlive their recipe (recipe_id NULL) for the usage report.
CREATE TABLE recipe_jobs (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	recipe_id INTEGER REFERENCES recipes (id) ON DELETE SET NULL,
	status TEXT NOT NULL,
	started_at BIGINT NOT NULL,
	completed_at BIGINT,
	title TEXT,
	is_error BOOLEAN NOT NULL DEFAULT FALSE,
	error TEXT,
	task_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX recipe_jobs_recipe_id_started_at ON recipe_jobs (recipe_id, started_at, id);
CREATE INDEX recipe_jobs_workspace_id_started_at ON recipe_jobs (workspace_id, started_at);
