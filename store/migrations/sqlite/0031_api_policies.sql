-- API access policies of a workspace: a rate limit and a usage quota,
-- each a number of calls per interval that every access profile of a
-- client with the policy may make (0: no limit).
CREATE TABLE api_policies (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	rate_limit_interval TEXT NOT NULL,
	rate_limit_requests BIGINT NOT NULL,
	quota_interval TEXT NOT NULL,
	quota_requests BIGINT NOT NULL,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX api_policies_workspace_id_name ON api_policies (workspace_id, name);

-- The policy a client's access profiles are held to.
ALTER TABLE api_clients ADD COLUMN api_policy_id INTEGER REFERENCES api_policies (id) ON DELETE SET NULL;
