package client_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/partnerd/partnerd/client"
)

// TestFolderRequests checks the method, path, query and body of every
// folder call in both families, and the envelope each one reads.
func TestFolderRequests(t *testing.T) {
	ctx := context.Background()
	folder := `{"id":7,"name":"Leads","parent_id":6,"is_project":false,"project_id":2,"created_at":"2026-11-02T09:30:00.123Z","updated_at":"2026-11-02T09:30:00.123Z"}`
	project := `{"id":2,"name":"Sales","description":null,"folder_id":6}`
	c, seen := fakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		embedded := strings.HasPrefix(r.URL.Path, "/api/managed_users/")
		switch {
		case r.Method == "DELETE":
			answer(200, `{"success":true}`)(w, r)
		case r.Method != "GET":
			answer(200, folder)(w, r)
		case embedded && strings.HasSuffix(r.URL.Path, "/projects"):
			answer(200, `{"result":[`+project+`]}`)(w, r)
		case embedded:
			answer(200, `{"result":[`+folder+`]}`)(w, r)
		case r.URL.Path == "/api/projects":
			answer(200, `[`+project+`]`)(w, r)
		default:
			answer(200, `[`+folder+`]`)(w, r)
		}
	})
	mu := client.ExternalID("acme/1")
	check := func(what string, folders []client.Folder, projects []client.Project, f *client.Folder, err error) {
		t.Helper()
		switch {
		case err != nil:
			t.Errorf("%s: %v", what, err)
		case folders != nil && (len(folders) != 1 || folders[0].ID != 7 || *folders[0].ProjectID != 2 || *folders[0].ParentID != 6):
			t.Errorf("%s: folders = %+v", what, folders)
		case projects != nil && (len(projects) != 1 || projects[0].ID != 2 || projects[0].FolderID != 6 || projects[0].Description != nil):
			t.Errorf("%s: projects = %+v", what, projects)
		case f != nil && (f.ID != 7 || f.Name != "Leads" || f.IsProject || f.CreatedAt.IsZero()):
			t.Errorf("%s: folder = %+v", what, f)
		}
	}
	folders, err := c.Folders(ctx, mu, client.FolderListOptions{ParentID: 6, Page: 2, PerPage: 50})
	check("Folders", folders, nil, nil, err)
	f, err := c.CreateFolder(ctx, mu, client.CreateFolderParams{Name: "Leads", ParentID: 6})
	check("CreateFolder", nil, nil, f, err)
	f, err = c.UpdateFolder(ctx, mu, 7, client.UpdateFolderParams{ParentID: client.Ptr(int64(9))})
	check("UpdateFolder", nil, nil, f, err)
	check("DeleteFolder", nil, nil, nil, c.DeleteFolder(ctx, mu, 7))
	projects, err := c.Projects(ctx, mu, client.ListOptions{PerPage: 500})
	check("Projects", nil, projects, nil, err)
	check("DeleteProject", nil, nil, nil, c.DeleteProject(ctx, mu, 2))
	folders, err = c.DeveloperFolders(ctx, client.FolderListOptions{})
	check("DeveloperFolders", folders, nil, nil, err)
	f, err = c.CreateDeveloperFolder(ctx, client.CreateFolderParams{Name: "Ops"})
	check("CreateDeveloperFolder", nil, nil, f, err)
	f, err = c.UpdateDeveloperFolder(ctx, 7, client.UpdateFolderParams{Name: client.Ptr("Leads")})
	check("UpdateDeveloperFolder", nil, nil, f, err)
	check("DeleteDeveloperFolder", nil, nil, nil, c.DeleteDeveloperFolder(ctx, 7))
	projects, err = c.DeveloperProjects(ctx, client.ListOptions{})
	check("DeveloperProjects", nil, projects, nil, err)
	check("DeleteDeveloperProject", nil, nil, nil, c.DeleteDeveloperProject(ctx, 2))

	want := []request{
		{Method: "GET", Path: "/api/managed_users/Eacme%2F1/folders", Query: "page=2&parent_id=6&per_page=50"},
		{Method: "POST", Path: "/api/managed_users/Eacme%2F1/folders", Body: `{"name":"Leads","parent_id":6}`},
		{Method: "PUT", Path: "/api/managed_users/Eacme%2F1/folders/7", Body: `{"parent_id":9}`},
		{Method: "DELETE", Path: "/api/managed_users/Eacme%2F1/folders/7"},
		{Method: "GET", Path: "/api/managed_users/Eacme%2F1/projects", Query: "per_page=500"},
		{Method: "DELETE", Path: "/api/managed_users/Eacme%2F1/projects/2"},
		{Method: "GET", Path: "/api/folders"},
		{Method: "POST", Path: "/api/folders", Body: `{"name":"Ops"}`},
		{Method: "PUT", Path: "/api/folders/7", Body: `{"name":"Leads"}`},
		{Method: "DELETE", Path: "/api/folders/7"},
		{Method: "GET", Path: "/api/projects"},
		{Method: "DELETE", Path: "/api/projects/2"},
	}
	got := seen()
	if len(got) != len(want) {
		t.Fatalf("%d requests, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Method != w.Method || g.Path != w.Path || g.Query != w.Query || g.Body != w.Body {
			t.Errorf("request %d = %s %s ?%s %s\nwant %s %s ?%s %s", i, g.Method, g.Path, g.Query, g.Body, w.Method, w.Path, w.Query, w.Body)
		}
	}

	zero := client.WorkspaceRef{}
	_, errList := c.Folders(ctx, zero, client.FolderListOptions{})
	_, errCreate := c.CreateFolder(ctx, zero, client.CreateFolderParams{Name: "X"})
	_, errUpdate := c.UpdateFolder(ctx, zero, 1, client.UpdateFolderParams{})
	_, errProjects := c.Projects(ctx, zero, client.ListOptions{})
	for i, err := range []error{errList, errCreate, errUpdate, c.DeleteFolder(ctx, zero, 1), errProjects, c.DeleteProject(ctx, zero, 1)} {
		if err == nil {
			t.Errorf("call %d with a zero WorkspaceRef: no error", i)
		}
	}
	if n := len(seen()); n != len(want) {
		t.Errorf("calls with a zero WorkspaceRef sent %d requests", n-len(want))
	}
}
