package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// mustRecordActivity appends an entry of an API client to the log.
func mustRecordActivity(tb testing.TB, db *store.DB, workspaceID int64, event, resource string, actorID int64, at time.Time) *partnerd.Activity {
	tb.Helper()
	a := &partnerd.Activity{EventType: event, ResourceType: resource, ResourceID: "7", ResourceName: "Thing",
		ActorType: partnerd.ActorAPIClient, ActorID: actorID, ActorName: "client", IP: "192.0.2.1",
		UserAgent: "test", Source: partnerd.ActivitySourceAPI, Action: "POST /api/things", Time: at}
	if err := db.RecordActivity(tb.Context(), workspaceID, a); err != nil {
		tb.Fatalf("record activity %s: %v", event, err)
	}
	return a
}

// activityEvents returns the event types of a list of entries.
func activityEvents(list []*partnerd.Activity) []string {
	out := make([]string, len(list))
	for i, a := range list {
		out[i] = a.EventType
	}
	return out
}

// mustFindActivities reads a page of the log.
func mustFindActivities(tb testing.TB, db *store.DB, workspaceID int64, f partnerd.ActivityFilter) ([]*partnerd.Activity, int) {
	tb.Helper()
	list, total, err := db.FindActivities(tb.Context(), workspaceID, f)
	if err != nil {
		tb.Fatalf("find activities %+v: %v", f, err)
	}
	return list, total
}

// testActivityFilters checks the order, paging and every filter of the log.
func testActivityFilters(t *testing.T, db *store.DB) {
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	t0 := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	mustRecordActivity(t, db, w.ID, "recipe_created", "Flow", 1, t0)
	mustRecordActivity(t, db, w.ID, "recipe_started", "Flow", 2, t0.Add(time.Minute))
	mustRecordActivity(t, db, w.ID, "connection_created", "SharedAccount", 1, t0.Add(2*time.Minute))
	last := mustRecordActivity(t, db, w.ID, "folder_created", "Folder", 3, t0.Add(3*time.Minute))

	list, total := mustFindActivities(t, db, w.ID, partnerd.ActivityFilter{})
	if want := []string{"folder_created", "connection_created", "recipe_started", "recipe_created"}; !slices.Equal(activityEvents(list), want) || total != 4 {
		t.Errorf("log = %v (total %d), want %v newest first", activityEvents(list), total, want)
	}
	if got := list[0]; got.ID != last.ID || got.WorkspaceName != "Customer" || !got.Time.Equal(last.Time) || got.IP != "192.0.2.1" {
		t.Errorf("newest entry = %+v", got)
	}
	for _, c := range []struct {
		name string
		f    partnerd.ActivityFilter
		want []string
	}{
		{"page", partnerd.ActivityFilter{Size: 2}, []string{"folder_created", "connection_created"}},
		{"after", partnerd.ActivityFilter{Size: 2, After: list[1].ID}, []string{"recipe_started", "recipe_created"}},
		{"from", partnerd.ActivityFilter{From: t0.Add(2 * time.Minute)}, []string{"folder_created", "connection_created"}},
		{"to", partnerd.ActivityFilter{To: t0.Add(time.Minute)}, []string{"recipe_started", "recipe_created"}},
		{"users", partnerd.ActivityFilter{UserIDs: []int64{1, 3}}, []string{"folder_created", "connection_created", "recipe_created"}},
		{"include resource, any case", partnerd.ActivityFilter{IncludeResourceTypes: []string{"flow"}}, []string{"recipe_started", "recipe_created"}},
		{"exclude resource", partnerd.ActivityFilter{ExcludeResourceTypes: []string{"Flow", "Folder"}}, []string{"connection_created"}},
		{"include event", partnerd.ActivityFilter{IncludeEventTypes: []string{"recipe_started", "folder_created"}}, []string{"folder_created", "recipe_started"}},
		{"exclude event", partnerd.ActivityFilter{ExcludeEventTypes: []string{"RECIPE_CREATED"}}, []string{"folder_created", "connection_created", "recipe_started"}},
		{"none", partnerd.ActivityFilter{IncludeEventTypes: []string{"nothing"}}, []string{}},
	} {
		got, n := mustFindActivities(t, db, w.ID, c.f)
		if !slices.Equal(activityEvents(got), c.want) {
			t.Errorf("%s: log = %v, want %v", c.name, activityEvents(got), c.want)
		}
		if c.f.After == 0 && c.f.Size == 0 && n != len(c.want) {
			t.Errorf("%s: total = %d, want %d", c.name, n, len(c.want))
		}
	}
}

// testActivityInvalid checks that an entry without types, or of an
// unknown workspace, is refused.
func testActivityInvalid(t *testing.T, db *store.DB) {
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	err := db.RecordActivity(t.Context(), a.ID, &partnerd.Activity{ResourceType: "Flow"})
	wantField(t, err, partnerd.EINVALID, "event_type")
	err = db.RecordActivity(t.Context(), a.ID, &partnerd.Activity{EventType: "x", ResourceType: "Flow", ResourceName: "a\x00b"})
	wantField(t, err, partnerd.EINVALID, "resource_name")
	err = db.RecordActivity(t.Context(), a.ID+1000, &partnerd.Activity{EventType: "x", ResourceType: "Flow"})
	wantCode(t, err, partnerd.ENOTFOUND)
}

// testActivityPrune checks that pruning keeps the newest entries of one
// workspace and leaves others alone.
func testActivityPrune(t *testing.T, db *store.DB) {
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	t0 := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	for i := range 5 {
		mustRecordActivity(t, db, w.ID, "e"+string(rune('0'+i)), "Flow", 1, t0)
		mustRecordActivity(t, db, a.ID, "a"+string(rune('0'+i)), "Flow", 1, t0)
	}
	mustOK(t, db.PruneActivities(t.Context(), w.ID, 2))
	if list, total := mustFindActivities(t, db, w.ID, partnerd.ActivityFilter{}); !slices.Equal(activityEvents(list), []string{"e4", "e3"}) || total != 2 {
		t.Errorf("pruned log = %v (%d)", activityEvents(list), total)
	}
	if _, total := mustFindActivities(t, db, a.ID, partnerd.ActivityFilter{}); total != 5 {
		t.Errorf("another workspace's log has %d entries after a prune, want 5", total)
	}
	mustOK(t, db.PruneActivities(t.Context(), w.ID, 0))
	if _, total := mustFindActivities(t, db, w.ID, partnerd.ActivityFilter{}); total != 0 {
		t.Errorf("log pruned to nothing has %d entries", total)
	}
}

// testActivityCrossTenant checks that each workspace reads its own log
// alone, and that a deleted workspace's log goes with it.
func testActivityCrossTenant(t *testing.T, db *store.DB) {
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	theirs := MustCreateCustomer(t, db, b.ID, "Theirs")
	t0 := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	mine := mustRecordActivity(t, db, w.ID, "recipe_created", "Flow", 1, t0)
	mustRecordActivity(t, db, theirs.ID, "recipe_deleted", "Flow", 1, t0)
	for ws, want := range map[int64][]string{w.ID: {"recipe_created"}, theirs.ID: {"recipe_deleted"}, a.ID: {}, b.ID: {}} {
		if list, _ := mustFindActivities(t, db, ws, partnerd.ActivityFilter{}); !slices.Equal(activityEvents(list), want) {
			t.Errorf("log of workspace %d = %v, want %v", ws, activityEvents(list), want)
		}
	}
	// The cursor of one workspace's page shows nothing of another's.
	if list, _ := mustFindActivities(t, db, theirs.ID, partnerd.ActivityFilter{After: mine.ID + 1000}); len(list) != 1 || list[0].WorkspaceID != theirs.ID {
		t.Errorf("their log after my cursor = %+v", list)
	}
	mustOK(t, db.DeleteCustomer(t.Context(), b.ID, theirs.ID))
	if list, _ := mustFindActivities(t, db, theirs.ID, partnerd.ActivityFilter{}); len(list) != 0 {
		t.Errorf("log of a deleted workspace = %v", activityEvents(list))
	}
}
