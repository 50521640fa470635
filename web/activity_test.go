package web_test

import (
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/partnerd/partnerd"
)

// TestConsoleActivity checks that a recipe started and stopped from the
// console leaves one entry each in the customer's activity log, naming
// the signed-in client, and that a refused start leaves none.
func TestConsoleActivity(t *testing.T) {
	e := newConsoleEnv(t)
	cookie := e.signIn(t, tokenA)
	recipes := "/console/customers/" + itoa(e.Acme.ID) + "/recipes/"
	for _, path := range []string{itoa(e.Good.ID) + "/start", itoa(e.Good.ID) + "/stop", itoa(e.Broken.ID) + "/start"} {
		res, body := e.request(t, "POST", recipes+path, url.Values{}, map[string]string{"Cookie": cookie, "Origin": e.URL, "User-Agent": "browser/1"})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("POST %s: %d %s", path, res.StatusCode, body)
		}
	}
	list, total, err := e.DB.FindActivities(t.Context(), e.Acme.ID, partnerd.ActivityFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var events []string
	for _, a := range list {
		events = append(events, a.EventType)
		if a.Source != partnerd.ActivitySourceConsole || a.ResourceType != "Flow" || a.ResourceName != e.Good.Name ||
			a.ActorType != partnerd.ActorAPIClient || a.ActorName == "" || a.IP != "127.0.0.1" || a.UserAgent != "browser/1" {
			t.Errorf("entry %+v", a)
		}
	}
	if want := []string{"recipe_stopped", "recipe_started"}; !slices.Equal(events, want) || total != 2 {
		t.Errorf("log = %v (%d), want %v", events, total, want)
	}
}
