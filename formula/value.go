package formula

import (
	"math"
	"regexp"
	"strconv"
	"time"
)

// Kind is the type of a Value.
type Kind uint8

// The kinds of values a formula works with. Duration, Range and Regexp only
// appear inside a formula (2.days, 1..3, /ab+/); Skip and Clear are the
// markers a formula returns to omit a field or to clear it in the target app.
const (
	KindNil Kind = iota
	KindBool
	KindInt
	KindFloat
	KindString
	KindDate
	KindTime
	KindList
	KindHash
	KindSkip
	KindClear
	KindDuration
	KindRange
	KindRegexp
	numKinds
)

var kindNames = [numKinds]string{"nil", "Boolean", "Integer", "Float", "String", "Date", "Time",
	"Array", "Hash", "Skip", "Clear", "Duration", "Range", "Regexp"}

// String names the kind as Ruby names its class.
func (k Kind) String() string {
	if k < numKinds {
		return kindNames[k]
	}
	return "Unknown"
}

// Value is one formula value. The zero Value is nil. Values are immutable:
// lists and hashes are shared, never changed in place.
type Value struct {
	kind Kind
	num  int64     // Int, Bool (0 or 1), Float (bits), Duration (amount)
	str  string    // String, Duration (unit)
	tm   time.Time // Date (midnight UTC), Time
	list []Value   // List
	ref  any       // *Hash, *regexp.Regexp, rangeValue
}

// rangeValue is the bounds of a Range value.
type rangeValue struct {
	lo, hi    int64
	exclusive bool
}

// Nil returns the nil value.
func Nil() Value { return Value{} }

// Skip returns the value that tells a step to omit the field.
func Skip() Value { return Value{kind: KindSkip} }

// Clear returns the value that tells a step to clear the field in its target.
func Clear() Value { return Value{kind: KindClear} }

// Bool returns a boolean value.
func Bool(b bool) Value {
	if b {
		return Value{kind: KindBool, num: 1}
	}
	return Value{kind: KindBool}
}

// Int returns an integer value.
func Int(i int64) Value { return Value{kind: KindInt, num: i} }

// Float returns a decimal value.
func Float(f float64) Value { return Value{kind: KindFloat, num: int64(math.Float64bits(f))} }

// String returns a string value.
func String(s string) Value { return Value{kind: KindString, str: s} }

// Date returns a date value: the calendar day of t in t's location.
func Date(t time.Time) Value {
	y, m, d := t.Date()
	return Value{kind: KindDate, tm: time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// Time returns a time value, kept in t's location.
func Time(t time.Time) Value { return Value{kind: KindTime, tm: t} }

// List returns a list value holding items; the caller must not change items afterwards.
func List(items ...Value) Value {
	if items == nil {
		items = []Value{}
	}
	return Value{kind: KindList, list: items}
}

// HashValue returns a hash value; the caller must not change h afterwards.
func HashValue(h *Hash) Value { return Value{kind: KindHash, ref: h} }

func durationValue(n int64, unit string) Value { return Value{kind: KindDuration, num: n, str: unit} }

func regexpValue(re *regexp.Regexp) Value { return Value{kind: KindRegexp, ref: re, str: re.String()} }

func rangeOf(lo, hi int64, exclusive bool) Value {
	return Value{kind: KindRange, ref: rangeValue{lo, hi, exclusive}}
}

// Kind returns the value's kind.
func (v Value) Kind() Kind { return v.kind }

// IsNil reports whether v is nil.
func (v Value) IsNil() bool { return v.kind == KindNil }

// IsSkip reports whether v is the skip marker.
func (v Value) IsSkip() bool { return v.kind == KindSkip }

// IsClear reports whether v is the clear marker.
func (v Value) IsClear() bool { return v.kind == KindClear }

// Truthy reports whether v counts as true in a condition: everything but nil and false.
func (v Value) Truthy() bool {
	return !(v.kind == KindNil || (v.kind == KindBool && v.num == 0))
}

// AsBool returns the boolean of a Bool value.
func (v Value) AsBool() bool { return v.kind == KindBool && v.num != 0 }

// AsInt returns the integer of an Int value, or a Float truncated.
func (v Value) AsInt() int64 {
	if v.kind == KindFloat {
		return int64(v.AsFloat())
	}
	return v.num
}

// AsFloat returns the number of an Int or Float value as a float64.
func (v Value) AsFloat() float64 {
	if v.kind == KindInt {
		return float64(v.num)
	}
	return math.Float64frombits(uint64(v.num))
}

// AsString returns the text of a String value.
func (v Value) AsString() string { return v.str }

// AsTime returns the time of a Date or Time value.
func (v Value) AsTime() time.Time { return v.tm }

// Items returns the items of a List value; the caller must not change them.
func (v Value) Items() []Value { return v.list }

// AsHash returns the hash of a Hash value, or nil.
func (v Value) AsHash() *Hash {
	h, _ := v.ref.(*Hash)
	return h
}

func (v Value) regexp() *regexp.Regexp {
	re, _ := v.ref.(*regexp.Regexp)
	return re
}

func (v Value) rng() rangeValue {
	r, _ := v.ref.(rangeValue)
	return r
}

// isNumber reports whether v is an Int or a Float.
func (v Value) isNumber() bool { return v.kind == KindInt || v.kind == KindFloat }

// String renders v as text, as an interpolation #{…} shows it: nil is empty,
// dates are YYYY-MM-DD, times ISO 8601, lists and hashes JSON.
func (v Value) String() string {
	switch v.kind {
	case KindNil, KindSkip, KindClear:
		return ""
	case KindBool:
		return strconv.FormatBool(v.AsBool())
	case KindInt:
		return strconv.FormatInt(v.num, 10)
	case KindFloat:
		return formatFloat(v.AsFloat())
	case KindString:
		return v.str
	case KindDate:
		return v.tm.Format(dateLayout)
	case KindTime:
		return v.tm.Format(timeLayout)
	case KindDuration:
		return strconv.FormatInt(v.num, 10) + " " + v.str
	case KindRegexp:
		return v.str
	case KindRange:
		r := v.rng()
		op := ".."
		if r.exclusive {
			op = "..."
		}
		return strconv.FormatInt(r.lo, 10) + op + strconv.FormatInt(r.hi, 10)
	}
	b, _ := v.MarshalJSON()
	return string(b)
}

// The layouts of dates and times as text.
const (
	dateLayout = "2006-01-02"
	timeLayout = "2006-01-02T15:04:05.000000-07:00"
)

// formatFloat renders a float as Ruby does: always with a fraction part.
func formatFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	if f == math.Trunc(f) && math.Abs(f) < 1e16 {
		return strconv.FormatFloat(f, 'f', 1, 64)
	}
	s := strconv.FormatFloat(f, 'g', -1, 64)
	return s
}
