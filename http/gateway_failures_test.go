package http_test

import (
	"net/netip"
	"testing"
	"time"
)

// TestGatewayFailedAuthentications refuses an address whose calls failed
// to authenticate 50 times in ten seconds, before checking its credential,
// until the window ends; other addresses are served meanwhile.
func TestGatewayFailedAuthentications(t *testing.T) {
	e := newTestEnv(t, false)
	creds := setupGateway(t, e)
	now := testNow
	e.Server.Now = func() time.Time { return now }
	e.Server.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	const url = "/apim/ws3/orders-v1/orders/7"
	from := func(addr, key string) map[string]string {
		return map[string]string{"X-Forwarded-For": addr, "API-TOKEN": key}
	}
	for i := range 50 {
		if status, body := e.do(scenario{Method: "POST", URL: url, Token: "-", Header: from("203.0.113.9", "forged")}); status != 401 {
			t.Fatalf("forged key %d: %d %s, want 401", i, status, body)
		}
	}
	if status, body := e.do(scenario{Method: "POST", URL: url, Token: "-", Header: from("203.0.113.9", creds["Mobile"])}); status != 429 {
		t.Errorf("a valid key after 50 failures: %d %s, want 429", status, body)
	}
	if status, body := e.do(scenario{Method: "POST", URL: "/apim/ws3/oauth2/token", Token: "-", Header: from("203.0.113.9", "")}); status != 429 {
		t.Errorf("a token request after 50 failures: %d %s, want 429", status, body)
	}
	if status, body := e.do(scenario{Method: "POST", URL: url, Token: "-", Header: from("198.51.100.4", creds["Mobile"])}); status != 201 {
		t.Errorf("another address: %d %s, want 201", status, body)
	}
	now = now.Add(10 * time.Second)
	if status, body := e.do(scenario{Method: "POST", URL: url, Token: "-", Header: from("203.0.113.9", creds["Mobile"])}); status != 201 {
		t.Errorf("a valid key in the next window: %d %s, want 201", status, body)
	}
}

// TestGatewayFailuresForgedForwardedFor checks that what a caller writes
// into X-Forwarded-For before a trusted proxy appends its address does not
// move the caller's failures to another count.
func TestGatewayFailuresForgedForwardedFor(t *testing.T) {
	e := newTestEnv(t, false)
	creds := setupGateway(t, e)
	e.Server.Now = func() time.Time { return testNow }
	e.Server.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	const url = "/apim/ws3/orders-v1/orders/7"
	for i := range 50 {
		forged := []string{"not-an-address, 203.0.113.9", "203.0.113.9", "198.51.100.1, 203.0.113.9", "::1%x, 203.0.113.9"}[i%4]
		h := map[string]string{"X-Forwarded-For": forged, "API-TOKEN": "forged"}
		if status, body := e.do(scenario{Method: "POST", URL: url, Token: "-", Header: h}); status != 401 {
			t.Fatalf("forged key %d: %d %s, want 401", i, status, body)
		}
	}
	h := map[string]string{"X-Forwarded-For": "203.0.113.9", "API-TOKEN": creds["Mobile"]}
	if status, body := e.do(scenario{Method: "POST", URL: url, Token: "-", Header: h}); status != 429 {
		t.Errorf("a valid key after 50 failures under forged headers: %d %s, want 429", status, body)
	}
}
