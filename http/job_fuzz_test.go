package http

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/partnerd/partnerd"
)

// FuzzTestTriggerBody checks that any body of the trigger test helper
// reads to an event whose output is a JSON object, with a bounded wait, or
// to a client error.
func FuzzTestTriggerBody(f *testing.F) {
	for _, s := range []string{``, `{}`, `{"output":{"a":[1,{"b":null}]},"wait":true,"timeout":"2s"}`, `{"output":null}`,
		`{"output":[1]}`, `{"output":"x"}`, `{"timeout":"-1s"}`, `{"timeout":"9999h"}`, `{"wait":"yes"}`, `{"output":{"a":1}} x`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var in testTriggerInput
		err := decodeJSON(body, &in)
		if err == nil {
			var ev *partnerd.TriggerEvent
			var wait = maxTriggerWait
			if ev, wait, err = in.event(); err == nil {
				out := bytes.TrimSpace(ev.Output)
				if !json.Valid(out) || out[0] != '{' || wait < 0 || wait > maxTriggerWait {
					t.Fatalf("%q: output %q, wait %v", body, out, wait)
				}
			}
		}
		if err != nil && partnerd.ErrorCode(err) != partnerd.EINVALID {
			t.Fatalf("%q: %v", body, err)
		}
	})
}

// FuzzJobRef checks that any job id of a path names a job by a positive
// number, written back as it was read (or in the older numeric form), or
// no job at all.
func FuzzJobRef(f *testing.F) {
	for _, s := range []string{`j-1`, `j-0`, `j-00000000-001`, `j-zzzzzzzz-zzz`, `j--5`, `j-99999999999999999999`, `1`, `job`, `j-1x`, `j-+7`, ``} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, ref string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.SetPathValue("job_id", ref)
		id, err := jobRef(r)
		if err != nil {
			if partnerd.ErrorCode(err) != partnerd.ENOTFOUND {
				t.Fatalf("%q: %v", ref, err)
			}
			return
		}
		if id <= 0 || (ref != partnerd.JobRef(id) && strings.TrimPrefix(ref, "j-") != strconv.FormatInt(id, 10)) {
			t.Fatalf("%q read as %d", ref, id)
		}
	})
}

// FuzzWebhookBody checks that any webhook body becomes a JSON object that
// keeps the body's fields and adds the request's, or a client error.
func FuzzWebhookBody(f *testing.F) {
	for _, s := range []string{``, `{}`, `{"a":1,"b":[{}]}`, `{"partnerd_request":1}`, `{"a":1,"a":2}`, `[]`, `null`, `"x"`,
		`{"a":1} {"b":2}`, `{"\u00e9":"\ud800"}`, "{\"a\":\"\xff\"}"} {
		f.Add([]byte(s), "source=web&x=1&x=2")
	}
	f.Fuzz(func(t *testing.T, body []byte, query string) {
		r := httptest.NewRequest("POST", "/webhooks/rest/t/e", bytes.NewReader(body))
		r.URL.RawQuery = query
		r.SetPathValue("event", "e")
		out, err := webhookOutput(r, body)
		if err != nil {
			if partnerd.ErrorCode(err) != partnerd.EINVALID {
				t.Fatalf("%q: %v", body, err)
			}
			return
		}
		var fields map[string]json.RawMessage
		if !json.Valid(out) || json.Unmarshal(out, &fields) != nil || fields[webhookRequestKey] == nil {
			t.Fatalf("%q → %q", body, out)
		}
		var in map[string]json.RawMessage
		if json.Unmarshal(bytes.TrimSpace(body), &in) == nil {
			for k := range in {
				if _, kept := fields[k]; !kept {
					t.Fatalf("%q lost the field %q", body, k)
				}
			}
		}
	})
}

// FuzzRepeatJobsBody checks that any body of repeat_jobs reads to 1 to 25
// positive job ids, each the reading of the id sent, or to a client error.
func FuzzRepeatJobsBody(f *testing.F) {
	for _, s := range []string{``, `{}`, `{"job_ids":[]}`, `{"job_ids":["j-1"]}`, `{"job_ids":["` + partnerd.JobRef(9) + `","j-2"]}`,
		`{"job_ids":"j-1"}`, `{"job_ids":[1]}`, `{"job_ids":["job"]}`, `{"job_ids":[null]}`, `{"job_ids":["j-1"]} x`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var in repeatJobsInput
		err := decodeJSON(body, &in)
		if err == nil {
			var ids []int64
			if ids, err = in.jobIDs(); err == nil {
				if len(ids) < 1 || len(ids) > partnerd.MaxRepeatJobs || len(ids) != len(in.JobIDs) {
					t.Fatalf("%q: %d ids", body, len(ids))
				}
				for i, id := range ids {
					if n, ok := partnerd.ParseJobRef(in.JobIDs[i]); !ok || n != id || id <= 0 {
						t.Fatalf("%q: id %d read as %d", body, i, id)
					}
				}
			}
		}
		if err != nil && partnerd.ErrorCode(err) != partnerd.EINVALID {
			t.Fatalf("%q: %v", body, err)
		}
	})
}
