package partnerd

import (
	"context"
	"time"
)

// States of a relayed on-prem operation.
const (
	OnPremRelayQueued  = "queued"  // waiting for a replica with an agent of its group
	OnPremRelayClaimed = "claimed" // running on the replica that claimed it
	OnPremRelayDone    = "done"    // its outcome is stored for the replica that queued it
)

// OnPremRelayedOperation is an operation that a replica without an agent of
// its group queued for a replica with one. Operation and Outcome are
// opaque to the store: the replicas encode them.
type OnPremRelayedOperation struct {
	ID          int64
	WorkspaceID int64
	GroupID     int64
	Profile     string
	Write       bool
	Operation   []byte
	State       string
	ClaimedBy   string    // the replica that claimed it, when claimed or done
	LeaseUntil  time.Time // when a claimed operation's replica counts as gone
	Outcome     []byte    // the result or error, once done
	CreatedAt   time.Time // when it was queued, or queued again
}

// OnPremGroupKey names an on-prem group of a workspace.
type OnPremGroupKey struct{ WorkspaceID, GroupID int64 }

// OnPremRelayService stores the on-prem operations that replicas relay to
// each other through the database they share, so that a step runs through
// an agent connected to any replica.
type OnPremRelayService interface {
	// QueueOnPremOperation stores a queued operation and wakes the replicas.
	QueueOnPremOperation(ctx context.Context, workspaceID, groupID int64, profile string, write bool, op []byte) (int64, error)
	// ClaimOnPremOperations gives replica the oldest queued operations of
	// the groups, at most limit, leased for lease; none when there are none.
	ClaimOnPremOperations(ctx context.Context, replica string, groups []OnPremGroupKey, lease time.Duration, limit int) ([]*OnPremRelayedOperation, error)
	// RenewOnPremOperation extends the lease of an operation that replica
	// runs; ENOTFOUND when it is no longer the replica's (it was cancelled).
	RenewOnPremOperation(ctx context.Context, workspaceID, id int64, replica string, lease time.Duration) error
	// FinishOnPremOperation stores the outcome of an operation that replica
	// ran and wakes its waiter; ENOTFOUND when it is no longer the
	// replica's.
	FinishOnPremOperation(ctx context.Context, workspaceID, id int64, replica string, outcome []byte) error
	// RequeueOnPremOperation queues again an operation that replica
	// claimed, its CreatedAt now; ENOTFOUND when it no longer holds it.
	RequeueOnPremOperation(ctx context.Context, workspaceID, id int64, replica string) error
	// FindOnPremOperation returns an operation of the workspace.
	FindOnPremOperation(ctx context.Context, workspaceID, id int64) (*OnPremRelayedOperation, error)
	// DeleteOnPremOperation deletes an operation of the workspace in the
	// given state, any state when it is "", and returns it as it was;
	// ENOTFOUND when there is none. The deletion of a claimed one wakes its
	// claimer's watch.
	DeleteOnPremOperation(ctx context.Context, workspaceID, id int64, state string) (*OnPremRelayedOperation, error)
	// PruneOnPremOperations deletes the operations created before before
	// that no live lease holds: those whose waiter is gone.
	PruneOnPremOperations(ctx context.Context, before time.Time) (int64, error)
	// OnPremOperationsQueued receives, best effort, when an operation has
	// been queued by any replica.
	OnPremOperationsQueued() <-chan struct{}
	// WatchOnPremOperation receives, best effort, when the operation is
	// done or deleted; stop ends the watch.
	WatchOnPremOperation(id int64) (changed <-chan struct{}, stop func())
}
