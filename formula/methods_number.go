package formula

import (
	"math"
	"strconv"
	"strings"
)

// numberMethods apply to integers and decimals.
var numberMethods = methodTable{
	"abs":         {0, 0, numAbs},
	"round":       {0, 1, numRound(math.Round)},
	"ceil":        {0, 1, numRound(math.Ceil)},
	"floor":       {0, 1, numRound(math.Floor)},
	"to_i":        {0, 0, func(s *state, v Value, _ []Value) (Value, error) { return numToI(s, v) }},
	"to_f":        {0, 0, func(s *state, v Value, _ []Value) (Value, error) { return Float(v.AsFloat()), nil }},
	"even?":       {0, 0, numParity(0)},
	"odd?":        {0, 0, numParity(1)},
	"zero?":       {0, 0, func(s *state, v Value, _ []Value) (Value, error) { return Bool(v.AsFloat() == 0), nil }},
	"positive?":   {0, 0, func(s *state, v Value, _ []Value) (Value, error) { return Bool(v.AsFloat() > 0), nil }},
	"negative?":   {0, 0, func(s *state, v Value, _ []Value) (Value, error) { return Bool(v.AsFloat() < 0), nil }},
	"between?":    {2, 2, numBetween},
	"ordinalize":  {0, 0, numOrdinalize},
	"to_currency": {0, 1, numToCurrency},
	"to_phone":    {0, 1, numToPhone},
}

// numberTextMethods format numbers held as text too: "1234.5".to_currency.
var numberTextMethods = methodTable{"to_currency": {0, 1, numToCurrency}, "to_phone": {0, 1, numToPhone}}

func numAbs(s *state, v Value, _ []Value) (Value, error) {
	if v.kind == KindInt {
		if v.num == math.MinInt64 {
			return Float(-float64(v.num)), nil
		}
		return Int(absInt(v.num)), nil
	}
	return Float(math.Abs(v.AsFloat())), nil
}

func numToI(s *state, v Value) (Value, error) {
	if v.kind == KindInt {
		return v, nil
	}
	f := math.Trunc(v.AsFloat())
	if math.IsNaN(f) || f >= 9.3e18 || f <= -9.3e18 {
		return Value{}, s.fail(CodeArgument, "%s out of the integer range", formatFloat(v.AsFloat()))
	}
	return Int(int64(f)), nil
}

// numRound rounds by f (half away from zero for round) to a number of
// digits: an integer without digits, a decimal with positive digits.
func numRound(f func(float64) float64) methodFunc {
	return func(s *state, v Value, args []Value) (Value, error) {
		digits := int64(0)
		if len(args) == 1 {
			var err error
			if digits, err = s.argInt(args, 0); err != nil {
				return Value{}, err
			}
		}
		digits = max(min(digits, 20), -20)
		if v.kind == KindInt && digits >= 0 {
			return v, nil
		}
		scale := math.Pow(10, float64(digits))
		r := f(v.AsFloat()*scale) / scale
		if digits > 0 {
			if math.IsInf(r, 0) || math.IsNaN(r) {
				return v, nil
			}
			return Float(r), nil
		}
		return numToI(s, Float(r))
	}
}

func numParity(want int64) methodFunc {
	return func(s *state, v Value, _ []Value) (Value, error) {
		if v.kind != KindInt {
			return Value{}, s.fail(CodeNoMethod, "undefined method '%s' for Float", s.method)
		}
		return Bool(absInt(v.num%2) == want), nil
	}
}

func numBetween(s *state, v Value, args []Value) (Value, error) {
	lo, ok1 := compare(v, args[0])
	hi, ok2 := compare(v, args[1])
	if !ok1 || !ok2 {
		return Value{}, s.fail(CodeArgument, "comparison of %s with %s failed", v.kind, args[0].kind)
	}
	return Bool(lo >= 0 && hi <= 0), nil
}

func numOrdinalize(s *state, v Value, _ []Value) (Value, error) {
	n := v.AsInt()
	suffix := "th"
	if m := absInt(n) % 100; m < 11 || m > 13 {
		switch absInt(n) % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return String(strconv.FormatInt(n, 10) + suffix), nil
}

// numberOf reads the receiver of a formatting method as a float.
func (s *state) numberOf(v Value) (float64, error) {
	if v.kind == KindString {
		f, err := strconv.ParseFloat(strings.TrimSpace(v.str), 64)
		if err != nil {
			return 0, s.fail(CodeArgument, "%q is not a number", v.str)
		}
		return f, nil
	}
	return v.AsFloat(), nil
}

// optString returns option name of opts as text, or def.
func optString(opts *Hash, name, def string) string {
	if v, ok := opts.Get(name); ok && v.kind != KindNil {
		return v.String()
	}
	return def
}

// numToCurrency formats a number as money: unit ("$"), precision (2),
// delimiter (","), separator ("."), format ("%u%n") and negative_format ("-%u%n").
func numToCurrency(s *state, v Value, args []Value) (Value, error) {
	f, err := s.numberOf(v)
	if err != nil {
		return Value{}, err
	}
	opts := options(args)
	precision := 2
	if p, ok := opts.Get("precision"); ok && p.isNumber() {
		precision = int(max(min(p.AsInt(), 20), 0))
	}
	unit := optString(opts, "unit", "$")
	format := optString(opts, "format", "%u%n")
	negative := optString(opts, "negative_format", "-"+format)
	digits := strconv.FormatFloat(math.Abs(f), 'f', precision, 64)
	whole, frac, _ := strings.Cut(digits, ".")
	out := groupThousands(whole, optString(opts, "delimiter", ","))
	if frac != "" {
		out += optString(opts, "separator", ".") + frac
	}
	if f < 0 && strings.Trim(digits, "0.") != "" {
		format = negative
	}
	return String(strings.NewReplacer("%u", unit, "%n", out).Replace(format)), nil
}

func groupThousands(whole, delimiter string) string {
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(delimiter)
		}
		b.WriteRune(c)
	}
	return b.String()
}

// numToPhone formats digits as a phone number, as ActiveSupport's
// number_to_phone: area_code, delimiter ("-"), extension, country_code.
func numToPhone(s *state, v Value, args []Value) (Value, error) {
	digits := v.String()
	if v.kind == KindFloat {
		digits = strconv.FormatInt(v.AsInt(), 10)
	}
	opts := options(args)
	delim := optString(opts, "delimiter", "-")
	var out string
	areaCode := false
	if a, ok := opts.Get("area_code"); ok {
		areaCode = a.Truthy()
	}
	n := len(digits)
	switch {
	case areaCode && n >= 10 && allDigits(digits):
		out = "(" + digits[:n-7] + ") " + digits[n-7:n-4] + delim + digits[n-4:]
	case n >= 7 && allDigits(digits):
		out = digits[n-7:n-4] + delim + digits[n-4:]
		if n > 7 {
			out = digits[:n-7] + delim + out
		}
	default:
		out = digits
	}
	if cc := optString(opts, "country_code", ""); cc != "" {
		out = "+" + cc + delim + out
	}
	if ext := optString(opts, "extension", ""); ext != "" {
		out += " x " + ext
	}
	return String(out), nil
}

func allDigits(t string) bool {
	for i := 0; i < len(t); i++ {
		if !isDigit(t[i]) {
			return false
		}
	}
	return t != ""
}
