package storetest

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// testRecipeResetTrigger checks that resetting a stopped recipe's trigger
// changes its webhook token, so that the old URL takes no more events,
// that a running recipe is refused, that another workspace cannot reset
// it, and that a reset schedule fires from the next start.
func testRecipeResetTrigger(t *testing.T, db *store.DB) {
	ctx := t.Context()
	now := fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	hook := &partnerd.Recipe{Name: "Hook", Private: true, Config: []partnerd.RecipeConfig{{Provider: "workato_webhooks"}, {Provider: "logger"}},
		Code: `{"number":0,"keyword":"trigger","provider":"workato_webhooks","name":"new_event","as":"t","block":[{"number":1,"keyword":"action","provider":"logger","name":"log_message"}]}`}
	mustOK(t, db.CreateRecipe(ctx, a.ID, hook))
	old := hook.WebhookToken
	mustStartRecipe(t, db, a.ID, hook.ID)
	wantCode(t, db.ResetRecipeTrigger(ctx, a.ID, hook.ID), partnerd.ESTATE)
	mustOK(t, db.StopRecipe(ctx, a.ID, hook.ID))
	wantCode(t, db.ResetRecipeTrigger(ctx, b.ID, hook.ID), partnerd.ENOTFOUND)
	wantCode(t, db.ResetRecipeTrigger(ctx, a.ID, hook.ID+1000), partnerd.ENOTFOUND)
	mustOK(t, db.ResetRecipeTrigger(ctx, a.ID, hook.ID))
	got, err := db.FindRecipeByID(ctx, a.ID, hook.ID)
	mustOK(t, err)
	if got.WebhookToken == old || len(got.WebhookToken) != 32 || got.Revision == hook.Revision {
		t.Fatalf("token %q (was %q), revision %d (was %d)", got.WebhookToken, old, got.Revision, hook.Revision)
	}
	mustStartRecipe(t, db, a.ID, hook.ID)
	ev := &partnerd.TriggerEvent{Output: json.RawMessage(`{}`)}
	_, err = db.EnqueueWebhookEvent(ctx, old, ev)
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.EnqueueWebhookEvent(ctx, got.WebhookToken, ev)
	mustOK(t, err)

	clock := mustStartedRecipe(t, db, a.ID, "Every 5 minutes")
	mustOK(t, db.StopRecipe(ctx, a.ID, clock.ID))
	mustOK(t, db.ResetRecipeTrigger(ctx, a.ID, clock.ID))
	*now = t0.Add(time.Hour)
	mustStartRecipe(t, db, a.ID, clock.ID)
	*now = t0.Add(time.Hour + 4*time.Minute)
	n, err := db.FireSchedules(ctx)
	mustOK(t, err)
	if n != 0 {
		t.Errorf("fired %d schedules 4 minutes after the start, want 0", n)
	}
	*now = t0.Add(time.Hour + 5*time.Minute)
	if n, err = db.FireSchedules(ctx); err != nil || n != 1 {
		t.Errorf("fired %d schedules (%v) 5 minutes after the start, want 1", n, err)
	}
}
