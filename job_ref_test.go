package partnerd_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/partnerd/partnerd"
)

func TestJobRef(t *testing.T) {
	seen := map[string]bool{}
	for _, id := range []int64{1, 2, 3, 42, 1000, 1 << 40, 1<<63 - 1} {
		ref := partnerd.JobRef(id)
		if len(ref) != 14 || !strings.HasPrefix(ref, "j-") || ref[10] != '-' || strings.Contains(ref, strconv.FormatInt(id, 10)+"-") {
			t.Errorf("JobRef(%d) = %q", id, ref)
		}
		if seen[ref] {
			t.Errorf("JobRef(%d) = %q twice", id, ref)
		}
		seen[ref] = true
		if n, ok := partnerd.ParseJobRef(ref); !ok || n != id {
			t.Errorf("ParseJobRef(%q) = %d, %v; want %d", ref, n, ok, id)
		}
	}
	// The numeric ids of earlier versions still name their jobs.
	for s, want := range map[string]int64{"j-42": 42, "42": 42, "j-0": 0, "j-x": 0, "": 0, "j--1": 0, "j-+7": 0,
		"j-zzzzzzzz-zzz": 0, "j-0000000-0001": 0, "x-00000000-001": 0, "j-00000000-00!": 0} {
		if n, ok := partnerd.ParseJobRef(s); ok != (want > 0) || (ok && n != want) {
			t.Errorf("ParseJobRef(%q) = %d, %v; want %d", s, n, ok, want)
		}
	}
}

// FuzzParseJobRef checks that a job id read from any text is positive and
// is written back as it was read, in either form.
func FuzzParseJobRef(f *testing.F) {
	for _, s := range []string{"j-1", "j-00000000-001", partnerd.JobRef(7), "j-zzzzzzzz-zzz", "j-", "j-+1", "", "j-9223372036854775808"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, ok := partnerd.ParseJobRef(s)
		if !ok {
			return
		}
		if id <= 0 || (s != partnerd.JobRef(id) && strings.TrimPrefix(s, "j-") != strconv.FormatInt(id, 10)) {
			t.Fatalf("%q read as %d", s, id)
		}
	})
}
