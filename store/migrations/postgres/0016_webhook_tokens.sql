-- Each recipe's webhook token: the random part of its webhook URL, kept
-- across restarts. Recipes created before this get one here.
ALTER TABLE recipes ADD COLUMN webhook_token TEXT;
UPDATE recipes SET webhook_token = md5(random()::text || clock_timestamp()::text || id::text);
CREATE UNIQUE INDEX recipes_webhook_token ON recipes (webhook_token);
