package http

import (
	"net"
	"net/http"
	"net/netip"
	"strings"

	"github.com/partnerd/partnerd"
)

// authenticate reads the Bearer token, or else the legacy email and key
// from the headers or the query, and checks the client's IP allow list.
// Every failure is the same 401.
func (s *Server) authenticate(r *http.Request) (*partnerd.Caller, error) {
	unauthorized := partnerd.Errorf(partnerd.EUNAUTHORIZED, "Unauthorized")
	var caller *partnerd.Caller
	var err error
	if token, ok := bearerToken(r); ok {
		caller, err = s.Auth.AuthenticateToken(r.Context(), partnerd.HashSecret(token))
	} else if email, key := legacyCredentials(r); email != "" && key != "" {
		caller, err = s.Auth.AuthenticateAPIKey(r.Context(), email, key)
	} else {
		return nil, unauthorized.WithDetail("no credentials: send Authorization: Bearer <token>, or X-USER-EMAIL and X-USER-TOKEN")
	}
	if partnerd.ErrorCode(err) == partnerd.EUNAUTHORIZED {
		return nil, unauthorized.WithDetail("the credentials match no client (a token regenerated or deleted, or another database's)")
	}
	if err != nil {
		return nil, err
	}
	if caller.IPAllowList != "" && !partnerd.AllowsIP(caller.IPAllowList, s.clientAddr(r)) {
		return nil, unauthorized.WithDetail("the client's IP allow list excludes %s", s.clientAddr(r))
	}
	return caller, nil
}

// bearerToken returns the token of an "Authorization: Bearer" header.
func bearerToken(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	if len(h) < 7 || !strings.EqualFold(h[:7], "bearer ") {
		return "", false
	}
	token := strings.TrimSpace(h[7:])
	return token, token != ""
}

// legacyCredentials returns the legacy email and API key, from the
// X-USER-EMAIL and X-USER-TOKEN headers or the user_email and user_token query.
func legacyCredentials(r *http.Request) (email, key string) {
	email, key = r.Header.Get("X-User-Email"), r.Header.Get("X-User-Token")
	if email == "" && key == "" {
		q := r.URL.Query()
		email, key = q.Get("user_email"), q.Get("user_token")
	}
	return strings.TrimSpace(email), strings.TrimSpace(key)
}

// clientAddr returns the address a request comes from: the TCP peer, or,
// when the peer is a trusted proxy, the right-most untrusted entry of
// X-Forwarded-For (the left-most when every entry is trusted).
func (s *Server) clientAddr(r *http.Request) netip.Addr {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}
	}
	peer = peer.Unmap()
	if !s.trusted(peer) {
		return peer
	}
	var hops []string
	for _, h := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(h, ",")...)
	}
	if len(hops) == 0 {
		return peer
	}
	// The entries left of the right-most untrusted one are the caller's
	// words: they are not read, so that a caller cannot choose its address.
	var hop netip.Addr
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return netip.Addr{} // A broken header matches no allow list.
		}
		if hop = a.Unmap(); !s.trusted(hop) {
			return hop
		}
	}
	return hop
}

func (s *Server) trusted(a netip.Addr) bool {
	for _, p := range s.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
