-- On-prem groups and agents. An agent's presence lives in its row, so that
-- every replica on one database answers the same: connection names the
-- replica's connection that holds it, and heartbeat_deadline is when it
-- turns inactive without a heartbeat (NULL: never, for simulated agents).
-- The agents' CA is a row of settings, its key sealed (store/crypt.go).
CREATE TABLE on_prem_groups (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	created_at BIGINT NOT NULL
);
CREATE INDEX on_prem_groups_workspace_id ON on_prem_groups (workspace_id);

CREATE TABLE on_prem_agents (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	group_id INTEGER NOT NULL REFERENCES on_prem_groups (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	os TEXT NOT NULL,
	cn TEXT NOT NULL,
	awaiting_setup BOOLEAN NOT NULL,
	enabled BOOLEAN NOT NULL,
	last_seen_version TEXT,
	profiles TEXT NOT NULL DEFAULT '[]',
	connection TEXT,
	connected_at BIGINT,
	last_seen_at BIGINT,
	heartbeat_deadline BIGINT,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX on_prem_agents_cn_key ON on_prem_agents (cn);
CREATE INDEX on_prem_agents_workspace_id_name ON on_prem_agents (workspace_id, name);
CREATE INDEX on_prem_agents_group_id ON on_prem_agents (group_id);

-- Activation codes: single use, expiring, kept as the SHA-256 of their secret.
CREATE TABLE on_prem_activation_codes (
	code_hash TEXT PRIMARY KEY,
	agent_id INTEGER NOT NULL REFERENCES on_prem_agents (id) ON DELETE CASCADE,
	expires_at BIGINT NOT NULL,
	used_at BIGINT
);
CREATE INDEX on_prem_activation_codes_agent_id ON on_prem_activation_codes (agent_id);
