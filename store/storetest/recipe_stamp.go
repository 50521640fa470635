package storetest

import (
	"reflect"
	"testing"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// testRecipeStamps checks that a recipe's stamp changes with every change
// the API shows, and that stamps and recipes read by id agree with the list.
func testRecipeStamps(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	other := MustCreateCustomer(t, db, a.ID, "Other")
	var list []*partnerd.Recipe
	for _, name := range []string{"One", "Two", "Three"} {
		list = append(list, mustCreateRecipe(t, db, w.ID, 0, name))
	}
	r := list[0]

	seen := map[int64]string{}
	stamp := func(what string) partnerd.RecipeStamp {
		t.Helper()
		s, err := db.FindRecipeStamp(ctx, w.ID, r.ID)
		mustOK(t, err)
		if prev, ok := seen[s.Revision]; ok {
			t.Errorf("after %s the revision is the one of %s", what, prev)
		}
		seen[s.Revision] = what
		return s
	}
	stamp("create")
	_, err := db.UpdateRecipe(ctx, w.ID, r.ID, func(r *partnerd.Recipe) error { r.Name = "Renamed"; return nil })
	mustOK(t, err)
	stamp("update")
	mustStartRecipe(t, db, w.ID, r.ID)
	stamp("start")
	_, err = db.RecordJobs(ctx, a.ID, r.ID, &partnerd.NewJobs{Status: partnerd.JobSucceeded, Count: 1, TaskCount: 1})
	mustOK(t, err)
	stamp("jobs")
	mustOK(t, db.StopRecipe(ctx, w.ID, r.ID))
	stamp("stop")
	_, err = db.CopyRecipe(ctx, w.ID, r.ID, nil)
	mustOK(t, err)
	stamp("copy")

	// A move of its folder into a project changes the stamp's project.
	f := mustCreateFolder(t, db, w.ID, nil, "Project")
	_, err = db.UpdateRecipe(ctx, w.ID, r.ID, func(r *partnerd.Recipe) error { r.FolderID = f.ID; return nil })
	mustOK(t, err)
	if s := stamp("move"); s.ProjectID == nil || *s.ProjectID != *f.ProjectID {
		t.Errorf("stamp after the move = %+v, want project %v", s, f.ProjectID)
	}

	page := partnerd.RecipeFilter{Page: partnerd.Page{Page: 1, PerPage: 10}}
	full, _, err := db.FindRecipes(ctx, w.ID, page)
	mustOK(t, err)
	stamps, err := db.FindRecipeStamps(ctx, w.ID, page)
	mustOK(t, err)
	var want []partnerd.RecipeStamp
	var ids []int64
	for _, rec := range full {
		want = append(want, rec.Stamp())
		ids = append(ids, rec.ID)
	}
	if !reflect.DeepEqual(stamps, want) {
		t.Errorf("FindRecipeStamps = %+v, want %+v", stamps, want)
	}
	byID, err := db.FindRecipesByID(ctx, w.ID, ids, false)
	mustOK(t, err)
	got := map[int64]*partnerd.Recipe{}
	for _, rec := range byID {
		got[rec.ID] = rec
	}
	for _, rec := range full {
		if !reflect.DeepEqual(got[rec.ID], rec) {
			t.Errorf("FindRecipesByID(%d) = %+v, want %+v", rec.ID, got[rec.ID], rec)
		}
	}

	// Another workspace finds none of them.
	if _, err := db.FindRecipeStamp(ctx, other.ID, r.ID); partnerd.ErrorCode(err) != partnerd.ENOTFOUND {
		t.Errorf("stamp from another workspace: %v", err)
	}
	if list, err := db.FindRecipesByID(ctx, other.ID, ids, true); err != nil || len(list) != 0 {
		t.Errorf("recipes by id from another workspace = %v, %v", list, err)
	}
	if id, err := db.FindCustomerID(ctx, a.ID, w.ID, ""); err != nil || id != w.ID {
		t.Errorf("FindCustomerID = %d, %v", id, err)
	}
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	if _, err := db.FindCustomerID(ctx, b.ID, w.ID, ""); partnerd.ErrorCode(err) != partnerd.ENOTFOUND {
		t.Errorf("FindCustomerID of another account: %v", err)
	}
}
