package http

import (
	"testing"

	"github.com/partnerd/partnerd"
)

// FuzzDecodeStub checks that any body decodes to a valid stub or a clear
// 4xx error, never a panic or a 500.
func FuzzDecodeStub(f *testing.F) {
	for _, seed := range []string{
		`{"provider":"salesforce","action":"search_sobjects","match":{"contains":{"a":1},"patterns":{"b.0":"x.*"}},"answer":{"output":{}}}`,
		`{"provider":"slack","action":"post_message","answers":[{"error":{"status":"429","message":"m"},"delay_ms":5},{}]}`,
		`{"provider":"p","action":"a","match":{"equals":{"x":[1,2]}},"answer":{"output":null,"delay_ms":"10"}}`,
		`{"provider":"p","action":"a","answers":[null]}`,
		`{"provider":"p","action":"a","match":{"patterns":{"":"("}},"answer":{}}`,
		`[]`, `{"answers":{}}`, ``,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		s, err := decodeStub(body)
		if err != nil {
			if code := partnerd.ErrorCode(err); code != partnerd.EINVALID {
				t.Fatalf("error code %s for %q: %v", code, body, err)
			}
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatalf("decoded an invalid stub from %q: %v", body, err)
		}
	})
}
