package formula

import "testing"

// typicalFormula is the shape most recipes use: a pill, present?, a ternary and +.
const typicalFormula = firstNamePill + ".present? ? " + firstNamePill + " + ' ' + " +
	`_dp('{"pill_type":"output","provider":"workato_recipe_function","line":"trigger","path":["parameters","last_name"]}')` + " : skip"

func BenchmarkTypicalFormula(b *testing.B) {
	e, err := Parse(typicalFormula)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		v, err := e.Eval(testEnv, nil)
		if err != nil || v.str != "Ada Lovelace" {
			b.Fatal(v, err)
		}
	}
}

func BenchmarkParseTypicalFormula(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(typicalFormula); err != nil {
			b.Fatal(err)
		}
	}
}
