package formula

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// convertMethods turn strings into numbers, dates and times.
var convertMethods = methodTable{
	"to_i":        {0, 0, strToI},
	"to_f":        {0, 0, strToF},
	"to_date":     {0, 1, strToDate},
	"to_time":     {0, 0, strToTime},
	"to_datetime": {0, 0, strToTime},
	"strptime":    {1, 1, strStrptime},
	"parse_json":  {0, 0, strParseJSON},
}

// leadingNumber returns the longest prefix of t that reads as a number, as Ruby's to_i and to_f do.
func leadingNumber(t string, fraction bool) string {
	t = strings.TrimLeft(t, " \t\n\r")
	i := 0
	if i < len(t) && (t[i] == '-' || t[i] == '+') {
		i++
	}
	digits := i
	for i < len(t) && (isDigit(t[i]) || t[i] == '_' && i > digits) {
		i++
	}
	if fraction && i < len(t) && t[i] == '.' && i+1 < len(t) && isDigit(t[i+1]) {
		i++
		for i < len(t) && isDigit(t[i]) {
			i++
		}
	}
	if fraction && i < len(t) && (t[i] == 'e' || t[i] == 'E') {
		j := i + 1
		if j < len(t) && (t[j] == '-' || t[j] == '+') {
			j++
		}
		if j < len(t) && isDigit(t[j]) {
			for i = j; i < len(t) && isDigit(t[i]); i++ {
			}
		}
	}
	return strings.ReplaceAll(t[:i], "_", "")
}

func strToI(s *state, v Value, _ []Value) (Value, error) {
	n := leadingNumber(v.str, false)
	i, err := strconv.ParseInt(n, 10, 64)
	if err != nil && n != "" && n != "-" && n != "+" {
		return Value{}, s.fail(CodeArgument, "integer %q out of range", n)
	}
	return Int(i), nil
}

func strToF(s *state, v Value, _ []Value) (Value, error) {
	f, _ := strconv.ParseFloat(leadingNumber(v.str, true), 64)
	if math.IsInf(f, 0) {
		return Value{}, s.fail(CodeArgument, "number out of range")
	}
	return Float(f), nil
}

// timeLayouts are the forms to_time and to_date read without a format.
var timeLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04Z07:00", "2006-01-02T15:04",
	"2006-01-02 15:04:05.999999999 -0700", "2006-01-02 15:04:05.999999999 Z07:00",
	"2006-01-02 15:04:05.999999999 MST", "2006-01-02 15:04:05.999999999", "2006-01-02 15:04",
	"2006-01-02", "2006/01/02", "2006/01/02 15:04:05", "02/01/2006", "02-01-2006", "20060102",
	"January 2, 2006", "January 2 2006", "Jan 2, 2006", "Jan 2 2006", "2 January 2006", "2 Jan 2006",
	"Monday, January 2, 2006", "Mon, 02 Jan 2006 15:04:05 -0700", "Mon, 02 Jan 2006 15:04:05 MST",
	"Mon Jan 2 15:04:05 2006", "Mon Jan _2 15:04:05 MST 2006",
}

// parseTime reads text as a time in one of timeLayouts; without a zone it is UTC.
func parseTime(text string) (time.Time, bool) {
	text = strings.TrimSpace(text)
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, text); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func strToTime(s *state, v Value, _ []Value) (Value, error) {
	t, ok := parseTime(v.str)
	if !ok {
		return Value{}, s.fail(CodeArgument, "invalid date %q", v.str)
	}
	return Time(t), nil
}

// strToDate reads a date; format: names the layout, in Workato's tokens
// (YYYY, YY, MM, M, DD, D, HH, mm, ss, MMM, MMMM) or Ruby's % directives.
func strToDate(s *state, v Value, args []Value) (Value, error) {
	if o := options(args); o != nil {
		if f, ok := o.Get("format"); ok {
			t, err := s.parseWithFormat(v.str, f.String())
			if err != nil {
				return Value{}, err
			}
			return Date(t), nil
		}
	}
	t, ok := parseTime(v.str)
	if !ok {
		return Value{}, s.fail(CodeArgument, "invalid date %q", v.str)
	}
	return Date(t), nil
}

func strStrptime(s *state, v Value, args []Value) (Value, error) {
	f, err := s.argString(args, 0)
	if err != nil {
		return Value{}, err
	}
	t, err := s.parseWithFormat(v.str, f)
	if err != nil {
		return Value{}, err
	}
	return Time(t), nil
}

// formatTokens turns Workato's date tokens into Go layout elements, longest first.
var formatTokens = strings.NewReplacer("YYYY", "2006", "YY", "06", "MMMM", "January", "MMM", "Jan",
	"MM", "01", "M", "1", "DD", "02", "D", "2", "HH", "15", "hh", "03", "mm", "04", "ss", "05")

// rubyDirectives turns Ruby's strptime directives into Go layout elements.
var rubyDirectives = strings.NewReplacer("%Y", "2006", "%y", "06", "%m", "01", "%-m", "1", "%d", "02",
	"%-d", "2", "%e", "_2", "%H", "15", "%I", "03", "%M", "04", "%S", "05", "%p", "PM", "%B", "January",
	"%b", "Jan", "%A", "Monday", "%a", "Mon", "%z", "-0700", "%:z", "-07:00", "%Z", "MST", "%j", "002",
	"%L", ".000", "%N", ".000000000", "%F", "2006-01-02", "%T", "15:04:05", "%D", "01/02/06", "%%", "%")

func (s *state) parseWithFormat(text, format string) (time.Time, error) {
	layout := formatTokens.Replace(format)
	if strings.Contains(format, "%") {
		layout = rubyDirectives.Replace(format)
	}
	t, err := time.Parse(layout, strings.TrimSpace(text))
	if err != nil {
		return time.Time{}, s.fail(CodeArgument, "invalid date %q for format %q", text, format)
	}
	return t, nil
}

func strParseJSON(s *state, v Value, _ []Value) (Value, error) {
	if err := s.alloc(int64(len(v.str)) * 2); err != nil {
		return Value{}, err
	}
	out, err := ParseJSON([]byte(v.str))
	if err != nil {
		return Value{}, s.fail(CodeArgument, "invalid JSON: %v", err)
	}
	return out, nil
}
