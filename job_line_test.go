package partnerd

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestCapLineData checks that data up to MaxLineData is kept as it is and
// that longer data becomes a valid, marked JSON object within the cap.
func TestCapLineData(t *testing.T) {
	small := json.RawMessage(`{"a":1}`)
	if got := CapLineData(small); string(got) != string(small) {
		t.Errorf("small data = %s", got)
	}
	for _, fill := range []string{"x", "é", `"`, "\x01"} {
		big, _ := json.Marshal(map[string]string{"s": strings.Repeat(fill, MaxLineData)})
		got := CapLineData(big)
		var td truncatedData
		if len(got) > MaxLineData || json.Unmarshal(got, &td) != nil || !td.Truncated || td.Bytes != len(big) || td.Head == "" {
			t.Errorf("fill %q: capped to %d bytes, marker %+v", fill, len(got), td.Truncated)
		}
	}
}
