package http

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/mock"
)

// activityLog is an ActivityService in memory.
type activityLog struct {
	mu      sync.Mutex
	entries []*partnerd.Activity
}

func (l *activityLog) RecordActivity(ctx context.Context, workspaceID int64, a *partnerd.Activity) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	a.WorkspaceID = workspaceID
	l.entries = append(l.entries, a)
	return nil
}

func (l *activityLog) FindActivities(ctx context.Context, workspaceID int64, f partnerd.ActivityFilter) ([]*partnerd.Activity, int, error) {
	return nil, 0, nil
}

// take returns the entries recorded since the last take.
func (l *activityLog) take() []*partnerd.Activity {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.entries
	l.entries = nil
	return out
}

// activityExcluded lists the routes outside /_partnerd/ that take a body
// but change no workspace data, so leave nothing in the activity log.
var activityExcluded = []string{
	"POST /webhooks/rest/{token}/{event}",                                // a recipe's trigger event: a job, not a change of its data
	"POST /api/managed_users/{mu}/connections/{connection_id}/pick_list", // reads the connected app
	"POST /managed_users/{mu}/connections/{connection_id}/pick_list",     // reads the connected app
	"POST /api/connections/{connection_id}/pick_list",                    // reads the connected app
}

// activityTestServer returns a server whose every route answers with
// answer, for an Admin client of admin workspace 1 acting on customer 2.
func activityTestServer(answer func(w http.ResponseWriter) error) (*Server, *activityLog, []route) {
	s := NewServer()
	log := &activityLog{}
	s.Activities = log
	s.TestHelpers = true
	s.Now = func() time.Time { return time.Date(2026, 11, 2, 9, 30, 0, 0, time.UTC) }
	s.Auth = mock.AdminCaller(1)
	s.Workspaces = &mock.WorkspaceService{FindCustomerIDFn: func(context.Context, int64, int64, string) (int64, error) { return 2, nil }}
	routes := s.routes()
	for i := range routes {
		routes[i].handle = func(w http.ResponseWriter, r *http.Request) error { return answer(w) }
	}
	return s, log, routes
}

// activityRequest returns a request to a route, its path parameters 2
// for {mu} and 5 for every other one.
func activityRequest(rt route) *http.Request {
	method, path, _ := strings.Cut(rt.pattern, " ")
	path = strings.TrimSuffix(path, "{$}")
	r := httptest.NewRequest(method, "http://partnerd.test"+fillPath(path), strings.NewReader(`{"name":"From the body","password":"hunter2"}`))
	r.Header.Set("Authorization", "Bearer wrkaus-test")
	r.Header.Set("User-Agent", "activity-test/1.0")
	r.RemoteAddr = "198.51.100.7:4321"
	for _, seg := range strings.Split(path, "/") {
		if name, ok := strings.CutPrefix(seg, "{"); ok {
			name = strings.TrimSuffix(name, "}")
			value := "5"
			if name == "mu" {
				value = "2"
			}
			r.SetPathValue(name, value)
		}
	}
	return r
}

func fillPath(path string) string {
	var parts []string
	for _, seg := range strings.Split(path, "/") {
		switch {
		case seg == "{mu}":
			seg = "2"
		case strings.HasPrefix(seg, "{"):
			seg = "5"
		}
		parts = append(parts, seg)
	}
	return strings.Join(parts, "/")
}

// TestActivityEveryChange walks the route table: every route that
// changes workspace data leaves exactly one entry when it succeeds, with
// Workato's types, the resource's id and name, and no secret; every
// other route, the test helpers and activityExcluded, leaves none.
func TestActivityEveryChange(t *testing.T) {
	s, log, routes := activityTestServer(func(w http.ResponseWriter) error {
		return ok(w, map[string]any{"id": 41, "name": "Thing", "token": "wrkaus-secret", "password": "hunter2"})
	})
	var changes, excluded []string
	for _, rt := range routes {
		method, path, _ := strings.Cut(rt.pattern, " ")
		w := httptest.NewRecorder()
		s.adapt(rt).ServeHTTP(w, activityRequest(rt))
		if w.Code != http.StatusOK {
			t.Errorf("%s: status %d: %s", rt.pattern, w.Code, w.Body)
			continue
		}
		entries := log.take()
		change := method != http.MethodGet && method != http.MethodHead && !strings.HasPrefix(path, "/_partnerd/") &&
			!slices.Contains(activityExcluded, rt.pattern)
		if !change {
			if method != http.MethodGet {
				excluded = append(excluded, rt.pattern)
			}
			if len(entries) != 0 {
				t.Errorf("%s: %d entries, want none: it changes no workspace data", rt.pattern, len(entries))
			}
			continue
		}
		changes = append(changes, rt.pattern)
		if len(entries) != 1 {
			t.Errorf("%s: %d entries, want 1", rt.pattern, len(entries))
			continue
		}
		a := entries[0]
		wantWS := int64(1)
		ofCustomer := strings.HasSuffix(path, "/managed_users/{mu}") || strings.HasSuffix(path, "/managed_users/{mu}/environments")
		if strings.Contains(path, "{mu}") && !ofCustomer {
			wantWS = 2
		}
		if a.WorkspaceID != wantWS {
			t.Errorf("%s: entry in workspace %d, want %d", rt.pattern, a.WorkspaceID, wantWS)
		}
		if a.EventType == "" || a.ResourceType == "" || a.ResourceID == "" || a.ResourceName != "Thing" {
			t.Errorf("%s: entry %+v lacks its types, resource id or name", rt.pattern, a)
		}
		if a.ActorType != partnerd.ActorAPIClient || a.ActorID != 1 || a.ActorName != "mock" || a.IP != "198.51.100.7" ||
			a.UserAgent != "activity-test/1.0" || a.Action != rt.pattern || a.Source != partnerd.ActivitySourceAPI {
			t.Errorf("%s: entry %+v does not say who, from where and what", rt.pattern, a)
		}
		for _, text := range []string{a.EventType, a.ResourceType, a.ResourceID, a.ResourceName, a.ActorName, a.Action} {
			if strings.Contains(text, "wrkaus-secret") || strings.Contains(text, "hunter2") {
				t.Errorf("%s: entry %+v holds a secret", rt.pattern, a)
			}
		}
	}
	if len(changes) < 100 {
		t.Errorf("only %d routes change workspace data", len(changes))
	}
	t.Logf("%d changes recorded; excluded, besides reads: %s", len(changes), strings.Join(excluded, ", "))
}

// TestActivityFailures checks that a change that fails, or that Workato
// refuses with 200 and success false, leaves no entry.
func TestActivityFailures(t *testing.T) {
	for name, answer := range map[string]func(w http.ResponseWriter) error{
		"error": func(w http.ResponseWriter) error { return partnerd.FieldError("name", "can't be blank") },
		"refusal": func(w http.ResponseWriter) error {
			return ok(w, map[string]any{"success": false, "errors": []string{"running"}})
		},
		"status": func(w http.ResponseWriter) error {
			writeJSON(w, http.StatusConflict, map[string]any{"id": 1})
			return nil
		},
	} {
		s, log, routes := activityTestServer(answer)
		i := slices.IndexFunc(routes, func(rt route) bool { return rt.pattern == "PUT /api/recipes/{recipe_id}" })
		w := httptest.NewRecorder()
		s.adapt(routes[i]).ServeHTTP(w, activityRequest(routes[i]))
		if entries := log.take(); len(entries) != 0 {
			t.Errorf("%s: %d entries, want none (status %d)", name, len(entries), w.Code)
		}
	}
}

// TestResourceOf checks which fields name a resource, and that secrets
// and a connection's input are never read.
func TestResourceOf(t *testing.T) {
	for body, want := range map[string][2]string{
		`{"id":7,"name":"Sync","token":"wrkaus-x"}`:              {"7", "Sync"},
		`{"success":true,"id":12}`:                               {"12", ""},
		`{"result":{"id":3,"name":"Client","token":"wrkaus-x"}}`: {"3", "Client"},
		`{"handle":"tag-a","title":"HR"}`:                        {"tag-a", "HR"},
		`{"recipe":{"name":"Wrapped"}}`:                          {"", "Wrapped"},
		`{"input":{"name":"hunter2"}}`:                           {"", ""},
		`{"name":["x"],"id":{"a":1}}`:                            {"", ""},
		`[{"id":1}]`:                                             {"", ""},
		`{"name":"a\u0000b"}`:                                    {"", ""},
		``:                                                       {"", ""},
	} {
		if id, name := resourceOf([]byte(body)); id != want[0] || name != want[1] {
			t.Errorf("resourceOf(%s) = %q, %q; want %q, %q", body, id, name, want[0], want[1])
		}
	}
}

// TestActivityOf checks Workato's names for a few routes.
func TestActivityOf(t *testing.T) {
	want := map[string]activityKind{
		"POST /api/managed_users":                                                      {event: "workspace_created", resource: "User", account: true},
		"DELETE /api/managed_users/{mu}":                                               {event: "workspace_deleted", resource: "User", idParam: "mu", account: true},
		"POST /api/recipes":                                                            {event: "recipe_created", resource: "Flow"},
		"PUT /api/managed_users/{mu}/recipes/{recipe_id}/start":                        {event: "recipe_started", resource: "Flow", idParam: "recipe_id"},
		"POST /api/recipes/{recipe_id}/copy":                                           {event: "recipe_copied", resource: "Flow", idParam: "recipe_id"},
		"POST /api/connections/{connection_id}/disconnect":                             {event: "connection_disconnected", resource: "SharedAccount", idParam: "connection_id"},
		"DELETE /api/folders/{folder_id}":                                              {event: "folder_deleted", resource: "Folder", idParam: "folder_id"},
		"POST /api/lookup_tables/{lookup_table_id}/rows":                               {event: "lookup_table_row_created", resource: "LookupTable", idParam: "lookup_table_id"},
		"POST /api/properties":                                                         {event: "account_property_updated", resource: "AccountProperty"},
		"POST /api/packages/import/{folder_id}":                                        {event: "package_imported", resource: "Package"},
		"PUT /api/v2/api_clients/{id}/api_keys/{key_id}/refresh_secret":                {event: "access_profile_api_key_refreshed", resource: "ApiAccessProfile", idParam: "key_id"},
		"POST /api/tags_assignments":                                                   {event: "tag_assigned", resource: "Tags::Models::Tag"},
		"PUT /api/recipes/{recipe_id}/reset_trigger":                                   {event: "recipe_trigger_reset", resource: "Flow", idParam: "recipe_id"},
		"POST /api/managed_users/{mu}/recipes/{recipe_id}/repeat_jobs":                 {event: "recipe_jobs_repeated", resource: "Flow", idParam: "recipe_id"},
		"PUT /api/v2/managed_users/{mu}/tags/{handle}":                                 {event: "tag_updated", resource: "Tags::Models::Tag", idParam: "handle"},
		"POST /api/developer_api_clients/{id}/regenerate":                              {event: "api_client_token_regenerated", resource: "ApiClient", idParam: "id"},
		"POST /api/custom_connectors/{id}/oem_share/{version}":                         {event: "connector_shared", resource: "Adapter", idParam: "id"},
		"POST /api/v2/managed_users/{mu}/widgets/{widget_id}/polish":                   {event: "widget_updated", resource: "Widget", idParam: "widget_id"},
		"POST /api/managed_users/{mu}/member_invitations":                              {event: "member_invitation_sent", resource: "MemberInvitation"},
		"PUT /api/managed_users/members/{member_id}":                                   {event: "collaborator_updated", resource: "ManagedUserGrant", idParam: "member_id"},
		"POST /api/managed_users/{mu}/lookup_tables/batch_delete":                      {event: "lookup_table_deleted", resource: "LookupTable"},
		"DELETE /api/managed_users/{mu}/lookup_tables/{lookup_table_id}/rows/{row_id}": {event: "lookup_table_row_deleted", resource: "LookupTable", idParam: "lookup_table_id"},
	}
	for pattern, k := range want {
		got, ok := activityOf(route{pattern: pattern, family: familyD})
		if !ok || got != k {
			t.Errorf("activityOf(%s) = %+v, %v; want %+v", pattern, got, ok, k)
		}
	}
}

// TestActivityJSONIDs checks that every resource id encodes: numbers in
// their canonical form, anything else as text.
func TestActivityJSONIDs(t *testing.T) {
	for id, want := range map[string]string{"+5": `5`, "007": `7`, "12": `12`, "tag-a": `"tag-a"`, "": `null`, "99999999999999999999": `"99999999999999999999"`} {
		out := newActivityJSON(&partnerd.Activity{ResourceID: id})
		b, err := marshalJSON(out)
		if err != nil || string(out.Resource.ID) != want {
			t.Errorf("id %q: %s, %v; want %s", id, out.Resource.ID, err, want)
		}
		_ = b
	}
}
