package http

import (
	"net/netip"
	"testing"
)

// TestLimitListenerGroups checks that a cap per address counts an IPv6
// address by its /64 and an IPv4 address alone, that an exempt address
// counts only in the overall cap, and that releasing uncounts each.
func TestLimitListenerGroups(t *testing.T) {
	proxy := netip.MustParseAddr("2001:db8::99")
	l := LimitListener(nil, ConnLimits{Max: 10, PerAddr: 2, Exempt: func(a netip.Addr) bool { return a == proxy }}).(*limitListener)
	type held struct {
		group   netip.Prefix
		counted bool
	}
	var conns []held
	take := func(addr string, want bool) {
		t.Helper()
		group, counted, ok := l.acquire(netip.MustParseAddr(addr))
		if ok != want {
			t.Fatalf("%s: acquired %v, want %v", addr, ok, want)
		}
		if ok {
			conns = append(conns, held{group, counted})
		}
	}
	take("2001:db8::1", true)
	take("2001:db8::2", true)
	take("2001:db8::3", false) // The same /64, past its cap.
	take("2001:db8:0:1::1", true)
	take("192.0.2.1", true)
	take("192.0.2.1", true)
	take("192.0.2.2", true)
	take("2001:db8::99", true) // Exempt, though in the full /64.
	take("2001:db8::99", true)
	l.release(conns[0].group, conns[0].counted)
	conns = conns[1:]
	take("2001:db8::3", true)
	for _, c := range conns {
		l.release(c.group, c.counted)
	}
	if l.total != 0 || len(l.perAddr) != 0 {
		t.Errorf("after releasing all: total %d, groups %v", l.total, l.perAddr)
	}
}
