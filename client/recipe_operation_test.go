package client_test

import (
	"context"
	"testing"

	"github.com/partnerd/partnerd/client"
)

// TestRecipeOperationPaths checks the path and body of versions, connect
// and poll_now in both families.
func TestRecipeOperationPaths(t *testing.T) {
	ctx := context.Background()
	c, seen := fakeServer(t, answer(200, `{"id":9,"version_no":2,"recipe_id":7,"code":"{}","config":[]}`))
	v, err := c.RecipeVersion(ctx, client.ID(4), 7, 9)
	if err != nil || v.ID != 9 || v.VersionNo != 2 || v.RecipeID != 7 || v.Code == nil {
		t.Errorf("RecipeVersion = %+v, %v", v, err)
	}
	note := "First cut"
	_, _ = c.CommentRecipeVersion(ctx, client.ExternalID("acme"), 7, 9, &note)
	_, _ = c.DeveloperRecipeVersion(ctx, 7, 9)
	_, _ = c.DeveloperCommentRecipeVersion(ctx, 7, 9, nil)
	_ = c.ConnectRecipe(ctx, client.ID(4), 7, "salesforce", 12)
	_ = c.DeveloperConnectRecipe(ctx, 7, "slack", 3)
	_ = c.PollRecipeNow(ctx, client.ID(4), 7)
	_ = c.DeveloperPollRecipeNow(ctx, 7)
	want := []request{
		{Method: "GET", Path: "/api/managed_users/4/recipes/7/versions/9"},
		{Method: "PATCH", Path: "/api/managed_users/Eacme/recipes/7/versions/9", Body: `{"comment":"First cut"}`},
		{Method: "GET", Path: "/api/recipes/7/versions/9"},
		{Method: "PATCH", Path: "/api/recipes/7/versions/9", Body: `{"comment":null}`},
		{Method: "PUT", Path: "/api/managed_users/4/recipes/7/connect", Body: `{"adapter_name":"salesforce","connection_id":12}`},
		{Method: "PUT", Path: "/api/recipes/7/connect", Body: `{"adapter_name":"slack","connection_id":3}`},
		{Method: "POST", Path: "/api/managed_users/4/recipes/7/poll_now"},
		{Method: "POST", Path: "/api/recipes/7/poll_now"},
	}
	got := seen()
	if len(got) != len(want) {
		t.Fatalf("requests = %d, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Method != w.Method || g.Path != w.Path || g.Query != w.Query || g.Body != w.Body {
			t.Errorf("request %d = %s %s ?%s %s\nwant %s %s ?%s %s", i, g.Method, g.Path, g.Query, g.Body, w.Method, w.Path, w.Query, w.Body)
		}
	}
}
