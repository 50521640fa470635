-- The queued jobs by recipe, oldest first: a claimer finds the recipes that
-- have jobs waiting, and the oldest of one, without reading the jobs of
-- recipes that run all they may.
CREATE INDEX recipe_jobs_queued_recipe ON recipe_jobs (recipe_id, id) WHERE run_state = 'queued';
