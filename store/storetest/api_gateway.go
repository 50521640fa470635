package storetest

import (
	"testing"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// testAPIGatewayCredentials checks that the gateway finds a profile by its
// token, by its OAuth client id and by id, with its client, and that a
// refreshed token no longer finds it.
func testAPIGatewayCredentials(t *testing.T, db *store.DB) {
	ctx := t.Context()
	fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	c := mustCreateAPIClient(t, db, w.ID, "Legacy")
	p := mustCreateAccessProfile(t, db, w.ID, &partnerd.AccessProfile{Name: "p", ClientID: c.ID, Active: true, Auth: partnerd.APIAuth{Type: "token"}})
	o := mustCreateAccessProfile(t, db, w.ID, &partnerd.AccessProfile{Name: "o", ClientID: c.ID, Active: true, Auth: partnerd.APIAuth{Type: "oauth2"}})

	cred, err := db.FindAPICredentialByToken(ctx, w.ID, partnerd.HashSecret(string(p.Token)))
	mustOK(t, err)
	if cred.Profile.ID != p.ID || cred.Client.ID != c.ID || cred.Auth().Type != "token" {
		t.Errorf("credential = %+v %+v", cred.Profile, cred.Client)
	}
	cred, err = db.FindAPICredentialByOAuthClientID(ctx, w.ID, o.OAuthClientID)
	mustOK(t, err)
	if cred.Profile.ID != o.ID || cred.Profile.OAuthSecretHash != partnerd.HashSecret(string(o.OAuthClientSecret)) {
		t.Errorf("oauth credential = %+v", cred.Profile)
	}
	if cred, err = db.FindAPICredentialByID(ctx, w.ID, p.ID); err != nil || cred.Profile.Name != "p" {
		t.Errorf("by id = %+v, %v", cred, err)
	}
	_, err = db.FindAPICredentialByToken(ctx, w.ID, partnerd.HashSecret("wrong"))
	wantCode(t, err, partnerd.ENOTFOUND)

	_, err = db.UpdateAccessProfile(ctx, w.ID, p.ID, func(p *partnerd.AccessProfile) error { return p.RefreshSecret() })
	mustOK(t, err)
	_, err = db.FindAPICredentialByToken(ctx, w.ID, partnerd.HashSecret(string(p.Token)))
	wantCode(t, err, partnerd.ENOTFOUND)

	tok := &partnerd.APIAccessToken{TokenHash: "h1", ProfileID: o.ID, SecretHash: "s", ExpiresAt: t0.Add(-time.Minute)}
	mustOK(t, db.CreateAPIAccessToken(ctx, w.ID, tok))
	got, err := db.FindAPIAccessToken(ctx, w.ID, "h1")
	mustOK(t, err)
	if got.ProfileID != o.ID || got.SecretHash != "s" || !got.ExpiresAt.Equal(t0.Add(-time.Minute)) {
		t.Errorf("access token = %+v", got)
	}
	// A new token of the profile drops its expired ones.
	mustOK(t, db.CreateAPIAccessToken(ctx, w.ID, &partnerd.APIAccessToken{TokenHash: "h2", ProfileID: o.ID, SecretHash: "s", ExpiresAt: t0.Add(time.Hour)}))
	_, err = db.FindAPIAccessToken(ctx, w.ID, "h1")
	wantCode(t, err, partnerd.ENOTFOUND)
	wantCode(t, db.CreateAPIAccessToken(ctx, w.ID, &partnerd.APIAccessToken{TokenHash: "h3", ProfileID: 999, ExpiresAt: t0}), partnerd.ENOTFOUND)
}

// testAPIGatewayCrossTenant checks that nothing of one workspace is found
// through another.
func testAPIGatewayCrossTenant(t *testing.T, db *store.DB) {
	ctx := t.Context()
	fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	other := MustCreateCustomer(t, db, a.ID, "Other")
	f := mustCreateFolder(t, db, w.ID, nil, "Sales")
	r := mustCreateRecipe(t, db, w.ID, f.ID, "Search")
	mustCreateAPICollection(t, db, w.ID, f.ProjectID, "Sales API", r.ID)
	c := mustCreateAPIClient(t, db, w.ID, "Legacy")
	p := mustCreateAccessProfile(t, db, w.ID, &partnerd.AccessProfile{Name: "p", ClientID: c.ID, Active: true, Auth: partnerd.APIAuth{Type: "token"}})
	o := mustCreateAccessProfile(t, db, w.ID, &partnerd.AccessProfile{Name: "o", ClientID: c.ID, Active: true, Auth: partnerd.APIAuth{Type: "oauth2"}})
	mustOK(t, db.CreateAPIAccessToken(ctx, w.ID, &partnerd.APIAccessToken{TokenHash: "h", ProfileID: o.ID, SecretHash: "s", ExpiresAt: t0.Add(time.Hour)}))

	if list, err := db.FindAPIGatewayEndpoints(ctx, w.ID); err != nil || len(list) != 1 || list[0].CollectionPath == "" || list[0].ValidateRequest {
		t.Errorf("endpoints = %+v, %v", list, err)
	}
	checked := &partnerd.APIEndpoint{Name: "checked", Method: "POST", Path: "checked", FlowID: &r.ID, ValidateRequest: true}
	mustOK(t, db.CreateAPICollection(ctx, w.ID, &partnerd.APICollection{Name: "Checked API", ProjectID: f.ProjectID}, []*partnerd.APIEndpoint{checked}))
	if list, err := db.FindAPIGatewayEndpoints(ctx, w.ID); err != nil || len(list) != 2 || !list[1].ValidateRequest || list[1].ID != checked.ID {
		t.Errorf("endpoints with a validating one = %+v, %v", list, err)
	}
	if list, err := db.FindAPIGatewayEndpoints(ctx, other.ID); err != nil || len(list) != 0 {
		t.Errorf("endpoints of another workspace = %+v, %v", list, err)
	}
	_, err := db.FindAPICredentialByToken(ctx, other.ID, partnerd.HashSecret(string(p.Token)))
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.FindAPICredentialByOAuthClientID(ctx, other.ID, o.OAuthClientID)
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.FindAPICredentialByID(ctx, other.ID, p.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.FindAPIAccessToken(ctx, other.ID, "h")
	wantCode(t, err, partnerd.ENOTFOUND)
	wantCode(t, db.CreateAPIAccessToken(ctx, other.ID, &partnerd.APIAccessToken{TokenHash: "h2", ProfileID: o.ID, ExpiresAt: t0}), partnerd.ENOTFOUND)
}
