package formula

import (
	"math"
	"time"
)

// unitSeconds gives the length of each duration unit, as ActiveSupport
// counts months and years when it must turn them into seconds.
var unitSeconds = map[string]int64{
	"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400, "weeks": 604800,
	"months": 2629746, "years": 31556952,
}

// durationMethods build durations from numbers: 2.days, 1.hour.
var durationMethods = methodTable{}

// durationValueMethods apply to durations.
var durationValueMethods = methodTable{
	"ago":      {0, 0, func(s *state, d Value, _ []Value) (Value, error) { return s.shiftTime(Time(s.clock()), d, -1) }},
	"from_now": {0, 0, func(s *state, d Value, _ []Value) (Value, error) { return s.shiftTime(Time(s.clock()), d, 1) }},
	"since":    {1, 1, durationSince(1)},
	"after":    {1, 1, durationSince(1)},
	"until":    {1, 1, durationSince(-1)},
	"before":   {1, 1, durationSince(-1)},
	"to_i":     {0, 0, func(s *state, d Value, _ []Value) (Value, error) { return Int(d.durationSeconds()), nil }},
}

func makeDuration(unit string) methodFunc {
	return func(s *state, v Value, _ []Value) (Value, error) {
		if v.kind == KindFloat {
			return durationValue(int64(math.Round(v.AsFloat()*float64(unitSeconds[unit]))), "seconds"), nil
		}
		return durationValue(v.num, unit), nil
	}
}

func durationSince(sign int) methodFunc {
	return func(s *state, d Value, args []Value) (Value, error) {
		t := args[0]
		if t.kind != KindDate && t.kind != KindTime {
			return Value{}, s.fail(CodeArgument, "expected a date or time, not %s", t.kind)
		}
		return s.shiftTime(t, d, sign)
	}
}

// durationSeconds returns the length of a duration in seconds.
func (v Value) durationSeconds() int64 { return v.num * unitSeconds[v.str] }

// shiftTime adds (sign 1) or subtracts (sign -1) a duration or a number to
// a date or time: a number is days for a date and seconds for a time; days,
// weeks, months and years move the calendar, clamping to a month's last day.
func (s *state) shiftTime(t, d Value, sign int) (Value, error) {
	if d.isNumber() {
		if t.kind == KindDate {
			if d.kind != KindInt {
				return Value{}, s.fail(CodeArgument, "a date moves by whole days")
			}
			return Date(t.tm.AddDate(0, 0, sign*int(d.num))), nil
		}
		return Time(t.tm.Add(time.Duration(float64(sign) * d.AsFloat() * float64(time.Second)))), nil
	}
	n := int(d.num) * sign
	if int64(n) != d.num*int64(sign) || d.num > 1e7 || d.num < -1e7 {
		return Value{}, s.fail(CodeArgument, "duration out of range")
	}
	var out time.Time
	switch d.str {
	case "days":
		out = t.tm.AddDate(0, 0, n)
	case "weeks":
		out = t.tm.AddDate(0, 0, 7*n)
	case "months":
		out = addMonths(t.tm, n)
	case "years":
		out = addMonths(t.tm, 12*n)
	default:
		out = t.tm.Add(time.Duration(d.durationSeconds()*int64(sign)) * time.Second)
		return Time(out), nil
	}
	if t.kind == KindDate {
		return Date(out), nil
	}
	return Time(out), nil
}

// addMonths moves t by n months, keeping the day unless the month is shorter.
func addMonths(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(n), 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
	last := daysIn(first.Year(), first.Month())
	return first.AddDate(0, 0, min(d, last)-1)
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
