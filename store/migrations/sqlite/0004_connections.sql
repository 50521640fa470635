-- Connections: input is AES-256-GCM ciphertext (see store/crypt.go), never plain text.
CREATE TABLE connections (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	folder_id INTEGER NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
	parent_id INTEGER REFERENCES connections (id) ON DELETE SET NULL,
	name TEXT NOT NULL,
	provider TEXT NOT NULL,
	description TEXT,
	external_id TEXT,
	input TEXT NOT NULL,
	authorization_status TEXT,
	authorization_error TEXT,
	authorized_at BIGINT,
	connection_lost_at BIGINT,
	connection_lost_reason TEXT,
	on_prem_group_id BIGINT,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX connections_workspace_id ON connections (workspace_id);
CREATE INDEX connections_folder_id ON connections (folder_id);
CREATE INDEX connections_parent_id ON connections (parent_id);

-- Settings of the server shared by every replica, such as the generated secret key.
CREATE TABLE settings (
	name TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
