-- On-prem operations relayed between replicas on one database: a replica
-- with no agent of the group queues one, a replica with an agent of the
-- group claims it under a lease, runs it and stores its outcome, which the
-- queuing replica reads and deletes. Rows are transient.
CREATE TABLE on_prem_relays (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	group_id INTEGER NOT NULL REFERENCES on_prem_groups (id) ON DELETE CASCADE,
	profile TEXT NOT NULL,
	is_write BOOLEAN NOT NULL,
	operation TEXT NOT NULL,
	state TEXT NOT NULL,
	claimed_by TEXT,
	lease_until BIGINT,
	outcome TEXT,
	created_at BIGINT NOT NULL
);
CREATE INDEX on_prem_relays_queued ON on_prem_relays (group_id, id) WHERE state = 'queued';
CREATE INDEX on_prem_relays_workspace_id ON on_prem_relays (workspace_id);
CREATE INDEX on_prem_relays_created_at ON on_prem_relays (created_at);
