package partnerd_test

import (
	"bytes"
	"database/sql/driver"
	"encoding/json"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
)

// textValuer stands for a driver type that answers its text, as pgx's
// numeric does.
type textValuer string

func (v textValuer) Value() (driver.Value, error) { return string(v), nil }

func TestSQLValue(t *testing.T) {
	uuid := [16]byte{0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 1, 2, 3, 4, 5, 6, 7, 8}
	for _, tt := range []struct {
		in, want any
	}{
		{nil, nil},
		{int16(-3), int64(-3)},
		{int32(7), int64(7)},
		{uint64(math.MaxUint64), json.Number("18446744073709551615")},
		{float32(1.5), 1.5},
		{"x", "x"},
		{[]byte{0xff}, []byte{0xff}},
		{uuid, "12345678-9abc-def0-0102-030405060708"},
		{textValuer("12.50"), json.Number("12.50")},
		{textValuer("-0.5"), json.Number("-0.5")},
		{textValuer("1.2.3"), "1.2.3"},
		{textValuer("NaN"), "NaN"},
		{textValuer("1 day"), "1 day"},
		{[]any{int32(1), textValuer("2.5"), nil}, []any{int64(1), json.Number("2.5"), nil}},
		{map[string]any{"a": 1.0}, map[string]any{"a": 1.0}},
		{struct{ A int }{1}, "{1}"},
	} {
		if got := partnerd.SQLValue(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("SQLValue(%#v) = %#v, want %#v", tt.in, got, tt.want)
		}
	}
}

func TestMySQLValue(t *testing.T) {
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	for _, tt := range []struct {
		in   any
		typ  string
		want any
	}{
		{[]byte("12"), "INT", int64(12)},
		{[]byte("1"), "TINYINT", int64(1)},
		{[]byte("18446744073709551615"), "UNSIGNED BIGINT", json.Number("18446744073709551615")},
		{[]byte("12.50"), "DECIMAL", json.Number("12.50")},
		{[]byte("1.5e3"), "DOUBLE", "1.5e3"},
		{[]byte(`{"n": 1.0, "l": [2]}`), "JSON", map[string]any{"n": json.Number("1.0"), "l": []any{json.Number("2")}}},
		{[]byte(`{"n": `), "JSON", `{"n": `},
		{[]byte(`{"n": 1}`), "LONGTEXT", `{"n": 1}`},
		{[]byte{0xff, 0}, "BLOB", []byte{0xff, 0}},
		{[]byte{1}, "BIT", []byte{1}},
		{[]byte("abc"), "VARCHAR", "abc"},
		{[]byte("10:11:12"), "TIME", "10:11:12"},
		{int64(5), "BIGINT", int64(5)},
		{uint64(5), "UNSIGNED BIGINT", json.Number("5")},
		{float32(0.5), "FLOAT", 0.5},
		{at, "DATETIME", at},
		{nil, "INT", nil},
	} {
		if got := partnerd.MySQLValue(tt.in, tt.typ); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("MySQLValue(%#v, %s) = %#v, want %#v", tt.in, tt.typ, got, tt.want)
		}
	}
	for typ, want := range map[string]string{"DATETIME": partnerd.OnPremKindTime, "DATE": partnerd.OnPremKindTime,
		"TIMESTAMP": partnerd.OnPremKindTime, "VARBINARY": partnerd.OnPremKindBytes, "LONGBLOB": partnerd.OnPremKindBytes,
		"TEXT": partnerd.OnPremKindJSON, "DECIMAL": partnerd.OnPremKindJSON, "TIME": partnerd.OnPremKindJSON} {
		if got := partnerd.MySQLKind(typ); got != want {
			t.Errorf("MySQLKind(%s) = %q, want %q", typ, got, want)
		}
	}
}

// wireTrip sends a plain value of a column of the kind as an agent does,
// through JSON, and reads it back as the server does.
func wireTrip(t testing.TB, v any, kind string) any {
	b, err := json.Marshal(partnerd.OnPremWireValue(v, kind))
	if err != nil {
		t.Fatalf("%#v (%q) does not encode: %v", v, kind, err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var w any
	if err := dec.Decode(&w); err != nil {
		t.Fatal(err)
	}
	return partnerd.OnPremPlainValue(w, kind)
}

// TestOnPremWireValue checks that every plain value reads back as itself
// after the trip through an agent's answer: times, bytes that are not
// text, floats as floats, exact decimals.
func TestOnPremWireValue(t *testing.T) {
	at := time.Date(2026, 3, 4, 5, 6, 7, 891000000, time.UTC)
	for _, tt := range []struct {
		in   any
		kind string
		want any
	}{
		{nil, "", nil},
		{true, "", true},
		{int64(-9007199254740993), "", json.Number("-9007199254740993")},
		{3.0, "", json.Number("3.0")},
		{1e21, "", json.Number("1e+21")},
		{0.1, "", json.Number("0.1")},
		{math.NaN(), "", "NaN"},
		{json.Number("1234.50"), "", json.Number("1234.50")},
		{"it's", "", "it's"},
		{[]byte{0xff, 0, 'a'}, partnerd.OnPremKindBytes, []byte{0xff, 0, 'a'}},
		{[]byte("text"), "", "text"},
		{at, partnerd.OnPremKindTime, at},
		{[]any{at, nil}, partnerd.OnPremKindTime, []any{at, nil}},
		{"not a time", partnerd.OnPremKindTime, "not a time"},
		{"not base64!", partnerd.OnPremKindBytes, "not base64!"},
		{map[string]any{"a": json.Number("1")}, "", map[string]any{"a": json.Number("1")}},
	} {
		got := wireTrip(t, tt.in, tt.kind)
		if gt, ok := got.(time.Time); ok {
			if !gt.Equal(tt.want.(time.Time)) {
				t.Errorf("%#v (%q) read back as %v", tt.in, tt.kind, gt)
			}
			continue
		}
		if gl, ok := got.([]any); ok && len(gl) > 0 {
			if gt, ok := gl[0].(time.Time); !ok || !gt.Equal(at) || gl[1] != nil {
				t.Errorf("%#v (%q) read back as %#v", tt.in, tt.kind, got)
			}
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%#v (%q) read back as %#v, want %#v", tt.in, tt.kind, got, tt.want)
		}
	}
}

// FuzzOnPremPlainValue reads any JSON value of an agent's answer as a
// column of each kind: it never panics and answers only plain values; any
// text of a MySQL column reads as a value an agent can send; and any
// bytes, float or time sent as an agent does reads back as itself.
func FuzzOnPremPlainValue(f *testing.F) {
	f.Add([]byte(`"2026-03-04T05:06:07.891Z"`), []byte{0xff, 0}, 1.5, int64(0))
	f.Add([]byte(`["/wA=", null, 1.0]`), []byte("text"), 3.0, int64(1e18))
	f.Add([]byte(`{"a": [1, "b"]}`), []byte{}, -0.0, int64(-1))
	f.Add([]byte(`"not base64"`), []byte{'\''}, 1e300, int64(253402300799))
	f.Fuzz(func(t *testing.T, doc, raw []byte, x float64, unix int64) {
		dec := json.NewDecoder(bytes.NewReader(doc))
		dec.UseNumber()
		var w any
		if dec.Decode(&w) == nil {
			for _, kind := range []string{partnerd.OnPremKindJSON, partnerd.OnPremKindTime, partnerd.OnPremKindBytes} {
				checkPlain(t, partnerd.OnPremPlainValue(w, kind))
			}
		}
		for _, typ := range []string{"JSON", "DECIMAL", "UNSIGNED BIGINT", "BLOB", "TEXT"} {
			v := partnerd.MySQLValue(doc, typ)
			if _, err := json.Marshal(partnerd.OnPremWireValue(v, partnerd.MySQLKind(typ))); err != nil {
				t.Fatalf("MySQLValue(%q, %s) = %#v, which an agent cannot send: %v", doc, typ, v, err)
			}
		}
		if got := wireTrip(t, raw, partnerd.OnPremKindBytes); !bytes.Equal(got.([]byte), raw) {
			t.Fatalf("bytes %x read back as %#v", raw, got)
		}
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			n, ok := wireTrip(t, x, "").(json.Number)
			if f, err := n.Float64(); !ok || err != nil || f != x {
				t.Fatalf("float %v read back as %#v", x, n)
			}
			if _, err := n.Int64(); err == nil {
				t.Fatalf("float %v read back as the integer %s", x, n)
			}
		}
		at := time.Unix(unix%253402300799, unix%1e9).UTC()
		if at.Year() > 0 {
			if got, ok := wireTrip(t, at, partnerd.OnPremKindTime).(time.Time); !ok || !got.Equal(at) {
				t.Fatalf("time %v read back as %#v", at, got)
			}
		}
	})
}

// checkPlain fails unless v is a plain value of a database.
func checkPlain(t *testing.T, v any) {
	switch v := v.(type) {
	case nil, bool, json.Number, string, []byte, time.Time, map[string]any:
	case []any:
		for _, e := range v {
			checkPlain(t, e)
		}
	default:
		t.Fatalf("a value of type %T", v)
	}
}
