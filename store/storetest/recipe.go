package storetest

import (
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// Recipe codes of the tests: clock and logger need no connection,
// salesforce and slack do.
const (
	clockCode      = `{"number":0,"keyword":"trigger","provider":"clock","name":"scheduled_event","block":[{"number":1,"keyword":"action","provider":"logger","name":"log_message"}]}`
	salesforceCode = `{"number":0,"keyword":"trigger","provider":"salesforce","name":"new_object","block":[{"number":1,"keyword":"if","block":[{"number":2,"keyword":"action","provider":"slack","name":"post_message"}]}]}`
)

// clockConfig is the config that lets clockCode start.
func clockConfig() []partnerd.RecipeConfig {
	return []partnerd.RecipeConfig{{Provider: "clock"}, {Provider: "logger"}}
}

// mustCreateRecipe creates a private recipe of clockCode in the folder
// (home when zero), which can start.
func mustCreateRecipe(tb testing.TB, db *store.DB, workspaceID, folderID int64, name string) *partnerd.Recipe {
	tb.Helper()
	r := &partnerd.Recipe{Name: name, Code: clockCode, Config: clockConfig(), FolderID: folderID, Private: true}
	if err := db.CreateRecipe(tb.Context(), workspaceID, r); err != nil {
		tb.Fatalf("create recipe %q: %v", name, err)
	}
	return r
}

// mustStartRecipe starts a recipe that must start.
func mustStartRecipe(tb testing.TB, db *store.DB, workspaceID, id int64) {
	tb.Helper()
	problems, err := db.StartRecipe(tb.Context(), workspaceID, id)
	if err != nil || problems != nil {
		tb.Fatalf("start recipe %d: %+v, %v", id, problems, err)
	}
}

// recipeIDs returns the ids of a list of recipes.
func recipeIDs(list []*partnerd.Recipe) []int64 {
	out := make([]int64, len(list))
	for i, r := range list {
		out[i] = r.ID
	}
	return out
}

// testRecipeCreate checks that a recipe round-trips, stopped, as version 1
// written by its workspace, with the applications of its code.
func testRecipeCreate(t *testing.T, db *store.DB) {
	ctx := t.Context()
	fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	sf := mustCreateConnection(t, db, w.ID, "SF", "salesforce")
	r := &partnerd.Recipe{Name: "Sync", Description: ptr("Syncs"), Code: salesforceCode, Private: true,
		Config: []partnerd.RecipeConfig{{Provider: "salesforce", AccountID: &sf.ID}, {Keyword: "application", Name: "slack", Provider: "slack"}}}
	mustOK(t, db.CreateRecipe(ctx, w.ID, r))
	want := &partnerd.Recipe{ID: r.ID, WorkspaceID: w.ID, Name: "Sync", Description: ptr("Syncs"), FolderID: w.RootFolderID,
		Code: salesforceCode, CodeSize: int64(len(salesforceCode)), Private: true,
		Config: []partnerd.RecipeConfig{
			{Keyword: "application", Name: "salesforce", Provider: "salesforce", AccountID: &sf.ID},
			{Keyword: "application", Name: "slack", Provider: "slack"}},
		TriggerApplication: ptr("salesforce"), ActionApplications: []string{"slack"},
		VersionNo: 1, AuthorName: "Customer", VersionAuthorName: "Customer", VersionAuthorEmail: "ops@example.com",
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, Revision: r.Revision, WebhookToken: r.WebhookToken, Concurrency: 1}
	if len(r.WebhookToken) != 32 {
		t.Errorf("webhook token = %q, want 32 characters", r.WebhookToken)
	}
	if !r.CreatedAt.Equal(t0) || !r.UpdatedAt.Equal(t0) {
		t.Errorf("recipe times = %v, %v; want %v", r.CreatedAt, r.UpdatedAt, t0)
	}
	if r.ID == 0 || !reflect.DeepEqual(r, want) {
		t.Errorf("created recipe = %+v\nwant %+v", r, want)
	}
	found, err := db.FindRecipeByID(ctx, w.ID, r.ID)
	mustOK(t, err)
	if !reflect.DeepEqual(found, want) {
		t.Errorf("FindRecipeByID = %+v\nwant %+v", found, want)
	}
	if got := found.Applications(); !reflect.DeepEqual(got, []string{"salesforce", "slack"}) {
		t.Errorf("applications = %v", got)
	}

	// A recipe in a project's folder carries the project; one without a
	// config has an empty one.
	p := mustCreateFolder(t, db, w.ID, nil, "P")
	in := &partnerd.Recipe{Name: "In P", Code: `{"keyword":"trigger"}`, FolderID: p.ID}
	mustOK(t, db.CreateRecipe(ctx, w.ID, in))
	if in.FolderID != p.ID || in.ProjectID == nil || *in.ProjectID != projectOfFolder(t, db, w.ID, p.ID).ID ||
		in.Config == nil || len(in.Config) != 0 || in.TriggerApplication != nil || in.Private {
		t.Errorf("recipe in a project = %+v", in)
	}
}

// testRecipeCreateInvalid checks that an invalid recipe is not stored.
func testRecipeCreateInvalid(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	other := MustCreateCustomer(t, db, a.ID, "Other")
	theirs := mustCreateFolder(t, db, other.ID, nil, "Theirs")
	for field, r := range map[string]*partnerd.Recipe{
		"name":      {Name: " ", Code: clockCode},
		"code":      {Name: "R", Code: `{"block":"no"}`},
		"config":    {Name: "R", Code: clockCode, Config: []partnerd.RecipeConfig{{Keyword: "application"}}},
		"folder_id": {Name: "R", Code: clockCode, FolderID: theirs.ID},
	} {
		wantField(t, db.CreateRecipe(ctx, w.ID, r), partnerd.EINVALID, field)
	}
	if _, total, err := db.FindRecipes(ctx, w.ID, partnerd.RecipeFilter{Page: page(1, 10)}); err != nil || total != 0 {
		t.Errorf("recipes = %d, %v; want none", total, err)
	}
}

// testRecipeList checks every filter, the descending order, paging and
// totals, within the workspace.
func testRecipeList(t *testing.T, db *store.DB) {
	ctx := t.Context()
	now := fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	other := MustCreateCustomer(t, db, a.ID, "Other")
	folder := mustCreateFolder(t, db, w.ID, nil, "P")
	r1 := mustCreateRecipe(t, db, w.ID, 0, "r1")
	r2 := mustCreateRecipe(t, db, w.ID, folder.ID, "r2")
	r3 := &partnerd.Recipe{Name: "r3", Code: salesforceCode}
	mustOK(t, db.CreateRecipe(ctx, w.ID, r3))
	mustCreateRecipe(t, db, other.ID, 0, "theirs")
	mustStartRecipe(t, db, w.ID, r1.ID)
	mustStartRecipe(t, db, w.ID, r2.ID)
	*now = t0.Add(time.Hour)
	mustOK(t, db.StopRecipe(ctx, w.ID, r2.ID))

	all := []int64{r3.ID, r2.ID, r1.ID}
	for name, tt := range map[string]struct {
		f    partnerd.RecipeFilter
		want []int64
	}{
		"all":              {partnerd.RecipeFilter{}, all},
		"folder":           {partnerd.RecipeFilter{FolderID: &folder.ID}, []int64{r2.ID}},
		"running":          {partnerd.RecipeFilter{Running: ptr(true)}, []int64{r1.ID}},
		"stopped":          {partnerd.RecipeFilter{Running: ptr(false)}, []int64{r3.ID, r2.ID}},
		"since_id":         {partnerd.RecipeFilter{SinceID: &r3.ID}, []int64{r2.ID, r1.ID}},
		"stopped_after":    {partnerd.RecipeFilter{StoppedAfter: ptr(t0)}, []int64{r2.ID}},
		"stopped_later":    {partnerd.RecipeFilter{StoppedAfter: ptr(t0.Add(time.Hour))}, nil},
		"stop_cause":       {partnerd.RecipeFilter{StopCause: ptr("trial_expired")}, nil},
		"updated_after":    {partnerd.RecipeFilter{UpdatedAfter: ptr(t0)}, []int64{r2.ID}},
		"any":              {partnerd.RecipeFilter{ApplicationsAny: []string{"slack", "logger"}}, all},
		"any one":          {partnerd.RecipeFilter{ApplicationsAny: []string{"salesforce", "nope"}}, []int64{r3.ID}},
		"all apps":         {partnerd.RecipeFilter{ApplicationsAll: []string{"clock", "logger", "logger"}}, []int64{r2.ID, r1.ID}},
		"all apps missing": {partnerd.RecipeFilter{ApplicationsAll: []string{"clock", "slack"}}, nil},
	} {
		tt.f.Page = page(1, 100)
		list, total, err := db.FindRecipes(ctx, w.ID, tt.f)
		mustOK(t, err)
		if got := recipeIDs(list); total != len(tt.want) || (len(tt.want) > 0 || len(got) > 0) && !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: recipes = %v of %d, want %v", name, got, total, tt.want)
		}
	}

	list, total, err := db.FindRecipes(ctx, w.ID, partnerd.RecipeFilter{Page: page(2, 2), ExcludeCode: true})
	mustOK(t, err)
	if total != 3 || len(list) != 1 || list[0].ID != r1.ID || list[0].Code != "" || list[0].TriggerApplication == nil {
		t.Errorf("page 2 of 2 without code = %v of %d", list, total)
	}
	if got, _ := db.FindRecipeByID(ctx, w.ID, r2.ID); got.StoppedAt == nil || !got.StoppedAt.Equal(t0.Add(time.Hour)) || got.Running {
		t.Errorf("stopped recipe = %+v", got)
	}
}

// testRecipeUpdate checks that a change of code or config adds a version,
// that other changes do not, and that a running recipe refuses changes.
func testRecipeUpdate(t *testing.T, db *store.DB) {
	ctx := t.Context()
	now := fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	folder := mustCreateFolder(t, db, w.ID, nil, "P")
	r := mustCreateRecipe(t, db, w.ID, 0, "R")

	*now = t0.Add(time.Minute)
	got, err := db.UpdateRecipe(ctx, w.ID, r.ID, func(r *partnerd.Recipe) error {
		r.Name, r.Description, r.FolderID, r.Private = "Renamed", ptr("d"), folder.ID, false
		return nil
	})
	mustOK(t, err)
	if got.Name != "Renamed" || *got.Description != "d" || got.FolderID != folder.ID || got.ProjectID == nil ||
		got.Private || got.VersionNo != 1 || !got.UpdatedAt.Equal(*now) || !got.CreatedAt.Equal(t0) {
		t.Errorf("renamed recipe = %+v, want version 1", got)
	}
	got, err = db.UpdateRecipe(ctx, w.ID, r.ID, func(r *partnerd.Recipe) error { r.Code = clockCode; return nil })
	mustOK(t, err)
	if got.VersionNo != 1 {
		t.Errorf("version after the same code = %d, want 1", got.VersionNo)
	}
	got, err = db.UpdateRecipe(ctx, w.ID, r.ID, func(r *partnerd.Recipe) error { r.Code = salesforceCode; return nil })
	mustOK(t, err)
	if got.VersionNo != 2 || *got.TriggerApplication != "salesforce" || !reflect.DeepEqual(got.ActionApplications, []string{"slack"}) {
		t.Errorf("recipe with new code = %+v, want version 2", got)
	}
	got, err = db.UpdateRecipe(ctx, w.ID, r.ID, func(r *partnerd.Recipe) error {
		r.Config = []partnerd.RecipeConfig{{Provider: "salesforce"}}
		return nil
	})
	mustOK(t, err)
	if got.VersionNo != 3 {
		t.Errorf("version after a new config = %d, want 3", got.VersionNo)
	}
	if list, _, err := db.FindRecipes(ctx, w.ID, partnerd.RecipeFilter{ApplicationsAny: []string{"slack"}, Page: page(1, 10)}); err != nil || len(list) != 1 {
		t.Errorf("recipes using slack after the update = %v, %v", list, err)
	}

	versions, total, err := db.FindRecipeVersions(ctx, w.ID, r.ID, page(1, 2))
	mustOK(t, err)
	if total != 3 || len(versions) != 2 || versions[0].VersionNo != 3 || versions[1].VersionNo != 2 ||
		versions[0].AuthorName != "Customer" || versions[0].AuthorEmail != "ops@example.com" || versions[0].RecipeID != r.ID {
		t.Errorf("versions = %+v of %d, want 3 and 2 of 3", versions, total)
	}

	for field, apply := range map[string]func(*partnerd.Recipe) error{
		"name":      func(r *partnerd.Recipe) error { r.Name = ""; return nil },
		"code":      func(r *partnerd.Recipe) error { r.Code = "not json"; return nil },
		"folder_id": func(r *partnerd.Recipe) error { r.FolderID = 999999; return nil },
	} {
		_, err := db.UpdateRecipe(ctx, w.ID, r.ID, apply)
		wantField(t, err, partnerd.EINVALID, field)
	}

	running := mustCreateRecipe(t, db, w.ID, 0, "Running")
	mustStartRecipe(t, db, w.ID, running.ID)
	_, err = db.UpdateRecipe(ctx, w.ID, running.ID, func(r *partnerd.Recipe) error { r.Name = "x"; return nil })
	wantField(t, err, partnerd.ESTATE, "running")
	wantField(t, db.DeleteRecipe(ctx, w.ID, running.ID), partnerd.ESTATE, "running")
	mustOK(t, db.StopRecipe(ctx, w.ID, running.ID))
	mustOK(t, db.DeleteRecipe(ctx, w.ID, running.ID))
	_, err = db.FindRecipeByID(ctx, w.ID, running.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	_, _, err = db.FindRecipeVersions(ctx, w.ID, running.ID, page(1, 10))
	wantCode(t, err, partnerd.ENOTFOUND)
}

// testRecipeStart checks start validation against the catalogue and the
// workspace's connections, and that start and stop repeat harmlessly.
func testRecipeStart(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	newConnection := func(workspaceID int64, provider, status string) int64 {
		c := &partnerd.Connection{Name: provider, Provider: provider}
		if status != "" {
			c.AuthorizationStatus = &status
		}
		mustOK(t, db.CreateConnection(ctx, workspaceID, c))
		return c.ID
	}
	good := newConnection(w.ID, "salesforce", partnerd.AuthorizationSuccess)
	failed := newConnection(w.ID, "salesforce", partnerd.AuthorizationFailed)
	slack := newConnection(w.ID, "slack", partnerd.AuthorizationSuccess)
	gone := newConnection(w.ID, "slack", partnerd.AuthorizationSuccess)

	r := &partnerd.Recipe{Name: "R", Code: salesforceCode,
		Config: []partnerd.RecipeConfig{{Provider: "salesforce", AccountID: &failed}, {Provider: "slack", AccountID: &gone}}}
	mustOK(t, db.CreateRecipe(ctx, w.ID, r))
	mustOK(t, db.DeleteConnection(ctx, w.ID, gone))
	problems, err := db.StartRecipe(ctx, w.ID, r.ID)
	mustOK(t, err)
	want := &partnerd.StartErrors{Config: []partnerd.StepProblems{
		{Step: 0, Problems: []partnerd.StepProblem{{Label: "Connection", Value: failed, Message: "Connection " + itoa(failed) + " is not authorized", Path: "account_id"}}},
		{Step: 2, Problems: []partnerd.StepProblem{{Label: "Connection", Value: gone, Message: "Connection " + itoa(gone) + " does not exist", Path: "account_id"}}},
	}}
	if !reflect.DeepEqual(problems, want) {
		t.Errorf("start problems = %+v\nwant %+v", problems, want)
	}
	if got, _ := db.FindRecipeByID(ctx, w.ID, r.ID); got.Running {
		t.Error("a recipe that does not validate runs")
	}

	_, err = db.UpdateRecipe(ctx, w.ID, r.ID, func(r *partnerd.Recipe) error {
		r.Config = []partnerd.RecipeConfig{{Provider: "salesforce", AccountID: &good}, {Provider: "slack", AccountID: &slack}}
		return nil
	})
	mustOK(t, err)
	mustStartRecipe(t, db, w.ID, r.ID)
	mustStartRecipe(t, db, w.ID, r.ID)
	got, _ := db.FindRecipeByID(ctx, w.ID, r.ID)
	if !got.Running || got.StoppedAt != nil {
		t.Errorf("started recipe = %+v", got)
	}
	wantCode(t, db.DeleteConnection(ctx, w.ID, slack), partnerd.ESTATE)

	mustOK(t, db.StopRecipe(ctx, w.ID, r.ID))
	got, _ = db.FindRecipeByID(ctx, w.ID, r.ID)
	mustOK(t, db.StopRecipe(ctx, w.ID, r.ID))
	again, _ := db.FindRecipeByID(ctx, w.ID, r.ID)
	if got.Running || got.StoppedAt == nil || !reflect.DeepEqual(got, again) {
		t.Errorf("stopped recipe = %+v, then %+v", got, again)
	}
	mustOK(t, db.DeleteConnection(ctx, w.ID, slack))

	// A code problem: an unknown application.
	bad := &partnerd.Recipe{Name: "Bad", Code: `{"number":0,"keyword":"trigger","provider":"nope","name":"x"}`,
		Config: []partnerd.RecipeConfig{{Provider: "nope"}}}
	mustOK(t, db.CreateRecipe(ctx, w.ID, bad))
	problems, err = db.StartRecipe(ctx, w.ID, bad.ID)
	mustOK(t, err)
	if problems == nil || len(problems.Code) != 1 || len(problems.Config) != 0 || problems.Code[0].Problems[0].Path != "provider" {
		t.Errorf("start problems of an unknown application = %+v", problems)
	}
}

// testRecipeCopy checks that a copy is a stopped first version in the
// chosen folder, counted on the original.
func testRecipeCopy(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	other := MustCreateCustomer(t, db, a.ID, "Other")
	folder := mustCreateFolder(t, db, w.ID, nil, "P")
	r := mustCreateRecipe(t, db, w.ID, 0, "R")
	_, err := db.UpdateRecipe(ctx, w.ID, r.ID, func(r *partnerd.Recipe) error { r.Description = ptr("d"); r.Private = false; return nil })
	mustOK(t, err)
	mustStartRecipe(t, db, w.ID, r.ID)

	c, err := db.CopyRecipe(ctx, w.ID, r.ID, nil)
	mustOK(t, err)
	if c.ID == r.ID || c.Name != "R (copy)" || c.FolderID != w.RootFolderID || c.VersionNo != 1 || c.Running ||
		c.Code != clockCode || c.CopyCount != 0 || *c.TriggerApplication != "clock" || *c.Description != "d" || !c.Private {
		t.Errorf("copy = %+v", c)
	}
	c2, err := db.CopyRecipe(ctx, w.ID, r.ID, &folder.ID)
	mustOK(t, err)
	if c2.FolderID != folder.ID || c2.ProjectID == nil {
		t.Errorf("copy into a folder = %+v", c2)
	}
	if got, _ := db.FindRecipeByID(ctx, w.ID, r.ID); got.CopyCount != 2 || !got.Running {
		t.Errorf("original after two copies = %+v", got)
	}
	theirs := mustCreateFolder(t, db, other.ID, nil, "Theirs")
	_, err = db.CopyRecipe(ctx, w.ID, r.ID, &theirs.ID)
	wantField(t, err, partnerd.EINVALID, "folder_id")
	_, err = db.CopyRecipe(ctx, other.ID, r.ID, nil)
	wantCode(t, err, partnerd.ENOTFOUND)
}

// testRecipeCrossTenant checks that another workspace reaches none of a
// workspace's recipes.
func testRecipeCrossTenant(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	them := MustCreateCustomer(t, db, b.ID, "Theirs")
	r := mustCreateRecipe(t, db, w.ID, 0, "R")
	rename := func(r *partnerd.Recipe) error { r.Name = "Stolen"; return nil }
	for _, ws := range []int64{them.ID, b.ID, a.ID} {
		_, err := db.FindRecipeByID(ctx, ws, r.ID)
		wantCode(t, err, partnerd.ENOTFOUND)
		_, err = db.UpdateRecipe(ctx, ws, r.ID, rename)
		wantCode(t, err, partnerd.ENOTFOUND)
		_, err = db.StartRecipe(ctx, ws, r.ID)
		wantCode(t, err, partnerd.ENOTFOUND)
		wantCode(t, db.StopRecipe(ctx, ws, r.ID), partnerd.ENOTFOUND)
		wantCode(t, db.DeleteRecipe(ctx, ws, r.ID), partnerd.ENOTFOUND)
		_, err = db.CopyRecipe(ctx, ws, r.ID, nil)
		wantCode(t, err, partnerd.ENOTFOUND)
		_, err = db.FindJobs(ctx, ws, r.ID, partnerd.JobFilter{Limit: 10})
		wantCode(t, err, partnerd.ENOTFOUND)
		list, total, err := db.FindRecipes(ctx, ws, partnerd.RecipeFilter{Page: page(1, 10)})
		if err != nil || total != 0 || len(list) != 0 {
			t.Errorf("recipes of workspace %d = %d, %v", ws, total, err)
		}
	}
	_, err := db.RecordJobs(ctx, b.ID, r.ID, &partnerd.NewJobs{Status: partnerd.JobSucceeded, Count: 1})
	wantCode(t, err, partnerd.ENOTFOUND)
	if got, err := db.FindRecipeByID(ctx, w.ID, r.ID); err != nil || got.Name != "R" {
		t.Errorf("recipe after the attempts = %+v, %v", got, err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
