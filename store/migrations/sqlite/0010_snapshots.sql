-- Snapshots of whole accounts, for the test helpers: data is the JSON of
-- every row of the account, table by table (store/snapshot.go). account_id
-- has no foreign key, so that a restore, which deletes and inserts the
-- admin workspace again, keeps the account's snapshots.
CREATE TABLE snapshots (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	account_id BIGINT NOT NULL,
	data TEXT NOT NULL,
	created_at BIGINT NOT NULL
);
CREATE INDEX snapshots_account_id_id ON snapshots (account_id, id);
