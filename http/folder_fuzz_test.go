package http

import (
	"testing"

	"github.com/partnerd/partnerd"
)

// FuzzFolderInput checks that any body of a folder create or update
// decodes to a value or a client error, and that a parent id it names is
// the one it sent.
func FuzzFolderInput(f *testing.F) {
	for _, s := range []string{``, `null`, `{}`, `[]`, `{"name":"Sales"}`, `{"name":"Leads","parent_id":"6"}`,
		`{"parent_id":null}`, `{"parent_id":""}`, `{"parent_id":" 7 "}`, `{"parent_id":6.5}`, `{"parent_id":-1}`,
		`{"parent_id":99999999999999999999}`, `{"name":null}`, `{"name":["X"]}`, `{"name":`, "\xff"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var in folderInput
		if err := decodeJSON(body, &in); err != nil {
			if partnerd.ErrorCode(err) != partnerd.EINVALID {
				t.Fatalf("%q: %v", body, err)
			}
			return
		}
		id := optionalID(in.ParentID)
		switch {
		case !in.ParentID.Set || in.ParentID.Null:
			if id != nil {
				t.Fatalf("%q: parent %d from an absent or null parent_id", body, *id)
			}
		case id == nil || *id != int64(in.ParentID.Value):
			t.Fatalf("%q: parent %v, want %d", body, id, in.ParentID.Value)
		}
	})
}
