-- Each recipe's webhook token: the random part of its webhook URL, kept
-- across restarts. Recipes created before this get one here.
ALTER TABLE recipes ADD COLUMN webhook_token TEXT;
UPDATE recipes SET webhook_token = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX recipes_webhook_token ON recipes (webhook_token);
