package formula

import (
	"strconv"
	"strings"
)

// Expr is a parsed formula, safe to evaluate from many goroutines at once.
type Expr struct {
	src   string
	root  node
	pills []Pill
}

// Source returns the formula's text.
func (e *Expr) Source() string { return e.src }

// Pills returns the datapills the formula refers to, in order of appearance;
// the caller must not change them.
func (e *Expr) Pills() []Pill { return e.pills }

// Parse parses a formula (without its leading '='). Syntax errors, unknown
// methods, methods called with a number of arguments no receiver accepts and
// unreadable datapills are all reported here, as an *Error.
func Parse(src string) (*Expr, error) {
	return parseAt(src, 0)
}

func parseAt(src string, base int) (*Expr, error) {
	p := &parser{lx: lexer{src: src, base: base}, pills: new([]Pill)}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.tok.kind == tEOF {
		return nil, p.errHere("empty formula")
	}
	root, err := p.expr()
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tEOF {
		return nil, p.errHere("unexpected %s", p.describe())
	}
	return &Expr{src: src, root: root, pills: *p.pills}, nil
}

// parser is a recursive-descent parser over a lexer, one token ahead.
type parser struct {
	lx    lexer
	tok   token
	pills *[]Pill
	depth int
}

// maxDepth bounds the nesting of a formula, so parsing cannot exhaust the stack.
const maxDepth = 200

func (p *parser) advance() error {
	t, err := p.lx.next()
	if err != nil {
		return err
	}
	p.tok = t
	return nil
}

// pos returns the position of the current token, from 1.
func (p *parser) pos() int { return p.lx.base + p.tok.pos + 1 }

func (p *parser) errHere(format string, args ...any) *Error {
	return errorf(CodeSyntax, p.pos(), format, args...)
}

func (p *parser) describe() string {
	switch p.tok.kind {
	case tEOF:
		return "end of formula"
	case tOp:
		return "'" + p.tok.text + "'"
	case tString, tDString:
		return "string"
	}
	return "'" + p.tok.text + "'"
}

func (p *parser) is(op string) bool { return p.tok.kind == tOp && p.tok.text == op }

func (p *parser) expect(op string) error {
	if !p.is(op) {
		return p.errHere("expected '%s', found %s", op, p.describe())
	}
	return p.advance()
}

// expr parses a whole expression: the ternary level.
func (p *parser) expr() (node, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		return nil, p.errHere("formula nested too deeply")
	}
	cond, err := p.rangeExpr()
	if err != nil || !p.is("?") {
		return cond, err
	}
	if err := p.advance(); err != nil {
		return nil, err
	}
	then, err := p.expr()
	if err != nil {
		return nil, err
	}
	if err := p.expect(":"); err != nil {
		return nil, err
	}
	els, err := p.expr()
	if err != nil {
		return nil, err
	}
	return &condNode{cond, then, els}, nil
}

func (p *parser) rangeExpr() (node, error) {
	lo, err := p.orExpr()
	if err != nil || !(p.is("..") || p.is("...")) {
		return lo, err
	}
	pos, excl := p.pos(), p.tok.text == "..."
	if err := p.advance(); err != nil {
		return nil, err
	}
	hi, err := p.orExpr()
	if err != nil {
		return nil, err
	}
	return &rangeNode{lo: lo, hi: hi, exclusive: excl, pos: pos}, nil
}

func (p *parser) orExpr() (node, error) {
	l, err := p.andExpr()
	for err == nil && p.is("||") {
		var r node
		if err = p.advance(); err == nil {
			r, err = p.andExpr()
			l = &orNode{l, r}
		}
	}
	return l, err
}

func (p *parser) andExpr() (node, error) {
	l, err := p.binary(0)
	for err == nil && p.is("&&") {
		var r node
		if err = p.advance(); err == nil {
			r, err = p.binary(0)
			l = &andNode{l, r}
		}
	}
	return l, err
}

// binaryLevels lists the left-associative binary operators, loosest first.
var binaryLevels = [][]string{
	{"==", "!=", "=~", "!~", "<=>"},
	{"<", "<=", ">", ">="},
	{"+", "-"},
	{"*", "/", "%"},
}

func (p *parser) binary(level int) (node, error) {
	if level == len(binaryLevels) {
		return p.unaryMinus()
	}
	l, err := p.binary(level + 1)
	for err == nil && p.tok.kind == tOp && contains(binaryLevels[level], p.tok.text) {
		op, pos := p.tok.text, p.pos()
		var r node
		if err = p.advance(); err == nil {
			r, err = p.binary(level + 1)
			l = &binNode{op: op, l: l, r: r, pos: pos}
		}
	}
	return l, err
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

func (p *parser) unaryMinus() (node, error) {
	if !p.is("-") {
		return p.power()
	}
	pos, minusAt := p.pos(), p.tok.pos
	if err := p.advance(); err != nil {
		return nil, err
	}
	if (p.tok.kind == tInt || p.tok.kind == tFloat) && p.tok.pos == minusAt+1 &&
		!strings.HasPrefix(strings.TrimLeft(p.lx.src[p.tok.end:], " \t"), "**") {
		// Ruby reads -2 ** 2 as -(2 ** 2), so a literal followed by ** keeps its sign apart.
		// A minus sign written against a number is part of the literal: -2.abs is 2.
		p.tok.text = "-" + p.tok.text
		return p.power()
	}
	x, err := p.unaryMinus()
	if err != nil {
		return nil, err
	}
	return &negNode{x: x, pos: pos}, nil
}

func (p *parser) power() (node, error) {
	base, err := p.unary()
	if err != nil || !p.is("**") {
		return base, err
	}
	pos := p.pos()
	if err := p.advance(); err != nil {
		return nil, err
	}
	exp, err := p.unaryMinus()
	if err != nil {
		return nil, err
	}
	return &binNode{op: "**", l: base, r: exp, pos: pos}, nil
}

func (p *parser) unary() (node, error) {
	switch {
	case p.is("!"):
		if err := p.advance(); err != nil {
			return nil, err
		}
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &notNode{x}, nil
	case p.is("+"):
		if err := p.advance(); err != nil {
			return nil, err
		}
		return p.unary()
	}
	return p.postfix()
}

// postfix parses a primary followed by method calls and indexes.
func (p *parser) postfix() (node, error) {
	x, err := p.primary()
	if err != nil {
		return nil, err
	}
	for {
		switch {
		case p.is(".") || p.is("&."):
			safe := p.tok.text == "&."
			if err := p.advance(); err != nil {
				return nil, err
			}
			var command bool
			x, command, err = p.methodCall(x, safe)
			if err != nil || command {
				return x, err
			}
		case p.is("[") && !p.tok.spaceBefore:
			pos := p.pos()
			if err := p.advance(); err != nil {
				return nil, err
			}
			args, err := p.args("]")
			if err != nil {
				return nil, err
			}
			if len(args) < 1 || len(args) > 2 {
				return nil, errorf(CodeSyntax, pos, "an index takes 1 or 2 arguments")
			}
			x = &indexNode{x: x, args: args, pos: pos}
		default:
			return x, nil
		}
	}
}

// methodCall parses the name and arguments after a '.'; command reports a
// call whose arguments came without parentheses, which ends the chain.
func (p *parser) methodCall(recv node, safe bool) (node, bool, error) {
	if p.tok.kind != tIdent {
		return nil, false, p.errHere("expected a method name, found %s", p.describe())
	}
	name, pos := p.tok.text, p.pos()
	entry := lookupMethod(name)
	if entry == nil {
		return nil, false, &Error{Code: CodeUnknownMethod, Pos: pos, Method: name,
			Message: "unknown method '" + name + "'"}
	}
	if err := p.advance(); err != nil {
		return nil, false, err
	}
	var args []node
	var err error
	command := false
	switch {
	case p.is("(") && !p.tok.spaceBefore:
		if err := p.advance(); err != nil {
			return nil, false, err
		}
		args, err = p.args(")")
	case p.tok.spaceBefore && p.startsCommandArg():
		command = true
		args, err = p.argList(func() bool { return false })
	}
	if err != nil {
		return nil, false, err
	}
	if !entry.accepts(len(args)) {
		return nil, false, &Error{Code: CodeBadArity, Pos: pos, Method: name,
			Message: "wrong number of arguments (" + strconv.Itoa(len(args)) + ") for '" + name + "'"}
	}
	return &callNode{recv: recv, name: name, entry: entry, args: args, safe: safe, pos: pos}, command, nil
}

// startsCommandArg reports whether the token begins an argument of a call
// written without parentheses, as in `x.include? "a"`.
func (p *parser) startsCommandArg() bool {
	switch p.tok.kind {
	case tString, tDString, tInt, tFloat, tRegexp, tSymbol:
		return true
	case tIdent:
		return true
	}
	return false
}

// args parses a comma-separated argument list up to and including close.
func (p *parser) args(close string) ([]node, error) {
	args, err := p.argList(func() bool { return p.is(close) })
	if err != nil {
		return nil, err
	}
	return args, p.expect(close)
}

// argList parses arguments until done reports true or no comma follows.
// Labelled arguments (key: v, 'key': v, k => v) gather into one trailing hash.
func (p *parser) argList(done func() bool) ([]node, error) {
	var args []node
	var hash *hashNode
	for !done() {
		k, v, labelled, err := p.argOrPair()
		if err != nil {
			return nil, err
		}
		if labelled {
			if hash == nil {
				hash = &hashNode{}
			}
			hash.keys, hash.vals = append(hash.keys, k), append(hash.vals, v)
		} else {
			if hash != nil {
				return nil, p.errHere("positional argument after a labelled one")
			}
			args = append(args, v)
		}
		if !p.is(",") {
			break
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
	}
	if hash != nil {
		args = append(args, hash)
	}
	return args, nil
}

// argOrPair parses one argument, or one key: value or key => value pair.
func (p *parser) argOrPair() (key, val node, pair bool, err error) {
	if key, ok, err := p.label(); err != nil || ok {
		if err != nil {
			return nil, nil, false, err
		}
		val, err := p.expr()
		return key, val, true, err
	}
	val, err = p.expr()
	if err != nil || !p.is("=>") {
		return nil, val, false, err
	}
	if err := p.advance(); err != nil {
		return nil, nil, false, err
	}
	v, err := p.expr()
	return val, v, true, err
}

// label reads `name:` or `'name':` and returns the key as a string literal.
func (p *parser) label() (node, bool, error) {
	t := p.tok
	if t.kind != tIdent && t.kind != tString && t.kind != tDString {
		return nil, false, nil
	}
	src := p.lx.src
	if t.end >= len(src) || src[t.end] != ':' || (t.end+1 < len(src) && src[t.end+1] == ':') {
		return nil, false, nil
	}
	key := t.text
	if t.kind == tDString {
		k, err := p.dstring(t)
		if err != nil {
			return nil, false, err
		}
		key2, ok := k.(*litNode)
		if !ok {
			return nil, false, p.errHere("a label cannot interpolate")
		}
		key = key2.v.str
	}
	if err := p.advance(); err != nil { // the key
		return nil, false, err
	}
	if err := p.expect(":"); err != nil {
		return nil, false, err
	}
	return &litNode{String(key)}, true, nil
}
