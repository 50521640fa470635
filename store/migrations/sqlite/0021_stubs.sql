-- Stubs: an account's rules that answer the steps of connectors partnerd
-- cannot reach. input_match and answers are JSON text; hits counts the
-- calls a stub of several answers answered, for its sequence.
CREATE TABLE stubs (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	account_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	provider TEXT NOT NULL,
	action TEXT NOT NULL,
	input_match TEXT,
	answers TEXT NOT NULL,
	hits INTEGER NOT NULL DEFAULT 0,
	created_at BIGINT NOT NULL
);
CREATE INDEX stubs_account_id_provider_action ON stubs (account_id, provider, action, id);
