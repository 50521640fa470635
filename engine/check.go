package engine

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strconv"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/formula"
)

// CheckCode reports, by step, what keeps a recipe's code from running that
// is known before a job (runtime contract §1): a formula that does not
// parse or names an unknown method, and a datapill that names no step run
// before its own, or no enclosing foreach or catch. Code that is not a
// recipe tree is left to Recipe.ValidateStart.
func CheckCode(code string) []partnerd.StepProblems {
	var root *step
	if json.Unmarshal([]byte(code), &root) != nil || root == nil {
		return nil
	}
	c := &checker{seen: map[string]string{}}
	c.visit(root, nil)
	return c.out
}

// checker walks a step tree in the order its steps run.
type checker struct {
	seen map[string]string // the "as" of each step visited so far → its provider
	out  []partnerd.StepProblems
}

// checkScope is an enclosing foreach or catch.
type checkScope struct{ provider, line string }

func (c *checker) visit(s *step, scopes []checkScope) {
	if s == nil {
		return
	}
	var problems []partnerd.StepProblem
	if len(s.Input) > 0 {
		d := json.NewDecoder(bytes.NewReader(s.Input))
		d.UseNumber()
		var v any
		if d.Decode(&v) == nil {
			problems = c.checkValue(s, v, "input", scopes, problems)
		}
	}
	if s.Source != nil {
		problems = c.checkText(s, *s.Source, "source", scopes, problems)
	}
	if _, _, err := s.batchSize(); err != nil {
		problems = append(problems, partnerd.StepProblem{Label: "Batch size", Value: string(s.BatchSize), Message: err.Error(), Path: "batch_size"})
	}
	if len(problems) > 0 {
		c.out = append(c.out, partnerd.StepProblems{Step: s.Number, Problems: problems})
	}
	if s.As != "" && (s.Keyword == "trigger" || s.Keyword == "action") {
		c.seen[s.As] = s.provider()
	}
	inner := scopes
	if s.Keyword == "foreach" {
		inner = append(scopes[:len(scopes):len(scopes)], checkScope{"foreach", s.As})
	}
	for _, b := range s.Block {
		blockScopes := inner
		if b != nil && b.Keyword == "catch" {
			// The catch's own steps see its error; the catch step itself is visited with them.
			blockScopes = append(inner[:len(inner):len(inner)], checkScope{"catch", b.As})
		}
		c.visit(b, blockScopes)
	}
}

// checkValue checks every text of an input value.
func (c *checker) checkValue(s *step, v any, path string, scopes []checkScope, problems []partnerd.StepProblem) []partnerd.StepProblem {
	switch v := v.(type) {
	case string:
		return c.checkText(s, v, path, scopes, problems)
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(v)) {
			problems = c.checkValue(s, v[k], path+"."+k, scopes, problems)
		}
	case []any:
		for i, f := range v {
			problems = c.checkValue(s, f, path+"."+strconv.Itoa(i), scopes, problems)
		}
	}
	return problems
}

// maxShownText is the most of a formula a problem quotes.
const maxShownText = 200

// checkText checks one input text: its formula, then its datapills.
func (c *checker) checkText(s *step, text, path string, scopes []checkScope, problems []partnerd.StepProblem) []partnerd.StepProblem {
	in, err := formula.ParseInput(text)
	if err != nil {
		shown := text
		if len(shown) > maxShownText {
			shown = shown[:maxShownText] + "…"
		}
		return append(problems, partnerd.StepProblem{Label: "Formula", Value: shown, Message: "Formula: " + err.Error(), Path: path})
	}
	for _, p := range in.Pills() {
		if msg := c.checkPill(p, s, scopes); msg != "" {
			problems = append(problems, partnerd.StepProblem{Label: "Datapill", Value: p.String(), Message: msg, Path: path})
		}
	}
	return problems
}

// checkPill returns why a datapill cannot be read at step s, or "".
func (c *checker) checkPill(p formula.Pill, s *step, scopes []checkScope) string {
	switch p.Provider {
	case "foreach", "catch":
		for _, sc := range scopes {
			if sc.provider == p.Provider && sc.line == p.Line {
				return ""
			}
		}
		return "Datapill " + p.String() + " names no " + p.Provider + " that encloses step " + strconv.Itoa(s.Number)
	}
	provider, ok := c.seen[p.Line]
	switch {
	case !ok:
		return "Datapill " + p.String() + " names no step that runs before step " + strconv.Itoa(s.Number)
	case provider != p.Provider:
		return "Datapill " + p.String() + " names a step of " + provider + ", not " + p.Provider
	}
	return ""
}
