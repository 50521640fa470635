package storetest

import (
	"bytes"
	"context"
	"sync"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// testOnPremRelay follows a relayed operation from its queueing to its
// deletion: only a replica naming its group claims it, once; the claimer
// renews its lease and stores the outcome, which wakes the waiter.
func testOnPremRelay(t *testing.T, db *store.DB) {
	ctx := t.Context()
	fixClock(db, t0)
	acc, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, acc.ID, "Customer")
	g := mustCreateOnPremGroup(t, db, w.ID, "Group")
	g2 := mustCreateOnPremGroup(t, db, w.ID, "Group 2")

	id, err := db.QueueOnPremOperation(ctx, w.ID, g.ID, "erp", true, []byte(`{"sql":"SELECT 1"}`))
	mustOK(t, err)
	o, err := db.FindOnPremOperation(ctx, w.ID, id)
	mustOK(t, err)
	if o.State != partnerd.OnPremRelayQueued || o.GroupID != g.ID || o.Profile != "erp" || !o.Write ||
		string(o.Operation) != `{"sql":"SELECT 1"}` || !o.CreatedAt.Equal(t0) || o.ClaimedBy != "" {
		t.Fatalf("queued operation = %+v", o)
	}
	_, err = claimOne(ctx, db, "r1", []partnerd.OnPremGroupKey{{WorkspaceID: w.ID, GroupID: g2.ID}}, time.Minute)
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = claimOne(ctx, db, "r1", nil, time.Minute)
	wantCode(t, err, partnerd.ENOTFOUND)

	keys := []partnerd.OnPremGroupKey{{WorkspaceID: w.ID, GroupID: g2.ID}, {WorkspaceID: w.ID, GroupID: g.ID}}
	c, err := claimOne(ctx, db, "r1", keys, time.Minute)
	mustOK(t, err)
	if c.ID != id || c.State != partnerd.OnPremRelayClaimed || c.ClaimedBy != "r1" || !c.LeaseUntil.Equal(t0.Add(time.Minute)) {
		t.Fatalf("claimed operation = %+v", c)
	}
	_, err = claimOne(ctx, db, "r2", keys, time.Minute)
	wantCode(t, err, partnerd.ENOTFOUND)
	mustOK(t, db.RenewOnPremOperation(ctx, w.ID, id, "r1", 2*time.Minute))
	wantCode(t, db.RenewOnPremOperation(ctx, w.ID, id, "r2", time.Minute), partnerd.ENOTFOUND)
	if o, err := db.FindOnPremOperation(ctx, w.ID, id); err != nil || !o.LeaseUntil.Equal(t0.Add(2*time.Minute)) {
		t.Errorf("renewed operation = %+v, %v", o, err)
	}

	done, stop := db.WatchOnPremOperation(id)
	defer stop()
	wantCode(t, db.FinishOnPremOperation(ctx, w.ID, id, "r2", []byte(`{}`)), partnerd.ENOTFOUND)
	mustOK(t, db.FinishOnPremOperation(ctx, w.ID, id, "r1", []byte(`{"rows":[[1]]}`)))
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Error("the watch of the operation did not receive when it was done")
	}
	o, err = db.FindOnPremOperation(ctx, w.ID, id)
	mustOK(t, err)
	if o.State != partnerd.OnPremRelayDone || !bytes.Equal(o.Outcome, []byte(`{"rows":[[1]]}`)) {
		t.Errorf("done operation = %+v", o)
	}
	wantCode(t, db.RenewOnPremOperation(ctx, w.ID, id, "r1", time.Minute), partnerd.ENOTFOUND)
	_, err = db.DeleteOnPremOperation(ctx, w.ID, id, partnerd.OnPremRelayQueued)
	wantCode(t, err, partnerd.ENOTFOUND)
	if o, err := db.DeleteOnPremOperation(ctx, w.ID, id, partnerd.OnPremRelayDone); err != nil || o.ID != id || string(o.Outcome) != `{"rows":[[1]]}` {
		t.Errorf("deleted operation = %+v, %v", o, err)
	}
	_, err = db.FindOnPremOperation(ctx, w.ID, id)
	wantCode(t, err, partnerd.ENOTFOUND)

	// A queued operation wakes the claimers.
	queued := db.OnPremOperationsQueued()
	for len(queued) > 0 {
		<-queued
	}
	_, err = db.QueueOnPremOperation(ctx, w.ID, g2.ID, "erp", false, []byte(`{}`))
	mustOK(t, err)
	select {
	case <-queued:
	case <-time.After(30 * time.Second):
		t.Error("the claimers were not woken by a queued operation")
	}
}

// testOnPremRelayClaimOnce has replicas claim concurrently, a few
// operations at a time: every operation is claimed by exactly one.
func testOnPremRelayClaimOnce(t *testing.T, db *store.DB) {
	ctx := t.Context()
	acc, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, acc.ID, "Customer")
	g := mustCreateOnPremGroup(t, db, w.ID, "Group")
	const ops, claimers = 20, 6
	for range ops {
		_, err := db.QueueOnPremOperation(ctx, w.ID, g.ID, "erp", false, []byte(`{}`))
		mustOK(t, err)
	}
	keys := []partnerd.OnPremGroupKey{{WorkspaceID: w.ID, GroupID: g.ID}}
	var mu sync.Mutex
	claimedBy := map[int64][]string{}
	var wg sync.WaitGroup
	for i := range claimers {
		replica := string(rune('a' + i))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				ops, err := db.ClaimOnPremOperations(ctx, replica, keys, time.Minute, 3)
				if err != nil {
					t.Error(err)
					return
				} else if len(ops) == 0 {
					return
				}
				mu.Lock()
				for _, o := range ops {
					claimedBy[o.ID] = append(claimedBy[o.ID], replica)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(claimedBy) != ops {
		t.Errorf("%d operations claimed, want %d", len(claimedBy), ops)
	}
	for id, replicas := range claimedBy {
		if len(replicas) != 1 {
			t.Errorf("operation %d claimed by %v", id, replicas)
		}
		if o, err := db.FindOnPremOperation(ctx, w.ID, id); err != nil || o.ClaimedBy != replicas[0] {
			t.Errorf("operation %d = %+v, %v; claimed by %v", id, o, err, replicas)
		}
	}
}

// testOnPremRelayLeaseExpiry queues again an operation whose claimer's
// lease ran out, which another replica then claims while the first can no
// longer renew or finish it; pruning removes the rows whose waiters are
// gone and keeps those under a live lease.
func testOnPremRelayLeaseExpiry(t *testing.T, db *store.DB) {
	ctx := t.Context()
	now := fixClock(db, t0)
	acc, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, acc.ID, "Customer")
	g := mustCreateOnPremGroup(t, db, w.ID, "Group")
	keys := []partnerd.OnPremGroupKey{{WorkspaceID: w.ID, GroupID: g.ID}}
	id, err := db.QueueOnPremOperation(ctx, w.ID, g.ID, "erp", false, []byte(`{}`))
	mustOK(t, err)
	c, err := claimOne(ctx, db, "gone", keys, time.Minute)
	mustOK(t, err)

	*now = t0.Add(2 * time.Minute)
	if o, err := db.FindOnPremOperation(ctx, w.ID, id); err != nil || !o.LeaseUntil.Before(*now) {
		t.Fatalf("expired operation = %+v, %v", o, err)
	}
	wantCode(t, db.RequeueOnPremOperation(ctx, w.ID, id, "other"), partnerd.ENOTFOUND)
	mustOK(t, db.RequeueOnPremOperation(ctx, w.ID, id, c.ClaimedBy))
	again, err := claimOne(ctx, db, "live", keys, time.Hour)
	mustOK(t, err)
	if again.ID != id || again.ClaimedBy != "live" || !again.CreatedAt.Equal(*now) {
		t.Fatalf("claimed again = %+v", again)
	}
	wantCode(t, db.RenewOnPremOperation(ctx, w.ID, id, "gone", time.Minute), partnerd.ENOTFOUND)
	wantCode(t, db.FinishOnPremOperation(ctx, w.ID, id, "gone", []byte(`{}`)), partnerd.ENOTFOUND)

	orphan, err := db.QueueOnPremOperation(ctx, w.ID, g.ID, "erp", false, []byte(`{}`))
	mustOK(t, err)
	*now = t0.Add(30 * time.Minute)
	n, err := db.PruneOnPremOperations(ctx, t0.Add(10*time.Minute))
	mustOK(t, err)
	if n != 1 {
		t.Errorf("pruned %d operations, want 1", n)
	}
	_, err = db.FindOnPremOperation(ctx, w.ID, orphan)
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.FindOnPremOperation(ctx, w.ID, id)
	mustOK(t, err)
}

// testOnPremRelayCrossTenant keeps another workspace from queueing to a
// group, claiming, reading, changing or deleting an operation it does not
// own; its owner's deletion of the claimed operation wakes its watch.
func testOnPremRelayCrossTenant(t *testing.T, db *store.DB) {
	ctx := t.Context()
	acc, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, acc.ID, "Customer")
	other := MustCreateCustomer(t, db, acc.ID, "Other")
	g := mustCreateOnPremGroup(t, db, w.ID, "Group")
	_, err := db.QueueOnPremOperation(ctx, other.ID, g.ID, "erp", false, []byte(`{}`))
	wantCode(t, err, partnerd.ENOTFOUND)
	id, err := db.QueueOnPremOperation(ctx, w.ID, g.ID, "erp", false, []byte(`{}`))
	mustOK(t, err)
	_, err = claimOne(ctx, db, "r", []partnerd.OnPremGroupKey{{WorkspaceID: other.ID, GroupID: g.ID}}, time.Minute)
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.FindOnPremOperation(ctx, other.ID, id)
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.DeleteOnPremOperation(ctx, other.ID, id, "")
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = claimOne(ctx, db, "r", []partnerd.OnPremGroupKey{{WorkspaceID: w.ID, GroupID: g.ID}}, time.Minute)
	mustOK(t, err)
	wantCode(t, db.RenewOnPremOperation(ctx, other.ID, id, "r", time.Minute), partnerd.ENOTFOUND)
	wantCode(t, db.RequeueOnPremOperation(ctx, other.ID, id, "r"), partnerd.ENOTFOUND)
	wantCode(t, db.FinishOnPremOperation(ctx, other.ID, id, "r", []byte(`{}`)), partnerd.ENOTFOUND)
	if o, err := db.FindOnPremOperation(ctx, w.ID, id); err != nil || o.State != partnerd.OnPremRelayClaimed {
		t.Errorf("operation after another workspace's calls = %+v, %v", o, err)
	}
	gone, stop := db.WatchOnPremOperation(id)
	defer stop()
	_, err = db.DeleteOnPremOperation(ctx, w.ID, id, "")
	mustOK(t, err)
	select {
	case <-gone:
	case <-time.After(30 * time.Second):
		t.Error("the deletion of a claimed operation did not wake its watch")
	}
}

// claimOne claims one operation; none is ENOTFOUND.
func claimOne(ctx context.Context, db *store.DB, replica string, keys []partnerd.OnPremGroupKey, lease time.Duration) (*partnerd.OnPremRelayedOperation, error) {
	ops, err := db.ClaimOnPremOperations(ctx, replica, keys, lease, 1)
	if err != nil {
		return nil, err
	} else if len(ops) == 0 {
		return nil, partnerd.ErrNotFound()
	}
	return ops[0], nil
}
