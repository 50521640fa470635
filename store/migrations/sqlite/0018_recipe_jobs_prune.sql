-- The ended jobs whose lines are still kept, oldest first, for pruning.
CREATE INDEX recipe_jobs_prunable ON recipe_jobs (completed_at) WHERE run_state = 'done' AND trigger_output IS NOT NULL;
