-- Whether an API endpoint checks each call's body against the request
-- schema of its recipe's trigger before the recipe runs.
ALTER TABLE api_endpoints ADD COLUMN validate_request BOOLEAN NOT NULL DEFAULT FALSE;

-- The end of each rate counter's window: counters of windows of different
-- lengths (a minute's rate limit, a day's quota) share the table, and each
-- is swept once its own window has ended.
ALTER TABLE rate_counters ADD COLUMN window_end BIGINT NOT NULL DEFAULT 0;
CREATE INDEX rate_counters_window_end ON rate_counters (window_end);
