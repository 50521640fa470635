package formula

import (
	"regexp"
	"strconv"
	"strings"
)

// primary parses a literal, a name, a datapill, or a parenthesised,
// list or hash expression.
func (p *parser) primary() (node, error) {
	t := p.tok
	pos := p.pos()
	switch t.kind {
	case tInt:
		i, err := strconv.ParseInt(t.text, 10, 64)
		if err != nil {
			return nil, p.errHere("integer %s out of range", t.text)
		}
		return p.literal(Int(i))
	case tFloat:
		f, err := strconv.ParseFloat(t.text, 64)
		if err != nil {
			return nil, p.errHere("bad number %s", t.text)
		}
		return p.literal(Float(f))
	case tString, tSymbol:
		return p.literal(String(t.text))
	case tDString:
		n, err := p.dstring(t)
		if err != nil {
			return nil, err
		}
		return n, p.advance()
	case tRegexp:
		re, err := compileRegexp(t.text, t.flags)
		if err != nil {
			return nil, errorf(CodeSyntax, pos, "bad regexp: %v", err)
		}
		return p.literal(regexpValue(re))
	case tIdent:
		return p.name()
	case tEOF:
		return nil, p.errHere("unexpected end of formula")
	}
	switch t.text {
	case "(":
		if err := p.advance(); err != nil {
			return nil, err
		}
		x, err := p.expr()
		if err != nil {
			return nil, err
		}
		return x, p.expect(")")
	case "[":
		if err := p.advance(); err != nil {
			return nil, err
		}
		items, err := p.args("]")
		if err != nil {
			return nil, err
		}
		return &listNode{items}, nil
	case "{":
		if err := p.advance(); err != nil {
			return nil, err
		}
		h := &hashNode{}
		for !p.is("}") {
			k, v, pair, err := p.argOrPair()
			if err != nil {
				return nil, err
			}
			if !pair {
				return nil, p.errHere("expected key: value or key => value in a hash")
			}
			h.keys, h.vals = append(h.keys, k), append(h.vals, v)
			if !p.is(",") {
				break
			}
			if err := p.advance(); err != nil {
				return nil, err
			}
		}
		return h, p.expect("}")
	}
	return nil, p.errHere("unexpected %s", p.describe())
}

func (p *parser) literal(v Value) (node, error) {
	return &litNode{v}, p.advance()
}

// name parses a keyword, a function or a datapill.
func (p *parser) name() (node, error) {
	name, pos := p.tok.text, p.pos()
	switch name {
	case "nil", "null":
		return p.literal(Nil())
	case "true":
		return p.literal(Bool(true))
	case "false":
		return p.literal(Bool(false))
	case "skip":
		return p.literal(Skip())
	case "clear":
		return p.literal(Clear())
	case "now":
		return &nowNode{}, p.advance()
	case "today":
		return &todayNode{}, p.advance()
	case "_dp", "_":
		return p.pill(name, pos)
	}
	if fn, ok := functions[name]; ok {
		if err := p.advance(); err != nil {
			return nil, err
		}
		if p.is("(") && !p.tok.spaceBefore {
			if err := p.advance(); err != nil {
				return nil, err
			}
			if err := p.expect(")"); err != nil {
				return nil, err
			}
		}
		return &funcNode{name: name, fn: fn}, nil
	}
	return nil, &Error{Code: CodeUnknownMethod, Pos: pos, Method: name, Message: "unknown name '" + name + "'"}
}

// pill parses _dp('<json>') or _('data.<provider>.<line>.<path>').
func (p *parser) pill(name string, pos int) (node, error) {
	if err := p.advance(); err != nil {
		return nil, err
	}
	if err := p.expect("("); err != nil {
		return nil, err
	}
	var text string
	switch p.tok.kind {
	case tString:
		text = p.tok.text
	case tDString:
		n, err := p.dstring(p.tok)
		lit, ok := n.(*litNode)
		if err != nil || !ok {
			return nil, p.errHere("a datapill takes a string literal")
		}
		text = lit.v.str
	default:
		return nil, p.errHere("a datapill takes a string literal")
	}
	var pill Pill
	var err error
	if name == "_dp" {
		pill, err = parseDP(text, pos)
	} else {
		pill, err = parseLegacyPill(text, pos)
	}
	if err != nil {
		return nil, err
	}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if err := p.expect(")"); err != nil {
		return nil, err
	}
	slot := len(*p.pills)
	for i, q := range *p.pills {
		if q.Type == pill.Type && q.String() == pill.String() {
			slot = i
			break
		}
	}
	*p.pills = append(*p.pills, pill)
	return &pillNode{pill: pill, slot: slot}, nil
}

// dstring parses the body of a double-quoted string token: its escapes and
// its #{…} interpolations.
func (p *parser) dstring(t token) (node, error) {
	body, bodyAt := t.text, p.lx.base+t.pos+1
	var parts []node
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case c == '\\' && i+1 < len(body):
			i++
			if err := unescape(body, &i, &b); err != nil {
				return nil, errorf(CodeSyntax, bodyAt+i+1, "bad \\u escape")
			}
		case c == '#' && i+1 < len(body) && body[i+1] == '{':
			end, err := skipInterpolation(body, i+2)
			if err != nil {
				return nil, errorf(CodeSyntax, bodyAt+i+1, "unterminated interpolation")
			}
			if b.Len() > 0 {
				parts = append(parts, &litNode{String(b.String())})
				b.Reset()
			}
			sub, err := p.subExpr(body[i+2:end-1], bodyAt+i+2)
			if err != nil {
				return nil, err
			}
			parts = append(parts, sub)
			i = end - 1
		default:
			b.WriteByte(c)
		}
	}
	if len(parts) == 0 {
		return &litNode{String(b.String())}, nil
	}
	if b.Len() > 0 {
		parts = append(parts, &litNode{String(b.String())})
	}
	return &interpNode{parts}, nil
}

// subExpr parses an interpolated expression at base, sharing the datapills.
func (p *parser) subExpr(src string, base int) (node, error) {
	sub := &parser{lx: lexer{src: src, base: base}, pills: p.pills, depth: p.depth + 1}
	if err := sub.advance(); err != nil {
		return nil, err
	}
	if sub.tok.kind == tEOF {
		return &litNode{String("")}, nil
	}
	n, err := sub.expr()
	if err != nil {
		return nil, err
	}
	if sub.tok.kind != tEOF {
		return nil, sub.errHere("unexpected %s", sub.describe())
	}
	return n, nil
}

// unescape writes the character of the escape at body[*i] (just past the
// backslash) and leaves *i on its last byte.
func unescape(body string, i *int, b *strings.Builder) error {
	c := body[*i]
	switch c {
	case 'n':
		b.WriteByte('\n')
	case 't':
		b.WriteByte('\t')
	case 'r':
		b.WriteByte('\r')
	case 's':
		b.WriteByte(' ')
	case '0':
		b.WriteByte(0)
	case 'e':
		b.WriteByte(27)
	case 'a':
		b.WriteByte(7)
	case 'b':
		b.WriteByte(8)
	case 'f':
		b.WriteByte(12)
	case 'v':
		b.WriteByte(11)
	case 'u':
		j := *i + 1
		if j < len(body) && body[j] == '{' {
			end := strings.IndexByte(body[j:], '}')
			if end < 0 {
				return errBadEscape
			}
			r, err := strconv.ParseUint(body[j+1:j+end], 16, 32)
			if err != nil {
				return errBadEscape
			}
			b.WriteRune(rune(r))
			*i = j + end
			return nil
		}
		if j+4 > len(body) {
			return errBadEscape
		}
		r, err := strconv.ParseUint(body[j:j+4], 16, 32)
		if err != nil {
			return errBadEscape
		}
		b.WriteRune(rune(r))
		*i = j + 3
	default:
		b.WriteByte(c)
	}
	return nil
}

var errBadEscape = errorf(CodeSyntax, 0, "bad \\u escape")

// compileRegexp compiles a Ruby regexp literal as RE2: ^ and $ match at line
// ends as in Ruby, and Ruby's m flag (dot matches newline) becomes s.
func compileRegexp(pattern, flags string) (*regexp.Regexp, error) {
	goFlags := "m"
	for _, f := range flags {
		switch f {
		case 'i':
			goFlags += "i"
		case 'm':
			goFlags += "s"
		case 'x':
			return nil, errorf(CodeSyntax, 0, "the x flag is not supported")
		}
	}
	pattern = strings.NewReplacer(`\h`, `[0-9a-fA-F]`, `\Z`, `\z`).Replace(pattern)
	return regexp.Compile("(?" + goFlags + ")" + pattern)
}
