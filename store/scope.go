package store

import (
	"context"

	"github.com/partnerd/partnerd"
)

// folderScope returns the condition that keeps column (a folder id) within
// the trees of the folders the caller of ctx is limited to in the
// workspace, with its arguments; "" when the caller's reach is not limited.
// Every query on folder-scoped objects adds it: this is the one place the
// rule of behaviors §2 lives.
func folderScope(ctx context.Context, workspaceID int64, column string) (string, []any) {
	roots, limited := partnerd.CallerFromContext(ctx).FolderLimit(workspaceID)
	if !limited {
		return "", nil
	}
	if len(roots) == 0 {
		return ` AND 1 = 0`, nil
	}
	args := []any{workspaceID}
	for _, id := range roots {
		args = append(args, id)
	}
	return ` AND ` + column + ` IN (WITH RECURSIVE scope (id) AS (
		SELECT id FROM folders WHERE workspace_id = ? AND id IN (` + placeholders(len(roots)) + `)
		UNION SELECT f.id FROM folders f JOIN scope s ON f.parent_id = s.id)
		SELECT id FROM scope)`, args
}
