package storetest

import (
	"testing"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// testCustomerCounts checks the counts a customer workspace carries: its
// recipes, running recipes, authorized connections and the tasks of the
// current billing period.
func testCustomerCounts(t *testing.T, db *store.DB) {
	ctx := t.Context()
	fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Counted")
	other := MustCreateCustomer(t, db, a.ID, "Other")
	running := mustCreateRecipe(t, db, w.ID, 0, "running")
	mustCreateRecipe(t, db, w.ID, 0, "stopped")
	mustCreateRecipe(t, db, other.ID, 0, "elsewhere")
	mustStartRecipe(t, db, w.ID, running.ID)
	for _, status := range []*string{ptr(partnerd.AuthorizationSuccess), nil} {
		mustOK(t, db.CreateConnection(ctx, w.ID, &partnerd.Connection{Name: "C", Provider: "clock", AuthorizationStatus: status}))
	}
	for _, j := range []*partnerd.NewJobs{
		{Status: "succeeded", Count: 2, TaskCount: 5, StartedAt: t0},
		{Status: "failed", Count: 1, TaskCount: 3, StartedAt: t0.AddDate(0, -1, 0)}, // the month before
	} {
		_, err := db.RecordJobs(ctx, a.ID, running.ID, j)
		mustOK(t, err)
	}
	got, err := db.FindCustomerByID(ctx, a.ID, w.ID)
	mustOK(t, err)
	if got.RecipeCount != 2 || got.ActiveRecipeCount != 1 || got.ActiveConnectionCount != 1 || got.TaskCount != 10 {
		t.Errorf("counts: recipes %d, running %d, connections %d, tasks %d; want 2, 1, 1, 10",
			got.RecipeCount, got.ActiveRecipeCount, got.ActiveConnectionCount, got.TaskCount)
	}
	list, _, err := db.FindCustomers(ctx, a.ID, page(1, 10))
	mustOK(t, err)
	if len(list) != 2 || list[0].TaskCount != 10 || list[1].RecipeCount != 1 || list[1].TaskCount != 0 {
		t.Errorf("listed counts differ: %+v", list)
	}
}
