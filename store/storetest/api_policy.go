package storetest

import (
	"testing"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/store"
)

// testAPIPolicies checks a policy's life: created with default intervals,
// attached to a client, read with a gateway credential, changed, kept
// within its workspace, and detached from its client when deleted.
func testAPIPolicies(t *testing.T, db *store.DB) {
	ctx := t.Context()
	fixClock(db, t0)
	a, _ := MustCreateAccount(t, db, "A", "a@example.com")
	w := MustCreateCustomer(t, db, a.ID, "Customer")
	x := MustCreateCustomer(t, db, a.ID, "Other")

	p := &partnerd.APIPolicy{Name: " Gold ", RateLimitRequests: 10, QuotaRequests: 1000, QuotaInterval: "Month"}
	mustOK(t, db.CreateAPIPolicy(ctx, w.ID, p))
	if p.ID == 0 || p.Name != "Gold" || p.RateLimitInterval != "minute" || p.QuotaInterval != "month" || !p.CreatedAt.Equal(t0) {
		t.Errorf("created %+v", p)
	}
	wantField(t, db.CreateAPIPolicy(ctx, w.ID, &partnerd.APIPolicy{Name: "Gold"}), partnerd.ECONFLICT, "name")
	wantField(t, db.CreateAPIPolicy(ctx, w.ID, &partnerd.APIPolicy{Name: "Y", RateLimitInterval: "week"}), partnerd.EINVALID, "rate_limit_interval")
	wantField(t, db.CreateAPIPolicy(ctx, w.ID, &partnerd.APIPolicy{Name: "Y", QuotaRequests: -1}), partnerd.EINVALID, "quota_requests")
	mustOK(t, db.CreateAPIPolicy(ctx, x.ID, &partnerd.APIPolicy{Name: "Gold"}))

	c := &partnerd.APIClient{Name: "Mobile", Auth: partnerd.APIAuth{Type: "token"}, PolicyID: &p.ID}
	mustOK(t, db.CreateAPIClient(ctx, w.ID, c))
	if c.PolicyID == nil || *c.PolicyID != p.ID || c.PolicyName != "Gold" {
		t.Errorf("client policy = %v %q", c.PolicyID, c.PolicyName)
	}
	key := &partnerd.AccessProfile{Name: "k", ClientID: c.ID, Inherited: true, Active: true, Auth: partnerd.APIAuth{Type: "token"}}
	key.IssueSecret()
	mustOK(t, db.CreateAccessProfile(ctx, w.ID, key))
	cred, err := db.FindAPICredentialByToken(ctx, w.ID, partnerd.HashSecret(string(key.Token)))
	mustOK(t, err)
	if cred.Policy == nil || cred.Policy.ID != p.ID || cred.Policy.RateLimitRequests != 10 || cred.Policy.QuotaInterval != "month" {
		t.Errorf("credential policy = %+v", cred.Policy)
	}

	updated, err := db.UpdateAPIPolicy(ctx, w.ID, p.ID, func(p *partnerd.APIPolicy) error { p.RateLimitRequests = 5; return nil })
	mustOK(t, err)
	if updated.RateLimitRequests != 5 || updated.QuotaRequests != 1000 {
		t.Errorf("updated %+v", updated)
	}
	list, total, err := db.FindAPIPolicies(ctx, w.ID, partnerd.Page{Page: 1, PerPage: 10})
	mustOK(t, err)
	if total != 1 || len(list) != 1 || list[0].ID != p.ID {
		t.Errorf("list = %d %+v", total, list)
	}

	// Another workspace neither sees the policy nor attaches it.
	_, err = db.FindAPIPolicyByID(ctx, x.ID, p.ID)
	wantCode(t, err, partnerd.ENOTFOUND)
	_, err = db.UpdateAPIPolicy(ctx, x.ID, p.ID, func(*partnerd.APIPolicy) error { return nil })
	wantCode(t, err, partnerd.ENOTFOUND)
	wantCode(t, db.DeleteAPIPolicy(ctx, x.ID, p.ID), partnerd.ENOTFOUND)
	other := &partnerd.APIClient{Name: "Other", Auth: partnerd.APIAuth{Type: "token"}, PolicyID: &p.ID}
	wantField(t, db.CreateAPIClient(ctx, x.ID, other), partnerd.EINVALID, "api_policy_id")

	mustOK(t, db.DeleteAPIPolicy(ctx, w.ID, p.ID))
	got, err := db.FindAPIClientByID(ctx, w.ID, c.ID)
	mustOK(t, err)
	if got.PolicyID != nil {
		t.Errorf("client keeps the deleted policy %v", *got.PolicyID)
	}
	cred, err = db.FindAPICredentialByToken(ctx, w.ID, partnerd.HashSecret(string(key.Token)))
	mustOK(t, err)
	if cred.Policy != nil {
		t.Errorf("credential keeps the deleted policy %+v", cred.Policy)
	}
}
