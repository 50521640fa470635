package http

import (
	"net/http/httptest"
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

// FuzzConnectorCallFilter checks that any query of GET /_partnerd/calls
// reads as a filter or a clear 4xx error, never a panic.
func FuzzConnectorCallFilter(f *testing.F) {
	for _, seed := range []string{``, `provider=slack&action=post_message`, `recipe_id=3&job_id=j-10&connection_id=5`,
		`job_id=12`, `job_id=j-`, `job_id=x`, `recipe_id=-1`, `page=0&per_page=99999`, `recipe_id=%zz`} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, query string) {
		r := httptest.NewRequest("GET", "/_partnerd/calls", nil)
		r.URL.RawQuery = query
		filter, err := parseConnectorCallFilter(r)
		if err != nil {
			if code := partnerd.ErrorCode(err); code != partnerd.EINVALID {
				t.Fatalf("error code %s for %q: %v", code, query, err)
			}
			return
		}
		if filter.Page.Page < 1 || filter.Page.PerPage < 1 || filter.Page.PerPage > maxCallsPerPage {
			t.Fatalf("%q: page %+v", query, filter.Page)
		}
	})
}
