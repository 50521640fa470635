package partnerd

import (
	"bytes"
	"database/sql/driver"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Kinds of a column of an agent's result say how its values travel as
// JSON: OnPremKindJSON as the value itself, numbers exact; OnPremKindTime
// as RFC 3339 text; OnPremKindBytes as standard base64 text.
const (
	OnPremKindJSON  = ""
	OnPremKindTime  = "time"
	OnPremKindBytes = "bytes"
)

// SQLValue is a value a database driver read, as a plain value: nil,
// bool, int64, float64, json.Number (numerics, decimals and unsigned
// integers, exact), string, []byte, time.Time, []any of these, or
// map[string]any (a JSON document). A uuid ([16]byte) is its text, a
// driver.Valuer its value (text that is a plain decimal as a number), and
// anything else its printed text.
func SQLValue(x any) any {
	switch x := x.(type) {
	case nil, bool, int64, float64, json.Number, string, []byte, time.Time, map[string]any:
		return x
	case int:
		return int64(x)
	case int8:
		return int64(x)
	case int16:
		return int64(x)
	case int32:
		return int64(x)
	case uint8:
		return int64(x)
	case uint16:
		return int64(x)
	case uint32:
		return int64(x)
	case uint64:
		return json.Number(strconv.FormatUint(x, 10))
	case float32:
		return float64(x)
	case [16]byte:
		s := hex.EncodeToString(x[:])
		return s[0:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:]
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = SQLValue(e)
		}
		return out
	case driver.Valuer:
		if v, err := x.Value(); err == nil {
			if s, ok := v.(string); ok {
				if isPlainDecimal(s) {
					return json.Number(s)
				}
				return s
			}
			return SQLValue(v)
		}
	}
	return fmt.Sprint(x)
}

// MySQLValue is a value go-sql-driver/mysql read, as a plain value, by
// its column's type as the driver names it (DatabaseTypeName): text of an
// integer column as int64, of a decimal, float or too large unsigned
// column as json.Number, of a JSON column as its document, of a binary
// column as []byte, and other text as string.
func MySQLValue(x any, typ string) any {
	b, ok := x.([]byte)
	if !ok {
		return SQLValue(x)
	}
	s := string(b)
	switch strings.TrimPrefix(typ, "UNSIGNED ") {
	case "TINYINT", "SMALLINT", "MEDIUMINT", "INT", "BIGINT", "YEAR":
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n
		}
		fallthrough
	case "DECIMAL", "FLOAT", "DOUBLE":
		if isPlainDecimal(s) {
			return json.Number(s)
		}
	case "JSON":
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		var v any
		if dec.Decode(&v) == nil && !dec.More() {
			return v
		}
	}
	if MySQLKind(typ) == OnPremKindBytes {
		return bytes.Clone(b)
	}
	return s
}

// MySQLKind is the kind of a MySQL column in an agent's result, by the
// driver's name of its type: dates and times as times, binary strings,
// bits and geometry as bytes.
func MySQLKind(typ string) string {
	switch typ {
	case "DATE", "DATETIME", "TIMESTAMP":
		return OnPremKindTime
	case "BINARY", "VARBINARY", "BLOB", "TINYBLOB", "MEDIUMBLOB", "LONGBLOB", "BIT", "GEOMETRY", "VECTOR":
		return OnPremKindBytes
	}
	return OnPremKindJSON
}

// OnPremWireValue is a plain value (SQLValue's) as the JSON value an agent
// sends for a column of the kind; OnPremPlainValue reads it back. A float
// keeps a fraction so that it reads back as a float; one that JSON cannot
// hold (NaN, ±Inf) travels as its text. Bytes of a column that is not of
// OnPremKindBytes travel as their text.
func OnPremWireValue(v any, kind string) any {
	switch v := v.(type) {
	case time.Time:
		return v.Format(time.RFC3339Nano)
	case []byte:
		if kind == OnPremKindBytes {
			return base64.StdEncoding.EncodeToString(v)
		}
		return string(v)
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return strconv.FormatFloat(v, 'g', -1, 64)
		}
		s := strconv.FormatFloat(v, 'g', -1, 64)
		if !strings.ContainsAny(s, ".e") {
			s += ".0"
		}
		return json.Number(s)
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = OnPremWireValue(e, kind)
		}
		return out
	}
	return v
}

// OnPremPlainValue reads a JSON value of an agent's result, its numbers
// as json.Number, as the plain value it stands for in a column of the
// kind: RFC 3339 text of a time column as a time.Time, base64 text of a
// bytes column as []byte, lists element by element. Text that does not
// read as its kind stays text.
func OnPremPlainValue(w any, kind string) any {
	switch w := w.(type) {
	case string:
		switch kind {
		case OnPremKindTime:
			if t, err := time.Parse(time.RFC3339Nano, w); err == nil {
				return t
			}
		case OnPremKindBytes:
			if b, err := base64.StdEncoding.DecodeString(w); err == nil {
				return b
			}
		}
		return w
	case []any:
		out := make([]any, len(w))
		for i, e := range w {
			out[i] = OnPremPlainValue(e, kind)
		}
		return out
	}
	return w
}

// ValidOnPremKind reports whether kind is a kind of an agent's column.
func ValidOnPremKind(kind string) bool {
	return kind == OnPremKindJSON || kind == OnPremKindTime || kind == OnPremKindBytes
}

// isPlainDecimal reports whether s is a plain decimal number that JSON
// can hold as written.
func isPlainDecimal(s string) bool {
	for i, c := range s {
		if !(c >= '0' && c <= '9' || c == '.' || c == '-' && i == 0) {
			return false
		}
	}
	return s != "" && json.Valid([]byte(s))
}
