package main

import (
	"slices"
	"testing"

	"github.com/partnerd/partnerd/client"
)

// folderIDs returns the ids of folders.
func folderIDs(list []client.Folder) []int64 {
	out := []int64{}
	for _, f := range list {
		out = append(out, f.ID)
	}
	return out
}

// projectIDs returns the ids of projects.
func projectIDs(list []client.Project) []int64 {
	out := []int64{}
	for _, p := range list {
		out = append(out, p.ID)
	}
	return out
}

// TestFolders: folders of a customer workspace are created, listed, moved
// between projects and deleted, and projects go with their whole tree;
// another account reaches none of it.
func TestFolders(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	db := tempDB(t)
	tokenA, _ := MustCreateAccount(t, db, "Alpha", "a@partner.test")
	tokenB, _ := MustCreateAccount(t, db, "Beta", "b@partner.test")
	m := MustRunMain(t, db, nil)
	c, b := newClient(m, tokenA), newClient(m, tokenB)
	cu := MustCreateCustomer(t, c, "Acme", "acme/1")
	mu := client.ExternalID("acme/1")

	if list, err := c.Folders(ctx, mu, client.FolderListOptions{}); err != nil || len(list) != 0 {
		t.Fatalf("folders of a new customer = %v, %v", folderIDs(list), err)
	}
	create := func(name string, parent int64) *client.Folder {
		t.Helper()
		f, err := c.CreateFolder(ctx, mu, client.CreateFolderParams{Name: name, ParentID: parent})
		if err != nil {
			t.Fatalf("create folder %s: %v", name, err)
		}
		return f
	}
	sales := create("Sales", 0)
	if !sales.IsProject || sales.ProjectID == nil || sales.ParentID == nil {
		t.Fatalf("a folder under home = %+v, want a project", sales)
	}
	home := *sales.ParentID
	leads := create("Leads", sales.ID)
	imports := create("Imports", leads.ID)
	support := create("Support", 0)
	if leads.IsProject || *leads.ProjectID != *sales.ProjectID || *imports.ProjectID != *sales.ProjectID {
		t.Errorf("nested folders = %+v, %+v; want project %d", leads, imports, *sales.ProjectID)
	}
	if _, err := c.CreateFolder(ctx, mu, client.CreateFolderParams{Name: " "}); apiError(t, err).StatusCode != 400 {
		t.Errorf("a blank name: %v", err)
	}

	list, err := c.Folders(ctx, client.ID(cu.ID), client.FolderListOptions{})
	if err != nil || !slices.Equal(folderIDs(list), []int64{sales.ID, support.ID}) {
		t.Errorf("home's children = %v, %v", folderIDs(list), err)
	}
	list, err = c.Folders(ctx, mu, client.FolderListOptions{PerPage: 1, Page: 2})
	if err != nil || !slices.Equal(folderIDs(list), []int64{support.ID}) {
		t.Errorf("page 2 of home's children = %v, %v", folderIDs(list), err)
	}
	list, err = c.Folders(ctx, mu, client.FolderListOptions{ParentID: sales.ID})
	if err != nil || !slices.Equal(folderIDs(list), []int64{leads.ID}) {
		t.Errorf("Sales' children = %v, %v", folderIDs(list), err)
	}

	// A move into another project takes the whole tree along.
	moved, err := c.UpdateFolder(ctx, mu, leads.ID, client.UpdateFolderParams{Name: client.Ptr("Prospects"), ParentID: &support.ID})
	if err != nil || moved.Name != "Prospects" || *moved.ParentID != support.ID || *moved.ProjectID != *support.ProjectID {
		t.Fatalf("moved = %+v, %v", moved, err)
	}
	if list, err := c.Folders(ctx, mu, client.FolderListOptions{ParentID: leads.ID}); err != nil || len(list) != 1 || *list[0].ProjectID != *support.ProjectID {
		t.Errorf("the moved folder's child = %+v, %v; want project %d", list, err, *support.ProjectID)
	}
	for _, tt := range []struct {
		what       string
		id, parent int64
	}{
		{"a folder into its own child", leads.ID, imports.ID},
		{"the home folder", home, leads.ID},
		{"a project into a folder", support.ID, sales.ID},
	} {
		if _, err := c.UpdateFolder(ctx, mu, tt.id, client.UpdateFolderParams{ParentID: &tt.parent}); len(apiError(t, err).Errors["parent_id"]) == 0 {
			t.Errorf("move %s: %v, want a 400 on parent_id", tt.what, err)
		}
	}

	// Only an empty folder inside a project can be deleted.
	for _, id := range []int64{leads.ID, support.ID, home} {
		if e := apiError(t, c.DeleteFolder(ctx, mu, id)); e.StatusCode != 403 || e.Message != "Cannot destroy folder" {
			t.Errorf("delete folder %d: %v", id, e)
		}
	}
	if err := c.DeleteFolder(ctx, mu, imports.ID); err != nil {
		t.Errorf("delete an empty folder: %v", err)
	}

	// A folder moved to home becomes a project of its own.
	top, err := c.UpdateFolder(ctx, mu, leads.ID, client.UpdateFolderParams{ParentID: &home})
	if err != nil || !top.IsProject || *top.ProjectID == *support.ProjectID {
		t.Fatalf("moved to home = %+v, %v", top, err)
	}
	projects, err := c.Projects(ctx, mu, client.ListOptions{})
	if err != nil || !slices.Equal(projectIDs(projects), []int64{*sales.ProjectID, *support.ProjectID, *top.ProjectID}) ||
		projects[2].Name != "Prospects" || projects[2].FolderID != leads.ID {
		t.Errorf("projects = %+v, %v", projects, err)
	}

	// Another account reaches nothing of it.
	if _, err := b.Folders(ctx, mu, client.FolderListOptions{}); !client.IsNotFound(err) {
		t.Errorf("B lists A's customer's folders: %v", err)
	}
	if _, err := b.CreateFolder(ctx, client.ID(cu.ID), client.CreateFolderParams{Name: "X"}); !client.IsNotFound(err) {
		t.Errorf("B creates a folder in A's customer: %v", err)
	}
	if _, err := b.UpdateDeveloperFolder(ctx, sales.ID, client.UpdateFolderParams{Name: client.Ptr("Stolen")}); !client.IsNotFound(err) {
		t.Errorf("B renames A's customer's folder on its own workspace: %v", err)
	}
	if err := b.DeleteDeveloperProject(ctx, *sales.ProjectID); !client.IsNotFound(err) {
		t.Errorf("B deletes A's customer's project on its own workspace: %v", err)
	}

	// A project goes with everything in it.
	if err := c.DeleteProject(ctx, mu, *top.ProjectID); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteProject(ctx, mu, *top.ProjectID); !client.IsNotFound(err) {
		t.Errorf("delete a deleted project: %v", err)
	}
	list, err = c.Folders(ctx, mu, client.FolderListOptions{})
	if err != nil || !slices.Equal(folderIDs(list), []int64{sales.ID, support.ID}) {
		t.Errorf("home's children after the project's delete = %v, %v", folderIDs(list), err)
	}
	if _, err := c.UpdateFolder(ctx, mu, leads.ID, client.UpdateFolderParams{Name: client.Ptr("Gone")}); !client.IsNotFound(err) {
		t.Errorf("a folder of a deleted project: %v", err)
	}
}

// TestFolderScope: a developer API client limited to one folder sees that
// folder's tree on the Developer routes, and nothing beside it.
func TestFolderScope(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	m := MustRunMain(t, tempDB(t), nil)
	c := newClient(m, bootstrapToken)

	ops, err := c.CreateDeveloperFolder(ctx, client.CreateFolderParams{Name: "Ops"})
	if err != nil {
		t.Fatal(err)
	}
	team, err := c.CreateDeveloperFolder(ctx, client.CreateFolderParams{Name: "Team", ParentID: ops.ID})
	if err != nil {
		t.Fatal(err)
	}
	other, err := c.CreateDeveloperFolder(ctx, client.CreateFolderParams{Name: "Other", ParentID: ops.ID})
	if err != nil {
		t.Fatal(err)
	}
	billing, err := c.CreateDeveloperFolder(ctx, client.CreateFolderParams{Name: "Billing"})
	if err != nil {
		t.Fatal(err)
	}
	roles, _, err := c.DevAPIClientRoles(ctx, client.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	admin := findRole(roles, "Admin")
	limited := func(name string, folders ...int64) *client.Client {
		t.Helper()
		created, err := c.CreateDevAPIClient(ctx, client.CreateDevAPIClientParams{Name: name, APIPrivilegeGroupID: admin.ID, FolderIDs: folders})
		if err != nil {
			t.Fatalf("create client %s: %v", name, err)
		}
		return newClient(m, created.Token.Value)
	}

	// Limited to Team, inside the project Ops.
	inTeam := limited("Team only", team.ID)
	sub, err := inTeam.CreateDeveloperFolder(ctx, client.CreateFolderParams{Name: "Sub", ParentID: team.ID})
	if err != nil || *sub.ProjectID != *ops.ProjectID {
		t.Fatalf("create in the scope = %+v, %v", sub, err)
	}
	if list, err := inTeam.DeveloperFolders(ctx, client.FolderListOptions{ParentID: team.ID}); err != nil || !slices.Equal(folderIDs(list), []int64{sub.ID}) {
		t.Errorf("Team's children = %v, %v", folderIDs(list), err)
	}
	if list, err := inTeam.DeveloperFolders(ctx, client.FolderListOptions{}); err != nil || len(list) != 0 {
		t.Errorf("home's children for a client limited to Team = %v, %v", folderIDs(list), err)
	}
	if _, err := inTeam.UpdateDeveloperFolder(ctx, other.ID, client.UpdateFolderParams{Name: client.Ptr("Mine")}); !client.IsNotFound(err) {
		t.Errorf("rename a sibling of Team: %v", err)
	}
	if err := inTeam.DeleteDeveloperFolder(ctx, other.ID); !client.IsNotFound(err) {
		t.Errorf("delete a sibling of Team: %v", err)
	}
	if _, err := inTeam.UpdateDeveloperFolder(ctx, sub.ID, client.UpdateFolderParams{ParentID: &other.ID}); len(apiError(t, err).Errors["parent_id"]) == 0 {
		t.Errorf("move out of the scope: %v", err)
	}
	if _, err := inTeam.CreateDeveloperFolder(ctx, client.CreateFolderParams{Name: "X"}); len(apiError(t, err).Errors["parent_id"]) == 0 {
		t.Errorf("create under home out of the scope: %v", err)
	}
	if list, err := inTeam.DeveloperProjects(ctx, client.ListOptions{}); err != nil || len(list) != 0 {
		t.Errorf("projects of a client limited to Team = %v, %v", projectIDs(list), err)
	}
	if err := inTeam.DeleteDeveloperFolder(ctx, sub.ID); err != nil {
		t.Errorf("delete in the scope: %v", err)
	}

	// Limited to the top folder of Billing: that project alone.
	inBilling := limited("Billing only", billing.ID)
	if list, err := inBilling.DeveloperProjects(ctx, client.ListOptions{}); err != nil || !slices.Equal(projectIDs(list), []int64{*billing.ProjectID}) {
		t.Errorf("projects of a client limited to Billing = %v, %v", projectIDs(list), err)
	}
	if list, err := inBilling.DeveloperFolders(ctx, client.FolderListOptions{}); err != nil || !slices.Equal(folderIDs(list), []int64{billing.ID}) {
		t.Errorf("home's children for a client limited to Billing = %v, %v", folderIDs(list), err)
	}
	if err := inBilling.DeleteDeveloperProject(ctx, *ops.ProjectID); !client.IsNotFound(err) {
		t.Errorf("delete a project out of the scope: %v", err)
	}
	if list, err := c.DeveloperProjects(ctx, client.ListOptions{}); err != nil || len(list) != 2 {
		t.Errorf("the account's projects = %v, %v", projectIDs(list), err)
	}
}
