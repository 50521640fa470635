-- API platform: collections live in a project's top folder (or home) and
-- hold endpoints, each calling a recipe (flow_id).
CREATE TABLE api_collections (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	project_id INTEGER REFERENCES projects (id) ON DELETE CASCADE,
	folder_id INTEGER NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	version TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX api_collections_workspace_id_name_key ON api_collections (workspace_id, name);
CREATE INDEX api_collections_folder_id ON api_collections (folder_id);
CREATE INDEX api_collections_project_id ON api_collections (project_id);

CREATE TABLE api_endpoints (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	api_collection_id INTEGER NOT NULL REFERENCES api_collections (id) ON DELETE CASCADE,
	flow_id INTEGER REFERENCES recipes (id) ON DELETE SET NULL,
	name TEXT NOT NULL,
	method TEXT NOT NULL,
	path TEXT NOT NULL,
	active BOOLEAN NOT NULL DEFAULT FALSE,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX api_endpoints_workspace_id_id ON api_endpoints (workspace_id, id);
CREATE INDEX api_endpoints_api_collection_id ON api_endpoints (api_collection_id);
CREATE INDEX api_endpoints_flow_id ON api_endpoints (flow_id);

-- API clients: legacy (v1) and v2 clients in one table. jwt_secret is
-- sealed (store/crypt.go): verifying a JWT needs the secret itself.
CREATE TABLE api_clients (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	description TEXT,
	is_legacy BOOLEAN NOT NULL,
	auth_type TEXT NOT NULL,
	jwt_method TEXT,
	jwt_secret TEXT,
	oidc_issuer TEXT,
	oidc_jwks_uri TEXT,
	access_profile_claim TEXT,
	required_claims TEXT NOT NULL DEFAULT '[]',
	allowed_issuers TEXT NOT NULL DEFAULT '[]',
	mtls_enabled BOOLEAN NOT NULL DEFAULT FALSE,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX api_clients_workspace_id_id ON api_clients (workspace_id, id);

CREATE TABLE api_client_collections (
	api_client_id INTEGER NOT NULL REFERENCES api_clients (id) ON DELETE CASCADE,
	api_collection_id INTEGER NOT NULL REFERENCES api_collections (id) ON DELETE CASCADE,
	PRIMARY KEY (api_client_id, api_collection_id)
);
CREATE INDEX api_client_collections_api_collection_id ON api_client_collections (api_collection_id);

-- Access profiles, which the v2 routes call API keys. Secrets the server
-- only verifies are kept as SHA-256 hashes.
CREATE TABLE api_access_profiles (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	api_client_id INTEGER NOT NULL REFERENCES api_clients (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	active BOOLEAN NOT NULL,
	active_since BIGINT,
	auth_type TEXT NOT NULL,
	jwt_method TEXT,
	jwt_secret TEXT,
	oidc_issuer TEXT,
	oidc_jwks_uri TEXT,
	access_profile_claim TEXT,
	required_claims TEXT NOT NULL DEFAULT '[]',
	allowed_issuers TEXT NOT NULL DEFAULT '[]',
	ip_allow_list TEXT NOT NULL DEFAULT '[]',
	ip_deny_list TEXT NOT NULL DEFAULT '[]',
	token_hash TEXT,
	oauth_client_id TEXT,
	oauth_secret_hash TEXT,
	created_at BIGINT NOT NULL,
	updated_at BIGINT NOT NULL
);
CREATE INDEX api_access_profiles_workspace_id_id ON api_access_profiles (workspace_id, id);
CREATE INDEX api_access_profiles_api_client_id ON api_access_profiles (api_client_id);
CREATE UNIQUE INDEX api_access_profiles_token_hash_key ON api_access_profiles (token_hash);
CREATE UNIQUE INDEX api_access_profiles_oauth_client_id_key ON api_access_profiles (oauth_client_id);

CREATE TABLE api_access_profile_collections (
	api_access_profile_id INTEGER NOT NULL REFERENCES api_access_profiles (id) ON DELETE CASCADE,
	api_collection_id INTEGER NOT NULL REFERENCES api_collections (id) ON DELETE CASCADE,
	PRIMARY KEY (api_access_profile_id, api_collection_id)
);
CREATE INDEX api_access_profile_collections_api_collection_id ON api_access_profile_collections (api_collection_id);
