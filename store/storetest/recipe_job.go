package storetest

import (
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// jobIDs returns the ids of a list of jobs.
func jobIDs(list []*partnerd.Job) []int64 {
	out := make([]int64, len(list))
	for i, j := range list {
		out[i] = j.ID
	}
	return out
}

// testRecipeJobs checks that recorded jobs feed the recipe's statistics,
// list newest first, filter by status and page after a job.
func testRecipeJobs(t *testing.T, db *store.DB) {
	ctx := t.Context()
	fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	r := mustCreateRecipe(t, db, w.ID, 0, "R")
	record := func(nj partnerd.NewJobs) []*partnerd.Job {
		t.Helper()
		list, err := db.RecordJobs(ctx, a.ID, r.ID, &nj)
		mustOK(t, err)
		return list
	}
	early := t0.Add(-48 * time.Hour)
	ok := record(partnerd.NewJobs{Status: partnerd.JobSucceeded, Count: 2, TaskCount: 3, StartedAt: early})
	failed := record(partnerd.NewJobs{Status: partnerd.JobFailed, Count: 1, TaskCount: 1})
	pending := record(partnerd.NewJobs{Status: partnerd.JobPending, Count: 1, Title: ptr("Waiting"), StartedAt: early.Add(time.Hour)})

	if j := failed[0]; j.RecipeID != r.ID || !j.IsError || j.Error == nil || *j.Error != "Job failed" ||
		!j.StartedAt.Equal(t0) || j.CompletedAt == nil || j.TaskCount != 1 {
		t.Errorf("failed job = %+v", j)
	}
	if j := pending[0]; j.CompletedAt != nil || j.IsError || *j.Title != "Waiting" {
		t.Errorf("pending job = %+v", j)
	}
	got, err := db.FindRecipeByID(ctx, w.ID, r.ID)
	mustOK(t, err)
	if got.JobSucceededCount != 2 || got.JobFailedCount != 1 || got.LifetimeTaskCount != 7 || got.LastRunAt == nil || !got.LastRunAt.Equal(t0) {
		t.Errorf("statistics = %d succeeded, %d failed, %d tasks, last run %v", got.JobSucceededCount, got.JobFailedCount, got.LifetimeTaskCount, got.LastRunAt)
	}

	jobs, err := db.FindJobs(ctx, w.ID, r.ID, partnerd.JobFilter{Limit: 100})
	mustOK(t, err)
	want := []int64{failed[0].ID, pending[0].ID, ok[1].ID, ok[0].ID}
	if jobs.Count != 4 || jobs.SucceededCount != 2 || jobs.FailedCount != 1 || !reflect.DeepEqual(jobIDs(jobs.Items), want) {
		t.Errorf("jobs = %d (%d, %d) %v, want 4 (2, 1) %v", jobs.Count, jobs.SucceededCount, jobs.FailedCount, jobIDs(jobs.Items), want)
	}
	if !reflect.DeepEqual(jobs.Items[0], failed[0]) {
		t.Errorf("listed job = %+v\nwant %+v", jobs.Items[0], failed[0])
	}
	jobs, err = db.FindJobs(ctx, w.ID, r.ID, partnerd.JobFilter{Before: &pending[0].ID, Limit: 1})
	mustOK(t, err)
	if !reflect.DeepEqual(jobIDs(jobs.Items), []int64{ok[1].ID}) || jobs.Count != 4 {
		t.Errorf("jobs after the pending one = %v of %d", jobIDs(jobs.Items), jobs.Count)
	}
	jobs, err = db.FindJobs(ctx, w.ID, r.ID, partnerd.JobFilter{Status: ptr(partnerd.JobSucceeded), Limit: 100})
	mustOK(t, err)
	if !reflect.DeepEqual(jobIDs(jobs.Items), []int64{ok[1].ID, ok[0].ID}) {
		t.Errorf("succeeded jobs = %v", jobIDs(jobs.Items))
	}

	_, err = db.RecordJobs(ctx, a.ID, r.ID, &partnerd.NewJobs{Status: "done", Count: 1})
	wantField(t, err, partnerd.EINVALID, "status")
	_, err = db.RecordJobs(ctx, a.ID, r.ID+100, &partnerd.NewJobs{Status: partnerd.JobSucceeded, Count: 1})
	wantCode(t, err, partnerd.ENOTFOUND)
}

// testRecipeUsage checks that usage sums the tasks of recorded jobs by
// month, and keeps them when their recipe is deleted.
func testRecipeUsage(t *testing.T, db *store.DB) {
	ctx := t.Context()
	fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	idle := MustCreateCustomer(t, db, a.ID, "Idle")
	theirs := MustCreateCustomer(t, db, b.ID, "Theirs")
	r := mustCreateRecipe(t, db, w.ID, 0, "R")
	r2 := mustCreateRecipe(t, db, w.ID, 0, "R2")
	rb := mustCreateRecipe(t, db, theirs.ID, 0, "B's")
	record := func(accountID, recipeID int64, tasks int, at time.Time) {
		t.Helper()
		_, err := db.RecordJobs(ctx, accountID, recipeID, &partnerd.NewJobs{Status: partnerd.JobSucceeded, Count: 2, TaskCount: tasks, StartedAt: at})
		mustOK(t, err)
	}
	since := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	record(a.ID, r.ID, 5, since.Add(-time.Millisecond)) // before since: not counted
	record(a.ID, r.ID, 1, since)
	record(a.ID, r2.ID, 2, time.Date(2024, 3, 31, 23, 0, 0, 0, time.UTC))
	record(a.ID, r.ID, 4, time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC))
	record(b.ID, rb.ID, 100, since)
	mustOK(t, db.DeleteRecipe(ctx, w.ID, r2.ID))

	usage, err := db.FindUsage(ctx, a.ID, since)
	mustOK(t, err)
	if len(usage) != 2 || usage[0].CustomerID != w.ID || usage[1].CustomerID != idle.ID {
		t.Fatalf("usage = %+v", usage)
	}
	want := []partnerd.MonthUsage{{Month: "2024-03", TaskCount: 6}, {Month: "2024-05", TaskCount: 8}}
	if !reflect.DeepEqual(usage[0].Months, want) || len(usage[1].Months) != 0 {
		t.Errorf("months = %+v and %+v, want %+v and none", usage[0].Months, usage[1].Months, want)
	}
}

// testRecipeSearch checks that the public search finds the account's
// recipes that are not private, by term and applications.
func testRecipeSearch(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	w2 := MustCreateCustomer(t, db, a.ID, "Second")
	publish := func(r *partnerd.Recipe, description string) {
		_, err := db.UpdateRecipe(ctx, r.WorkspaceID, r.ID, func(r *partnerd.Recipe) error {
			r.Private, r.Description = false, &description
			return nil
		})
		mustOK(t, err)
	}
	r1 := mustCreateRecipe(t, db, w.ID, 0, "Sync leads")
	publish(r1, "Every 100% of leads")
	r2 := &partnerd.Recipe{Name: "Post deals", Code: salesforceCode, Private: true}
	mustOK(t, db.CreateRecipe(ctx, w2.ID, r2))
	publish(r2, "to Slack")
	mustCreateRecipe(t, db, w.ID, 0, "Private sync")
	publish(mustCreateRecipe(t, db, b.ID, 0, "B's sync"), "")

	for name, tt := range map[string]struct {
		f    partnerd.PublicRecipeFilter
		want []int64
	}{
		"all":          {partnerd.PublicRecipeFilter{}, []int64{r2.ID, r1.ID}},
		"term":         {partnerd.PublicRecipeFilter{Term: "SYNC"}, []int64{r1.ID}},
		"description":  {partnerd.PublicRecipeFilter{Term: "slack"}, []int64{r2.ID}},
		"wildcard":     {partnerd.PublicRecipeFilter{Term: "100%"}, []int64{r1.ID}},
		"no wildcard":  {partnerd.PublicRecipeFilter{Term: "_"}, nil},
		"applications": {partnerd.PublicRecipeFilter{Applications: []string{"salesforce", "slack"}}, []int64{r2.ID}},
		"missing app":  {partnerd.PublicRecipeFilter{Applications: []string{"clock", "slack"}}, nil},
	} {
		tt.f.Page = page(1, 20)
		list, err := db.SearchPublicRecipes(ctx, a.ID, tt.f)
		mustOK(t, err)
		if got := recipeIDs(list); (len(got) > 0 || len(tt.want) > 0) && !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: found %v, want %v", name, got, tt.want)
		}
	}
	list, err := db.SearchPublicRecipes(ctx, a.ID, partnerd.PublicRecipeFilter{Page: page(2, 1)})
	mustOK(t, err)
	if got := recipeIDs(list); !reflect.DeepEqual(got, []int64{r1.ID}) || list[0].Code != "" {
		t.Errorf("page 2 of 1 = %v", got)
	}
}

// testRecipeFolderScope checks that a client limited to some folders
// reaches only the recipes in their trees, and that recipes keep their
// folders from being deleted and go with their project.
func testRecipeFolderScope(t *testing.T, db *store.DB) {
	ctx := t.Context()
	tr := newScopeTree(t, db)
	inF := mustCreateRecipe(t, db, tr.w.ID, tr.f11.ID, "In F11")
	inS := mustCreateRecipe(t, db, tr.w.ID, tr.s.ID, "In S")
	home := mustCreateRecipe(t, db, tr.w.ID, 0, "At home")
	limited := tr.as(ctx, tr.f.ID)

	if _, err := db.FindRecipeByID(limited, tr.w.ID, inF.ID); err != nil {
		t.Errorf("recipe in the scope: %v", err)
	}
	for _, r := range []*partnerd.Recipe{inS, home} {
		_, err := db.FindRecipeByID(limited, tr.w.ID, r.ID)
		wantCode(t, err, partnerd.ENOTFOUND)
		_, err = db.StartRecipe(limited, tr.w.ID, r.ID)
		wantCode(t, err, partnerd.ENOTFOUND)
		wantCode(t, db.DeleteRecipe(limited, tr.w.ID, r.ID), partnerd.ENOTFOUND)
	}
	list, total, err := db.FindRecipes(limited, tr.w.ID, partnerd.RecipeFilter{Page: page(1, 10)})
	mustOK(t, err)
	if total != 1 || !reflect.DeepEqual(recipeIDs(list), []int64{inF.ID}) {
		t.Errorf("recipes in the scope = %v of %d", recipeIDs(list), total)
	}
	wantField(t, db.CreateRecipe(limited, tr.w.ID, &partnerd.Recipe{Name: "x", Code: clockCode}), partnerd.EINVALID, "folder_id")
	_, err = db.CopyRecipe(limited, tr.w.ID, inF.ID, &tr.s.ID)
	wantField(t, err, partnerd.EINVALID, "folder_id")
	_, err = db.UpdateRecipe(limited, tr.w.ID, inF.ID, func(r *partnerd.Recipe) error { r.FolderID = tr.q.ID; return nil })
	wantField(t, err, partnerd.EINVALID, "folder_id")

	wantCode(t, db.DeleteFolder(ctx, tr.w.ID, tr.f11.ID), partnerd.EFORBIDDEN)
	mustOK(t, db.DeleteProject(ctx, tr.w.ID, projectOfFolder(t, db, tr.w.ID, tr.p.ID).ID))
	_, err = db.FindRecipeByID(ctx, tr.w.ID, inF.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	if _, err := db.FindRecipeByID(ctx, tr.w.ID, home.ID); err != nil {
		t.Errorf("recipe outside the deleted project: %v", err)
	}
}

// testRecipeStartConcurrent checks that a start racing with an update that
// breaks the recipe never leaves a running recipe that does not validate.
func testRecipeStartConcurrent(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	broken := `{"number":0,"keyword":"trigger","provider":"nope","name":"x"}`
	for round := range 20 {
		r := mustCreateRecipe(t, db, w.ID, 0, "R")
		var problems *partnerd.StartErrors
		var errStart, errUpdate error
		var wg sync.WaitGroup
		wg.Go(func() { problems, errStart = db.StartRecipe(ctx, w.ID, r.ID) })
		wg.Go(func() {
			_, errUpdate = db.UpdateRecipe(ctx, w.ID, r.ID, func(r *partnerd.Recipe) error { r.Code = broken; return nil })
		})
		wg.Wait()
		mustOK(t, errStart)
		got, err := db.FindRecipeByID(ctx, w.ID, r.ID)
		mustOK(t, err)
		switch {
		case got.Running && (got.Code != clockCode || errUpdate == nil || problems != nil):
			t.Fatalf("round %d: running with code %s (update %v, problems %+v)", round, got.Code, errUpdate, problems)
		case !got.Running && (errUpdate != nil || problems == nil):
			t.Fatalf("round %d: stopped, update %v, problems %+v; want the update and a refused start", round, errUpdate, problems)
		}
		if errUpdate != nil {
			wantField(t, errUpdate, partnerd.ESTATE, "running")
		}
	}
}
