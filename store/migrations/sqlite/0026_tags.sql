-- Tags of a workspace and the recipes and connections that carry them.
CREATE TABLE tags (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	handle TEXT NOT NULL,
	title TEXT NOT NULL,
	description TEXT NOT NULL,
	color TEXT NOT NULL,
	author_id BIGINT NOT NULL,
	author_name TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL,
	last_assigned_at BIGINT
);
CREATE UNIQUE INDEX tags_workspace_id_handle_key ON tags (workspace_id, handle);

CREATE TABLE recipe_tags (
	tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
	recipe_id INTEGER NOT NULL REFERENCES recipes (id) ON DELETE CASCADE,
	PRIMARY KEY (tag_id, recipe_id)
);
CREATE INDEX recipe_tags_recipe_id ON recipe_tags (recipe_id);

CREATE TABLE connection_tags (
	tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
	connection_id INTEGER NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
	PRIMARY KEY (tag_id, connection_id)
);
CREATE INDEX connection_tags_connection_id ON connection_tags (connection_id);
