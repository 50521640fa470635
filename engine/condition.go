package engine

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/partnerd/partnerd/formula"
)

// conditionJSON is a condition of an if or a while_condition: a compound
// of conditions joined by "and" or "or", or one comparison of lhs and rhs.
type conditionJSON struct {
	Type       string          `json:"type"`
	Operand    string          `json:"operand"`
	Conditions []conditionJSON `json:"conditions"`
	LHS        *string         `json:"lhs"`
	RHS        *string         `json:"rhs"`
}

// shownCondition is a comparison as the step's line shows it: its sides
// evaluated, and its outcome.
type shownCondition struct {
	Operand string `json:"operand"`
	LHS     any    `json:"lhs"`
	RHS     any    `json:"rhs,omitempty"`
	Result  bool   `json:"result"`
}

// conditionNode is a parsed condition: a compound's parts, or one
// comparison with its sides parsed.
type conditionNode struct {
	compound bool
	operand  string
	parts    []*conditionNode
	lhs, rhs *formula.Input // nil when the side is missing
}

// parseCondition parses a step's condition input.
func parseCondition(raw json.RawMessage) (*conditionNode, error) {
	var c conditionJSON
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &c); err != nil {
			return nil, err
		}
	}
	return c.parse(0)
}

func (c *conditionJSON) parse(depth int) (*conditionNode, error) {
	n := &conditionNode{operand: c.Operand}
	if c.Type == "compound" || c.Conditions != nil {
		if depth > 20 {
			return nil, stepFailed("conditions are nested too deeply")
		}
		n.compound = true
		for i := range c.Conditions {
			p, err := c.Conditions[i].parse(depth + 1)
			if err != nil {
				return nil, err
			}
			n.parts = append(n.parts, p)
		}
		return n, nil
	}
	var err error
	for _, side := range []struct {
		text *string
		in   **formula.Input
	}{{c.LHS, &n.lhs}, {c.RHS, &n.rhs}} {
		if side.text != nil {
			if *side.in, err = formula.ParseInput(*side.text); err != nil {
				return nil, err
			}
		}
	}
	return n, nil
}

// condition evaluates a step's condition and returns it, with what the
// line shows of it.
func (r *run) condition(s *step) (bool, json.RawMessage, error) {
	if s.err != nil {
		return false, nil, stepFailed("Step %d condition: %v", s.Number, s.err)
	}
	var shown []shownCondition
	ok, err := r.evalCondition(s.cond, &shown)
	operand := ""
	if s.cond != nil {
		operand = s.cond.operand
	}
	out, _ := json.Marshal(map[string]any{"operand": operand, "conditions": shown})
	if err != nil {
		return false, out, stepFailed("Step %d condition: %v", s.Number, err)
	}
	return ok, out, nil
}

func (r *run) evalCondition(c *conditionNode, shown *[]shownCondition) (bool, error) {
	if c == nil {
		return true, nil
	}
	if c.compound {
		anyOf := c.operand == "or"
		for _, p := range c.parts {
			ok, err := r.evalCondition(p, shown)
			if err != nil {
				return false, err
			}
			if anyOf && ok {
				return true, nil
			}
			if !anyOf && !ok {
				return false, nil
			}
		}
		return !anyOf || len(c.parts) == 0, nil
	}
	lhs, err := r.evalSide(c.lhs)
	if err != nil {
		return false, err
	}
	rhs, err := r.evalSide(c.rhs)
	if err != nil {
		return false, err
	}
	ok, err := compareOperand(c.operand, lhs, rhs)
	sc := shownCondition{Operand: c.operand, LHS: lhs.Go(), Result: ok}
	if c.rhs != nil {
		sc.RHS = rhs.Go()
	}
	*shown = append(*shown, sc)
	return ok, err
}

// evalSide evaluates one side of a comparison; a missing side is nil.
func (r *run) evalSide(in *formula.Input) (formula.Value, error) {
	if in == nil {
		return formula.Nil(), nil
	}
	return in.Eval(r, r.formulaOptions())
}

// compareOperand applies one of the operands that Workato's conditions
// offer; "equals_to" and "equals" alike, and each "not_" form.
func compareOperand(op string, lhs, rhs formula.Value) (bool, error) {
	switch op {
	case "present", "is_present", "is_not_empty":
		return present(lhs), nil
	case "blank", "not_present", "is_not_present", "is_empty":
		return !present(lhs), nil
	case "is_true", "true":
		return truthy(lhs), nil
	case "is_not_true", "false", "is_false":
		return !truthy(lhs), nil
	case "equals_to", "equals", "equal", "equal_to", "==":
		return equal(lhs, rhs), nil
	case "not_equals_to", "not_equals", "not_equal", "not_equal_to", "!=":
		return !equal(lhs, rhs), nil
	case "contains", "includes":
		return contains(lhs, rhs), nil
	case "not_contains", "does_not_contain", "not_includes":
		return !contains(lhs, rhs), nil
	case "starts_with":
		return strings.HasPrefix(lhs.String(), rhs.String()), nil
	case "not_starts_with", "does_not_start_with":
		return !strings.HasPrefix(lhs.String(), rhs.String()), nil
	case "ends_with":
		return strings.HasSuffix(lhs.String(), rhs.String()), nil
	case "not_ends_with", "does_not_end_with":
		return !strings.HasSuffix(lhs.String(), rhs.String()), nil
	case "greater_than", ">":
		c, ok := order(lhs, rhs)
		return ok && c > 0, nil
	case "less_than", "<":
		c, ok := order(lhs, rhs)
		return ok && c < 0, nil
	case "greater_than_or_equal", "greater_than_or_equal_to", "greater_or_equal", ">=":
		c, ok := order(lhs, rhs)
		return ok && c >= 0, nil
	case "less_than_or_equal", "less_than_or_equal_to", "less_or_equal", "<=":
		c, ok := order(lhs, rhs)
		return ok && c <= 0, nil
	}
	return false, stepFailed("unknown condition operand %q", op)
}

// present reports whether a value is present: not nil, not blank text,
// not an empty list or hash.
func present(v formula.Value) bool {
	switch v.Kind() {
	case formula.KindNil, formula.KindSkip, formula.KindClear:
		return false
	case formula.KindString:
		return strings.TrimSpace(v.AsString()) != ""
	case formula.KindList:
		return len(v.Items()) > 0
	case formula.KindHash:
		return v.AsHash().Len() > 0
	}
	return true
}

// equal compares two values; values of different kinds compare as text,
// as Workato's conditions compare the text of their sides.
func equal(a, b formula.Value) bool {
	if formula.Equal(a, b) {
		return true
	}
	if x, ok := number(a); ok {
		if y, ok := number(b); ok {
			return x == y
		}
	}
	return a.String() == b.String()
}

// contains reports whether a list holds b, or a's text holds b's.
func contains(a, b formula.Value) bool {
	if a.Kind() == formula.KindList {
		for _, item := range a.Items() {
			if equal(item, b) {
				return true
			}
		}
		return false
	}
	return strings.Contains(a.String(), b.String())
}

// order compares two values as numbers when both read as numbers, as
// times when both are dates or times, and as text otherwise.
func order(a, b formula.Value) (int, bool) {
	if x, ok := number(a); ok {
		if y, ok := number(b); ok {
			return cmp(x, y), true
		}
	}
	if ta, ok := timeOf(a); ok {
		if tb, ok := timeOf(b); ok {
			return ta.Compare(tb), true
		}
	}
	if a.IsNil() || b.IsNil() {
		return 0, false
	}
	return strings.Compare(a.String(), b.String()), true
}

func cmp(x, y float64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// number reads a value as a number: a number, or text that is one.
func number(v formula.Value) (float64, bool) {
	switch v.Kind() {
	case formula.KindInt, formula.KindFloat:
		return v.AsFloat(), true
	case formula.KindString:
		f, err := strconv.ParseFloat(strings.TrimSpace(v.AsString()), 64)
		return f, err == nil && !math.IsNaN(f)
	}
	return 0, false
}

// timeOf reads a value as a time: a date, a time, or ISO 8601 text.
func timeOf(v formula.Value) (time.Time, bool) {
	switch v.Kind() {
	case formula.KindDate, formula.KindTime:
		return v.AsTime(), true
	case formula.KindString:
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02"} {
			if t, err := time.Parse(layout, v.AsString()); err == nil {
				return t, true
			}
		}
	}
	return time.Time{}, false
}
