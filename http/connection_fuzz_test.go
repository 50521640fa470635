package http

import (
	"testing"
	"time"

	"github.com/partnerd/partnerd"
)

// FuzzConnectionInput checks that any body of a connection create or
// update, and of a pick list request, decodes to a value or a client
// error, and that the changes it makes apply without a panic.
func FuzzConnectionInput(f *testing.F) {
	for _, s := range []string{``, `null`, `{}`, `[]`, `{"provider":"salesforce","input":{"user":"jo","n":12345678901234567890}}`,
		`{"input":null}`, `{"input":{"a":null}}`, `{"input":"x"}`, `{"input":[1]}`, `{"folder_id":"12","parent_id":null}`,
		`{"shell_connection":"False","on_prem_group_id":"x"}`, `{"external_id":null,"name":7}`, `{"provider":`,
		`{"pick_list_name":"sobjects","pick_list_params":{"a":[1,{"b":null}]}}`, `{"pick_list_params":"x"}`, "\xff"} {
		f.Add([]byte(s))
	}
	connector := &partnerd.Connector{InputFields: []partnerd.InputField{{Name: "user"}, {Name: "n", Optional: true}}}
	f.Fuzz(func(t *testing.T, body []byte) {
		var in connectionInput
		if err := decodeJSON(body, &in); err != nil {
			if partnerd.ErrorCode(err) != partnerd.EINVALID {
				t.Fatalf("%q: %v", body, err)
			}
		} else {
			c := &partnerd.Connection{Input: partnerd.ConnectionInput{"user": "jo"}}
			in.update().Apply(c, connector, time.Now())
			if in.Input.Set && !in.Input.Null && c.Input == nil {
				t.Fatalf("%q: the input was lost", body)
			}
		}
		var pick pickListInput
		if err := decodeJSON(body, &pick); err != nil && partnerd.ErrorCode(err) != partnerd.EINVALID {
			t.Fatalf("%q: %v", body, err)
		}
	})
}
