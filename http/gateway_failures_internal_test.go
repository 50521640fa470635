package http

import (
	"net/netip"
	"testing"
	"time"
)

// TestGatewayFailuresPastAddressBound checks that addresses beyond the
// bound of counted addresses share one count that refuses them too, so
// that a caller of many addresses cannot fail without limit.
func TestGatewayFailuresPastAddressBound(t *testing.T) {
	var f gatewayFailures
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	addr := func(i int) netip.Addr {
		return netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)})
	}
	for i := range gatewayFailureAddrs {
		f.fail(addr(i), now)
	}
	if _, ok := f.check(addr(0), now); !ok {
		t.Fatal("a counted address with one failure is refused")
	}
	for i := range gatewayFailureLimit {
		extra := addr(gatewayFailureAddrs + i)
		if _, ok := f.check(extra, now); !ok {
			t.Fatalf("an uncounted address is refused after %d shared failures", i)
		}
		f.fail(extra, now)
	}
	if _, ok := f.check(addr(gatewayFailureAddrs+gatewayFailureLimit), now); ok {
		t.Error("an uncounted address is served after the shared count reached the limit")
	}
	if _, ok := f.check(addr(1), now); !ok {
		t.Error("a counted address is refused for the shared count")
	}
	if len(f.counts) > gatewayFailureAddrs+1 {
		t.Errorf("%d counts kept", len(f.counts))
	}
	if _, ok := f.check(addr(gatewayFailureAddrs+gatewayFailureLimit), now.Add(gatewayFailureWindow)); !ok {
		t.Error("an uncounted address is refused in the next window")
	}
}
