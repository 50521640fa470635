package client_test

import (
	"errors"
	"fmt"
	"iter"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/partnerd/partnerd/client"
	"github.com/partnerd/partnerd/client/partnerdtest"
)

// collect gathers every item of an iteration, failing the test on an error.
func collect[T any](t *testing.T, seq iter.Seq2[T, error]) []T {
	t.Helper()
	var out []T
	for item, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, item)
	}
	return out
}

// listQueries returns the queries of the account's GET requests of path,
// oldest first, from the server's journal.
func listQueries(t *testing.T, c *client.Client, path string) []string {
	t.Helper()
	journal, err := c.TestRequests(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range slices.Backward(journal) {
		p, q, _ := strings.Cut(r.Path, "?")
		if r.Method == http.MethodGet && p == path {
			out = append(out, q)
		}
	}
	return out
}

// mustCustomers creates n customer workspaces and returns their ids.
func mustCustomers(t *testing.T, c *client.Client, n int) []int64 {
	t.Helper()
	var ids []int64
	for i := range n {
		cu, err := c.CreateCustomer(t.Context(), client.CreateCustomerParams{
			Name: fmt.Sprintf("Customer %d", i), NotificationEmail: fmt.Sprintf("ops%d@example.test", i)})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, cu.ID)
	}
	return ids
}

// check fails the test when got does not print as want does.
func check(t *testing.T, what string, got, want any) {
	t.Helper()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// TestAllPages drives iterators of several lists against a real server
// across more than one page, and checks the pages they asked for.
func TestAllPages(t *testing.T) {
	srv := partnerdtest.Start(t)

	t.Run("customers", func(t *testing.T) {
		t.Parallel()
		c, _ := srv.NewAccount(t)
		ids := mustCustomers(t, c, 5)
		got := collect(t, c.AllCustomers(t.Context(), 2))
		check(t, "ids", idsOf(got, func(cu client.Customer) int64 { return cu.ID }), ids)
		check(t, "queries", listQueries(t, c, "/api/managed_users"),
			[]string{"page=1&per_page=2", "page=2&per_page=2", "page=3&per_page=2"})
	})

	t.Run("workspace lists", func(t *testing.T) {
		t.Parallel()
		c, _ := srv.NewAccount(t)
		ctx := t.Context()
		mu := client.ID(mustCustomers(t, c, 1)[0])
		var folderIDs, groupIDs []int64
		for i := range 4 {
			f, err := c.CreateFolder(ctx, mu, client.CreateFolderParams{Name: fmt.Sprint("Project ", i)})
			if err != nil {
				t.Fatal(err)
			}
			g, err := c.CreateOnPremGroup(ctx, mu, fmt.Sprint("Group ", i))
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.CreateMember(ctx, mu, client.CreateMemberParams{Name: fmt.Sprint("Member ", i),
				Email: fmt.Sprintf("m%d@example.test", i), RoleName: "Analyst"})
			if err != nil {
				t.Fatal(err)
			}
			folderIDs, groupIDs = append(folderIDs, f.ID), append(groupIDs, g.ID)
		}
		folders := collect(t, c.AllFolders(ctx, mu, client.FolderListOptions{PerPage: 3}))
		check(t, "folders", idsOf(folders, func(f client.Folder) int64 { return f.ID }), folderIDs)
		check(t, "projects", len(collect(t, c.AllProjects(ctx, mu, 3))), 4)
		groups := collect(t, c.AllOnPremGroups(ctx, mu, 3))
		check(t, "groups", idsOf(groups, func(g client.OnPremGroup) int64 { return g.ID }), groupIDs)
		check(t, "members", len(collect(t, c.AllMembers(ctx, mu, 3))), 4)
		check(t, "member queries", listQueries(t, c, "/api/managed_users/"+mu.String()+"/members"),
			[]string{"page=1&per_page=3", "page=2&per_page=3"})
	})

	t.Run("lookup rows", func(t *testing.T) {
		t.Parallel()
		c, _ := srv.NewAccount(t)
		ctx := t.Context()
		mu := client.ID(mustCustomers(t, c, 1)[0])
		table, err := c.CreateLookupTable(ctx, mu, client.CreateLookupTableParams{Name: "Codes",
			Schema: []client.LookupColumn{{Label: "code", Type: "string"}, {Label: "country", Type: "string"}}})
		if err != nil {
			t.Fatal(err)
		}
		var fr []string
		for i := range 7 {
			country := []string{"FR", "DE"}[i%2]
			if _, err := c.AddLookupRow(ctx, mu, table.ID, client.LookupRowData{"code": fmt.Sprint(i), "country": country}); err != nil {
				t.Fatal(err)
			}
			if country == "FR" {
				fr = append(fr, fmt.Sprint(i))
			}
		}
		check(t, "rows", len(collect(t, c.AllLookupRows(ctx, mu, table.ID, client.LookupRowListOptions{PerPage: 2}))), 7)
		rows := collect(t, c.AllLookupRows(ctx, mu, table.ID, client.LookupRowListOptions{
			By: map[string]string{"country": "FR"}, PerPage: 3, Page: 9}))
		codes := make([]string, len(rows))
		for i, r := range rows {
			codes[i] = r.Cell("code")
		}
		check(t, "FR codes", codes, fr)
	})

	t.Run("recipes and jobs", func(t *testing.T) {
		t.Parallel()
		c, _ := srv.NewAccount(t)
		ctx := t.Context()
		mu := client.ID(mustCustomers(t, c, 1)[0])
		var ids []int64
		for i := range 3 {
			id, err := c.CreateRecipe(ctx, mu, client.RecipeParams{Name: fmt.Sprint("Recipe ", i),
				Code: map[string]any{"number": 0, "keyword": "trigger", "provider": "clock", "name": "scheduled_event"}})
			if err != nil {
				t.Fatal(err)
			}
			ids = append([]int64{id}, ids...) // newest first
		}
		recipes := collect(t, c.AllRecipes(ctx, mu, client.RecipeListOptions{ListOptions: client.ListOptions{PerPage: 2}}))
		check(t, "recipes", idsOf(recipes, func(r client.Recipe) int64 { return r.ID }), ids)

		recorded, err := c.TestRecordJobs(ctx, ids[0], client.TestJobsParams{Status: "succeeded", Count: 250})
		if err != nil {
			t.Fatal(err)
		}
		jobs := collect(t, c.AllRecipeJobs(ctx, mu, ids[0], client.JobListOptions{}))
		got := idsOf(jobs, func(j client.Job) string { return j.ID })
		want := idsOf(recorded, func(j client.Job) string { return j.ID })
		slices.Reverse(want) // recorded at one time, so newest first is by id
		check(t, "jobs", got, want)
		queries := listQueries(t, c, fmt.Sprintf("/api/managed_users/%s/recipes/%d/jobs", mu, ids[0]))
		check(t, "job queries", queries, []string{"", "offset_job_id=" + want[99], "offset_job_id=" + want[199]})
		check(t, "failed jobs", len(collect(t, c.AllRecipeJobs(ctx, mu, ids[0], client.JobListOptions{Status: "failed"}))), 0)
	})
}

// TestAllPagesCaps checks that an iterator asks for no more than its
// route's maximum, so that a clamped page is never taken for the last.
func TestAllPagesCaps(t *testing.T) {
	c := partnerdtest.Start(t).Client()
	ctx := t.Context()
	mu := client.ID(mustCustomers(t, c, 1)[0])
	collect(t, c.AllCustomers(ctx, 1000))
	collect(t, c.AllLookupTables(ctx, mu, -1))
	collect(t, c.AllOnPremAgents(ctx, mu, 0))
	collect(t, c.AllPublicRecipes(ctx, client.PublicRecipeSearch{Term: "sync", PerPage: 50, Page: 3}))
	collect(t, c.AllCustomConnectors(ctx, client.CustomConnectorListOptions{Title: "x"}))
	paths := map[string][]string{
		"/api/managed_users": {"page=1&per_page=100"},
		"/api/managed_users/" + mu.String() + "/lookup_tables":     {"page=1&per_page=100"},
		"/api/v2/managed_users/" + mu.String() + "/on_prem_agents": {"page=1&per_page=500"},
		"/api/recipes/search":    {"page=0&per_page=20&term=sync"},
		"/api/custom_connectors": {"title=x"},
	}
	for path, want := range paths {
		check(t, path, listQueries(t, c, path), want)
	}
}

// TestAllPagesBreak checks that breaking out of the loop fetches no
// further page.
func TestAllPagesBreak(t *testing.T) {
	c := partnerdtest.Start(t).Client()
	ids := mustCustomers(t, c, 5)
	for cu, err := range c.AllCustomers(t.Context(), 2) {
		if err != nil || cu.ID != ids[0] {
			t.Fatalf("first = %d, %v; want %d", cu.ID, err, ids[0])
		}
		break
	}
	var seen []int64
	for cu, err := range c.AllCustomers(t.Context(), 2) {
		if err != nil {
			t.Fatal(err)
		}
		if seen = append(seen, cu.ID); len(seen) == 3 {
			break
		}
	}
	check(t, "seen", seen, ids[:3])
	check(t, "queries", listQueries(t, c, "/api/managed_users"),
		[]string{"page=1&per_page=2", "page=1&per_page=2", "page=2&per_page=2"})
}

// TestAllPagesError checks that an error is yielded once, with a zero
// item, and ends the iteration: on the first page, on a later one, and
// before any request.
func TestAllPagesError(t *testing.T) {
	c := partnerdtest.Start(t).Client()
	ctx := t.Context()
	ids := mustCustomers(t, c, 5)

	var errs []error
	for m, err := range c.AllMembers(ctx, client.ID(ids[len(ids)-1]+1000), 0) {
		if m.ID != 0 {
			t.Errorf("item with the error = %+v", m)
		}
		errs = append(errs, err)
	}
	if len(errs) != 1 || !client.IsNotFound(errs[0]) {
		t.Errorf("errors of an unknown workspace = %v, want one not found", errs)
	}

	var seen []int64
	errs = nil
	for cu, err := range c.AllCustomers(ctx, 2) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if seen = append(seen, cu.ID); len(seen) == 2 {
			// The second page fails.
			if _, err := c.TestSetFaults(ctx, []client.Fault{{Method: "GET", PathPattern: "/api/managed_users", Status: 503}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	var apiErr *client.Error
	if len(errs) != 1 || !errors.As(errs[0], &apiErr) || apiErr.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("errors of a failing second page = %v, want one 503", errs)
	}
	check(t, "seen before the error", seen, ids[:2])
	if _, err := c.TestSetFaults(ctx, nil); err != nil {
		t.Fatal(err)
	}

	errs = nil
	for _, err := range c.AllRecipes(ctx, client.WorkspaceRef{}, client.RecipeListOptions{}) {
		errs = append(errs, err)
	}
	if len(errs) != 1 || errs[0] == nil {
		t.Errorf("errors without a workspace = %v, want one", errs)
	}
}

// idsOf maps every item of list to its id.
func idsOf[T, ID any](list []T, id func(T) ID) []ID {
	out := make([]ID, len(list))
	for i, item := range list {
		out[i] = id(item)
	}
	return out
}
