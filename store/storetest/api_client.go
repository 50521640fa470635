package storetest

import (
	"reflect"
	"regexp"
	"testing"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// mustCreateAPIClient creates a legacy (v1) API client.
func mustCreateAPIClient(tb testing.TB, db *store.DB, workspaceID int64, name string) *partnerd.APIClient {
	tb.Helper()
	c := &partnerd.APIClient{Name: name, IsLegacy: true}
	if err := db.CreateAPIClient(tb.Context(), workspaceID, c); err != nil {
		tb.Fatalf("create API client %q: %v", name, err)
	}
	return c
}

// mustCreateAccessProfile creates a profile of a client with the secrets
// of its auth type, which the returned profile carries.
func mustCreateAccessProfile(tb testing.TB, db *store.DB, workspaceID int64, p *partnerd.AccessProfile) *partnerd.AccessProfile {
	tb.Helper()
	p.IssueSecret()
	if err := db.CreateAccessProfile(tb.Context(), workspaceID, p); err != nil {
		tb.Fatalf("create access profile %q: %v", p.Name, err)
	}
	return p
}

var hex64 = regexp.MustCompile(`^[0-9a-f]{64}$`)

// testAPIClientCreate checks that legacy and v2 clients round-trip, and the
// refusals of their auth settings.
func testAPIClientCreate(t *testing.T, db *store.DB) {
	ctx := t.Context()
	fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	p := mustCreateFolder(t, db, w.ID, nil, "Sales")
	col, _ := mustCreateAPICollection(t, db, w.ID, p.ProjectID, "Sales API")

	legacy := mustCreateAPIClient(t, db, w.ID, " Partner app ")
	if legacy.Name != "Partner app" || !legacy.IsLegacy || legacy.Auth.Type != "token" || legacy.TotalKeysCount != 0 ||
		len(legacy.Collections) != 0 || !legacy.CreatedAt.Equal(t0) {
		t.Errorf("legacy client = %+v", legacy)
	}
	v2 := &partnerd.APIClient{Name: "Mobile", Description: ptr("the app"), MTLSEnabled: true, CollectionIDs: []int64{col.ID, col.ID},
		Auth: partnerd.APIAuth{Type: "jwt", JWTMethod: ptr("hmac"), JWTSecret: "shared", OIDCIssuer: ptr("https://idp.test"),
			RequiredClaims: []string{" sub ", "sub", ""}, AccessProfileClaim: ptr("key")}}
	mustOK(t, db.CreateAPIClient(ctx, w.ID, v2))
	if v2.IsLegacy || !v2.MTLSEnabled || !reflect.DeepEqual(v2.CollectionIDs, []int64{col.ID}) ||
		!reflect.DeepEqual(v2.Collections, []partnerd.APICollectionRef{{ID: col.ID, Name: "Sales API"}}) ||
		v2.Auth.OIDCIssuer != nil || !reflect.DeepEqual(v2.Auth.RequiredClaims, []string{"sub"}) || *v2.Auth.JWTMethod != "hmac" {
		t.Errorf("v2 client = %+v", v2)
	}
	if v2.Auth.JWTSecret != "" {
		t.Error("a read client carries its JWT secret")
	}
	list, total, err := db.FindAPIClients(ctx, w.ID, page(1, 1))
	mustOK(t, err)
	if total != 2 || len(list) != 1 || !reflect.DeepEqual(list[0], legacy) {
		t.Errorf("page 1 = %d %+v, want %+v", total, list, legacy)
	}

	create := func(c *partnerd.APIClient) error { return db.CreateAPIClient(ctx, w.ID, c) }
	wantField(t, create(&partnerd.APIClient{Name: "", IsLegacy: true}), partnerd.EINVALID, "name")
	wantField(t, create(&partnerd.APIClient{Name: "X"}), partnerd.EINVALID, "auth_type")
	wantField(t, create(&partnerd.APIClient{Name: "X", Auth: partnerd.APIAuth{Type: "basic"}}), partnerd.EINVALID, "auth_type")
	wantField(t, create(&partnerd.APIClient{Name: "X", Auth: partnerd.APIAuth{Type: "jwt"}}), partnerd.EINVALID, "jwt_method")
	wantField(t, create(&partnerd.APIClient{Name: "X", Auth: partnerd.APIAuth{Type: "jwt", JWTMethod: ptr("hmac")}}), partnerd.EINVALID, "jwt_secret")
	wantField(t, create(&partnerd.APIClient{Name: "X", Auth: partnerd.APIAuth{Type: "jwt", JWTMethod: ptr("rsa"), JWTSecret: "not a key"}}), partnerd.EINVALID, "jwt_secret")
	wantField(t, create(&partnerd.APIClient{Name: "X", Auth: partnerd.APIAuth{Type: "oidc"}}), partnerd.EINVALID, "oidc_issuer")
	wantField(t, create(&partnerd.APIClient{Name: "X", Auth: partnerd.APIAuth{Type: "oidc", OIDCJWKSURI: ptr("ftp://x")}}), partnerd.EINVALID, "oidc_jwks_uri")
	wantField(t, create(&partnerd.APIClient{Name: "X", Auth: partnerd.APIAuth{Type: "token"}, CollectionIDs: []int64{999}}), partnerd.EINVALID, "api_collection_ids")
}

// testAPIClientUpdate checks updates of a client, which keep its auth
// type and its JWT secret, and a delete that takes its profiles along.
func testAPIClientUpdate(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	p := mustCreateFolder(t, db, w.ID, nil, "Sales")
	c1, _ := mustCreateAPICollection(t, db, w.ID, p.ProjectID, "One")
	c2, _ := mustCreateAPICollection(t, db, w.ID, p.ProjectID, "Two")
	c := &partnerd.APIClient{Name: "Mobile", Auth: partnerd.APIAuth{Type: "jwt", JWTMethod: ptr("hmac"), JWTSecret: "shared"}, CollectionIDs: []int64{c1.ID}}
	mustOK(t, db.CreateAPIClient(ctx, w.ID, c))

	var seen partnerd.Secret
	got, err := db.UpdateAPIClient(ctx, w.ID, c.ID, func(c *partnerd.APIClient) error {
		seen = c.Auth.JWTSecret
		c.Name, c.Description, c.CollectionIDs = "Mobile 2", ptr("d"), []int64{c2.ID}
		return nil
	})
	mustOK(t, err)
	if seen != "shared" || got.Name != "Mobile 2" || *got.Description != "d" || !reflect.DeepEqual(got.CollectionIDs, []int64{c2.ID}) {
		t.Errorf("updated = %+v (apply saw secret %q)", got, string(seen))
	}
	_, err = db.UpdateAPIClient(ctx, w.ID, c.ID, func(c *partnerd.APIClient) error { c.Auth.Type = "token"; return nil })
	wantField(t, err, partnerd.EINVALID, "auth_type")
	_, err = db.UpdateAPIClient(ctx, w.ID, c.ID, func(c *partnerd.APIClient) error { c.Name = ""; return nil })
	wantField(t, err, partnerd.EINVALID, "name")
	_, err = db.UpdateAPIClient(ctx, w.ID, 999, func(*partnerd.APIClient) error { return nil })
	wantCode(t, err, partnerd.ENOTFOUND)

	key := mustCreateAccessProfile(t, db, w.ID, &partnerd.AccessProfile{Name: "k", ClientID: c.ID, Inherited: true, Active: true, CollectionIDs: []int64{c1.ID}})
	mustCreateAccessProfile(t, db, w.ID, &partnerd.AccessProfile{Name: "off", ClientID: c.ID, Inherited: true})
	got, err = db.FindAPIClientByID(ctx, w.ID, c.ID)
	mustOK(t, err)
	if got.ActiveKeysCount != 1 || got.TotalKeysCount != 2 || len(got.Collections) != 2 {
		t.Errorf("client with profiles = %+v", got)
	}
	if !key.Inherited || key.Auth.Type != "jwt" || key.Auth.JWTMethod != nil || !hex64.MatchString(string(key.Token)) {
		t.Errorf("key of a v2 jwt client = %+v", key)
	}
	refreshed, err := db.UpdateAccessProfile(ctx, w.ID, key.ID, func(p *partnerd.AccessProfile) error { return p.RefreshSecret() })
	mustOK(t, err)
	if refreshed.Token == "" || refreshed.Token == key.Token {
		t.Errorf("refreshed key = %+v", refreshed)
	}
	wantField(t, db.CreateAccessProfile(ctx, w.ID, &partnerd.AccessProfile{Name: "p", ClientID: c.ID, Auth: partnerd.APIAuth{Type: "token"}}),
		partnerd.EINVALID, "api_client_id")
	legacy := mustCreateAPIClient(t, db, w.ID, "Legacy")
	wantField(t, db.CreateAccessProfile(ctx, w.ID, &partnerd.AccessProfile{Name: "k", ClientID: legacy.ID, Inherited: true}),
		partnerd.EINVALID, "api_client_id")

	mustOK(t, db.DeleteAPIClient(ctx, w.ID, c.ID))
	wantCode(t, db.DeleteAPIClient(ctx, w.ID, c.ID), partnerd.ENOTFOUND)
	_, err = db.FindAccessProfileByID(ctx, w.ID, key.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
}

// testAccessProfileSecrets checks that a profile keeps only hashes of its
// secrets, which create and refresh alone show, per auth type.
func testAccessProfileSecrets(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	p := mustCreateFolder(t, db, w.ID, nil, "Sales")
	col, _ := mustCreateAPICollection(t, db, w.ID, p.ProjectID, "Sales API")
	c := mustCreateAPIClient(t, db, w.ID, "Partner app")
	other := mustCreateAPIClient(t, db, w.ID, "Other app")

	token := mustCreateAccessProfile(t, db, w.ID, &partnerd.AccessProfile{Name: "t", ClientID: c.ID, Active: true,
		Auth: partnerd.APIAuth{Type: "token"}, CollectionIDs: []int64{col.ID}, IPAllowList: []string{" 10.0.0.0/8", "10.0.0.0/8", "192.0.2.1"}})
	if !hex64.MatchString(string(token.Token)) || token.TokenHash != partnerd.HashSecret(string(token.Token)) ||
		!reflect.DeepEqual(token.CollectionIDs, []int64{col.ID}) || !reflect.DeepEqual(token.IPAllowList, []string{"10.0.0.0/8", "192.0.2.1"}) {
		t.Errorf("token profile = %+v", token)
	}
	read, err := db.FindAccessProfileByID(ctx, w.ID, token.ID)
	mustOK(t, err)
	if read.Token != "" || read.TokenHash != token.TokenHash {
		t.Errorf("a read profile shows its token or lost its hash: %+v", read)
	}
	refreshed, err := db.UpdateAccessProfile(ctx, w.ID, token.ID, func(p *partnerd.AccessProfile) error { return p.RefreshSecret() })
	mustOK(t, err)
	if refreshed.Token == "" || refreshed.Token == token.Token || refreshed.TokenHash != partnerd.HashSecret(string(refreshed.Token)) {
		t.Errorf("refreshed = %+v", refreshed)
	}

	oauth := mustCreateAccessProfile(t, db, w.ID, &partnerd.AccessProfile{Name: "o", ClientID: c.ID, Auth: partnerd.APIAuth{Type: "oauth2"}})
	if len(oauth.OAuthClientID) < 32 || len(oauth.OAuthClientSecret) < 32 || oauth.Token != "" ||
		oauth.OAuthSecretHash != partnerd.HashSecret(string(oauth.OAuthClientSecret)) {
		t.Errorf("oauth2 profile = %+v", oauth)
	}
	again, err := db.UpdateAccessProfile(ctx, w.ID, oauth.ID, func(p *partnerd.AccessProfile) error { return p.RefreshSecret() })
	mustOK(t, err)
	if again.OAuthClientID != oauth.OAuthClientID || again.OAuthClientSecret == oauth.OAuthClientSecret || again.OAuthClientSecret == "" {
		t.Errorf("refreshed oauth2 profile = %+v", again)
	}

	jwt := mustCreateAccessProfile(t, db, w.ID, &partnerd.AccessProfile{Name: "j", ClientID: c.ID,
		Auth: partnerd.APIAuth{Type: "jwt", JWTMethod: ptr("hmac"), JWTSecret: "shared"}})
	if jwt.Token != "" || jwt.TokenHash != "" || jwt.OAuthClientID != "" {
		t.Errorf("jwt profile = %+v", jwt)
	}
	_, err = db.UpdateAccessProfile(ctx, w.ID, jwt.ID, func(p *partnerd.AccessProfile) error { return p.RefreshSecret() })
	wantField(t, err, partnerd.EINVALID, "auth_type")

	// Updates: the client is kept, collections are checked, and the
	// activity is stamped.
	_, err = db.UpdateAccessProfile(ctx, w.ID, token.ID, func(p *partnerd.AccessProfile) error { p.ClientID = other.ID; return nil })
	wantField(t, err, partnerd.EINVALID, "api_client_id")
	_, err = db.UpdateAccessProfile(ctx, w.ID, token.ID, func(p *partnerd.AccessProfile) error { p.CollectionIDs = []int64{999}; return nil })
	wantField(t, err, partnerd.EINVALID, "api_collection_ids")
	off, err := db.UpdateAccessProfile(ctx, w.ID, token.ID, func(p *partnerd.AccessProfile) error { p.SetActive(false, t0); return nil })
	mustOK(t, err)
	if off.Active || off.ActiveSince != nil || off.TokenHash != refreshed.TokenHash || off.Token != "" {
		t.Errorf("disabled = %+v", off)
	}
	on, err := db.UpdateAccessProfile(ctx, w.ID, token.ID, func(p *partnerd.AccessProfile) error { p.SetActive(true, t0); return nil })
	mustOK(t, err)
	if !on.Active || on.ActiveSince == nil || !on.ActiveSince.Equal(t0) {
		t.Errorf("enabled = %+v", on)
	}

	// Refusals of a create, and the filter by client.
	createP := func(p *partnerd.AccessProfile) error { return db.CreateAccessProfile(ctx, w.ID, p) }
	wantField(t, createP(&partnerd.AccessProfile{Name: "x", ClientID: 999, Auth: partnerd.APIAuth{Type: "token"}}), partnerd.EINVALID, "api_client_id")
	wantField(t, createP(&partnerd.AccessProfile{Name: "x", Auth: partnerd.APIAuth{Type: "token"}}), partnerd.EINVALID, "api_client_id")
	wantField(t, createP(&partnerd.AccessProfile{Name: "x", ClientID: c.ID, Auth: partnerd.APIAuth{Type: "token"}, IPDenyList: []string{"nowhere"}}), partnerd.EINVALID, "ip_deny_list")
	mustCreateAccessProfile(t, db, w.ID, &partnerd.AccessProfile{Name: "theirs", ClientID: other.ID, Auth: partnerd.APIAuth{Type: "oidc", OIDCIssuer: ptr("https://idp.test")}})
	list, total, err := db.FindAccessProfiles(ctx, w.ID, partnerd.AccessProfileFilter{ClientID: c.ID, Page: page(1, 100)})
	mustOK(t, err)
	if total != 3 || len(list) != 3 || list[0].ID != token.ID {
		t.Errorf("profiles of the client = %d %+v", total, list)
	}
	mustOK(t, db.DeleteAccessProfile(ctx, w.ID, jwt.ID))
	wantCode(t, db.DeleteAccessProfile(ctx, w.ID, jwt.ID), partnerd.ENOTFOUND)
}

// testAPIPlatformCrossTenant checks that no workspace reaches another's
// collections, endpoints, clients or profiles, nor names them.
func testAPIPlatformCrossTenant(t *testing.T, db *store.DB) {
	ctx := t.Context()
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	b, _ := MustCreateAccount(t, db, "B", "b@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	x := MustCreateCustomer(t, db, b.ID, "Intruder")
	p := mustCreateFolder(t, db, w.ID, nil, "Sales")
	r := mustCreateRecipe(t, db, w.ID, p.ID, "Search")
	mustStartRecipe(t, db, w.ID, r.ID)
	col, eps := mustCreateAPICollection(t, db, w.ID, p.ProjectID, "Sales API", r.ID)
	c := mustCreateAPIClient(t, db, w.ID, "Partner app")
	prof := mustCreateAccessProfile(t, db, w.ID, &partnerd.AccessProfile{Name: "t", ClientID: c.ID, Auth: partnerd.APIAuth{Type: "token"}})

	if list, total, err := db.FindAPICollections(ctx, x.ID, page(1, 100)); err != nil || total != 0 || len(list) != 0 {
		t.Errorf("collections of another workspace: %v, %d, %v", list, total, err)
	}
	if list, total, err := db.FindAPIEndpoints(ctx, x.ID, partnerd.APIEndpointFilter{CollectionID: col.ID, Page: page(1, 100)}); err != nil || total != 0 || len(list) != 0 {
		t.Errorf("endpoints of another workspace: %v, %d, %v", list, total, err)
	}
	wantCode(t, db.SetAPIEndpointActive(ctx, x.ID, eps[0].ID, true), partnerd.ENOTFOUND)
	if list, total, err := db.FindAPIClients(ctx, x.ID, page(1, 100)); err != nil || total != 0 || len(list) != 0 {
		t.Errorf("clients of another workspace: %v, %d, %v", list, total, err)
	}
	_, err := db.FindAPIClientByID(ctx, x.ID, c.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.UpdateAPIClient(ctx, x.ID, c.ID, func(*partnerd.APIClient) error { return nil })
	wantCode(t, err, partnerd.ENOTFOUND)
	wantCode(t, db.DeleteAPIClient(ctx, x.ID, c.ID), partnerd.ENOTFOUND)
	if list, total, err := db.FindAccessProfiles(ctx, x.ID, partnerd.AccessProfileFilter{ClientID: c.ID, Page: page(1, 100)}); err != nil || total != 0 || len(list) != 0 {
		t.Errorf("profiles of another workspace: %v, %d, %v", list, total, err)
	}
	_, err = db.FindAccessProfileByID(ctx, x.ID, prof.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.UpdateAccessProfile(ctx, x.ID, prof.ID, func(p *partnerd.AccessProfile) error { return p.RefreshSecret() })
	wantCode(t, err, partnerd.ENOTFOUND)
	wantCode(t, db.DeleteAccessProfile(ctx, x.ID, prof.ID), partnerd.ENOTFOUND)

	// Naming the other workspace's objects is refused.
	wantField(t, db.CreateAccessProfile(ctx, x.ID, &partnerd.AccessProfile{Name: "s", ClientID: c.ID, Auth: partnerd.APIAuth{Type: "token"}}),
		partnerd.EINVALID, "api_client_id")
	wantField(t, db.CreateAPIClient(ctx, x.ID, &partnerd.APIClient{Name: "s", IsLegacy: true, CollectionIDs: []int64{col.ID}}),
		partnerd.EINVALID, "api_collection_ids")
	wantField(t, db.CreateAPICollection(ctx, x.ID, &partnerd.APICollection{Name: "s", ProjectID: p.ProjectID}, nil), partnerd.EINVALID, "project_id")
	wantField(t, db.CreateAPICollection(ctx, x.ID, &partnerd.APICollection{Name: "s"},
		[]*partnerd.APIEndpoint{{Name: "a", Method: "GET", Path: "a", FlowID: &r.ID}}), partnerd.EINVALID, "openapi_spec")
	// The same name is free in another workspace.
	mustCreateAPICollection(t, db, x.ID, nil, "Sales API")
}
