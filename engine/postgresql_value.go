package engine

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/formula"
)

// pgValue is a value pgx read as a formula value.
func pgValue(x any) formula.Value { return plainValue(partnerd.SQLValue(x)) }

// mysqlValue is a value go-sql-driver/mysql read as a formula value, by
// the type of its column.
func mysqlValue(x any, typ string) formula.Value { return plainValue(partnerd.MySQLValue(x, typ)) }

// plainValue is a plain value of a database (partnerd.SQLValue's) as a
// formula value: bytes as their text, a JSON document as its hash.
func plainValue(x any) formula.Value {
	switch x := x.(type) {
	case nil:
		return formula.Nil()
	case bool:
		return formula.Bool(x)
	case int64:
		return formula.Int(x)
	case float64:
		return formula.Float(x)
	case json.Number:
		if n, err := formula.FromGo(x); err == nil {
			return n
		}
		return formula.String(string(x))
	case string:
		return formula.String(x)
	case []byte:
		return formula.String(string(x))
	case time.Time:
		return formula.Time(x)
	case []any:
		items := make([]formula.Value, len(x))
		for i, e := range x {
			items[i] = plainValue(e)
		}
		return formula.List(items...)
	case map[string]any:
		if v, err := formula.FromGo(normalizeJSON(x)); err == nil {
			return v
		}
	}
	return formula.String(fmt.Sprint(x))
}
