package engine

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"syscall"
	"time"
)

// Egress modes: what the connections a recipe opens may reach.
const (
	// EgressDevelopment allows every address but link-local ones, so that
	// recipes reach fakes and databases on loopback and the local network.
	EgressDevelopment = "development"
	// EgressProduction also refuses loopback, private and unspecified
	// addresses, and the server's own listeners.
	EgressProduction = "production"
)

// Egress is the policy of every outbound connection a recipe makes. It is
// checked when a connection is dialled, against the address the name
// resolved to, so a name that resolves to a refused address (DNS
// rebinding) and a redirect to one are refused too. The zero value is the
// development policy.
type Egress struct {
	Mode string
	// Listeners are the server's own addresses, refused in production; an
	// unspecified address (0.0.0.0:8080) stands for its port on every
	// address.
	Listeners []netip.AddrPort
}

// EgressError is a connection the policy refused.
type EgressError struct {
	Addr   netip.AddrPort
	Reason string
}

func (e *EgressError) Error() string {
	return "the egress policy refuses " + e.Addr.String() + ": " + e.Reason
}

// alwaysRefused are refused in every mode: link-local ranges (cloud
// metadata services among them) and other metadata addresses.
var alwaysRefused = []struct {
	prefix netip.Prefix
	reason string
}{
	{netip.MustParsePrefix("169.254.0.0/16"), "a link-local address"},
	{netip.MustParsePrefix("fe80::/10"), "a link-local address"},
	{netip.MustParsePrefix("fd00:ec2::254/128"), "a cloud metadata address"},
	{netip.MustParsePrefix("100.100.100.200/32"), "a cloud metadata address"},
	{netip.MustParsePrefix("224.0.0.0/4"), "a multicast address"},
	{netip.MustParsePrefix("ff00::/8"), "a multicast address"},
}

// productionRefused are refused in production besides.
var productionRefused = []struct {
	prefix netip.Prefix
	reason string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), "an unspecified address"},
	{netip.MustParsePrefix("100.64.0.0/10"), "a shared (carrier-grade NAT) address"},
	{netip.MustParsePrefix("192.0.0.0/24"), "a reserved address"},
	{netip.MustParsePrefix("198.18.0.0/15"), "a reserved address"},
	{netip.MustParsePrefix("240.0.0.0/4"), "a reserved address"},
	{netip.MustParsePrefix("64:ff9b::/96"), "a translated address"},
}

// Check returns an *EgressError when the policy refuses addr.
func (p *Egress) Check(addr netip.AddrPort) error {
	ip := addr.Addr().Unmap()
	refuse := func(reason string) error {
		return &EgressError{Addr: netip.AddrPortFrom(ip, addr.Port()), Reason: reason}
	}
	for _, r := range alwaysRefused {
		if r.prefix.Contains(ip) {
			return refuse(r.reason)
		}
	}
	if p == nil || p.Mode != EgressProduction {
		return nil
	}
	switch {
	case ip.IsLoopback():
		return refuse("a loopback address (production mode)")
	case ip.IsPrivate():
		return refuse("a private address (production mode)")
	case ip.IsUnspecified():
		return refuse("an unspecified address (production mode)")
	}
	for _, r := range productionRefused {
		if r.prefix.Contains(ip) {
			return refuse(r.reason + " (production mode)")
		}
	}
	for _, l := range p.Listeners {
		if l.Port() == addr.Port() && (l.Addr().Unmap() == ip || l.Addr().IsUnspecified() && isLocalAddr(ip)) {
			return refuse("one of the server's own listeners")
		}
	}
	return nil
}

// isLocalAddr reports whether ip is an address of this machine.
func isLocalAddr(ip netip.Addr) bool {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return false
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok {
			if local, ok := netip.AddrFromSlice(n.IP); ok && local.Unmap() == ip {
				return true
			}
		}
	}
	return false
}

// Dialer returns a dialer whose every connection the policy checks, after
// the name is resolved and before the connection is made.
func (p *Egress) Dialer() *net.Dialer {
	return &net.Dialer{
		Timeout:   10 * time.Second,
		KeepAlive: 30 * time.Second,
		Control: func(network, address string, _ syscall.RawConn) error {
			addr, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("the egress policy cannot read the address %q", address)
			}
			return p.Check(addr)
		},
	}
}

// DialContext dials through the policy's dialer.
func (p *Egress) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	return p.Dialer().DialContext(ctx, network, address)
}
