package store

import (
	"context"

	"github.com/partnerd/partnerd"
)

// DeleteAccount deletes a partner account: its admin workspace and, by
// cascade, its customer workspaces and everything in them, in one
// transaction. It answers ENOTFOUND for an id that is not an account.
func (db *DB) DeleteAccount(ctx context.Context, accountID int64) error {
	return db.inTx(ctx, func(tx conn) error {
		res, err := tx.exec(ctx, `DELETE FROM workspaces WHERE id = ? AND account_id IS NULL`, accountID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return partnerd.ErrNotFound()
		}
		return nil
	})
}
