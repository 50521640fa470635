-- A recipe's revision changes, to a value never used before, with every
-- change of what the API shows of it, so that an encoded recipe can be
-- kept while its revision stands. The index answers a page of revisions
-- without reading the recipes.
ALTER TABLE recipes ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;
CREATE INDEX recipes_workspace_id_id_revision ON recipes (workspace_id, id, revision, folder_id);
DROP INDEX recipes_workspace_id_id;
