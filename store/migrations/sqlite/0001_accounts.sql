-- Workspaces: admin workspaces (accounts, account_id NULL) and their customers.
CREATE TABLE workspaces (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	account_id INTEGER REFERENCES workspaces (id) ON DELETE CASCADE,
	owner_email TEXT,
	api_key_hash TEXT,
	external_id TEXT,
	name TEXT NOT NULL,
	notification_email TEXT NOT NULL,
	admin_notification_emails TEXT,
	error_notification_emails TEXT,
	plan_id TEXT NOT NULL,
	trial BOOLEAN NOT NULL DEFAULT FALSE,
	in_trial BOOLEAN NOT NULL DEFAULT FALSE,
	origin_url TEXT,
	frame_ancestors TEXT,
	whitelisted_apps TEXT NOT NULL DEFAULT '[]',
	time_zone TEXT NOT NULL,
	team_name TEXT NOT NULL,
	auth_settings TEXT,
	full_embedding BOOLEAN NOT NULL DEFAULT FALSE,
	active_connection_limit INTEGER,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX workspaces_account_id_external_id_key ON workspaces (account_id, external_id);
CREATE UNIQUE INDEX workspaces_owner_email_key ON workspaces (owner_email);

CREATE TABLE environments (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	type TEXT NOT NULL,
	UNIQUE (workspace_id, type)
);

-- Folders: the home folder (parent_id NULL) of each workspace and its tree.
CREATE TABLE folders (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	parent_id INTEGER REFERENCES folders (id) ON DELETE CASCADE,
	project_id INTEGER,
	name TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX folders_workspace_id_parent_id ON folders (workspace_id, parent_id);

CREATE TABLE client_roles (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	built_in BOOLEAN NOT NULL DEFAULT FALSE,
	privileges TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX client_roles_workspace_id_name_key ON client_roles (workspace_id, name);

CREATE TABLE dev_api_clients (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	role_id INTEGER NOT NULL REFERENCES client_roles (id),
	all_folders BOOLEAN NOT NULL,
	folder_ids TEXT NOT NULL DEFAULT '[]',
	environment_id INTEGER NOT NULL REFERENCES environments (id),
	ip_allow_list TEXT NOT NULL DEFAULT '',
	token_hash TEXT NOT NULL,
	token_updated_at BIGINT NOT NULL,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX dev_api_clients_token_hash_key ON dev_api_clients (token_hash);
CREATE INDEX dev_api_clients_workspace_id ON dev_api_clients (workspace_id);

-- Custom (legacy) roles of customer workspaces.
CREATE TABLE roles (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	inheritable BOOLEAN NOT NULL DEFAULT FALSE,
	folder_ids TEXT NOT NULL DEFAULT '[]',
	privileges TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX roles_workspace_id_name_key ON roles (workspace_id, name);

CREATE TABLE members (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	grant_type TEXT NOT NULL,
	role_name TEXT NOT NULL,
	env_roles TEXT NOT NULL DEFAULT '[]',
	external_id TEXT,
	name TEXT NOT NULL,
	email TEXT,
	time_zone TEXT NOT NULL,
	oauth_id TEXT,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX members_workspace_id ON members (workspace_id);

-- Fixed-window request counters shared by replicas.
CREATE TABLE rate_counters (
	key TEXT NOT NULL,
	window_start BIGINT NOT NULL,
	count INTEGER NOT NULL,
	PRIMARY KEY (key, window_start)
);
CREATE INDEX rate_counters_window_start ON rate_counters (window_start);
