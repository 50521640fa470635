package storetest

import (
	"testing"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// testAPIJWTCredentials checks that the gateway finds the active jwt
// profiles of legacy clients with their secrets open, in ascending id up
// to the limit, and none of another workspace, a v2 client or another
// auth type.
func testAPIJWTCredentials(t *testing.T, db *store.DB) {
	ctx := t.Context()
	fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	x := MustCreateCustomer(t, db, a.ID, "Other")
	jwt := func(secret string) partnerd.APIAuth {
		return partnerd.APIAuth{Type: "jwt", JWTMethod: ptr("hmac"), JWTSecret: partnerd.Secret(secret)}
	}
	c := mustCreateAPIClient(t, db, w.ID, "Legacy")
	one := mustCreateAccessProfile(t, db, w.ID, &partnerd.AccessProfile{Name: "one", ClientID: c.ID, Active: true, Auth: jwt("s1")})
	two := mustCreateAccessProfile(t, db, w.ID, &partnerd.AccessProfile{Name: "two", ClientID: c.ID, Active: true, Auth: jwt("s2")})
	mustCreateAccessProfile(t, db, w.ID, &partnerd.AccessProfile{Name: "off", ClientID: c.ID, Active: false, Auth: jwt("s3")})
	mustCreateAccessProfile(t, db, w.ID, &partnerd.AccessProfile{Name: "token", ClientID: c.ID, Active: true, Auth: partnerd.APIAuth{Type: "token"}})
	v2 := &partnerd.APIClient{Name: "V2", Auth: jwt("v2 secret")}
	mustOK(t, db.CreateAPIClient(ctx, w.ID, v2))
	mustCreateAccessProfile(t, db, w.ID, &partnerd.AccessProfile{Name: "key", ClientID: v2.ID, Inherited: true, Active: true, Auth: partnerd.APIAuth{Type: "jwt"}})
	xc := mustCreateAPIClient(t, db, x.ID, "Theirs")
	mustCreateAccessProfile(t, db, x.ID, &partnerd.AccessProfile{Name: "theirs", ClientID: xc.ID, Active: true, Auth: jwt("s4")})

	creds, err := db.FindAPIJWTCredentials(ctx, w.ID, 10)
	mustOK(t, err)
	if len(creds) != 2 || creds[0].Profile.ID != one.ID || creds[1].Profile.ID != two.ID ||
		string(creds[0].Auth().JWTSecret) != "s1" || creds[1].Client.ID != c.ID {
		t.Fatalf("jwt credentials = %+v", creds)
	}
	creds, err = db.FindAPIJWTCredentials(ctx, w.ID, 1)
	mustOK(t, err)
	if len(creds) != 1 || creds[0].Profile.ID != one.ID {
		t.Errorf("limited to one = %+v", creds)
	}
	creds, err = db.FindAPIJWTCredentials(ctx, x.ID, 10)
	mustOK(t, err)
	if len(creds) != 1 || creds[0].Profile.Name != "theirs" {
		t.Errorf("the other workspace's = %+v", creds)
	}
}
