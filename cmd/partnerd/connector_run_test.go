package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/partnerd/partnerd/client"
)

// TestRecipeHTTPStep runs a recipe whose HTTP step reaches a local server
// with its connection's credentials, and checks that the production egress
// policy refuses the same step.
func TestRecipeHTTPStep(t *testing.T) {
	t.Parallel()
	got := make(chan string, 4)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		user, pass, _ := r.BasicAuth()
		got <- r.Method + " " + r.URL.Path + " " + user + ":" + pass + " " + string(body)
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"id":"cus_1","status":"created"}`))
	}))
	defer srv.Close()

	for _, mode := range []string{"development", "production"} {
		m := MustRunMain(t, tempDB(t), func(m *Main) { m.Config.Egress = mode })
		ctx := t.Context()
		c := newClient(m, bootstrapToken)
		mu := MustCreateCustomer(t, c, "HTTP "+mode, "http-"+mode).Ref()
		conn, err := c.CreateConnection(ctx, mu, client.CreateConnectionParams{Provider: "rest", Name: "API",
			Input: map[string]any{"auth_type": "basic", "base_url": srv.URL + "/v1", "username": "jo", "password": "hunter2"}})
		if err != nil {
			t.Fatal(err)
		}
		config := []client.RecipeConfig{{Provider: "workato_recipe_function"}, {Provider: "rest", AccountID: &conn.ID}}
		id, err := c.CreateRecipe(ctx, mu, client.RecipeParams{Name: "Create", Config: config, Code: callableCode(
			map[string]any{"number": 1, "keyword": "action", "provider": "rest", "name": "make_request_v2", "as": "create",
				"input": map[string]any{"request": map[string]any{"method": "POST", "url": "/customers", "content_type": "json",
					"body": map[string]any{"email": "#{" + datapill("workato_recipe_function", "trigger", "parameters", "email") + "}"}}}},
			map[string]any{"number": 2, "keyword": "action", "provider": "workato_recipe_function", "name": "return_result", "as": "reply",
				"input": map[string]any{"result": map[string]any{"id": "=" + datapill("rest", "create", "body", "id")}}},
		)})
		if err != nil {
			t.Fatal(err)
		}
		if err := c.StartRecipe(ctx, mu, id); err != nil {
			t.Fatal(err)
		}
		job, err := c.TestTriggerRecipe(ctx, id, client.TestTriggerParams{
			Output: map[string]any{"parameters": map[string]any{"email": "a@b.test"}}, Wait: true, Timeout: "20s"})
		if err != nil {
			t.Fatal(err)
		}
		lines, _ := json.Marshal(job.Lines)
		if strings.Contains(string(lines), "hunter2") {
			t.Errorf("%s: the job's lines show the connection's password", mode)
		}
		if mode == "production" {
			if job.Status != "failed" || job.Error == nil || !strings.Contains(*job.Error, "the egress policy refuses 127.0.0.1") {
				t.Errorf("production: job %s %v", job.Status, job.Error)
			}
			continue
		}
		if job.Status != "succeeded" || string(job.Result) != `{"id":"cus_1"}` {
			t.Fatalf("development: job %s %s %v", job.Status, job.Result, job.Error)
		}
		if req := <-got; req != `POST /v1/customers jo:hunter2 {"email":"a@b.test"}` {
			t.Errorf("the server got %s", req)
		}
	}
	if len(got) != 0 {
		t.Errorf("the server got %d requests in production mode", len(got))
	}
}

// TestRecipePostgresStep runs a recipe that writes a row to PostgreSQL and
// reads it back, with a value that would break SQL spliced into it; it
// runs when PARTNERD_TEST_POSTGRES names a database.
func TestRecipePostgresStep(t *testing.T) {
	db, u, table := customerTable(t, "e2e_notes", "id serial PRIMARY KEY, body text NOT NULL")
	ctx := t.Context()

	m := MustRunMain(t, tempDB(t), nil)
	c := newClient(m, bootstrapToken)
	mu := MustCreateCustomer(t, c, "Postgres Inc", "pg-1").Ref()
	pass, ok := u.User.Password()
	if !ok {
		pass = "unused" // The connector requires one; a server that trusts loopback ignores it.
	}
	conn, err := c.CreateConnection(ctx, mu, client.CreateConnectionParams{Provider: "postgresql", Name: "DB",
		Input: map[string]any{"host": u.Hostname(), "port": u.Port(), "database": strings.TrimPrefix(u.Path, "/"),
			"username": u.User.Username(), "password": pass, "sslmode": u.Query().Get("sslmode")}})
	if err != nil {
		t.Fatal(err)
	}
	const evil = `x'); DROP TABLE notes; --`
	runNotesRecipe(t, c, mu, "postgresql", conn.ID, table, evil)
	var stored string
	if err := db.QueryRow(ctx, `SELECT body FROM `+table).Scan(&stored); err != nil || stored != evil {
		t.Errorf("stored %q, %v", stored, err)
	}
}

// runNotesRecipe starts a recipe that inserts a row of body into table
// through the provider's connection and selects it back, runs it with
// body, and checks that the job read back what it wrote.
func runNotesRecipe(t *testing.T, c *client.Client, mu client.WorkspaceRef, provider string, connectionID int64, table, body string) {
	t.Helper()
	ctx := t.Context()
	pill := "=" + datapill("workato_recipe_function", "trigger", "parameters", "body")
	config := []client.RecipeConfig{{Provider: "workato_recipe_function"}, {Provider: provider, AccountID: &connectionID}}
	id, err := c.CreateRecipe(ctx, mu, client.RecipeParams{Name: "Notes", Config: config, Code: callableCode(
		map[string]any{"number": 1, "keyword": "action", "provider": provider, "name": "insert_row", "as": "ins",
			"input": map[string]any{"table": table, "columns": map[string]any{"body": pill}}},
		map[string]any{"number": 2, "keyword": "action", "provider": provider, "name": "select_rows", "as": "sel",
			"input": map[string]any{"table": table, "where": "id = :id",
				"parameters": map[string]any{"id": "=" + datapill(provider, "ins", "id")}}},
		map[string]any{"number": 3, "keyword": "action", "provider": "workato_recipe_function", "name": "return_result", "as": "reply",
			"input": map[string]any{"result": map[string]any{"rows": "=" + datapill(provider, "sel", "rows")}}},
	)})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.StartRecipe(ctx, mu, id); err != nil {
		t.Fatal(err)
	}
	job, err := c.TestTriggerRecipe(ctx, id, client.TestTriggerParams{
		Output: map[string]any{"parameters": map[string]any{"body": body}}, Wait: true, Timeout: "20s"})
	if err != nil {
		t.Fatal(err)
	}
	var result struct{ Rows []struct{ Body string } }
	json.Unmarshal(job.Result, &result)
	if job.Status != "succeeded" || len(result.Rows) != 1 || result.Rows[0].Body != body {
		t.Fatalf("job %s %s %v", job.Status, job.Result, job.Error)
	}
}
