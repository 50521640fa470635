-- Environments of customer workspaces: a provisioned customer is its DEV
-- workspace (environment_type 'DEV', environment_of NULL); its TEST and
-- PROD environments are workspaces of their own whose environment_of is
-- the DEV workspace. A customer without environments has neither.
ALTER TABLE workspaces ADD COLUMN environment_type TEXT;
ALTER TABLE workspaces ADD COLUMN environment_of INTEGER REFERENCES workspaces (id) ON DELETE CASCADE;
CREATE INDEX workspaces_environment_of ON workspaces (environment_of);
