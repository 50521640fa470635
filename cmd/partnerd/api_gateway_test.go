package main

import (
	"strconv"
	"strings"
	"testing"

	"github.com/partnerd/partnerd/client"
)

// apiRecipeCode is an API endpoint recipe: it logs the call and answers
// 201 with the order id of its path, the query's q and the body's name.
func apiRecipeCode() map[string]any {
	pill := func(path ...any) string { return "#{" + datapill("workato_api_platform", "api_trigger", path...) + "}" }
	return map[string]any{"number": 0, "keyword": "trigger", "provider": "workato_api_platform", "name": "receive_request",
		"as": "api_trigger", "input": map[string]any{}, "block": []any{
			map[string]any{"number": 1, "keyword": "action", "provider": "logger", "name": "log_message", "as": "log",
				"input": map[string]any{"message": "Order " + pill("request", "id")}},
			map[string]any{"number": 2, "keyword": "action", "provider": "workato_api_platform", "name": "return_response", "as": "reply",
				"input": map[string]any{"http_status_code": "201", "response": map[string]any{
					"id": pill("request", "id"), "q": pill("request", "q"), "name": pill("request", "name"),
					"client": pill("context", "api_client", "name")}}},
		}}
}

// TestAPIGateway is the proof of the API gateway: an endpoint created
// through the API answers its recipe's response at its URL to a v2 API
// key, a v1 token profile and an OAuth 2 access token; a wrong key is 401,
// a key of another collection 403, a call past the rate limit 429, and a
// disabled endpoint 404. Each call is a job of the recipe, and the
// collection's OpenAPI document is served at its api_spec_url.
func TestAPIGateway(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	m := MustRunMain(t, tempDB(t), func(m *Main) { m.Config.GatewayRate = 3 })
	c := newClient(m, bootstrapToken)
	mu := MustCreateCustomer(t, c, "Gateway Inc", "gateway-1").Ref()

	folder, err := c.CreateFolder(ctx, mu, client.CreateFolderParams{Name: "Orders"})
	if err != nil {
		t.Fatal(err)
	}
	recipeID, err := c.CreateRecipe(ctx, mu, client.RecipeParams{Name: "Get order", FolderID: folder.ID, Code: apiRecipeCode(),
		Config: []client.RecipeConfig{{Provider: "workato_api_platform"}, {Provider: "logger"}}})
	if err != nil {
		t.Fatal(err)
	}
	spec := func(recipe string) string {
		return "openapi: 3.0.0\ninfo:\n  version: '1.0'\npaths:\n  /orders/{id}:\n    post:\n      operationId: getOrder\n" + recipe
	}
	orders, err := c.CreateAPICollection(ctx, mu, client.CreateAPICollectionParams{Name: "Orders API", ProjectID: *folder.ProjectID,
		OpenAPISpec: &client.OpenAPISpec{Content: spec("      x-workato-recipe-id: " + strconv.FormatInt(recipeID, 10) + "\n"), Format: "yaml"}})
	if err != nil {
		t.Fatal(err)
	}
	other, err := c.CreateAPICollection(ctx, mu, client.CreateAPICollectionParams{Name: "Other API", ProjectID: *folder.ProjectID,
		OpenAPISpec: &client.OpenAPISpec{Content: spec(""), Format: "yaml"}})
	if err != nil {
		t.Fatal(err)
	}
	endpoints, err := c.APIEndpoints(ctx, mu, client.APIEndpointListOptions{APICollectionID: orders.ID})
	if err != nil || len(endpoints) != 1 {
		t.Fatalf("endpoints = %+v, %v", endpoints, err)
	}
	endpoint := endpoints[0]
	if !strings.HasPrefix(endpoint.URL, m.URL()+"/apim/ws") || !strings.HasSuffix(endpoint.URL, "/orders-api-v1/orders/:id") {
		t.Errorf("endpoint url %q", endpoint.URL)
	}
	if err := c.StartRecipe(ctx, mu, recipeID); err != nil {
		t.Fatal(err)
	}
	if err := c.EnableAPIEndpoint(ctx, mu, endpoint.ID); err != nil {
		t.Fatal(err)
	}

	// A v2 API key of a client granted the collection.
	mobile, err := c.CreateCustomerAPIClientV2(ctx, mu, client.APIClientV2Params{Name: "Mobile", AuthType: "token", APICollectionIDs: []int64{orders.ID}})
	if err != nil {
		t.Fatal(err)
	}
	key, err := c.CreateCustomerAPIKey(ctx, mu, mobile.ID, client.APIKeyParams{Name: "Production", Active: client.Ptr(true)})
	if err != nil {
		t.Fatal(err)
	}
	url := strings.Replace(endpoint.URL, ":id", "7", 1) + "?q=rush"
	call := func(cred client.EndpointCredential) *client.EndpointResponse {
		t.Helper()
		resp, err := c.CallAPIEndpoint(ctx, "POST", url, cred, map[string]any{"name": "Ann"})
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	wantAnswer := func(resp *client.EndpointResponse, clientName string) {
		t.Helper()
		var got map[string]any
		if resp.StatusCode != 201 || resp.JSON(&got) != nil || got["id"] != "7" || got["q"] != "rush" || got["name"] != "Ann" || got["client"] != clientName {
			t.Fatalf("answer %d %s", resp.StatusCode, resp.Body)
		}
	}
	resp := call(client.EndpointCredential{Token: key.AuthToken})
	wantAnswer(resp, "Mobile")
	job, err := c.RecipeJob(ctx, mu, recipeID, resp.Header.Get("X-Job-Id"))
	if err != nil || job.Status != "succeeded" || len(job.Lines) != 3 {
		t.Errorf("job of the call = %+v, %v", job, err)
	}

	// A v1 token profile, and an OAuth 2 access token.
	legacy, err := c.CreateAPIClient(ctx, mu, client.CreateAPIClientParams{Name: "Partner app"})
	if err != nil {
		t.Fatal(err)
	}
	profile, err := c.CreateAccessProfile(ctx, mu, client.CreateAccessProfileParams{Name: "Token", APIClientID: legacy.ID,
		AuthType: "token", APICollectionIDs: []int64{orders.ID}})
	if err != nil {
		t.Fatal(err)
	}
	wantAnswer(call(client.EndpointCredential{Token: profile.Secret}), "Partner app")
	oauth, err := c.CreateAccessProfile(ctx, mu, client.CreateAccessProfileParams{Name: "OAuth", APIClientID: legacy.ID,
		AuthType: "oauth2", APICollectionIDs: []int64{orders.ID}})
	if err != nil {
		t.Fatal(err)
	}
	tokenURL := endpoint.URL[:strings.Index(endpoint.URL, "/orders-api-v1")] + "/oauth2/token"
	access, err := c.RequestAPIAccessToken(ctx, tokenURL, oauth.OAuthClientID, oauth.OAuthClientSecret)
	if err != nil || access.TokenType != "bearer" || access.ExpiresIn != 3600 {
		t.Fatalf("access token = %+v, %v", access, err)
	}
	wantAnswer(call(client.EndpointCredential{Bearer: access.AccessToken}), "Partner app")
	if _, err := c.RequestAPIAccessToken(ctx, tokenURL, oauth.OAuthClientID, "wrong"); apiError(t, err).StatusCode != 401 {
		t.Errorf("token with a wrong secret: %v", err)
	}

	// A wrong key, a key of another collection, and a refreshed key.
	if resp := call(client.EndpointCredential{Token: "wrong"}); resp.StatusCode != 401 {
		t.Errorf("wrong key: %d %s", resp.StatusCode, resp.Body)
	}
	elsewhere, err := c.CreateCustomerAPIClientV2(ctx, mu, client.APIClientV2Params{Name: "Elsewhere", AuthType: "token", APICollectionIDs: []int64{other.ID}})
	if err != nil {
		t.Fatal(err)
	}
	otherKey, err := c.CreateCustomerAPIKey(ctx, mu, elsewhere.ID, client.APIKeyParams{Name: "Other", Active: client.Ptr(true)})
	if err != nil {
		t.Fatal(err)
	}
	if resp := call(client.EndpointCredential{Token: otherKey.AuthToken}); resp.StatusCode != 403 {
		t.Errorf("key of another collection: %d %s", resp.StatusCode, resp.Body)
	}
	refreshed, err := c.RefreshCustomerAPIKeySecret(ctx, mu, mobile.ID, key.ID)
	if err != nil {
		t.Fatal(err)
	}
	if resp := call(client.EndpointCredential{Token: key.AuthToken}); resp.StatusCode != 401 {
		t.Errorf("key after refresh: %d %s", resp.StatusCode, resp.Body)
	}

	// The OpenAPI document at the collection's api_spec_url.
	spec2, err := c.CallAPIEndpoint(ctx, "GET", orders.APISpecURL, client.EndpointCredential{Token: refreshed.AuthToken}, nil)
	if err != nil || spec2.StatusCode != 200 || !strings.Contains(string(spec2.Body), `"/orders/{id}"`) {
		t.Errorf("spec = %+v, %v", spec2, err)
	}

	// The rate limit: 3 calls a minute per key. Seven calls see a 429
	// even if a minute turns over among them.
	limited := false
	for range 7 {
		if resp := call(client.EndpointCredential{Token: profile.Secret}); resp.StatusCode == 429 {
			limited = resp.Header.Get("Retry-After") != "" && resp.Header.Get("X-RateLimit-Limit") == "3"
			break
		}
	}
	if !limited {
		t.Error("no 429 with Retry-After past the rate limit")
	}

	// A disabled endpoint is not found.
	if err := c.DisableAPIEndpoint(ctx, mu, endpoint.ID); err != nil {
		t.Fatal(err)
	}
	if resp := call(client.EndpointCredential{Token: otherKey.AuthToken}); resp.StatusCode != 403 {
		t.Errorf("other key, disabled endpoint: %d", resp.StatusCode)
	}
	third, err := c.CreateCustomerAPIKey(ctx, mu, mobile.ID, client.APIKeyParams{Name: "Third", Active: client.Ptr(true)})
	if err != nil {
		t.Fatal(err)
	}
	if resp := call(client.EndpointCredential{Token: third.AuthToken}); resp.StatusCode != 404 {
		t.Errorf("disabled endpoint: %d %s", resp.StatusCode, resp.Body)
	}
}

// mustServeOrders creates, through c, the order recipe in a customer,
// started, with its collection and endpoint, enabled, and a v2 API key of
// a client granted it; it returns the endpoint's URL for order 7 and the key.
func mustServeOrders(t *testing.T, c *client.Client, externalID string) (url, key string) {
	t.Helper()
	ctx := t.Context()
	mu := MustCreateCustomer(t, c, "Orders "+externalID, externalID).Ref()
	recipeID, err := c.CreateRecipe(ctx, mu, client.RecipeParams{Name: "Get order", Code: apiRecipeCode(),
		Config: []client.RecipeConfig{{Provider: "workato_api_platform"}, {Provider: "logger"}}})
	if err != nil {
		t.Fatal(err)
	}
	spec := "openapi: 3.0.0\ninfo:\n  version: '1.0'\npaths:\n  /orders/{id}:\n    post:\n      operationId: getOrder\n" +
		"      x-workato-recipe-id: " + strconv.FormatInt(recipeID, 10) + "\n"
	col, err := c.CreateAPICollection(ctx, mu, client.CreateAPICollectionParams{Name: "Orders API", OpenAPISpec: &client.OpenAPISpec{Content: spec, Format: "yaml"}})
	if err != nil {
		t.Fatal(err)
	}
	eps, err := c.APIEndpoints(ctx, mu, client.APIEndpointListOptions{APICollectionID: col.ID})
	if err != nil || len(eps) != 1 {
		t.Fatalf("endpoints = %+v, %v", eps, err)
	}
	if err := c.StartRecipe(ctx, mu, recipeID); err != nil {
		t.Fatal(err)
	}
	if err := c.EnableAPIEndpoint(ctx, mu, eps[0].ID); err != nil {
		t.Fatal(err)
	}
	app, err := c.CreateCustomerAPIClientV2(ctx, mu, client.APIClientV2Params{Name: "Mobile", AuthType: "token", APICollectionIDs: []int64{col.ID}})
	if err != nil {
		t.Fatal(err)
	}
	k, err := c.CreateCustomerAPIKey(ctx, mu, app.ID, client.APIKeyParams{Name: "Production", Active: client.Ptr(true)})
	if err != nil {
		t.Fatal(err)
	}
	return strings.Replace(eps[0].URL, ":id", "7", 1), k.AuthToken
}
