-- The runtime's jobs: a trigger event is a recipe_jobs row whose run_state
-- is queued (recorded jobs keep it NULL), with its trigger's line; a worker
-- claims it (running, with a lease it renews) and finishes it (done).
-- side_effects records that a step with effects outside the job began, for
-- the interruption rule; result is what a recipe function's caller got;
-- trigger_output is the event's whole output (its line keeps 1 MiB).
ALTER TABLE recipes ADD COLUMN concurrency INTEGER NOT NULL DEFAULT 1;
ALTER TABLE recipe_jobs ADD COLUMN run_state TEXT;
ALTER TABLE recipe_jobs ADD COLUMN worker TEXT;
ALTER TABLE recipe_jobs ADD COLUMN lease_until BIGINT;
ALTER TABLE recipe_jobs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE recipe_jobs ADD COLUMN side_effects BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE recipe_jobs ADD COLUMN version_no INTEGER;
ALTER TABLE recipe_jobs ADD COLUMN result TEXT;
ALTER TABLE recipe_jobs ADD COLUMN trigger_output TEXT;
CREATE INDEX recipe_jobs_queued ON recipe_jobs (id) WHERE run_state = 'queued';
CREATE INDEX recipe_jobs_running ON recipe_jobs (recipe_id, lease_until) WHERE run_state = 'running';

-- The lines of a job: seq 0 is its trigger, then each executed step.
CREATE TABLE recipe_job_lines (
	job_id BIGINT NOT NULL REFERENCES recipe_jobs (id) ON DELETE CASCADE,
	seq INTEGER NOT NULL,
	number INTEGER NOT NULL,
	keyword TEXT NOT NULL,
	provider TEXT NOT NULL,
	name TEXT NOT NULL,
	as_name TEXT NOT NULL,
	status TEXT NOT NULL,
	input TEXT,
	output TEXT,
	error TEXT,
	started_at BIGINT NOT NULL,
	completed_at BIGINT NOT NULL,
	PRIMARY KEY (job_id, seq)
);
