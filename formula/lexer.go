package formula

import (
	"strings"
)

// tokKind is the kind of a token.
type tokKind uint8

const (
	tEOF tokKind = iota
	tIdent
	tInt
	tFloat
	tString  // single-quoted: text is the value
	tDString // double-quoted: text is the raw body, escapes and #{} unread
	tRegexp  // text is the pattern, flags holds the options
	tSymbol  // :name, text is the name
	tOp      // operators and punctuation: text is the operator
)

// token is one lexed token. pos is its byte offset in the text.
type token struct {
	kind        tokKind
	text        string
	flags       string
	pos         int
	end         int
	spaceBefore bool
}

// lexer reads tokens from src one at a time, so that a parser can stop at
// the '}' that ends an interpolation.
type lexer struct {
	src  string
	i    int
	base int // the offset of src in the text positions refer to
	prev token
}

// operators lists the operators, longest first.
var operators = []string{"<=>", "...", "**", "==", "!=", "<=", ">=", "=~", "!~", "&&", "||", "&.", "=>", "..",
	"+", "-", "*", "/", "%", "<", ">", "!", "?", ":", ".", ",", "(", ")", "[", "]", "{", "}"}

func isIdentStart(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isIdentChar(c byte) bool  { return isIdentStart(c) || isDigit(c) }
func isDigit(c byte) bool      { return c >= '0' && c <= '9' }

// endsOperand reports whether t ends an operand, after which '/' divides.
func (t token) endsOperand() bool {
	switch t.kind {
	case tIdent, tInt, tFloat, tString, tDString, tRegexp, tSymbol:
		return true
	case tOp:
		return t.text == ")" || t.text == "]" || t.text == "}"
	}
	return false
}

func (l *lexer) errAt(i int, format string, args ...any) *Error {
	return errorf(CodeSyntax, l.base+i+1, format, args...)
}

// next returns the next token.
func (l *lexer) next() (token, error) {
	start := l.i
	for l.i < len(l.src) && strings.IndexByte(" \t\r\n", l.src[l.i]) >= 0 {
		l.i++
	}
	t := token{pos: l.i, spaceBefore: l.i > start || l.i == 0}
	if l.i >= len(l.src) {
		t.kind, t.end = tEOF, l.i
		return t, nil
	}
	c := l.src[l.i]
	switch {
	case isIdentStart(c):
		j := l.i + 1
		for j < len(l.src) && isIdentChar(l.src[j]) {
			j++
		}
		// A trailing ? or ! belongs to the name unless it starts != or ?:.
		if j < len(l.src) && (l.src[j] == '?' || l.src[j] == '!') && !(j+1 < len(l.src) && l.src[j+1] == '=') {
			j++
		}
		t.kind, t.text = tIdent, l.src[l.i:j]
		l.i = j
	case isDigit(c):
		if err := l.number(&t); err != nil {
			return t, err
		}
	case c == '\'':
		s, end, err := l.singleQuoted(l.i)
		if err != nil {
			return t, err
		}
		t.kind, t.text = tString, s
		l.i = end
	case c == '"':
		end, err := skipDoubleQuoted(l.src, l.i+1)
		if err != nil {
			return t, l.errAt(l.i, "unterminated string")
		}
		t.kind, t.text = tDString, l.src[l.i+1:end-1]
		l.i = end
	case c == '/' && l.regexpAllowed(t):
		if err := l.regexp(&t); err != nil {
			return t, err
		}
	case c == ':' && l.i+1 < len(l.src) && isIdentStart(l.src[l.i+1]) && !l.prev.endsOperand():
		j := l.i + 2
		for j < len(l.src) && isIdentChar(l.src[j]) {
			j++
		}
		if j < len(l.src) && (l.src[j] == '?' || l.src[j] == '!') {
			j++
		}
		t.kind, t.text = tSymbol, l.src[l.i+1:j]
		l.i = j
	default:
		for _, op := range operators {
			if strings.HasPrefix(l.src[l.i:], op) {
				t.kind, t.text = tOp, op
				l.i += len(op)
				t.end = l.i
				l.prev = t
				return t, nil
			}
		}
		return t, l.errAt(l.i, "unexpected character %q", c)
	}
	t.end = l.i
	l.prev = t
	return t, nil
}

// regexpAllowed reports whether a '/' at the lexer's place starts a regexp:
// where no operand precedes it, or after a method name as in `gsub /a/, ”`.
func (l *lexer) regexpAllowed(t token) bool {
	if !l.prev.endsOperand() {
		return true
	}
	return l.prev.kind == tIdent && t.spaceBefore && l.i+1 < len(l.src) && l.src[l.i+1] != ' '
}

func (l *lexer) number(t *token) error {
	j := l.i
	for j < len(l.src) && (isDigit(l.src[j]) || l.src[j] == '_') {
		j++
	}
	t.kind = tInt
	if j+1 < len(l.src) && l.src[j] == '.' && isDigit(l.src[j+1]) {
		t.kind = tFloat
		j++
		for j < len(l.src) && (isDigit(l.src[j]) || l.src[j] == '_') {
			j++
		}
	}
	if j < len(l.src) && (l.src[j] == 'e' || l.src[j] == 'E') {
		k := j + 1
		if k < len(l.src) && (l.src[k] == '+' || l.src[k] == '-') {
			k++
		}
		if k < len(l.src) && isDigit(l.src[k]) {
			t.kind = tFloat
			for j = k; j < len(l.src) && isDigit(l.src[j]); j++ {
			}
		}
	}
	if j < len(l.src) && isIdentStart(l.src[j]) {
		return l.errAt(j, "unexpected %q after a number", l.src[j])
	}
	t.text = strings.ReplaceAll(l.src[l.i:j], "_", "")
	l.i = j
	return nil
}

// singleQuoted reads a '…' string starting at i: only \' and \\ are escapes.
func (l *lexer) singleQuoted(i int) (string, int, error) {
	var b strings.Builder
	for j := i + 1; j < len(l.src); j++ {
		switch c := l.src[j]; c {
		case '\'':
			return b.String(), j + 1, nil
		case '\\':
			if j+1 < len(l.src) && (l.src[j+1] == '\'' || l.src[j+1] == '\\') {
				j++
				b.WriteByte(l.src[j])
				continue
			}
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return "", 0, l.errAt(i, "unterminated string")
}

func (l *lexer) regexp(t *token) error {
	var b strings.Builder
	for j := l.i + 1; j < len(l.src); j++ {
		c := l.src[j]
		if c == '\\' && j+1 < len(l.src) {
			if l.src[j+1] != '/' {
				b.WriteByte(c)
			}
			j++
			b.WriteByte(l.src[j])
			continue
		}
		if c == '/' {
			k := j + 1
			for k < len(l.src) && strings.IndexByte("imxuno", l.src[k]) >= 0 {
				k++
			}
			t.kind, t.text, t.flags = tRegexp, b.String(), l.src[j+1:k]
			l.i = k
			return nil
		}
		b.WriteByte(c)
	}
	return l.errAt(l.i, "unterminated regexp")
}

// skipDoubleQuoted returns the offset just past the '"' that closes a string
// whose body starts at i, stepping over escapes and #{…} interpolations.
func skipDoubleQuoted(src string, i int) (int, error) {
	for i < len(src) {
		switch src[i] {
		case '\\':
			i += 2
		case '"':
			return i + 1, nil
		case '#':
			if i+1 < len(src) && src[i+1] == '{' {
				end, err := skipInterpolation(src, i+2)
				if err != nil {
					return 0, err
				}
				i = end
				continue
			}
			i++
		default:
			i++
		}
	}
	return 0, errUnterminated
}

var errUnterminated = &Error{Code: CodeSyntax, Message: "unterminated"}

// skipInterpolation returns the offset just past the '}' that closes an
// interpolation whose expression starts at i, stepping over strings and
// nested braces.
func skipInterpolation(src string, i int) (int, error) {
	depth := 0
	for i < len(src) {
		switch src[i] {
		case '{':
			depth++
		case '}':
			if depth == 0 {
				return i + 1, nil
			}
			depth--
		case '"':
			end, err := skipDoubleQuoted(src, i+1)
			if err != nil {
				return 0, err
			}
			i = end
			continue
		case '\'':
			j := i + 1
			for j < len(src) && src[j] != '\'' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(src) {
				return 0, errUnterminated
			}
			i = j + 1
			continue
		}
		i++
	}
	return 0, errUnterminated
}
