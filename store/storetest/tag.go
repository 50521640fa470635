package storetest

import (
	"slices"
	"strings"
	"testing"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// mustCreateTag creates a tag of the workspace.
func mustCreateTag(tb testing.TB, db *store.DB, workspaceID int64, title, color string) *partnerd.Tag {
	tb.Helper()
	t := &partnerd.Tag{Title: title, Description: title + " things", Color: color, AuthorID: 5, AuthorName: "bootstrap"}
	if err := db.CreateTag(tb.Context(), workspaceID, t); err != nil {
		tb.Fatalf("create tag %q: %v", title, err)
	}
	return t
}

// tagTitles returns the titles of a list of tags.
func tagTitles(list []*partnerd.Tag) []string {
	out := make([]string, len(list))
	for i, t := range list {
		out[i] = t.Title
	}
	return out
}

// mustFindTags reads tags of the workspace.
func mustFindTags(tb testing.TB, db *store.DB, workspaceID int64, f partnerd.TagFilter) ([]*partnerd.Tag, int) {
	tb.Helper()
	list, n, err := db.FindTags(tb.Context(), workspaceID, f)
	if err != nil {
		tb.Fatalf("find tags %+v: %v", f, err)
	}
	return list, n
}

// testTagCreate checks a tag's handle, defaults, update and delete.
func testTagCreate(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	tag := mustCreateTag(t, db, w.ID, "Accounting", "")
	if !strings.HasPrefix(tag.Handle, "tag-") || len(tag.Handle) != len("tag-ANgdXgTF-bANz3H") || tag.Color != "blue" {
		t.Errorf("new tag = %+v, want a handle like tag-ANgdXgTF-bANz3H and color blue", tag)
	}
	other := mustCreateTag(t, db, w.ID, "Accounting", "red") // Titles need not be unique.
	if other.Handle == tag.Handle {
		t.Errorf("two tags share the handle %s", tag.Handle)
	}
	got, err := db.FindTagByHandle(ctx, w.ID, tag.Handle)
	mustOK(t, err)
	if got.Title != "Accounting" || got.AuthorName != "bootstrap" || got.AuthorID != 5 || got.Description != "Accounting things" {
		t.Errorf("found tag = %+v", got)
	}
	title, color := "Finance", "gold"
	upd, err := db.UpdateTag(ctx, w.ID, tag.Handle, partnerd.TagUpdate{Title: &title, Color: &color})
	mustOK(t, err)
	if upd.Title != "Finance" || upd.Color != "gold" || upd.Description != "Accounting things" || upd.Handle != tag.Handle {
		t.Errorf("updated tag = %+v", upd)
	}
	mustOK(t, db.DeleteTag(ctx, w.ID, tag.Handle))
	_, err = db.FindTagByHandle(ctx, w.ID, tag.Handle)
	wantCode(t, err, partnerd.ENOTFOUND)
	wantCode(t, db.DeleteTag(ctx, w.ID, tag.Handle), partnerd.ENOTFOUND)
	_, err = db.UpdateTag(ctx, w.ID, tag.Handle, partnerd.TagUpdate{Title: &title})
	wantCode(t, err, partnerd.ENOTFOUND)
}

// testTagCreateInvalid checks the limits of a tag's fields.
func testTagCreateInvalid(t *testing.T, db *store.DB) {
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	for field, tag := range map[string]*partnerd.Tag{
		"title":       {Title: " "},
		"description": {Title: "ok", Description: strings.Repeat("d", partnerd.MaxTagDescriptionLength+1)},
		"color":       {Title: "ok", Color: "pink"},
	} {
		wantField(t, db.CreateTag(t.Context(), a.ID, tag), partnerd.EINVALID, field)
	}
	wantField(t, db.CreateTag(t.Context(), a.ID, &partnerd.Tag{Title: strings.Repeat("é", partnerd.MaxTagTitleLength+1)}), partnerd.EINVALID, "title")
	tag := mustCreateTag(t, db, a.ID, "Kept", "")
	bad := "pink"
	_, err := db.UpdateTag(t.Context(), a.ID, tag.Handle, partnerd.TagUpdate{Color: &bad})
	wantField(t, err, partnerd.EINVALID, "color")
}

// testTagAssign checks assignments, counts and the filters that read them.
func testTagAssign(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	r1 := mustCreateRecipe(t, db, w.ID, 0, "R1")
	r2 := mustCreateRecipe(t, db, w.ID, 0, "R2")
	c1 := mustCreateConnection(t, db, w.ID, "C1", "salesforce")
	acc := mustCreateTag(t, db, w.ID, "Accounting", "blue")
	hr := mustCreateTag(t, db, w.ID, "HR", "red")
	mustCreateTag(t, db, w.ID, "Unused", "green")
	mustOK(t, db.AssignTags(ctx, w.ID, partnerd.TagAssignment{Add: []string{acc.Handle, hr.Handle}, RecipeIDs: []int64{r1.ID, r2.ID}, ConnectionIDs: []int64{c1.ID}}))
	mustOK(t, db.AssignTags(ctx, w.ID, partnerd.TagAssignment{Add: []string{acc.Handle}, RecipeIDs: []int64{r1.ID}})) // Again: no change.
	mustOK(t, db.AssignTags(ctx, w.ID, partnerd.TagAssignment{Remove: []string{hr.Handle}, RecipeIDs: []int64{r2.ID}}))
	got, err := db.FindTagByHandle(ctx, w.ID, acc.Handle)
	mustOK(t, err)
	if got.RecipeCount != 2 || got.ConnectionCount != 1 || got.LastAssignedAt == nil {
		t.Errorf("Accounting = %+v, want 2 recipes, 1 connection, assigned", got)
	}
	id := func(n int64) *int64 { return &n }
	for _, c := range []struct {
		name string
		f    partnerd.TagFilter
		want []string
	}{
		{"all by title", partnerd.TagFilter{}, []string{"Accounting", "HR", "Unused"}},
		{"recipe", partnerd.TagFilter{RecipeID: id(r2.ID)}, []string{"Accounting"}},
		{"connection", partnerd.TagFilter{ConnectionID: id(c1.ID)}, []string{"Accounting", "HR"}},
		{"assigned", partnerd.TagFilter{OnlyAssigned: true}, []string{"Accounting", "HR"}},
		{"query", partnerd.TagFilter{Query: "UNUSED"}, []string{"Unused"}},
		{"handles", partnerd.TagFilter{Handles: []string{hr.Handle, "tag-none"}}, []string{"HR"}},
		{"author", partnerd.TagFilter{AuthorID: id(6)}, []string{}},
		{"by count", partnerd.TagFilter{Sort: []partnerd.TagSort{{Field: partnerd.TagSortAssignmentCount, Desc: true}}}, []string{"Accounting", "HR", "Unused"}},
		{"page", partnerd.TagFilter{Page: partnerd.Page{Page: 2, PerPage: 2}}, []string{"Unused"}},
	} {
		if list, _ := mustFindTags(t, db, w.ID, c.f); !slices.Equal(tagTitles(list), c.want) {
			t.Errorf("%s: tags = %v, want %v", c.name, tagTitles(list), c.want)
		}
	}
	_, _, err = db.FindTags(ctx, w.ID, partnerd.TagFilter{Sort: []partnerd.TagSort{{Field: "color"}}})
	wantField(t, err, partnerd.EINVALID, "sort_by")

	// All or none: an unknown recipe leaves every assignment as it was.
	err = db.AssignTags(ctx, w.ID, partnerd.TagAssignment{Add: []string{hr.Handle}, RecipeIDs: []int64{r2.ID, r2.ID + 1000}})
	wantCode(t, err, partnerd.ENOTFOUND)
	if list, _ := mustFindTags(t, db, w.ID, partnerd.TagFilter{RecipeID: id(r2.ID)}); !slices.Equal(tagTitles(list), []string{"Accounting"}) {
		t.Errorf("tags of R2 after a refused assignment = %v", tagTitles(list))
	}
	wantField(t, db.AssignTags(ctx, w.ID, partnerd.TagAssignment{RecipeIDs: []int64{r1.ID}}), partnerd.EINVALID, "add_tags")
	wantField(t, db.AssignTags(ctx, w.ID, partnerd.TagAssignment{Add: []string{acc.Handle}}), partnerd.EINVALID, "recipe_ids")

	// Deleting a tag or a recipe drops their assignments.
	mustOK(t, db.DeleteTag(ctx, w.ID, hr.Handle))
	mustOK(t, db.DeleteRecipe(ctx, w.ID, r1.ID))
	got, err = db.FindTagByHandle(ctx, w.ID, acc.Handle)
	mustOK(t, err)
	if got.RecipeCount != 1 || got.ConnectionCount != 1 {
		t.Errorf("Accounting after deletes = %+v", got)
	}
}

// testTagCrossTenant checks that tags, their handles and assignments stay
// within their workspace.
func testTagCrossTenant(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	theirs := MustCreateCustomer(t, db, b.ID, "Theirs")
	mine := mustCreateTag(t, db, w.ID, "Mine", "")
	their := mustCreateTag(t, db, theirs.ID, "Theirs", "")
	theirRecipe := mustCreateRecipe(t, db, theirs.ID, 0, "Their recipe")
	myRecipe := mustCreateRecipe(t, db, w.ID, 0, "My recipe")
	theirConnection := mustCreateConnection(t, db, theirs.ID, "Their connection", "salesforce")
	if list, _ := mustFindTags(t, db, w.ID, partnerd.TagFilter{}); !slices.Equal(tagTitles(list), []string{"Mine"}) {
		t.Errorf("tags of mine = %v", tagTitles(list))
	}
	_, err := db.FindTagByHandle(ctx, w.ID, their.Handle)
	wantCode(t, err, partnerd.ENOTFOUND)
	title := "Stolen"
	_, err = db.UpdateTag(ctx, w.ID, their.Handle, partnerd.TagUpdate{Title: &title})
	wantCode(t, err, partnerd.ENOTFOUND)
	wantCode(t, db.DeleteTag(ctx, w.ID, their.Handle), partnerd.ENOTFOUND)
	wantCode(t, db.AssignTags(ctx, w.ID, partnerd.TagAssignment{Add: []string{their.Handle}, RecipeIDs: []int64{myRecipe.ID}}), partnerd.ENOTFOUND)
	wantCode(t, db.AssignTags(ctx, w.ID, partnerd.TagAssignment{Add: []string{mine.Handle}, RecipeIDs: []int64{theirRecipe.ID}}), partnerd.ENOTFOUND)
	wantCode(t, db.AssignTags(ctx, w.ID, partnerd.TagAssignment{Add: []string{mine.Handle}, ConnectionIDs: []int64{theirConnection.ID}}), partnerd.ENOTFOUND)
	got, err := db.FindTagByHandle(ctx, theirs.ID, their.Handle)
	mustOK(t, err)
	if got.Title != "Theirs" || got.RecipeCount != 0 || got.ConnectionCount != 0 {
		t.Errorf("their tag after my attempts = %+v", got)
	}
	mustOK(t, db.DeleteCustomer(ctx, b.ID, theirs.ID))
	if list, _ := mustFindTags(t, db, theirs.ID, partnerd.TagFilter{}); len(list) != 0 {
		t.Errorf("tags of a deleted workspace = %v", tagTitles(list))
	}
}
