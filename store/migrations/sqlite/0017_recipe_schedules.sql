-- The next firing of each running recipe whose trigger is the clock's
-- scheduled_event: set when the recipe starts, removed when it stops, and
-- moved on, in the transaction that stores the event, by whichever
-- replica fires it.
CREATE TABLE recipe_schedules (
	recipe_id BIGINT PRIMARY KEY REFERENCES recipes (id) ON DELETE CASCADE,
	workspace_id BIGINT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
	started_at BIGINT NOT NULL,
	next_run_at BIGINT NOT NULL
);
CREATE INDEX recipe_schedules_next_run_at ON recipe_schedules (next_run_at);
