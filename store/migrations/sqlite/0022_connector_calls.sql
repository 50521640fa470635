-- The recorded calls of jobs' steps to connectors, stubbed or real, under
-- the account of the job's workspace. input and output are JSON text with
-- secrets redacted; duration_us is the call's time in microseconds.
CREATE TABLE connector_calls (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	account_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	provider TEXT NOT NULL,
	action TEXT NOT NULL,
	connection_id BIGINT,
	job_id BIGINT NOT NULL,
	recipe_id BIGINT NOT NULL,
	step_number INTEGER NOT NULL,
	stub_id BIGINT,
	input TEXT,
	output TEXT,
	error TEXT,
	started_at BIGINT NOT NULL,
	duration_us BIGINT NOT NULL
);
CREATE INDEX connector_calls_account_id ON connector_calls (account_id, id);
CREATE INDEX connector_calls_stub_id ON connector_calls (stub_id) WHERE stub_id IS NOT NULL;
