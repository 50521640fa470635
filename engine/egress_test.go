package engine

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/partnerd/partnerd"
)

// TestEgressCheck checks the policy of each mode on each kind of address.
func TestEgressCheck(t *testing.T) {
	dev := &Egress{Mode: EgressDevelopment}
	prod := &Egress{Mode: EgressProduction, Listeners: []netip.AddrPort{netip.MustParseAddrPort("203.0.113.7:8080")}}
	for _, c := range []struct {
		addr      string
		dev, prod bool // allowed
	}{
		{"169.254.169.254:80", false, false},
		{"[::ffff:169.254.169.254]:80", false, false},
		{"[fe80::1]:80", false, false},
		{"[fd00:ec2::254]:80", false, false},
		{"224.0.0.1:80", false, false},
		{"127.0.0.1:5432", true, false},
		{"[::1]:80", true, false},
		{"10.1.2.3:443", true, false},
		{"172.16.0.1:443", true, false},
		{"192.168.1.1:443", true, false},
		{"[fd12::1]:443", true, false},
		{"0.0.0.0:80", true, false},
		{"100.64.0.1:80", true, false},
		{"203.0.113.7:8080", true, false},
		{"203.0.113.7:8081", true, true},
		{"93.184.216.34:443", true, true},
		{"[2606:2800:220:1::1]:443", true, true},
	} {
		addr := netip.MustParseAddrPort(c.addr)
		if err := dev.Check(addr); (err == nil) != c.dev {
			t.Errorf("development %s: %v", c.addr, err)
		}
		err := prod.Check(addr)
		if (err == nil) != c.prod {
			t.Errorf("production %s: %v", c.addr, err)
		}
		var refused *EgressError
		if err != nil && (!errors.As(err, &refused) || !strings.Contains(err.Error(), "egress policy")) {
			t.Errorf("production %s: %v does not say it is the policy", c.addr, err)
		}
	}
	var zero *Egress
	if zero.Check(netip.MustParseAddrPort("127.0.0.1:80")) != nil || zero.Check(netip.MustParseAddrPort("169.254.169.254:80")) == nil {
		t.Error("the nil policy is not development")
	}
}

// TestEgressHTTP checks that HTTP steps go through the policy: a private
// address and a name that resolves to one are refused in production, and
// a redirect to a link-local address in every mode.
func TestEgressHTTP(t *testing.T) {
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits++
		if r.URL.Path == "/redirect" {
			http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
			return
		}
		w.Write([]byte(`{"ok":true}`))
	}))
	defer srv.Close()
	port := srv.URL[strings.LastIndex(srv.URL, ":"):]
	for _, c := range []struct {
		name, mode, url, want string
	}{
		{"loopback in production", EgressProduction, srv.URL + "/x", "the egress policy refuses 127.0.0.1" + port + ": a loopback address"},
		{"name resolving to loopback", EgressProduction, "http://localhost" + port + "/x", "the egress policy refuses"},
		{"redirect to link-local", EgressDevelopment, srv.URL + "/redirect", "the egress policy refuses 169.254.169.254:80: a link-local address"},
		{"link-local", EgressDevelopment, "http://169.254.169.254/latest/meta-data/", "a link-local address"},
		{"loopback in development", EgressDevelopment, srv.URL + "/x", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t)
			h.e.Egress = &Egress{Mode: c.mode}
			h.withConnections(t, &partnerd.Connection{ID: 1, Name: "API", Provider: "rest", Input: partnerd.ConnectionInput{"auth_type": "none"}})
			r := h.addConnected(1, "rest", 1, webhookTrigger(action(1, "rest", "make_request_v2", "call",
				map[string]any{"request": map[string]any{"method": "GET", "url": c.url}})))
			res := h.run(t, r, `{}`)
			if c.want == "" {
				wantStatus(t, res, partnerd.JobSucceeded, "")
				return
			}
			wantStatus(t, res, partnerd.JobFailed, c.want)
		})
	}
	if hits != 2 {
		t.Errorf("the server was reached %d times, want 2 (the redirect and the allowed request)", hits)
	}
}

// TestEgressPostgres checks that the PostgreSQL connector dials through
// the policy.
func TestEgressPostgres(t *testing.T) {
	h := newHarness(t)
	h.e.Egress = &Egress{Mode: EgressProduction}
	h.withConnections(t,
		&partnerd.Connection{ID: 1, Name: "Metadata", Provider: "postgresql", Input: partnerd.ConnectionInput{
			"host": "169.254.169.254", "database": "x", "username": "u", "password": "p"}},
		&partnerd.Connection{ID: 2, Name: "Local", Provider: "postgresql", Input: partnerd.ConnectionInput{
			"host": "127.0.0.1", "port": "1", "database": "x", "username": "u", "password": "p", "sslmode": "disable"}})
	step := action(1, "postgresql", "run_custom_sql", "q", map[string]any{"sql": "SELECT 1"})
	for id, want := range map[int64]string{1: "a link-local address", 2: "a loopback address (production mode)"} {
		res := h.run(t, h.addConnected(id, "postgresql", id, webhookTrigger(step)), `{}`)
		wantStatus(t, res, partnerd.JobFailed, want)
		if !strings.Contains(*res.Error, "egress policy") {
			t.Errorf("error %q does not name the egress policy", *res.Error)
		}
	}
}
