package main

import (
	"bufio"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/partnerd/partnerd/client"
)

// startStripeMock runs Stripe's own fake, stripe-mock, on a free loopback
// port and returns its base URL; the test skips when stripe-mock is not
// on PATH (.ci/run installs it).
func startStripeMock(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("stripe-mock")
	if err != nil {
		t.Skip("stripe-mock is not on PATH: go install github.com/stripe/stripe-mock@latest")
	}
	cmd := exec.Command(bin, "-http-addr", "127.0.0.1:0", "-https-addr", "127.0.0.1:0")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr := make(chan string, 1)
	go func() {
		const prefix = "Listening for HTTP at address: "
		s := bufio.NewScanner(out)
		for s.Scan() {
			if line := s.Text(); strings.HasPrefix(line, prefix) {
				addr <- strings.TrimPrefix(line, prefix)
			}
		}
	}()
	select {
	case a := <-addr:
		return "http://" + a
	case <-time.After(20 * time.Second):
		t.Fatal("stripe-mock did not say where it listens")
		return ""
	}
}

// TestStripeRecipeAgainstStripeMock runs a Stripe recipe whose ad-hoc HTTP
// steps go to stripe-mock through a connection with a base_url: it
// creates a customer, reads it back by the id the first step gave, and
// catches the 400 that Stripe answers a parameter it does not know, the
// catch reading the status and the body's error apart from the message.
func TestStripeRecipeAgainstStripeMock(t *testing.T) {
	base := startStripeMock(t)
	t.Parallel()
	m := MustRunMain(t, tempDB(t), nil)
	ctx := t.Context()
	c := newClient(m, bootstrapToken)
	mu := MustCreateCustomer(t, c, "Stripe Inc", "stripe-1").Ref()
	conn, err := c.CreateConnection(ctx, mu, client.CreateConnectionParams{Provider: "stripe", Name: "Stripe",
		Input: map[string]any{"api_key": "sk_test_123", "base_url": base}})
	if err != nil {
		t.Fatal(err)
	}
	adhoc := func(n int, as string, in map[string]any) map[string]any {
		return map[string]any{"number": n, "keyword": "action", "provider": "stripe", "name": "__adhoc_http_action",
			"as": as, "input": in}
	}
	email := "#{" + datapill("workato_recipe_function", "trigger", "parameters", "email") + "}"
	config := []client.RecipeConfig{{Provider: "workato_recipe_function"}, {Provider: "stripe", AccountID: &conn.ID}}
	id, err := c.CreateRecipe(ctx, mu, client.RecipeParams{Name: "Stripe customer", Config: config, Code: callableCode(
		adhoc(1, "create", map[string]any{"verb": "post", "path": "/v1/customers",
			"input": map[string]any{"data": map[string]any{"email": email, "metadata": map[string]any{"ref": "7"}}}}),
		adhoc(2, "fetch", map[string]any{"verb": "get", "path": "/v1/customers/#{" + datapill("stripe", "create", "id") + "}"}),
		map[string]any{"number": 3, "keyword": "try", "block": []any{
			adhoc(4, "bad", map[string]any{"verb": "post", "path": "/v1/customers",
				"input": map[string]any{"data": map[string]any{"no_such_parameter": "x"}}}),
			map[string]any{"number": 5, "keyword": "catch", "provider": nil, "as": "failed", "input": map[string]any{"max_retry_count": "0"},
				"block": []any{
					map[string]any{"number": 6, "keyword": "action", "provider": "workato_recipe_function", "name": "return_result", "as": "reply",
						"input": map[string]any{"result": map[string]any{
							"id":     "=" + datapill("stripe", "create", "id"),
							"object": "=" + datapill("stripe", "fetch", "object"),
							"status": "=" + datapill("catch", "failed", "status"),
							"type":   "=" + datapill("catch", "failed", "error_type"),
							"error":  "=" + datapill("catch", "failed", "body") + ".parse_json['error']['type']",
						}}},
				}},
		}},
	)})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.StartRecipe(ctx, mu, id); err != nil {
		t.Fatal(err)
	}
	job, err := c.TestTriggerRecipe(ctx, id, client.TestTriggerParams{
		Output: map[string]any{"parameters": map[string]any{"email": "jo@example.com"}}, Wait: true, Timeout: "20s"})
	if err != nil {
		t.Fatal(err)
	}
	var result struct {
		ID, Object, Type, Error string
		Status                  int
	}
	json.Unmarshal(job.Result, &result)
	if job.Status != "succeeded" || !strings.HasPrefix(result.ID, "cus_") || result.Object != "customer" ||
		result.Status != 400 || result.Type != "HTTPError" || result.Error != "invalid_request_error" {
		t.Fatalf("job %s %s %v", job.Status, job.Result, job.Error)
	}
	calls, total, err := c.TestConnectorCalls(ctx, client.ConnectorCallOptions{Provider: "stripe", RecipeID: id})
	if err != nil {
		t.Fatal(err)
	}
	if total != 3 || calls[0].StubID != nil || !strings.Contains(string(calls[2].Input), "jo@example.com") {
		t.Errorf("%d recorded calls: %+v", total, calls)
	}
}
