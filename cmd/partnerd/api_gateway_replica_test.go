package main

import (
	"strings"
	"sync"
	"testing"

	"github.com/partnerd/partnerd/client"
	"github.com/partnerd/partnerd/store/storetest"
)

// TestAPIGatewayReplicas runs two servers on one PostgreSQL database: both
// answer the same endpoint, and the rate limit of a key, and the usage
// quota of its client's API access policy, are counted once across them.
func TestAPIGatewayReplicas(t *testing.T) {
	dsn, ok := storetest.PostgresURL(t)
	if !ok {
		t.Skip(storetest.PostgresEnv + " is not set")
	}
	var one, two *Main
	var wg sync.WaitGroup
	wg.Add(2)
	start := func(m **Main) {
		defer wg.Done()
		*m = MustRunMain(t, dsn, func(m *Main) { m.Config.GatewayRate = 2 })
	}
	go start(&one)
	go start(&two)
	wg.Wait()
	if t.Failed() {
		return
	}
	ctx := t.Context()
	a := newClient(one, bootstrapToken)
	url, key := mustServeOrders(t, a, "replicas-1")
	urlTwo := strings.Replace(url, one.URL(), two.URL(), 1)
	if !strings.HasPrefix(url, one.URL()+"/apim/") || urlTwo == url {
		t.Fatalf("endpoint url %q", url)
	}
	call := func(u, key string) int {
		t.Helper()
		resp, err := a.CallAPIEndpoint(ctx, "POST", u, client.EndpointCredential{Token: key}, map[string]any{"name": "Ann"})
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode
	}

	// Two calls a minute, counted across both: one to each replica, then
	// a third to the first.
	if got := call(url, key); got != 201 {
		t.Fatalf("first call: %d", got)
	}
	if got := call(urlTwo, key); got != 201 {
		t.Skipf("second call: %d; the minute turned during the calls, the window is fixed", got)
	}
	if got := call(url, key); got != 429 {
		t.Errorf("third call across replicas: %d, want 429", got)
	}

	// A client's policy of one call a day, counted across both: the first
	// call to one replica, the second to the other.
	mu := client.ExternalID("replicas-2")
	url, key = mustServeOrders(t, a, "replicas-2")
	urlTwo = strings.Replace(url, one.URL(), two.URL(), 1)
	apps, _, err := a.CustomerAPIClientsV2(ctx, mu, client.ListOptions{})
	if err != nil || len(apps) != 1 {
		t.Fatalf("clients = %+v, %v", apps, err)
	}
	policy, err := a.CreateCustomerAPIPolicy(ctx, mu, client.APIPolicyParams{Name: "Trial", QuotaInterval: "day", QuotaRequests: client.Ptr(1)})
	if err != nil {
		t.Fatal(err)
	}
	app, err := a.UpdateCustomerAPIClientV2(ctx, mu, apps[0].ID, client.APIClientV2Params{APIPolicyID: &policy.ID})
	if err != nil || len(app.APIPolicies) != 1 || app.APIPolicies[0].ID != policy.ID {
		t.Fatalf("client with policy = %+v, %v", app, err)
	}
	if got := call(urlTwo, key); got != 201 {
		t.Fatalf("first call under the policy: %d", got)
	}
	if got := call(url, key); got != 429 {
		t.Errorf("second call under the policy, to the other replica: %d, want 429", got)
	}
}
