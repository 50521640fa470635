package store

import (
	"context"

	"github.com/partnerd/partnerd"
)

// ResetRecipeTrigger gives a stopped recipe a new webhook token and drops
// any schedule it kept, so that its next start schedules it afresh.
func (db *DB) ResetRecipeTrigger(ctx context.Context, workspaceID, id int64) error {
	return db.inTx(ctx, func(tx conn) error {
		running, err := db.recipeState(ctx, tx, workspaceID, id, db.dialect.forUpdate)
		if err != nil {
			return err
		}
		if running {
			return partnerd.ErrRecipeRunningReset()
		}
		now := db.now()
		_, err = tx.exec(ctx, `UPDATE recipes SET webhook_token = ?, updated_at = ?, revision = ? WHERE workspace_id = ? AND id = ?`,
			partnerd.NewWebhookToken(), now, newRevision(), workspaceID, id)
		if err == nil {
			_, err = tx.exec(ctx, `DELETE FROM recipe_schedules WHERE recipe_id = ?`, id)
		}
		return err
	})
}
