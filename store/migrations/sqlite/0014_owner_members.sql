-- The owner of an account is a member of its admin workspace. Accounts
-- created before get theirs here.
INSERT INTO members (workspace_id, grant_type, role_name, name, email, time_zone, created_at, updated_at)
SELECT w.id, 'team member', 'Admin', w.name, w.owner_email, w.time_zone, w.created_at, w.created_at
FROM workspaces w
WHERE w.account_id IS NULL AND w.owner_email IS NOT NULL
	AND NOT EXISTS (SELECT 1 FROM members m WHERE m.workspace_id = w.id AND m.email = w.owner_email);
