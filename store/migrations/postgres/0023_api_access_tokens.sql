-- OAuth 2 access tokens that the API gateway's token endpoint issued to
-- oauth2 access profiles, kept as SHA-256 hashes with the hash of the
-- profile's client secret at issue, so that a refreshed secret revokes them.
CREATE TABLE api_access_tokens (
	token_hash TEXT PRIMARY KEY,
	workspace_id BIGINT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	api_access_profile_id BIGINT NOT NULL REFERENCES api_access_profiles (id) ON DELETE CASCADE,
	secret_hash TEXT NOT NULL,
	expires_at BIGINT NOT NULL,
	created_at BIGINT NOT NULL
);
CREATE INDEX api_access_tokens_api_access_profile_id ON api_access_tokens (api_access_profile_id, expires_at);
