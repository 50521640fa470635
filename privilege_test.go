package partnerd_test

import (
	"net/netip"
	"testing"

	"github.com/partnerd/partnerd"
)

func TestAllowsIP(t *testing.T) {
	for _, tt := range []struct {
		list, addr string
		want       bool
	}{
		{"", "10.0.0.1", true},
		{"10.0.0.1", "10.0.0.1", true},
		{"10.0.0.1", "10.0.0.2", false},
		{"192.0.2.10, 10.0.0.0/8", "10.200.1.1", true},
		{"2001:db8::/32", "2001:db8::1", true},
		{"10.0.0.0/8", "::ffff:10.1.2.3", true},
		{"not-an-ip", "10.0.0.1", false},
	} {
		if got := partnerd.AllowsIP(tt.list, netip.MustParseAddr(tt.addr)); got != tt.want {
			t.Errorf("AllowsIP(%q, %s) = %v, want %v", tt.list, tt.addr, got, tt.want)
		}
	}
}

// FuzzParseIPAllowList checks that any list parses or is refused as a
// field error, and that a parsed list holds only valid prefixes.
func FuzzParseIPAllowList(f *testing.F) {
	for _, s := range []string{"", "10.0.0.1", "10.0.0.0/8,192.0.2.1", " ::1 , fe80::/10", "1.2.3.4/33", ",,", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		prefixes, err := partnerd.ParseIPAllowList(s)
		if err != nil {
			if partnerd.ErrorCode(err) != partnerd.EINVALID {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		for _, p := range prefixes {
			if !p.IsValid() {
				t.Fatalf("%q gave an invalid prefix", s)
			}
		}
	})
}

func TestPrivilegesValidate(t *testing.T) {
	if err := partnerd.AdminPrivileges().Validate(); err != nil {
		t.Fatal(err)
	}
	bad := partnerd.Privileges{"Recipes": {"read"}, "Nope": {"read"}, "Folders": {"fly"}}
	if partnerd.ErrorCode(bad.Validate()) != partnerd.EINVALID {
		t.Fatal("unknown family and verb accepted")
	}
}
