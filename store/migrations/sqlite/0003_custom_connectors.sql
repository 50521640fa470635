-- Custom connectors of admin workspaces and their released versions.
CREATE TABLE custom_connectors (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	account_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	title TEXT NOT NULL,
	description TEXT,
	note TEXT,
	code TEXT NOT NULL,
	code_updated_at BIGINT NOT NULL,
	oem_shared_version INTEGER,
	oem_shared_at BIGINT,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX custom_connectors_account_id_name_key ON custom_connectors (account_id, name);

CREATE TABLE custom_connector_versions (
	connector_id INTEGER NOT NULL REFERENCES custom_connectors (id) ON DELETE CASCADE,
	version INTEGER NOT NULL,
	note TEXT,
	code TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	released_at BIGINT NOT NULL,
	PRIMARY KEY (connector_id, version)
);
