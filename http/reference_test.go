package http_test

import (
	"testing"
)

// TestRecipeConnectionReferences plays the connections a recipe config
// names: another account's connection is refused as one that does not
// exist, cannot keep its owner from deleting it, and a client limited to
// folder 5 cannot start a recipe with a connection outside it.
// Connections 1 and 2 are customer 3's (1 at home), 3 is customer 4's.
func TestRecipeConnectionReferences(t *testing.T) {
	e := newTestEnv(t, false)
	setupRecipes(t, e)
	setupRecipeClients(t, e)
	body := func(folderID int64, connectionID any) string {
		return jsonBody(t, map[string]any{"name": "Sync", "code": syncCode, "folder_id": folderID,
			"config": []map[string]any{{"provider": "clock"}, {"provider": "salesforce", "account_id": connectionID}}})
	}
	config := func(clockConnection int64) string {
		return jsonBody(t, map[string]any{"config": []map[string]any{{"provider": "clock", "account_id": clockConnection},
			{"provider": "salesforce", "account_id": 3}}})
	}
	const theirs, mine = "/api/managed_users/4/recipes", "/api/managed_users/3/recipes"
	e.run(t, "references", []scenario{
		// Account B's recipe 1 runs with its own connection 3.
		{Name: "create_own_connection", Method: "POST", URL: theirs, Body: body(0, 3), Token: tokenB, WantStatus: 200},
		{Name: "create_connection_of_other_account", Method: "POST", URL: theirs, Body: body(0, 1), Token: tokenB, WantStatus: 400},
		{Name: "update_connection_of_other_account", Method: "PUT", URL: theirs + "/1", Body: config(1), Token: tokenB, WantStatus: 400},
		{Name: "start_own_connection", Method: "PUT", URL: theirs + "/1/start", Token: tokenB, WantStatus: 200},

		// Customer 3's recipe 2, in folder 5, names connection 1 at home.
		{Name: "create_home_connection", Method: "POST", URL: mine, Body: body(5, 1), WantStatus: 200},
		{Name: "scoped_start_connection_outside", Method: "PUT", URL: "/api/recipes/2/start", Token: tokenScoped, WantStatus: 200},
		{Name: "scoped_create_connection_outside", Method: "POST", URL: "/api/recipes", Body: body(5, 1), Token: tokenScoped, WantStatus: 400},

		// Nothing of account B's uses connection 1.
		{Name: "delete_connection", Method: "DELETE", URL: "/api/managed_users/3/connections/1", WantStatus: 200},
	})

	// Once connection 1 is gone, each answer is the same as before.
	for _, tt := range []struct {
		name string
		sc   scenario
	}{
		{"create_connection_of_other_account", scenario{Method: "POST", URL: theirs, Body: body(0, 1), Token: tokenB}},
		{"update_connection_of_other_account", scenario{Method: "PUT", URL: theirs + "/1/stop", Token: tokenB}},
		{"scoped_start_connection_outside", scenario{Method: "PUT", URL: "/api/recipes/2/start", Token: tokenScoped}},
		{"scoped_create_connection_outside", scenario{Method: "POST", URL: "/api/recipes", Body: body(5, 1), Token: tokenScoped}},
	} {
		if tt.name == "update_connection_of_other_account" {
			e.do(tt.sc) // Stopped, the recipe can be updated.
			tt.sc = scenario{Method: "PUT", URL: theirs + "/1", Body: config(1), Token: tokenB}
		}
		status, got := e.do(tt.sc)
		checkGolden(t, "testdata/references/"+tt.name+".json", got)
		if status != 400 && status != 200 {
			t.Errorf("%s after the delete: status %d", tt.name, status)
		}
	}
}
