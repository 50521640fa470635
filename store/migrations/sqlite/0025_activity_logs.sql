-- The activity log: one row per change to a workspace's data, newest last.
-- It holds names, ids and the request's address, never a secret. Event
-- types are kept in lower case, as Workato names them.
CREATE TABLE activity_logs (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	created_at BIGINT NOT NULL,
	event_type TEXT NOT NULL,
	resource_type TEXT NOT NULL,
	resource_key TEXT NOT NULL, -- resource_type in lower case, which the filters match
	resource_id TEXT NOT NULL,
	resource_name TEXT NOT NULL,
	actor_type TEXT NOT NULL,
	actor_id BIGINT NOT NULL,
	actor_name TEXT NOT NULL,
	actor_email TEXT NOT NULL,
	ip TEXT NOT NULL,
	user_agent TEXT NOT NULL,
	source TEXT NOT NULL,
	action TEXT NOT NULL
);
CREATE INDEX activity_logs_workspace_id_id ON activity_logs (workspace_id, id);
CREATE INDEX activity_logs_workspace_id_event_type ON activity_logs (workspace_id, event_type, id);
CREATE INDEX activity_logs_workspace_id_resource_key ON activity_logs (workspace_id, resource_key, id);
