-- Account properties: a workspace's names and their string values.
CREATE TABLE properties (
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	value TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	PRIMARY KEY (workspace_id, name)
);
