package storetest

import (
	"strings"
	"testing"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// testRecipeVersion checks that each version keeps the code it left the
// recipe with, that a comment is set and cleared on a running recipe, and
// that another workspace reaches neither the versions nor their comments.
func testRecipeVersion(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	other := MustCreateCustomer(t, db, a.ID, "Other")
	r := mustCreateRecipe(t, db, w.ID, 0, "Versioned")
	_, err := db.UpdateRecipe(ctx, w.ID, r.ID, func(r *partnerd.Recipe) error { r.Code = salesforceCode; return nil })
	mustOK(t, err)
	_, err = db.UpdateRecipe(ctx, w.ID, r.ID, func(r *partnerd.Recipe) error { r.Name = "Renamed"; return nil })
	mustOK(t, err)

	versions, total, err := db.FindRecipeVersions(ctx, w.ID, r.ID, page(1, 10))
	mustOK(t, err)
	if total != 2 {
		t.Fatalf("versions = %d, want 2 (a rename adds none)", total)
	}
	first, err := db.FindRecipeVersion(ctx, w.ID, r.ID, versions[1].ID)
	mustOK(t, err)
	if first.VersionNo != 1 || first.Code == nil || *first.Code != clockCode || len(first.Config) != 2 || first.Config[0].Provider != "clock" {
		t.Errorf("version 1 = %+v, want the clock code and config", first)
	}
	second, err := db.FindRecipeVersion(ctx, w.ID, r.ID, versions[0].ID)
	mustOK(t, err)
	if second.VersionNo != 2 || second.Code == nil || *second.Code != salesforceCode {
		t.Errorf("version 2 = %+v, want the current code", second)
	}

	mustStartRecipe(t, db, w.ID, mustCreateRecipe(t, db, w.ID, 0, "Other recipe").ID)
	comment := "Moved to Salesforce"
	got, err := db.CommentRecipeVersion(ctx, w.ID, r.ID, first.ID, &comment)
	mustOK(t, err)
	if got.Comment == nil || *got.Comment != comment || got.VersionNo != 1 || *got.Code != clockCode {
		t.Errorf("commented version = %+v", got)
	}
	empty := ""
	got, err = db.CommentRecipeVersion(ctx, w.ID, r.ID, first.ID, &empty)
	mustOK(t, err)
	if got.Comment != nil {
		t.Errorf("comment after a blank one = %q, want none", *got.Comment)
	}
	long := strings.Repeat("x", partnerd.MaxVersionComment+1)
	_, err = db.CommentRecipeVersion(ctx, w.ID, r.ID, first.ID, &long)
	wantField(t, err, partnerd.EINVALID, "comment")

	// Another recipe's version, another workspace and a missing id are all not found.
	o := mustCreateRecipe(t, db, w.ID, 0, "Sibling")
	_, err = db.FindRecipeVersion(ctx, w.ID, o.ID, first.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.FindRecipeVersion(ctx, other.ID, r.ID, first.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.CommentRecipeVersion(ctx, other.ID, r.ID, first.ID, &comment)
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.CommentRecipeVersion(ctx, w.ID, r.ID, 999999, &comment)
	wantCode(t, err, partnerd.ENOTFOUND)
	got, err = db.FindRecipeVersion(ctx, w.ID, r.ID, first.ID)
	mustOK(t, err)
	if got.Comment != nil {
		t.Errorf("comment after the foreign attempt = %q, want none", *got.Comment)
	}
}
