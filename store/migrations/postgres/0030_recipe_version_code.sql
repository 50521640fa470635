-- A recipe version keeps the code and config it left the recipe with: a
-- version's are written when the next version supersedes it, and the
-- current version's are the recipe's own. Versions superseded before
-- this migration keep none (NULL).
ALTER TABLE recipe_versions ADD COLUMN code TEXT;
ALTER TABLE recipe_versions ADD COLUMN config TEXT;
