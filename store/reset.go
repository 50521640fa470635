package store

import "context"

// ResetAccount deletes every customer workspace of the account and, by
// cascade, everything in them, in one transaction.
func (db *DB) ResetAccount(ctx context.Context, accountID int64) error {
	return db.inTx(ctx, func(tx conn) error {
		_, err := tx.exec(ctx, `DELETE FROM workspaces WHERE account_id = ?`, accountID)
		return err
	})
}
