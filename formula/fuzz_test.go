package formula

import (
	"errors"
	"testing"
	"time"
)

var fuzzSeeds = []string{
	"1 + 2 * 3", "'a'.upcase", `"x#{1}y"`, "[1, 2][0..1]", "{a: 1}['a']", "now + 2.days", "today.strftime('%Y')",
	firstNamePill + ".present? ? " + firstNamePill + " : skip", "'a,b'.split(',').join('-')",
	"[{a: 1}].where(a: 1).pluck('a')", "'x' * 3", "1.0 / 0", "'2020-01-01'.to_date.end_of_month",
	"'abc'.gsub(/b/, '\\0\\0')", "-2 ** 2", "nil&.size", "1..3", "'a' =~ /a/",
}

// FuzzParse checks that parsing any text, as a formula or as an input, never panics.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if e, err := Parse(src); err == nil && e == nil {
			t.Fatal("nil expression without an error")
		}
		if _, err := ParseInput(src); err != nil {
			var fe *Error
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a formula error", err)
			}
		}
	})
}

// FuzzEval checks that evaluating any formula that parses never panics,
// returns formula errors only, and keeps within its budgets.
func FuzzEval(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	opt := &Options{Now: func() time.Time { return fixedNow }, Timeout: 50 * time.Millisecond, MaxBytes: 1 << 20}
	f.Fuzz(func(t *testing.T, src string) {
		e, err := Parse(src)
		if err != nil {
			return
		}
		// A run past 40 times its budget is checked again: a busy machine
		// slows one run, while a budget the evaluation ignores slows both.
		start := time.Now()
		v, err := e.Eval(testEnv, opt)
		if d := time.Since(start); d > 2*time.Second {
			start = time.Now()
			e.Eval(testEnv, opt)
			if again := time.Since(start); again > 2*time.Second {
				t.Fatalf("%q ran %v, then %v, past its budget of %v", src, d, again, opt.Timeout)
			}
			t.Logf("%q ran %v, then %v", src, d, time.Since(start))
		}
		if err != nil {
			var fe *Error
			if !errors.As(err, &fe) {
				t.Fatalf("%q: error %v is not a formula error", src, err)
			}
			return
		}
		_ = v.String()
		_, _ = v.MarshalJSON()
		_ = v.Go()
	})
}
