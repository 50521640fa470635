package formula

import (
	"errors"
	"strings"
	"testing"
)

func TestParseErrors(t *testing.T) {
	cases := []struct {
		src  string
		code Code
		want string
	}{
		{"'name'.upcas", CodeUnknownMethod, "unknown method 'upcas' at 8"},
		{"'a'.upcase.each", CodeUnknownMethod, "unknown method 'each' at 12"},
		{"'a'.map", CodeUnknownMethod, "unknown method 'map' at 5"},
		{"'a'.upcase(1)", CodeBadArity, "wrong number of arguments (1) for 'upcase' at 5"},
		{"1 +", CodeSyntax, "unexpected end of formula at 4"},
		{"(1 + 2", CodeSyntax, "expected ')', found end of formula at 7"},
		{"'abc", CodeSyntax, "unterminated string at 1"},
		{"1 ? 2", CodeSyntax, "expected ':', found end of formula at 6"},
		{"_dp('{bad')", CodeBadPill, ""},
		{"_dp('{\"provider\":\"x\"}')", CodeBadPill, ""},
		{"_('data.x')", CodeBadPill, ""},
		{"foo", CodeUnknownMethod, "unknown name 'foo' at 1"},
		{"'a'.gsub(/(?=x)/, '')", CodeSyntax, ""},
		{"", CodeSyntax, "empty formula at 1"},
		{"1 2", CodeSyntax, "unexpected '2' at 3"},
	}
	for _, c := range cases {
		_, err := Parse(c.src)
		if CodeOf(err) != c.code {
			t.Errorf("%q: error %v, want code %v", c.src, err, c.code)
			continue
		}
		if c.want != "" && err.Error() != c.want {
			t.Errorf("%q: error %q, want %q", c.src, err, c.want)
		}
	}
}

func TestPrecedence(t *testing.T) {
	runCases(t, []formulaCase{
		{"1 + 2 * 3 - 4 / 2", "5"}, {"2 * 3 ** 2", "18"}, {"2 ** 3 ** 2", "512"}, {"-2 ** 2", "-4"}, {"-2.abs ** 2", "4"},
		{"1 < 2 == true", "true"}, {"true || false && false", "true"}, {"!true || true", "true"},
		{"1 + 1 == 2 ? 'y' : 'n'", "y"}, {"nil || 1 > 0", "true"}, {"'a' + 'b' * 2", "abb"},
		{"[1, 2, 3].first + [4].last * 2", "9"}, {"'x'.present? ? 'x'.upcase : skip", "X"},
		{"('a' + 'b').upcase", "AB"}, {"'ab'.upcase.reverse.downcase", "ba"},
	})
}

const firstNamePill = `_dp('{"pill_type":"output","provider":"workato_recipe_function","line":"trigger","path":["parameters","first_name"]}')`
const emailPill = `_dp('{"pill_type":"output","provider":"workato_recipe_function","line":"trigger","path":["parameters","email"]}')`

func TestPills(t *testing.T) {
	runCases(t, []formulaCase{
		{firstNamePill, "Ada"}, {firstNamePill + ".upcase", "ADA"},
		{firstNamePill + ".present? ? " + firstNamePill + " : skip", "Ada"},
		{emailPill + ".present? ? " + emailPill + " : skip", "skip"},
		{firstNamePill + " + ' ' + _('data.workato_recipe_function.trigger.parameters.last_name')", "Ada Lovelace"},
		{`_dp('{"pill_type":"output","provider":"workato_recipe_function","line":"trigger","path":["parameters","count"]}') + 1`, "4"},
		{`_dp('{"pill_type":"output","provider":"x","line":"missing","path":["a"]}')`, "nil"},
		{`"Hi #{` + firstNamePill + `}!"`, "Hi Ada!"},
	})
	e, err := Parse(`_dp('{"pill_type":"output","provider":"stripe","line":"search","path":["data",{"path_element_type":"current_item"},"id"]}').present? ? 1 : _('data.salesforce.get.Account.Name')`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range e.Pills() {
		got = append(got, p.String())
	}
	if want := "stripe.search.data.current_item.id salesforce.get.Account.Name"; strings.Join(got, " ") != want {
		t.Errorf("pills %q, want %q", got, want)
	}
}

func TestParseInput(t *testing.T) {
	cases := []struct {
		text  string
		kind  InputKind
		want  string
		pills int
	}{
		{"plain text", InputLiteral, "plain text", 0},
		{"Hello #{" + firstNamePill + "}, you have #{1 + 2} items", InputInterpolated, "Hello Ada, you have 3 items", 1},
		{"#{" + firstNamePill + "}", InputInterpolated, "Ada", 1},
		{"=" + firstNamePill + ".upcase", InputFormula, "ADA", 1},
		{"=null", InputFormula, "nil", 0},
		{"price: #{'{}'.size}", InputInterpolated, "price: 2", 0},
	}
	for _, c := range cases {
		in, err := ParseInput(c.text)
		if err != nil {
			t.Errorf("%q: %v", c.text, err)
			continue
		}
		v, err := in.Eval(testEnv, testOptions)
		if err != nil {
			t.Errorf("%q: %v", c.text, err)
			continue
		}
		got := v.String()
		if v.kind == KindNil {
			got = "nil"
		}
		if in.Kind() != c.kind || got != c.want || len(in.Pills()) != c.pills {
			t.Errorf("%q: kind %v value %q pills %d, want %v %q %d", c.text, in.Kind(), got, len(in.Pills()), c.kind, c.want, c.pills)
		}
	}
	// An input that is exactly one pill keeps the pill's type.
	in, _ := ParseInput(`#{_dp('{"pill_type":"output","provider":"workato_recipe_function","line":"trigger","path":["parameters","count"]}')}`)
	if v, _ := in.Eval(testEnv, nil); v.Kind() != KindInt {
		t.Errorf("lone pill gave %v, want an Integer", v.Kind())
	}
	if _, err := ParseInput("=1 + 'a'.upcas"); err == nil || err.Error() != "unknown method 'upcas' at 10" {
		t.Errorf("error %v, want the position in the input", err)
	}
	if _, err := ParseInput("x #{1 +"); CodeOf(err) != CodeSyntax {
		t.Errorf("error %v, want a syntax error", err)
	}
}

func TestBudgets(t *testing.T) {
	e, err := Parse("'abcdefgh' * 3000000")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Eval(nil, nil); !errors.Is(err, ErrTooLarge) {
		t.Errorf("24 MB string: %v, want ErrTooLarge", err)
	}
	e, _ = Parse("('a' * 100000).split('').join.split('').join")
	if _, err := e.Eval(nil, &Options{Timeout: 1}); !errors.Is(err, ErrTimeout) && !errors.Is(err, ErrTooLarge) {
		t.Errorf("long formula: %v, want ErrTimeout", err)
	}
}

func TestValueConversion(t *testing.T) {
	v, err := ParseJSON([]byte(`{"b": 1, "a": [1.5, "x", null, true, {"c": 12345678901234}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := v.MarshalJSON(); string(got) != `{"b":1,"a":[1.5,"x",null,true,{"c":12345678901234}]}` {
		t.Errorf("round trip: %s", got)
	}
	back, err := FromGo(v.Go())
	if err != nil || !Equal(back, v) {
		t.Errorf("FromGo(Go()) = %v, %v", back, err)
	}
}
