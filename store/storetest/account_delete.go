package storetest

import (
	"testing"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// testAccountDelete checks that deleting an account takes its customers,
// clients and roles with it and leaves other accounts alone.
func testAccountDelete(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, ca := MustCreateAccount(t, db, "A", "a@example.com")
	b, cb := MustCreateAccount(t, db, "B", "b@example.com")
	role := mustCreateClientRole(t, db, a.ID, "Readers", readOnly)
	token, hash := partnerd.NewToken()
	mustOK(t, db.CreateDevAPIClient(ctx, a.ID, &partnerd.DevAPIClient{Name: "CI", RoleID: role.ID,
		AllFolders: true, Token: token, TokenHash: hash}))
	w := MustCreateCustomer(t, db, a.ID, "A1")
	mustCreateDevAPIClient(t, db, w.ID, "Customer client")

	wantCode(t, db.DeleteAccount(ctx, w.ID), partnerd.ENOTFOUND)
	mustOK(t, db.DeleteAccount(ctx, a.ID))
	if n, err := db.CountAccounts(ctx); err != nil || n != 1 {
		t.Fatalf("CountAccounts = %d, %v; want 1", n, err)
	}
	_, err := db.FindCustomerByID(ctx, a.ID, w.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.AuthenticateToken(ctx, ca.TokenHash)
	wantCode(t, err, partnerd.EUNAUTHORIZED)
	_, err = db.AuthenticateToken(ctx, hash)
	wantCode(t, err, partnerd.EUNAUTHORIZED)
	caller, err := db.AuthenticateToken(ctx, cb.TokenHash)
	mustOK(t, err)
	if caller.AccountID != b.ID {
		t.Errorf("B's caller = %+v", caller)
	}
	wantCode(t, db.DeleteAccount(ctx, a.ID), partnerd.ENOTFOUND)
}
