package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/partnerd/partnerd/client"
)

// TestActivityAndTags drives the activity log and tags through the client:
// changes to a customer leave entries in its log, newest first, paged by
// page[after] and filtered by type, with no secret in them; tags go on a
// recipe and a connection and come back filtered by them.
func TestActivityAndTags(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	m := MustRunMain(t, tempDB(t), nil)
	c := newClient(m, bootstrapToken)
	customer := MustCreateCustomer(t, c, "Acme", "acme")
	mu := client.ExternalID("acme")

	conn, err := c.CreateConnection(ctx, mu, client.CreateConnectionParams{Provider: "salesforce", Name: "Prod SF",
		Input: map[string]any{"user": "jo", "password": "hunter2"}})
	if err != nil {
		t.Fatal(err)
	}
	recipeID, err := c.CreateRecipe(ctx, mu, client.RecipeParams{Name: "Sync leads", Code: recipeCode(""),
		Config: []client.RecipeConfig{{Provider: "clock"}}})
	if err != nil {
		t.Fatal(err)
	}
	finance, err := c.CreateCustomerTag(ctx, mu, client.TagParams{Title: client.Ptr("Finance"), Color: client.Ptr("gold")})
	if err != nil {
		t.Fatal(err)
	}
	hr, err := c.CreateCustomerTag(ctx, mu, client.TagParams{Title: client.Ptr("HR")})
	if err != nil || hr.Color != "blue" || !strings.HasPrefix(hr.Handle, "tag-") {
		t.Fatalf("HR = %+v, %v", hr, err)
	}
	if err := c.AssignCustomerTags(ctx, mu, client.TagAssignment{AddTags: []string{finance.Handle, hr.Handle},
		RecipeIDs: []int64{recipeID}, ConnectionIDs: []int64{conn.ID}}); err != nil {
		t.Fatal(err)
	}
	if err := c.AssignCustomerTags(ctx, mu, client.TagAssignment{RemoveTags: []string{hr.Handle}, ConnectionIDs: []int64{conn.ID}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdateCustomerTag(ctx, mu, hr.Handle, client.TagParams{Description: client.Ptr("People")}); err != nil {
		t.Fatal(err)
	}
	tags, count, err := c.CustomerTags(ctx, mu, client.TagOptions{ConnectionID: conn.ID})
	if err != nil || count != 1 || tags[0].Handle != finance.Handle || tags[0].RecipeCount != 1 || tags[0].ConnectionCount != 1 {
		t.Errorf("tags of the connection = %+v (%d), %v", tags, count, err)
	}
	if err := c.DeleteCustomerTag(ctx, mu, hr.Handle); err != nil {
		t.Fatal(err)
	}
	if err := c.AssignCustomerTags(ctx, mu, client.TagAssignment{AddTags: []string{hr.Handle}, RecipeIDs: []int64{recipeID}}); apiError(t, err).StatusCode != 404 {
		t.Errorf("assigning a deleted tag: %v", err)
	}

	var events []string
	for a, err := range c.AllCustomerActivities(ctx, mu, client.ActivityOptions{Size: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		events = append(events, a.EventType)
		if strings.Contains(fmt.Sprintf("%+v", a), "hunter2") {
			t.Errorf("entry %+v holds the connection's password", a)
		}
		if a.Workspace.ID != customer.ID || a.User.Name != "bootstrap" || a.Details.Request.IP != "127.0.0.1" {
			t.Errorf("entry %+v", a)
		}
		if a.EventType == "connection_created" && (a.Resource.ID != client.ResourceID(strconv.FormatInt(conn.ID, 10)) || a.Resource.Name == nil || *a.Resource.Name != "Prod SF") {
			t.Errorf("connection entry %+v", a.Resource)
		}
	}
	want := []string{"tag_deleted", "tag_updated", "tag_assigned", "tag_assigned", "tag_created", "tag_created", "recipe_created", "connection_created"}
	if !slices.Equal(events, want) {
		t.Errorf("log = %v, want %v", events, want)
	}
	flows, total, err := c.CustomerActivities(ctx, mu, client.ActivityOptions{IncludeResourceTypes: []string{"flow"}})
	if err != nil || total != 1 || flows[0].EventType != "recipe_created" || flows[0].Resource.ID != client.ResourceID(strconv.FormatInt(recipeID, 10)) {
		t.Errorf("flows = %+v (%d), %v", flows, total, err)
	}
	own, _, err := c.Activities(ctx, client.ActivityOptions{IncludeEventTypes: []string{"workspace_created"}})
	if err != nil || len(own) != 1 || own[0].Resource.ID != client.ResourceID(strconv.FormatInt(customer.ID, 10)) {
		t.Errorf("the account's own log = %+v, %v", own, err)
	}
}
