-- Whether an API endpoint checks each call's body against the request
-- schema of its recipe's trigger before the recipe runs.
ALTER TABLE api_endpoints ADD COLUMN validate_request BOOLEAN NOT NULL DEFAULT FALSE;
