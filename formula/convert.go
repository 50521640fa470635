package formula

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"
)

// FromGo converts a value decoded by encoding/json (nil, bool, float64,
// json.Number, string, []any, map[string]any) or a Go integer, time.Time or
// Value into a Value. Map keys come out sorted, as Go maps have no order; use
// ParseJSON to keep the order of a JSON document. A float64 without a
// fraction becomes an Integer, since JSON does not tell 5 from 5.0.
func FromGo(x any) (Value, error) {
	switch x := x.(type) {
	case nil:
		return Nil(), nil
	case Value:
		return x, nil
	case bool:
		return Bool(x), nil
	case string:
		return String(x), nil
	case int:
		return Int(int64(x)), nil
	case int32:
		return Int(int64(x)), nil
	case int64:
		return Int(x), nil
	case float32:
		return floatOrInt(float64(x)), nil
	case float64:
		return floatOrInt(x), nil
	case json.Number:
		return numberValue(string(x))
	case time.Time:
		return Time(x), nil
	case []any:
		items := make([]Value, len(x))
		for i, e := range x {
			v, err := FromGo(e)
			if err != nil {
				return Value{}, err
			}
			items[i] = v
		}
		return List(items...), nil
	case []string:
		items := make([]Value, len(x))
		for i, e := range x {
			items[i] = String(e)
		}
		return List(items...), nil
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		h := NewHash(len(keys))
		for _, k := range keys {
			v, err := FromGo(x[k])
			if err != nil {
				return Value{}, err
			}
			h.Set(k, v)
		}
		return HashValue(h), nil
	}
	return Value{}, fmt.Errorf("formula: cannot convert %T to a value", x)
}

// MustFromGo is FromGo for values known to convert, as in tests; it panics otherwise.
func MustFromGo(x any) Value {
	v, err := FromGo(x)
	if err != nil {
		panic(err)
	}
	return v
}

func floatOrInt(f float64) Value {
	if f == math.Trunc(f) && math.Abs(f) < 1<<53 {
		return Int(int64(f))
	}
	return Float(f)
}

// numberValue parses a JSON number: an Integer when it has no fraction or
// exponent and fits 64 bits, a Float otherwise.
func numberValue(s string) (Value, error) {
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		return Int(i), nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return Value{}, fmt.Errorf("formula: bad number %q", s)
	}
	return Float(f), nil
}

// Go converts v into plain Go values as encoding/json would decode them:
// nil, bool, int64, float64, string, []any, map[string]any. Dates and times
// become their text; skip and clear become nil (check IsSkip first).
func (v Value) Go() any {
	switch v.kind {
	case KindNil, KindSkip, KindClear:
		return nil
	case KindBool:
		return v.AsBool()
	case KindInt:
		return v.num
	case KindFloat:
		return v.AsFloat()
	case KindList:
		out := make([]any, len(v.list))
		for i, e := range v.list {
			out[i] = e.Go()
		}
		return out
	case KindHash:
		h := v.AsHash()
		out := make(map[string]any, h.Len())
		for _, k := range h.Keys() {
			out[k] = h.m[k].Go()
		}
		return out
	case KindRange:
		return v.rangeList().Go()
	case KindDuration:
		return v.durationSeconds()
	}
	return v.String()
}
