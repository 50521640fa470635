package http

import (
	"net/http/httptest"
	"testing"

	"github.com/partnerd/partnerd"
)

// FuzzRecipeBody checks that any recipe body decodes to a change or a
// client error, and that a change applies and validates without panicking
// and with client errors only.
func FuzzRecipeBody(f *testing.F) {
	for _, s := range []string{``, `null`, `{}`, `[]`, `{"name":"R","code":"{}","config":"[]"}`,
		`{"recipe":{"name":"R","code":{"keyword":"trigger","block":[{}]},"config":[{"provider":"clock","account_id":"7"}]}}`,
		`{"code":"not json"}`, `{"code":""}`, `{"code":null,"config":null}`, `{"config":"[{\"account_id\":{\"zip_name\":\"x\"}}]"}`,
		`{"config":[null]}`, `{"config":[{"skip_validation":"maybe"}]}`, `{"recipe":[]}`, `{"recipe":{"recipe":{"name":1}}}`,
		`{"folder_id":"x"}`, `{"code":"\"\\\"\""}`, "{\"code\":\"\xff\"}", `{"code":[1,{"block":[[]]}]}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var in recipeBody
		err := decodeJSON(body, &in)
		if err == nil {
			var c *recipeChange
			if c, err = in.change(); err == nil {
				r := &partnerd.Recipe{}
				c.apply(r)
				err = r.Validate()
			}
		}
		if err != nil && partnerd.ErrorCode(err) != partnerd.EINVALID {
			t.Fatalf("%q: %v", body, err)
		}
	})
}

// FuzzRecipeFilter checks that any query of a recipe list reads to a filter
// or a client error.
func FuzzRecipeFilter(f *testing.F) {
	for _, s := range []string{``, `running=TRUE&active=0`, `since_id=-5&folder_id=x`, `updated_after=2024-09-25T13:09:31.292-07:00`,
		`stopped_after=2024-09-25 13:09:31 07:00`, `stopped_after=2024-02-30`, `adapter_names_all=,,a,%20b`, `per_page=999999999999999999999`,
		`page=-1&exclude_code=yes`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, query string) {
		r := httptest.NewRequest("GET", "/api/recipes", nil)
		r.URL.RawQuery = query
		f, err := recipeFilterOf(r)
		if err != nil && partnerd.ErrorCode(err) != partnerd.EINVALID {
			t.Fatalf("%q: %v", query, err)
		}
		if err == nil && (f.Page.Page < 1 || f.Page.PerPage < 1 || f.Page.PerPage > 100) {
			t.Fatalf("%q: page %+v", query, f.Page)
		}
	})
}

// FuzzTestJobsBody checks that any body of the jobs test helper reads to
// jobs or a client error.
func FuzzTestJobsBody(f *testing.F) {
	for _, s := range []string{`{}`, `{"status":"succeeded","count":2,"task_count":"3","started_at":"2026-10-15T08:00:00-07:00"}`,
		`{"count":-99999999999999,"task_count":99999999999999}`, `{"started_at":"yesterday"}`, `{"started_at":null,"title":7}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var in testJobsInput
		err := decodeJSON(body, &in)
		if err == nil {
			var nj *partnerd.NewJobs
			if nj, err = in.newJobs(); err == nil {
				err = nj.Validate()
			}
		}
		if err != nil && partnerd.ErrorCode(err) != partnerd.EINVALID {
			t.Fatalf("%q: %v", body, err)
		}
	})
}
