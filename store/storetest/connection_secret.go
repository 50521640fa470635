package storetest

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// testConnectionFolderScope checks that a caller limited to folders reaches
// the connections in their trees alone, and may not put one elsewhere.
func testConnectionFolderScope(t *testing.T, db *store.DB) {
	ctx := t.Context()
	tr := newScopeTree(t, db)
	inF1 := &partnerd.Connection{Name: "In F1", Provider: "jira", FolderID: tr.f1.ID}
	mustOK(t, db.CreateConnection(ctx, tr.w.ID, inF1))
	inS := &partnerd.Connection{Name: "In S", Provider: "jira", FolderID: tr.s.ID}
	mustOK(t, db.CreateConnection(ctx, tr.w.ID, inS))
	atHome := mustCreateConnection(t, db, tr.w.ID, "At home", "jira")

	scoped := tr.as(ctx, tr.f.ID)
	list, total, err := db.FindConnections(scoped, tr.w.ID, partnerd.ConnectionFilter{Page: page(1, 100)})
	mustOK(t, err)
	if got := connectionIDs(list); !slices.Equal(got, []int64{inF1.ID}) || total != 1 {
		t.Errorf("scoped list = %v of %d, want [%d]", got, total, inF1.ID)
	}
	if _, err := db.FindConnectionByID(scoped, tr.w.ID, inF1.ID); err != nil {
		t.Errorf("connection in the scope: %v", err)
	}
	for _, c := range []*partnerd.Connection{inS, atHome} {
		_, err := db.FindConnectionByID(scoped, tr.w.ID, c.ID)
		wantCode(t, err, partnerd.ENOTFOUND)
		_, err = db.UpdateConnection(scoped, tr.w.ID, c.ID, func(c *partnerd.Connection) error { c.Name = "x"; return nil })
		wantCode(t, err, partnerd.ENOTFOUND)
		wantCode(t, db.DeleteConnection(scoped, tr.w.ID, c.ID), partnerd.ENOTFOUND)
	}

	// Creating at home, in S or under a parent out of reach is refused; in
	// F11 it is allowed, and a move out of the scope is refused.
	wantField(t, db.CreateConnection(scoped, tr.w.ID, &partnerd.Connection{Name: "Home", Provider: "jira"}), partnerd.EINVALID, "folder_id")
	wantField(t, db.CreateConnection(scoped, tr.w.ID, &partnerd.Connection{Name: "S", Provider: "jira", FolderID: tr.s.ID}), partnerd.EINVALID, "folder_id")
	wantField(t, db.CreateConnection(scoped, tr.w.ID, &partnerd.Connection{Name: "Child", Provider: "jira", FolderID: tr.f11.ID, ParentID: &inS.ID}),
		partnerd.EINVALID, "parent_id")
	deep := &partnerd.Connection{Name: "Deep", Provider: "jira", FolderID: tr.f11.ID, ParentID: &inF1.ID}
	mustOK(t, db.CreateConnection(scoped, tr.w.ID, deep))
	_, err = db.UpdateConnection(scoped, tr.w.ID, deep.ID, func(c *partnerd.Connection) error { c.FolderID = tr.q.ID; return nil })
	wantField(t, err, partnerd.EINVALID, "folder_id")

	// An admin acting on the customer reaches everything.
	admin := partnerd.NewContextWithCaller(ctx, &partnerd.Caller{WorkspaceID: tr.account.ID, AccountID: tr.account.ID,
		Privileges: partnerd.AdminPrivileges(), FolderIDs: []int64{}})
	if _, total, err := db.FindConnections(admin, tr.w.ID, partnerd.ConnectionFilter{Page: page(1, 100)}); err != nil || total != 4 {
		t.Errorf("admin list = %d, %v; want 4", total, err)
	}
}

// testConnectionInputEncrypted checks that input is stored sealed with a
// fresh nonce on each write, and opens again.
func testConnectionInputEncrypted(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	const secret = "hunter2-very-secret-password"
	input := partnerd.ConnectionInput{"password": secret, "user": "jo-the-operator", "account": json.Number("12345678901234567890")}
	c := &partnerd.Connection{Name: "SF", Provider: "salesforce", Input: input}
	mustOK(t, db.CreateConnection(ctx, w.ID, c))
	first, err := db.ConnectionInputAtRest(ctx, w.ID, c.ID)
	mustOK(t, err)
	if strings.Contains(first, secret) || strings.Contains(first, "password") || strings.Contains(first, "jo-the-operator") || !strings.HasPrefix(first, "v1:") {
		t.Fatalf("input at rest = %q, want sealed", first)
	}
	// Each update seals the input again: it must open as written every time.
	for i := range 2 {
		var seen partnerd.ConnectionInput
		_, err = db.UpdateConnection(ctx, w.ID, c.ID, func(c *partnerd.Connection) error { seen = c.Input; return nil })
		mustOK(t, err)
		if !reflect.DeepEqual(seen, input) {
			t.Errorf("update %d: input did not open as written (%d fields)", i, len(seen))
		}
	}
	second, err := db.ConnectionInputAtRest(ctx, w.ID, c.ID)
	mustOK(t, err)
	if second == first {
		t.Error("two writes of the same input are sealed alike: the nonce is not fresh")
	}
}

// testSecretKey checks the key of secrets: the generated one is kept and
// reused, a configured one is used, and a start with another key than the
// one that sealed the database's secrets is refused.
func testSecretKey(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	c := &partnerd.Connection{Name: "SF", Provider: "salesforce", Input: partnerd.ConnectionInput{"user": "jo"}}
	mustOK(t, db.CreateConnection(ctx, w.ID, c)) // Sealed with the generated key, before any start.

	mustOK(t, db.InitSecretKey(ctx, nil))
	generated := db.SecretKey
	if len(generated) != store.SecretKeySize {
		t.Fatalf("generated key of %d bytes", len(generated))
	}
	db.SecretKey = nil
	mustOK(t, db.InitSecretKey(ctx, nil))
	if !bytes.Equal(db.SecretKey, generated) {
		t.Fatal("a second start generated another key")
	}
	_, err := db.UpdateConnection(ctx, w.ID, c.ID, func(c *partnerd.Connection) error {
		if c.Input["user"] != "jo" {
			t.Errorf("input under the kept key: %d fields", len(c.Input))
		}
		return nil
	})
	mustOK(t, err)

	other := bytes.Repeat([]byte{7}, store.SecretKeySize)
	db.SecretKey = nil
	if err := db.InitSecretKey(ctx, other); err == nil {
		t.Error("a start with another key was accepted")
	}
	if err := db.InitSecretKey(ctx, []byte("short")); err == nil {
		t.Error("a short key was accepted")
	}
	mustOK(t, db.InitSecretKey(ctx, generated))
	db.SecretKey = other
	_, err = db.UpdateConnection(ctx, w.ID, c.ID, func(*partnerd.Connection) error { return nil })
	if err == nil || strings.Contains(err.Error(), "jo") {
		t.Errorf("input opened with another key: %v", err)
	}
}

// testConnectionFolderDeleteConcurrent checks that a connection created in
// a folder being deleted either stops the delete or is refused, never lost
// with the folder.
func testConnectionFolderDeleteConcurrent(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	p := mustCreateFolder(t, db, w.ID, nil, "P")
	for round := range 20 {
		x := mustCreateFolder(t, db, w.ID, &p.ID, "X")
		c := &partnerd.Connection{Name: "C", Provider: "jira", FolderID: x.ID}
		var errDelete, errCreate error
		var wg sync.WaitGroup
		wg.Go(func() { errDelete = db.DeleteFolder(ctx, w.ID, x.ID) })
		wg.Go(func() { errCreate = db.CreateConnection(ctx, w.ID, c) })
		wg.Wait()
		switch {
		case errDelete == nil && errCreate == nil:
			t.Fatalf("round %d: the delete and a connection in the deleted folder both succeeded", round)
		case errDelete != nil:
			wantCode(t, errDelete, partnerd.EFORBIDDEN)
			mustOK(t, errCreate)
			if _, err := db.FindConnectionByID(ctx, w.ID, c.ID); err != nil {
				t.Fatalf("round %d: the connection is lost: %v", round, err)
			}
		default:
			wantField(t, errCreate, partnerd.EINVALID, "folder_id")
		}
	}
}
