package main

import (
	"regexp"
	"strconv"
	"testing"

	"github.com/partnerd/partnerd/client"
)

var hexToken = regexp.MustCompile(`^[0-9a-f]{64}$`)

// TestAPIPlatform is the proof of the API platform: a collection from an
// OpenAPI document whose endpoint enables only while its recipe runs; an
// access profile's secret appears in its create and refresh answers only,
// and a jwt profile has none to refresh; the v2 routes show the same
// clients, and a key's token appears in its create and refresh answers
// only.
func TestAPIPlatform(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	m := MustRunMain(t, tempDB(t), nil)
	c := newClient(m, bootstrapToken)
	MustCreateCustomer(t, c, "Acme", "acme")
	mu := client.ExternalID("acme")

	folder, err := c.CreateFolder(ctx, mu, client.CreateFolderParams{Name: "Sales"})
	if err != nil {
		t.Fatal(err)
	}
	recipeID, err := c.CreateRecipe(ctx, mu, client.RecipeParams{Name: "Search accounts", FolderID: folder.ID,
		Code:   map[string]any{"number": 0, "keyword": "trigger", "provider": "clock", "name": "scheduled_event", "input": map[string]any{}},
		Config: []client.RecipeConfig{{Provider: "clock"}}})
	if err != nil {
		t.Fatal(err)
	}
	spec := "openapi: 3.0.0\ninfo:\n  version: '1.0'\npaths:\n  /accounts/{id}:\n    get:\n      operationId: getAccount\n" +
		"      x-workato-recipe-id: " + strconv.FormatInt(recipeID, 10) + "\n"
	col, err := c.CreateAPICollection(ctx, mu, client.CreateAPICollectionParams{Name: "Sales API", ProjectID: *folder.ProjectID,
		OpenAPISpec: &client.OpenAPISpec{Content: spec, Format: "yaml"}})
	if err != nil {
		t.Fatal(err)
	}
	endpoints, err := c.APIEndpoints(ctx, mu, client.APIEndpointListOptions{APICollectionID: col.ID})
	if err != nil || len(endpoints) != 1 || endpoints[0].Name != "getAccount" || endpoints[0].Path != "accounts/:id" ||
		endpoints[0].FlowID == nil || *endpoints[0].FlowID != recipeID {
		t.Fatalf("endpoints = %+v, %v", endpoints, err)
	}

	// The endpoint enables only while its recipe runs.
	endpoint := endpoints[0].ID
	if e := apiError(t, c.EnableAPIEndpoint(ctx, mu, endpoint)); e.StatusCode != 400 || len(e.Errors["flow_id"]) == 0 {
		t.Errorf("enable with the recipe stopped: %v", e)
	}
	if err := c.StartRecipe(ctx, mu, recipeID); err != nil {
		t.Fatal(err)
	}
	if err := c.EnableAPIEndpoint(ctx, mu, endpoint); err != nil {
		t.Fatalf("enable with the recipe running: %v", err)
	}
	if list, err := c.APIEndpoints(ctx, mu, client.APIEndpointListOptions{}); err != nil || !list[0].Active {
		t.Errorf("endpoints after enable = %+v, %v", list, err)
	}

	testAccessProfileSecrets(t, c, mu, col.ID)
	testAPIKeyTokens(t, c, mu, col.ID)
}

// testAccessProfileSecrets checks that profile secrets appear in the
// answers of create and refresh only.
func testAccessProfileSecrets(t *testing.T, c *client.Client, mu client.WorkspaceRef, collectionID int64) {
	ctx := t.Context()
	app, err := c.CreateAPIClient(ctx, mu, client.CreateAPIClientParams{Name: "Partner app"})
	if err != nil {
		t.Fatal(err)
	}
	create := func(p client.CreateAccessProfileParams) *client.AccessProfile {
		t.Helper()
		p.APIClientID, p.APICollectionIDs = app.ID, []int64{collectionID}
		profile, err := c.CreateAccessProfile(ctx, mu, p)
		if err != nil {
			t.Fatalf("create %s profile: %v", p.AuthType, err)
		}
		return profile
	}
	token := create(client.CreateAccessProfileParams{Name: "Token", AuthType: "token", IPAllowList: []string{"10.0.0.0/8"}})
	oauth := create(client.CreateAccessProfileParams{Name: "OAuth", AuthType: "oauth2"})
	jwt := create(client.CreateAccessProfileParams{Name: "JWT", AuthType: "jwt", JWTMethod: "hmac", JWTSecret: "shared"})
	if !hexToken.MatchString(token.Secret) || len(oauth.OAuthClientID) < 32 || len(oauth.OAuthClientSecret) < 32 ||
		jwt.Secret != "" || jwt.OAuthClientSecret != "" {
		t.Errorf("created: token %+v, oauth2 %+v, jwt %+v", token, oauth, jwt)
	}

	noSecrets := func(when string) {
		t.Helper()
		list, err := c.AccessProfiles(ctx, mu, client.AccessProfileListOptions{APIClientID: app.ID})
		if err != nil || len(list) != 3 {
			t.Fatalf("profiles %s = %+v, %v", when, list, err)
		}
		for _, p := range list {
			if p.Secret != "" || p.OAuthClientID != "" || p.OAuthClientSecret != "" {
				t.Errorf("profile %d %s shows a secret: %+v", p.ID, when, p)
			}
		}
	}
	noSecrets("after create")
	updated, err := c.UpdateAccessProfile(ctx, mu, token.ID, client.UpdateAccessProfileParams{Name: client.Ptr("Token 2"), IPAllowList: []string{}})
	if err != nil || updated.Name != "Token 2" || len(updated.IPAllowList) != 0 || updated.Secret != "" {
		t.Errorf("updated = %+v, %v", updated, err)
	}
	if err := c.DisableAccessProfile(ctx, mu, token.ID); err != nil {
		t.Fatal(err)
	}

	refreshed, err := c.RefreshAccessProfileSecret(ctx, mu, token.ID)
	if err != nil || !hexToken.MatchString(refreshed.Secret) || refreshed.Secret == token.Secret || refreshed.Active {
		t.Errorf("refreshed token profile = %+v, %v", refreshed, err)
	}
	again, err := c.RefreshAccessProfileSecret(ctx, mu, oauth.ID)
	if err != nil || again.OAuthClientID != oauth.OAuthClientID || again.OAuthClientSecret == "" || again.OAuthClientSecret == oauth.OAuthClientSecret {
		t.Errorf("refreshed oauth2 profile = %+v, %v", again, err)
	}
	_, err = c.RefreshAccessProfileSecret(ctx, mu, jwt.ID)
	if e := apiError(t, err); e.StatusCode != 400 {
		t.Errorf("refresh of a jwt profile: %v, want 400", e)
	}
	noSecrets("after refresh")
}

// testAPIKeyTokens checks the v2 clients and keys over the same data: a
// key's token appears in the answers of create and refresh only.
func testAPIKeyTokens(t *testing.T, c *client.Client, mu client.WorkspaceRef, collectionID int64) {
	ctx := t.Context()
	mobile, err := c.CreateCustomerAPIClientV2(ctx, mu, client.APIClientV2Params{Name: "Mobile", AuthType: "token",
		APICollectionIDs: []int64{collectionID}})
	if err != nil || mobile.IsLegacy || len(mobile.APICollections) != 1 || mobile.APICollections[0].Name != "Sales API" {
		t.Fatalf("v2 client = %+v, %v", mobile, err)
	}
	clients, total, err := c.CustomerAPIClientsV2(ctx, mu, client.ListOptions{})
	if err != nil || total != 2 || !clients[0].IsLegacy || clients[0].TotalAPIKeysCount != 3 || clients[0].ActiveAPIKeysCount != 2 {
		t.Errorf("v2 clients = %d %+v, %v; want the legacy client with its 3 profiles first", total, clients, err)
	}

	key, err := c.CreateCustomerAPIKey(ctx, mu, mobile.ID, client.APIKeyParams{Name: "Production", Active: client.Ptr(true)})
	if err != nil || !hexToken.MatchString(key.AuthToken) || !key.Active || key.ActiveSince == nil || key.AuthType != "token" {
		t.Fatalf("key = %+v, %v", key, err)
	}
	refreshed, err := c.RefreshCustomerAPIKeySecret(ctx, mu, mobile.ID, key.ID)
	if err != nil || !hexToken.MatchString(refreshed.AuthToken) || refreshed.AuthToken == key.AuthToken {
		t.Errorf("refreshed key = %+v, %v", refreshed, err)
	}
	disabled, err := c.DisableCustomerAPIKey(ctx, mu, mobile.ID, key.ID)
	if err != nil || disabled.Active || disabled.AuthToken != "" {
		t.Errorf("disabled key = %+v, %v", disabled, err)
	}
	keys, err := c.CustomerAPIKeys(ctx, mu, mobile.ID, client.ListOptions{})
	if err != nil || len(keys) != 1 || keys[0].AuthToken != "" {
		t.Errorf("keys = %+v, %v", keys, err)
	}
	profiles, err := c.AccessProfiles(ctx, mu, client.AccessProfileListOptions{APIClientID: mobile.ID})
	if err != nil || len(profiles) != 1 || profiles[0].ID != key.ID || profiles[0].Secret != "" {
		t.Errorf("the key as a v1 profile = %+v, %v", profiles, err)
	}
	if err := c.DeleteCustomerAPIClientV2(ctx, mu, mobile.ID); err != nil {
		t.Fatal(err)
	}
	_, err = c.CustomerAPIKeys(ctx, mu, mobile.ID, client.ListOptions{})
	if e := apiError(t, err); e.StatusCode != 404 {
		t.Errorf("keys of a deleted client: %v, want 404", e)
	}

	// The caller's own workspace.
	own, err := c.CreateAPIClientV2(ctx, client.APIClientV2Params{Name: "Own", AuthType: "oidc", OIDCIssuer: "https://idp.test"})
	if err != nil || own.AuthType != "oidc" {
		t.Fatalf("own v2 client = %+v, %v", own, err)
	}
	ownKey, err := c.CreateAPIKey(ctx, own.ID, client.APIKeyParams{Name: "Own key", Active: client.Ptr(false)})
	if err != nil || !hexToken.MatchString(ownKey.AuthToken) || ownKey.Active || ownKey.ActiveSince != nil {
		t.Errorf("own key = %+v, %v", ownKey, err)
	}
	if list, total, err := c.APIClientsV2(ctx, client.ListOptions{}); err != nil || total != 1 || list[0].TotalAPIKeysCount != 1 {
		t.Errorf("own v2 clients = %d %+v, %v", total, list, err)
	}
}
