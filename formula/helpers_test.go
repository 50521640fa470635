package formula

import (
	"testing"
	"time"
)

// fixedNow is the clock of the tests: 2022-02-01 07:00 in Los Angeles.
var fixedNow = time.Date(2022, 2, 1, 15, 0, 0, 0, time.UTC)

var testOptions = &Options{Now: func() time.Time { return fixedNow }}

// testEnv holds the outputs the tests' pills read.
var testEnv = Outputs{
	"trigger": MustFromGo(map[string]any{
		"parameters": map[string]any{"first_name": "Ada", "last_name": "Lovelace", "email": "", "count": 3},
	}),
}

// evalText parses and evaluates src and renders the result as to_json would.
func evalText(t *testing.T, src string) (string, error) {
	t.Helper()
	e, err := Parse(src)
	if err != nil {
		return "", err
	}
	v, err := e.Eval(testEnv, testOptions)
	if err != nil {
		return "", err
	}
	if v.kind == KindString {
		return v.str, nil
	}
	return inspect(v), nil
}

// formulaCase is one formula and the result Workato documents for it,
// rendered as Ruby's inspect would show it (strings bare).
type formulaCase struct {
	src, want string
}

func runCases(t *testing.T, cases []formulaCase) {
	t.Helper()
	for _, c := range cases {
		got, err := evalText(t, c.src)
		if err != nil {
			t.Errorf("%s: %v", c.src, err)
			continue
		}
		if got != c.want {
			t.Errorf("%s = %q, want %q", c.src, got, c.want)
		}
	}
}
