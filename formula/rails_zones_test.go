package formula

import "testing"

// TestZone checks that every Rails zone name loads, as do IANA names, and
// that an unknown name is nil.
func TestZone(t *testing.T) {
	for _, m := range []map[string]string{railsZones, railsZoneNames} {
		for name, iana := range m {
			if Zone(name) == nil {
				t.Errorf("zone %q (%s) does not load", name, iana)
			}
		}
	}
	if loc := Zone("Europe/Oslo"); loc == nil || loc.String() != "Europe/Oslo" {
		t.Errorf("Zone(Europe/Oslo) = %v", loc)
	}
	if loc := Zone("Nowhere/Else"); loc != nil {
		t.Errorf("Zone(Nowhere/Else) = %v, want nil", loc)
	}
}
