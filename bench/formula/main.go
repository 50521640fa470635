// Command formula measures how many evaluations per second the formula
// package makes of a typical formula (a pill, present?, a ternary and +),
// beside a ceiling measured in the same run: the same expression written
// in Go over the same step outputs.
//
// Run it from the repository root:
//
//	go run ./bench/formula
package main

import (
	"flag"
	"fmt"
	"log"
	"time"

	"github.com/partnerd/partnerd/formula"
)

const pill = `_dp('{"pill_type":"output","provider":"workato_recipe_function","line":"trigger","path":["parameters","%s"]}')`

func main() {
	duration := flag.Duration("d", 2*time.Second, "how long to run each measure")
	flag.Parse()
	first, last := fmt.Sprintf(pill, "first_name"), fmt.Sprintf(pill, "last_name")
	src := first + ".present? ? " + first + " + ' ' + " + last + " : skip"
	expr, err := formula.Parse(src)
	if err != nil {
		log.Fatal(err)
	}
	out, err := formula.ParseJSON([]byte(`{"parameters":{"first_name":"Ada","last_name":"Lovelace"}}`))
	if err != nil {
		log.Fatal(err)
	}
	env := formula.Outputs{"trigger": out}
	refs := expr.Pills()

	rate := measure(*duration, func() {
		if v, err := expr.Eval(env, nil); err != nil || v.AsString() != "Ada Lovelace" {
			log.Fatal(v, err)
		}
	})
	ceiling := measure(*duration, func() {
		// The same work written in Go: resolve the pills, test, concatenate.
		f, _ := env.Pill(refs[0])
		var v formula.Value
		if f.Kind() == formula.KindString && f.AsString() != "" {
			f, _ = env.Pill(refs[1])
			l, _ := env.Pill(refs[2])
			v = formula.String(f.AsString() + " " + l.AsString())
		} else {
			v = formula.Skip()
		}
		if v.AsString() != "Ada Lovelace" {
			log.Fatal(v)
		}
	})
	fmt.Printf("formula: %s\n", src)
	fmt.Printf("| measure | evaluations/s |\n|---|---|\n")
	fmt.Printf("| formula package | %.0f |\n| hand-written Go (ceiling) | %.0f |\n", rate, ceiling)
	fmt.Printf("| ratio | %.2f |\n| target | 1000000 |\n", rate/ceiling)
}

// measure returns how many times per second f runs, over about d.
func measure(d time.Duration, f func()) float64 {
	n, start := 0, time.Now()
	for time.Since(start) < d {
		for range 1000 {
			f()
		}
		n += 1000
	}
	return float64(n) / time.Since(start).Seconds()
}
