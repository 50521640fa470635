-- The on-prem agent that served a job line's step, when one did.
ALTER TABLE recipe_job_lines ADD COLUMN agent_id BIGINT;
ALTER TABLE recipe_job_lines ADD COLUMN agent_name TEXT;
