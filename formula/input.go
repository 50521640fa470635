package formula

import "strings"

// InputKind is the kind of a step's input value.
type InputKind uint8

// The kinds of input values.
const (
	InputLiteral      InputKind = iota // plain text
	InputInterpolated                  // text with #{…} expressions; evaluates to a string
	InputFormula                       // '=' and a formula
)

// Input is a parsed step input value, safe to evaluate from many goroutines.
type Input struct {
	kind  InputKind
	text  string
	parts []node // for InputInterpolated: literals and expressions in order
	expr  *Expr  // for InputFormula, or an interpolation of exactly one pill
	pills []Pill
}

// ParseInput classifies and parses a step's input value: a formula when it
// starts with '=', interpolated text when it holds #{…}, literal text
// otherwise. An input that is exactly one datapill (#{_dp('…')} alone)
// evaluates to the pill's value with its type. Error positions count from 1
// in text.
func ParseInput(text string) (*Input, error) {
	in := &Input{text: text}
	if strings.HasPrefix(text, "=") {
		e, err := parseAt(text[1:], 1)
		if err != nil {
			return nil, err
		}
		in.kind, in.expr, in.pills = InputFormula, e, e.pills
		return in, nil
	}
	if !strings.Contains(text, "#{") {
		return in, nil
	}
	in.kind = InputInterpolated
	p := &parser{pills: new([]Pill)}
	var lit strings.Builder
	for i := 0; i < len(text); i++ {
		if text[i] != '#' || i+1 >= len(text) || text[i+1] != '{' {
			lit.WriteByte(text[i])
			continue
		}
		end, err := skipInterpolation(text, i+2)
		if err != nil {
			return nil, errorf(CodeSyntax, i+1, "unterminated #{")
		}
		if lit.Len() > 0 {
			in.parts = append(in.parts, &litNode{String(lit.String())})
			lit.Reset()
		}
		n, err := p.subExpr(text[i+2:end-1], i+2)
		if err != nil {
			return nil, err
		}
		in.parts = append(in.parts, n)
		i = end - 1
	}
	if lit.Len() > 0 {
		in.parts = append(in.parts, &litNode{String(lit.String())})
	}
	in.pills = *p.pills
	if len(in.parts) == 1 {
		if pn, ok := in.parts[0].(*pillNode); ok {
			in.expr = &Expr{src: text, root: pn, pills: in.pills}
		}
	}
	return in, nil
}

// Kind returns the kind of the input.
func (in *Input) Kind() InputKind { return in.kind }

// Text returns the input as written.
func (in *Input) Text() string { return in.text }

// Expr returns the formula of a formula input, or nil.
func (in *Input) Expr() *Expr {
	if in.kind == InputFormula {
		return in.expr
	}
	return nil
}

// Pills returns the datapills the input refers to; the caller must not change them.
func (in *Input) Pills() []Pill { return in.pills }

// Eval evaluates the input: literal text as a string, interpolated text as
// a string (or the value of its one pill), a formula as its value.
func (in *Input) Eval(env Env, opt *Options) (Value, error) {
	switch {
	case in.expr != nil:
		return in.expr.Eval(env, opt)
	case in.kind == InputLiteral:
		return String(in.text), nil
	}
	s := newState(env, opt)
	v, err := (&interpNode{in.parts}).eval(s)
	s.release()
	return v, err
}
