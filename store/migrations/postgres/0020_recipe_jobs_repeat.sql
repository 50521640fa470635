-- The job that a repeated job repeats (repeat_jobs), for the jobs list's
-- rerun_only filter; NULL for a job of a trigger event. It is a plain
-- number: the original may be pruned or its recipe deleted.
ALTER TABLE recipe_jobs ADD COLUMN repeat_of BIGINT;
