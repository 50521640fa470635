package agent

import (
	"testing"

	"github.com/partnerd/partnerd"
)

func TestDecodeRequest(t *testing.T) {
	for _, tt := range []struct {
		in string
		ok bool
	}{
		{`{"type":"exec","id":1,"profile":"db","action":"select_rows","sql":"SELECT $1, $2, $3, $4","args":[1,2.5,"x",null],"max_rows":10}`, true},
		{`{"type":"cancel","id":4}`, true},
		{`{"type":"exec","id":1,"profile":"db","sql":"SELECT 1","max_rows":0}`, false},
		{`{"type":"exec","id":1,"profile":"","sql":"SELECT 1","max_rows":1}`, false},
		{`{"type":"exec","id":1,"profile":"db","sql":" ","max_rows":1}`, false},
		{`{"type":"exec","id":1,"profile":"db","sql":"SELECT $1","args":[[1]],"max_rows":1}`, false},
		{`{"type":"exec","id":1,"profile":"db","sql":"SELECT $1","args":[{"a":1}],"max_rows":1}`, false},
		{`{"type":"exec","id":1,"profile":"db","sql":"SELECT 1","max_rows":50001}`, false},
		{`{"type":"cancel","id":0}`, false},
		{`{"type":"drop"}`, false},
		{`{"type":"cancel","id":1} x`, false},
		{`{"type":"exec","id":1,"profile":"db","adapter":"mysql","sql":"INSERT INTO t VALUES (?)","args":["x"],"max_rows":1,"exec":true}`, true},
		{`{"type":"exec","id":1,"profile":"db","adapter":"postgresql","sql":"SELECT 1","max_rows":1}`, true},
		{`{"type":"exec","id":1,"profile":"db","adapter":"oracle","sql":"SELECT 1","max_rows":1}`, false},
		{`{"type":"exec","id":1,"profile":"db","adapter":"MySQL","sql":"SELECT 1","max_rows":1}`, false},
	} {
		r, err := DecodeRequest([]byte(tt.in))
		if (err == nil) != tt.ok {
			t.Errorf("%s: %+v, %v", tt.in, r, err)
		}
	}
	r, _ := DecodeRequest([]byte(`{"type":"exec","id":1,"profile":"db","sql":"SELECT $1, $2","args":[9007199254740993,2.5],"max_rows":1}`))
	if r.Args[0] != int64(9007199254740993) || r.Args[1] != 2.5 {
		t.Errorf("args = %#v", r.Args)
	}
}

// FuzzDecodeRequest checks that any message of the server decodes on the
// agent to a well-formed exec or cancel, or to a client error.
func FuzzDecodeRequest(f *testing.F) {
	for _, s := range []string{
		`{"type":"exec","id":1,"profile":"db","action":"select_rows","sql":"SELECT $1","args":[1],"max_rows":10}`,
		`{"type":"exec","id":1,"profile":"db","sql":"SELECT $1","args":[1e400],"max_rows":10}`,
		`{"type":"exec","id":2,"profile":"db","adapter":"mysql","sql":"INSERT INTO t VALUES (?)","args":["x"],"max_rows":1,"exec":true}`,
		`{"type":"cancel","id":4}`, `{"type":"exec"}`, ``, `null`, `{`, "\xff", `{"type":"exec","id":-1}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := DecodeRequest(b)
		if err != nil {
			if partnerd.ErrorCode(err) != partnerd.EINVALID {
				t.Fatalf("%q: %v", b, err)
			}
			return
		}
		if r.ID <= 0 || (r.Type != TypeExec && r.Type != TypeCancel) {
			t.Fatalf("%q decoded to %+v", b, r)
		}
		if r.Type == TypeExec && (r.MaxRows <= 0 || r.MaxRows > partnerd.OnPremMaxRows || r.Profile == "" || r.SQL == "" ||
			r.Adapter != "" && r.Adapter != AdapterPostgreSQL && r.Adapter != AdapterMySQL) {
			t.Fatalf("%q decoded to an invalid exec %+v", b, r)
		}
		for _, a := range r.Args {
			switch a.(type) {
			case nil, bool, int64, float64, string:
			default:
				t.Fatalf("%q decoded to an argument of type %T", b, a)
			}
		}
	})
}
