package storetest

import (
	"context"
	"reflect"
	"strconv"
	"testing"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// mustCreateAPICollection creates a collection in a project (home when
// nil) with endpoints of the given methods and paths, each calling the
// recipe of flows[i] when it is not zero.
func mustCreateAPICollection(tb testing.TB, db *store.DB, workspaceID int64, projectID *int64, name string, flows ...int64) (*partnerd.APICollection, []*partnerd.APIEndpoint) {
	tb.Helper()
	c := &partnerd.APICollection{Name: name, ProjectID: projectID}
	var endpoints []*partnerd.APIEndpoint
	for i, flow := range flows {
		e := &partnerd.APIEndpoint{Name: name + " op", Method: partnerd.APIMethods[i%len(partnerd.APIMethods)], Path: "items/:id"}
		if flow != 0 {
			e.FlowID = ptr(flow)
		}
		endpoints = append(endpoints, e)
	}
	if err := db.CreateAPICollection(tb.Context(), workspaceID, c, endpoints); err != nil {
		tb.Fatalf("create API collection %q: %v", name, err)
	}
	return c, endpoints
}

// collectionIDs lists the ids of the collections ctx reaches.
func collectionIDs(t *testing.T, db *store.DB, ctx context.Context, workspaceID int64) []int64 {
	t.Helper()
	list, total, err := db.FindAPICollections(ctx, workspaceID, page(1, 100))
	mustOK(t, err)
	out := []int64{}
	for _, c := range list {
		out = append(out, c.ID)
	}
	if total != len(out) {
		t.Errorf("total %d for %d collections", total, len(out))
	}
	return out
}

// testAPICollectionCreate checks that a collection round-trips with its
// endpoints, in its project's top folder or in home.
func testAPICollectionCreate(t *testing.T, db *store.DB) {
	ctx := t.Context()
	fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	p := mustCreateFolder(t, db, w.ID, nil, "Sales")
	r := mustCreateRecipe(t, db, w.ID, p.ID, "Search")

	c, eps := mustCreateAPICollection(t, db, w.ID, p.ProjectID, "Sales API", r.ID, 0)
	if c.ID == 0 || c.FolderID != p.ID || c.ProjectID == nil || *c.ProjectID != *p.ProjectID ||
		c.Version != "1.0" || !c.CreatedAt.Equal(t0) || c.WorkspaceID != w.ID {
		t.Errorf("collection = %+v", c)
	}
	if want := "/ws" + strconv.FormatInt(w.ID, 10) + "/sales-api-v1"; c.BasePath() != want {
		t.Errorf("base path %q, want %q", c.BasePath(), want)
	}
	if eps[0].ID == 0 || eps[1].ID <= eps[0].ID || eps[0].CollectionID != c.ID || eps[0].Active {
		t.Errorf("endpoints = %+v, %+v", eps[0], eps[1])
	}

	list, total, err := db.FindAPIEndpoints(ctx, w.ID, partnerd.APIEndpointFilter{CollectionID: c.ID, Page: page(1, 100)})
	mustOK(t, err)
	if total != 2 || len(list) != 2 || !reflect.DeepEqual(list[0], eps[0]) || !reflect.DeepEqual(list[1], eps[1]) {
		t.Fatalf("endpoints = %d %+v, want %+v", total, list, eps)
	}
	if *list[0].FlowID != r.ID || list[1].FlowID != nil || list[0].URL("") != c.BasePath()+"/items/:id" {
		t.Errorf("endpoint = %+v, url %s", list[0], list[0].URL(""))
	}

	home, _ := mustCreateAPICollection(t, db, w.ID, nil, "Home API")
	if home.ProjectID != nil || home.FolderID != *p.ParentID {
		t.Errorf("home collection = %+v", home)
	}
	if ids := collectionIDs(t, db, ctx, w.ID); !reflect.DeepEqual(ids, []int64{c.ID, home.ID}) {
		t.Errorf("collections = %v", ids)
	}
	if list, _, err := db.FindAPIEndpoints(ctx, w.ID, partnerd.APIEndpointFilter{CollectionID: home.ID, Page: page(1, 100)}); err != nil || len(list) != 0 {
		t.Errorf("endpoints of an empty collection = %v, %v", list, err)
	}
	if list, total, err := db.FindAPIEndpoints(ctx, w.ID, partnerd.APIEndpointFilter{Page: page(2, 1)}); err != nil || total != 2 || len(list) != 1 || list[0].ID != eps[1].ID {
		t.Errorf("page 2 of every endpoint = %v, %d, %v", list, total, err)
	}
}

// testAPICollectionCreateInvalid checks the refusals of a create, none of
// which stores anything.
func testAPICollectionCreateInvalid(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	other := MustCreateCustomer(t, db, a.ID, "Other")
	p := mustCreateFolder(t, db, w.ID, nil, "Sales")
	theirs := mustCreateFolder(t, db, other.ID, nil, "Theirs")
	theirRecipe := mustCreateRecipe(t, db, other.ID, theirs.ID, "Theirs")
	mustCreateAPICollection(t, db, w.ID, p.ProjectID, "Taken")

	create := func(c *partnerd.APICollection, eps ...*partnerd.APIEndpoint) error {
		return db.CreateAPICollection(ctx, w.ID, c, eps)
	}
	wantField(t, create(&partnerd.APICollection{Name: " "}), partnerd.EINVALID, "name")
	wantField(t, create(&partnerd.APICollection{Name: "Taken"}), partnerd.ECONFLICT, "name")
	wantField(t, create(&partnerd.APICollection{Name: "X", ProjectID: ptr(int64(999))}), partnerd.EINVALID, "project_id")
	wantField(t, create(&partnerd.APICollection{Name: "X", ProjectID: theirs.ProjectID}), partnerd.EINVALID, "project_id")
	wantField(t, create(&partnerd.APICollection{Name: "X"}, &partnerd.APIEndpoint{Name: "a", Method: "TRACE", Path: "a"}),
		partnerd.EINVALID, "openapi_spec")
	wantField(t, create(&partnerd.APICollection{Name: "X"}, &partnerd.APIEndpoint{Name: "a", Method: "GET", Path: "a"},
		&partnerd.APIEndpoint{Name: "b", Method: "GET", Path: "b", FlowID: &theirRecipe.ID}), partnerd.EINVALID, "openapi_spec")
	wantField(t, create(&partnerd.APICollection{Name: "X"}, &partnerd.APIEndpoint{Name: "a", Method: "GET", Path: "a", FlowID: ptr(int64(999))}),
		partnerd.EINVALID, "openapi_spec")

	if ids := collectionIDs(t, db, ctx, w.ID); len(ids) != 1 {
		t.Errorf("collections after the refusals = %v", ids)
	}
	if _, total, err := db.FindAPIEndpoints(ctx, w.ID, partnerd.APIEndpointFilter{Page: page(1, 100)}); err != nil || total != 0 {
		t.Errorf("endpoints after the refusals = %d, %v", total, err)
	}
}

// testAPIEndpointEnable checks that an endpoint is enabled only while its
// recipe runs, and disabled at any time.
func testAPIEndpointEnable(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	p := mustCreateFolder(t, db, w.ID, nil, "Sales")
	r := mustCreateRecipe(t, db, w.ID, p.ID, "Search")
	_, eps := mustCreateAPICollection(t, db, w.ID, p.ProjectID, "Sales API", r.ID, 0)
	withRecipe, without := eps[0].ID, eps[1].ID

	wantField(t, db.SetAPIEndpointActive(ctx, w.ID, withRecipe, true), partnerd.ESTATE, "flow_id")
	wantField(t, db.SetAPIEndpointActive(ctx, w.ID, without, true), partnerd.ESTATE, "flow_id")
	mustOK(t, db.SetAPIEndpointActive(ctx, w.ID, without, false))

	mustStartRecipe(t, db, w.ID, r.ID)
	mustOK(t, db.SetAPIEndpointActive(ctx, w.ID, withRecipe, true))
	mustOK(t, db.SetAPIEndpointActive(ctx, w.ID, withRecipe, true))
	if !endpointActive(t, db, w.ID, withRecipe) {
		t.Error("the endpoint of a running recipe is not active after enable")
	}
	mustOK(t, db.SetAPIEndpointActive(ctx, w.ID, withRecipe, false))
	if endpointActive(t, db, w.ID, withRecipe) {
		t.Error("the endpoint is active after disable")
	}

	mustOK(t, db.StopRecipe(ctx, w.ID, r.ID))
	wantField(t, db.SetAPIEndpointActive(ctx, w.ID, withRecipe, true), partnerd.ESTATE, "flow_id")
	wantCode(t, db.SetAPIEndpointActive(ctx, w.ID, 999, false), partnerd.ENOTFOUND)

	mustOK(t, db.DeleteRecipe(ctx, w.ID, r.ID))
	list, _, err := db.FindAPIEndpoints(ctx, w.ID, partnerd.APIEndpointFilter{Page: page(1, 100)})
	mustOK(t, err)
	if list[0].FlowID != nil {
		t.Errorf("the endpoint of a deleted recipe still names it: %+v", list[0])
	}
}

// endpointActive reads whether an endpoint is active.
func endpointActive(t *testing.T, db *store.DB, workspaceID, id int64) bool {
	t.Helper()
	list, _, err := db.FindAPIEndpoints(t.Context(), workspaceID, partnerd.APIEndpointFilter{Page: page(1, 100)})
	mustOK(t, err)
	for _, e := range list {
		if e.ID == id {
			return e.Active
		}
	}
	t.Fatalf("endpoint %d not found", id)
	return false
}

// testAPIPlatformFolderScope checks that a client limited to some folders
// reaches only the collections, and their endpoints, of the projects in
// its scope, and names no other collection.
func testAPIPlatformFolderScope(t *testing.T, db *store.DB) {
	tr := newScopeTree(t, db)
	ctx := t.Context()
	r := mustCreateRecipe(t, db, tr.w.ID, tr.q.ID, "Outside")
	mustStartRecipe(t, db, tr.w.ID, r.ID)
	inP, _ := mustCreateAPICollection(t, db, tr.w.ID, tr.p.ProjectID, "P API", 0)
	inQ, qEndpoints := mustCreateAPICollection(t, db, tr.w.ID, tr.q.ProjectID, "Q API", r.ID)
	home, _ := mustCreateAPICollection(t, db, tr.w.ID, nil, "Home API")

	limited := tr.as(ctx, tr.p.ID)
	list, total, err := db.FindAPICollections(limited, tr.w.ID, page(1, 100))
	mustOK(t, err)
	if total != 1 || len(list) != 1 || list[0].ID != inP.ID {
		t.Errorf("collections in the scope = %d %+v, want only %d", total, list, inP.ID)
	}
	eps, total, err := db.FindAPIEndpoints(limited, tr.w.ID, partnerd.APIEndpointFilter{Page: page(1, 100)})
	mustOK(t, err)
	if total != 1 || len(eps) != 1 || eps[0].CollectionID != inP.ID {
		t.Errorf("endpoints in the scope = %+v", eps)
	}
	wantCode(t, db.SetAPIEndpointActive(limited, tr.w.ID, qEndpoints[0].ID, true), partnerd.ENOTFOUND)
	mustOK(t, db.SetAPIEndpointActive(ctx, tr.w.ID, qEndpoints[0].ID, true))

	wantField(t, db.CreateAPICollection(limited, tr.w.ID, &partnerd.APICollection{Name: "X", ProjectID: tr.q.ProjectID}, nil), partnerd.EINVALID, "project_id")
	wantField(t, db.CreateAPICollection(limited, tr.w.ID, &partnerd.APICollection{Name: "X"}, nil), partnerd.EINVALID, "project_id")
	wantField(t, db.CreateAPICollection(limited, tr.w.ID, &partnerd.APICollection{Name: "X", ProjectID: tr.p.ProjectID},
		[]*partnerd.APIEndpoint{{Name: "a", Method: "GET", Path: "a", FlowID: &r.ID}}), partnerd.EINVALID, "openapi_spec")

	// A client that names collections out of reach is refused; one made
	// by an unlimited caller shows only the reachable ones to the limited.
	wantField(t, db.CreateAPIClient(limited, tr.w.ID, &partnerd.APIClient{Name: "C", Auth: partnerd.APIAuth{Type: "token"},
		CollectionIDs: []int64{inP.ID, inQ.ID}}), partnerd.EINVALID, "api_collection_ids")
	c := &partnerd.APIClient{Name: "C", Auth: partnerd.APIAuth{Type: "token"}, CollectionIDs: []int64{inP.ID, inQ.ID, home.ID}}
	mustOK(t, db.CreateAPIClient(ctx, tr.w.ID, c))
	got, err := db.FindAPIClientByID(limited, tr.w.ID, c.ID)
	mustOK(t, err)
	if want := []partnerd.APICollectionRef{{ID: inP.ID, Name: "P API"}}; !reflect.DeepEqual(got.Collections, want) {
		t.Errorf("collections of the client in the scope = %+v, want %+v", got.Collections, want)
	}
	if len(c.Collections) != 3 {
		t.Errorf("collections of the client = %+v", c.Collections)
	}

	// A project's deletion takes its collections with it.
	mustOK(t, db.DeleteProject(ctx, tr.w.ID, *tr.q.ProjectID))
	if ids := collectionIDs(t, db, ctx, tr.w.ID); !reflect.DeepEqual(ids, []int64{inP.ID, home.ID}) {
		t.Errorf("collections after the project's deletion = %v", ids)
	}
}
