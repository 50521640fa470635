package partnerd

import (
	"context"
	"time"
)

// Snapshot is a saved state of a whole partner account: its admin
// workspace, its customer workspaces and every object in them, ids
// included.
type Snapshot struct {
	ID        int64
	AccountID int64
	CreatedAt time.Time
}

// SnapshotService keeps the state of whole accounts for the test helpers,
// which partners call from their own CI to return to a known state.
type SnapshotService interface {
	// ResetAccount deletes every customer workspace of the account and
	// everything in them, in one transaction. The admin workspace and its
	// own objects stay.
	ResetAccount(ctx context.Context, accountID int64) error
	// CreateSnapshot saves every row of the account. Only the newest
	// snapshots of an account are kept (store.SnapshotsKept).
	CreateSnapshot(ctx context.Context, accountID int64) (*Snapshot, error)
	// RestoreSnapshot returns the account to the snapshot in one
	// transaction: rows created since vanish, deleted ones come back with
	// their ids, and tokens of that time work again. A snapshot of another
	// account is ENOTFOUND; other accounts are never touched.
	RestoreSnapshot(ctx context.Context, accountID, id int64) error
}
