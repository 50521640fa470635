package http

import (
	"bytes"
	"net/url"
	"testing"

	"github.com/partnerd/partnerd"
)

// FuzzActivityFilter checks that any query of the activity log decodes to
// a filter within its bounds or to a client error, never a panic.
func FuzzActivityFilter(f *testing.F) {
	for _, s := range []string{``, `page[size]=2&page[after]=7`, `page[size]=0`, `page[size]=1000`, `page[after]=-1`,
		`page[size]=99999999999999999999`, `from=2026-11-02T09:30:00.123Z&to=2026-11-02T10:30:00%2B01:00`, `from=2026-11-03`,
		`from=yesterday`, `users_ids[]=1&users_ids[]=2,3`, `users_ids=me`, `include_resource_types[]=flow`,
		`exclude_event_types[]=recipe_created,recipe_deleted&exclude_event_types=,`, `include_event_types[]=%00`,
		`include_resource_types[]=` + string(bytes.Repeat([]byte("x"), 101)), `%zz`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		filter, err := activityFilterOf(q)
		if err != nil {
			if partnerd.ErrorCode(err) != partnerd.EINVALID {
				t.Fatalf("%q: %v", raw, err)
			}
			return
		}
		if filter.Size < 1 || filter.Size > partnerd.MaxActivityPageSize || filter.After < 0 {
			t.Fatalf("%q: a filter out of bounds: %+v", raw, filter)
		}
		for _, list := range [][]string{filter.IncludeResourceTypes, filter.ExcludeResourceTypes, filter.IncludeEventTypes, filter.ExcludeEventTypes} {
			if len(list) > partnerd.MaxActivityFilterValues {
				t.Fatalf("%q: %d values", raw, len(list))
			}
			for _, s := range list {
				if s == "" || !partnerd.ValidText(s) || len(s) > 100 {
					t.Fatalf("%q: the type %q passed", raw, s)
				}
			}
		}
	})
}

// FuzzTagFilter checks that any query of a tag list decodes to a filter
// within its bounds or to a client error.
func FuzzTagFilter(f *testing.F) {
	for _, s := range []string{``, `page=2&per_page=1`, `per_page=1000`, `q[title_or_description_cont]=PAYROLL`,
		`q[handle_in][]=tag-a&q[handle_in][]=tag-b`, `q[recipe_id_eq]=1&q[connection_id_eq]=x`, `q[only_assigned]=maybe`,
		`sort_by[]=assignment_count&sort_direction[]=desc`, `sort_by[]=title&sort_direction[]=up`, `q[author_id_eq]=%00`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		filter, err := tagFilterOf(q)
		if err != nil {
			if partnerd.ErrorCode(err) != partnerd.EINVALID {
				t.Fatalf("%q: %v", raw, err)
			}
			return
		}
		if filter.Page.Page < 1 || filter.Page.PerPage < 1 || filter.Page.PerPage > partnerd.MaxTagsPerPage {
			t.Fatalf("%q: a page out of bounds: %+v", raw, filter.Page)
		}
	})
}

// FuzzTagAssignmentBody checks that any body of a tag assignment decodes
// to an assignment or a client error.
func FuzzTagAssignmentBody(f *testing.F) {
	for _, s := range []string{``, `{}`, `{"add_tags":["tag-a"],"recipe_ids":[1],"connection_ids":["2"]}`,
		`{"remove_tags":"tag-a"}`, `{"recipe_ids":[1.5]}`, `{"connection_ids":[null]}`, `{"add_tags":[1]}`, `[`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var in tagAssignmentBody
		if err := decodeJSON(body, &in); err != nil && partnerd.ErrorCode(err) != partnerd.EINVALID {
			t.Fatalf("%q: %v", body, err)
		}
		var tag tagBody
		if err := decodeJSON(body, &tag); err != nil && partnerd.ErrorCode(err) != partnerd.EINVALID {
			t.Fatalf("%q: %v", body, err)
		}
	})
}

// FuzzResourceOf checks that any body a change sends or answers yields a
// resource id and name of plain text, or none, and never a secret field's.
func FuzzResourceOf(f *testing.F) {
	for _, s := range []string{``, `{}`, `{"id":7,"name":"Sync"}`, `{"result":{"id":"3","title":"T"}}`, `{"input":{"name":"x"}}`,
		`{"token":"wrkaus-x","name":1e400}`, `{"name":"\u0000"}`, `{"id":{"id":1}}`, `[1]`, "{\"name\":\"\xff\"}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		id, name := resourceOf(body)
		for _, s := range []string{id, name} {
			if !partnerd.ValidText(s) {
				t.Fatalf("%q: %q is not plain text", body, s)
			}
		}
		if bytes.Contains(body, []byte(`"token"`)) && id != "" && bytes.Contains(body, []byte(`"token":"`+id+`"`)) && !bytes.Contains(body, []byte(`"id":"`+id+`"`)) && !bytes.Contains(body, []byte(`"handle":"`+id+`"`)) {
			t.Fatalf("%q: the id %q came from a token", body, id)
		}
	})
}
