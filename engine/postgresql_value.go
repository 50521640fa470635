package engine

import (
	"database/sql/driver"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/partnerd/partnerd/formula"
)

// pgValue is a value pgx read as a formula value.
func pgValue(x any) formula.Value {
	switch x := x.(type) {
	case nil:
		return formula.Nil()
	case bool:
		return formula.Bool(x)
	case int16:
		return formula.Int(int64(x))
	case int32:
		return formula.Int(int64(x))
	case int64:
		return formula.Int(x)
	case float32:
		return formula.Float(float64(x))
	case float64:
		return formula.Float(x)
	case string:
		return formula.String(x)
	case []byte:
		return formula.String(string(x))
	case time.Time:
		return formula.Time(x)
	case [16]byte: // uuid
		s := hex.EncodeToString(x[:])
		return formula.String(s[0:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:])
	case []any:
		items := make([]formula.Value, len(x))
		for i, e := range x {
			items[i] = pgValue(e)
		}
		return formula.List(items...)
	case map[string]any:
		if v, err := formula.FromGo(normalizeJSON(x)); err == nil {
			return v
		}
	case driver.Valuer: // numeric, intervals and the like answer their text
		if v, err := x.Value(); err == nil {
			if s, ok := v.(string); ok {
				if isDecimal(s) {
					if n, err := formula.FromGo(json.Number(s)); err == nil {
						return n
					}
				}
				return formula.String(s)
			}
			return pgValue(v)
		}
	}
	return formula.String(fmt.Sprint(x))
}

// isDecimal reports whether s is a plain decimal number.
func isDecimal(s string) bool {
	if s == "" || s == "-" {
		return false
	}
	for i, c := range s {
		if !(c >= '0' && c <= '9' || c == '.' || c == '-' && i == 0) {
			return false
		}
	}
	return true
}
