package http

import (
	"net/netip"
	"strconv"
	"sync"
	"time"

	"github.com/partnerd/partnerd"
)

// Gateway calls that fail to authenticate are counted per address (an
// IPv6 address by its /64) in fixed windows. An address past the limit is
// refused before its credential is checked, which bounds what forged
// tokens and JWTs cost the server: a JWT for a legacy client may be
// checked against up to maxLegacyJWTProfiles keys.
const (
	gatewayFailureLimit  = 50
	gatewayFailureWindow = 10 * time.Second
	// gatewayFailureAddrs bounds the addresses counted in one window; past
	// it, new addresses share one count, which refuses them all at the limit.
	gatewayFailureAddrs = 100_000
)

// gatewayFailures counts the failed authentications of each address in
// the current window. The zero value is ready to use.
type gatewayFailures struct {
	mu     sync.Mutex
	start  time.Time
	counts map[netip.Prefix]int
}

// windowLocked starts a new window when the current one is over.
func (f *gatewayFailures) windowLocked(now time.Time) {
	if f.counts == nil || now.Sub(f.start) >= gatewayFailureWindow || now.Before(f.start) {
		f.start, f.counts = now, map[netip.Prefix]int{}
	}
}

// check refuses an address that failed too often in this window, with
// the seconds left until the next.
func (f *gatewayFailures) check(a netip.Addr, now time.Time) (retry int, ok bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.windowLocked(now)
	if f.counts[f.keyLocked(a)] < gatewayFailureLimit {
		return 0, true
	}
	return max(1, int((f.start.Add(gatewayFailureWindow).Sub(now)+time.Second-1)/time.Second)), false
}

// fail counts one failed authentication of an address.
func (f *gatewayFailures) fail(a netip.Addr, now time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.windowLocked(now)
	f.counts[f.keyLocked(a)]++
}

// keyLocked is what an address counts under: its group, or, once the
// window counts gatewayFailureAddrs groups, the count that every other
// group shares.
func (f *gatewayFailures) keyLocked(a netip.Addr) netip.Prefix {
	p := addressGroup(a)
	if _, counted := f.counts[p]; !counted && len(f.counts) >= gatewayFailureAddrs {
		return netip.Prefix{}
	}
	return p
}

// errGatewayFailures is the answer to an address that failed to
// authenticate too often.
func errGatewayFailures(retry int) error {
	return &partnerd.Error{Code: partnerd.ERATELIMIT, Message: "Too many requests",
		Detail: "too many failed authentications from this address; try again in " + strconv.Itoa(retry) + " s"}
}
