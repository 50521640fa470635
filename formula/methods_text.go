package formula

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// strReplace makes gsub (every match) or sub (the first): the pattern is a
// regexp or literal text; the replacement is text, where \1 and \k<name>
// name groups, or a hash from matched text to its replacement.
func strReplace(all bool) methodFunc {
	return func(s *state, v Value, args []Value) (Value, error) {
		re, err := s.literalPattern(args[0])
		if err != nil {
			return Value{}, err
		}
		if len(args) < 2 {
			return Value{}, s.fail(CodeArgument, "wrong number of arguments (1 for 2)")
		}
		if err := s.charge(int64(len(v.str)) / 16); err != nil {
			return Value{}, err
		}
		n := -1
		if !all {
			n = 1
		}
		var out string
		switch args[1].kind {
		case KindString:
			tmpl := rubyTemplate(args[1].str)
			out = replaceN(re, v.str, n, func(m []int) string {
				return string(re.ExpandString(nil, tmpl, v.str, m))
			})
		case KindHash:
			h := args[1].AsHash()
			out = replaceN(re, v.str, n, func(m []int) string {
				r, _ := h.Get(v.str[m[0]:m[1]])
				return r.String()
			})
		default:
			return Value{}, s.fail(CodeArgument, "the replacement must be a String or a Hash")
		}
		return String(out), s.alloc(int64(len(out)))
	}
}

// replaceN replaces the first n matches (n < 0: all) by repl's text.
func replaceN(re *regexp.Regexp, src string, n int, repl func(m []int) string) string {
	var b strings.Builder
	last := 0
	for _, m := range re.FindAllStringSubmatchIndex(src, n) {
		b.WriteString(src[last:m[0]])
		b.WriteString(repl(m))
		last = m[1]
	}
	b.WriteString(src[last:])
	return b.String()
}

// rubyTemplate turns a Ruby replacement (\1, \0, \k<name>, \\) into the
// template of regexp.Expand.
func rubyTemplate(r string) string {
	var b strings.Builder
	for i := 0; i < len(r); i++ {
		c := r[i]
		switch {
		case c == '$':
			b.WriteString("$$")
		case c == '\\' && i+1 < len(r):
			d := r[i+1]
			switch {
			case d >= '0' && d <= '9':
				b.WriteString("${" + string(d) + "}")
				i++
			case d == '&':
				b.WriteString("${0}")
				i++
			case d == 'k' && i+2 < len(r) && r[i+2] == '<':
				end := strings.IndexByte(r[i+3:], '>')
				if end < 0 {
					b.WriteByte(c)
					continue
				}
				b.WriteString("${" + r[i+3:i+3+end] + "}")
				i += 3 + end
			case d == '\\':
				b.WriteByte('\\')
				i++
			default:
				b.WriteByte(c)
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// strSplit splits at a separator (text or regexp; by default runs of
// whitespace), dropping trailing empty fields as Ruby does.
func strSplit(s *state, v Value, args []Value) (Value, error) {
	if err := s.charge(int64(len(v.str)) / 16); err != nil {
		return Value{}, err
	}
	limit := -1
	if len(args) == 2 {
		l, err := s.argInt(args, 1)
		if err != nil {
			return Value{}, err
		}
		if l > 0 {
			limit = int(l)
		}
	}
	var parts []string
	switch {
	case len(args) == 0 || (args[0].kind == KindString && args[0].str == " "):
		parts = strings.Fields(v.str)
		if limit > 0 && len(parts) > limit {
			parts = append(parts[:limit-1], strings.Join(parts[limit-1:], " "))
		}
	case args[0].kind == KindString && args[0].str == "":
		for _, r := range v.str {
			parts = append(parts, string(r))
		}
	case args[0].kind == KindString:
		parts = strings.SplitN(v.str, args[0].str, limit)
	default:
		re, err := s.pattern(args[0])
		if err != nil {
			return Value{}, err
		}
		parts = re.Split(v.str, limit)
	}
	if limit < 0 {
		for len(parts) > 0 && parts[len(parts)-1] == "" {
			parts = parts[:len(parts)-1]
		}
	}
	out := make([]Value, len(parts))
	for i, p := range parts {
		out[i] = String(p)
	}
	return List(out...), s.alloc(int64(len(out))*valueSize + int64(len(v.str)))
}

// strTruncate cuts text to n characters, the omission ("..." by default) included.
func strTruncate(s *state, v Value, args []Value) (Value, error) {
	n, err := s.argInt(args, 0)
	if err != nil {
		return Value{}, err
	}
	omission := "..."
	if o := options(args); o != nil {
		if x, ok := o.Get("omission"); ok {
			omission = x.String()
		}
	}
	if int64(runeCount(v.str)) <= n {
		return v, nil
	}
	keep := n - int64(runeCount(omission))
	r := []rune(v.str)
	if keep < 0 {
		keep = 0
	}
	return String(string(r[:keep]) + omission), nil
}

// strJustify pads text to a width on the right (ljust) or the left (rjust).
func strJustify(left bool) methodFunc {
	return func(s *state, v Value, args []Value) (Value, error) {
		width, err := s.argInt(args, 0)
		if err != nil {
			return Value{}, err
		}
		pad := " "
		if len(args) == 2 {
			if pad, err = s.argString(args, 1); err != nil {
				return Value{}, err
			}
			if pad == "" {
				return Value{}, s.fail(CodeArgument, "zero width padding")
			}
		}
		n := int64(runeCount(v.str))
		if width <= n {
			return v, nil
		}
		if err := s.alloc((width - n) * int64(len(pad)) / int64(runeCount(pad))); err != nil {
			return Value{}, err
		}
		fill := []rune(strings.Repeat(pad, int((width-n)/int64(runeCount(pad)))+1))[:width-n]
		if left {
			return String(v.str + string(fill)), nil
		}
		return String(string(fill) + v.str), nil
	}
}

func strEncode(s *state, v Value, args []Value) (Value, error) {
	enc, err := s.argString(args, 0)
	if err != nil {
		return Value{}, err
	}
	switch strings.ToUpper(enc) {
	case "UTF-8", "BINARY", "ASCII-8BIT":
		return v, nil
	case "US-ASCII", "ASCII":
		return String(strings.Map(func(r rune) rune {
			if r >= utf8.RuneSelf {
				return '?'
			}
			return r
		}, v.str)), nil
	case "ISO-8859-1", "LATIN1":
		var b []byte
		for _, r := range v.str {
			if r > 255 {
				r = '?'
			}
			b = append(b, byte(r))
		}
		return String(string(b)), nil
	}
	return Value{}, s.fail(CodeArgument, "unsupported encoding %q", enc)
}

// latinASCII maps the accented Latin letters to ASCII, as transliterate does.
var latinASCII = strings.NewReplacer(
	"À", "A", "Á", "A", "Â", "A", "Ã", "A", "Ä", "A", "Å", "A", "Æ", "AE", "Ç", "C",
	"È", "E", "É", "E", "Ê", "E", "Ë", "E", "Ì", "I", "Í", "I", "Î", "I", "Ï", "I",
	"Ð", "D", "Ñ", "N", "Ò", "O", "Ó", "O", "Ô", "O", "Õ", "O", "Ö", "O", "Ø", "O",
	"Ù", "U", "Ú", "U", "Û", "U", "Ü", "U", "Ý", "Y", "Þ", "Th", "ß", "ss",
	"à", "a", "á", "a", "â", "a", "ã", "a", "ä", "a", "å", "a", "æ", "ae", "ç", "c",
	"è", "e", "é", "e", "ê", "e", "ë", "e", "ì", "i", "í", "i", "î", "i", "ï", "i",
	"ð", "d", "ñ", "n", "ò", "o", "ó", "o", "ô", "o", "õ", "o", "ö", "o", "ø", "o",
	"ù", "u", "ú", "u", "û", "u", "ü", "u", "ý", "y", "þ", "th", "ÿ", "y",
	"Ā", "A", "ā", "a", "Ă", "A", "ă", "a", "Ą", "A", "ą", "a", "Ć", "C", "ć", "c",
	"Č", "C", "č", "c", "Ď", "D", "ď", "d", "Đ", "D", "đ", "d", "Ē", "E", "ē", "e",
	"Ę", "E", "ę", "e", "Ě", "E", "ě", "e", "Ğ", "G", "ğ", "g", "Ī", "I", "ī", "i",
	"İ", "I", "ı", "i", "Ł", "L", "ł", "l", "Ń", "N", "ń", "n", "Ň", "N", "ň", "n",
	"Ō", "O", "ō", "o", "Ő", "O", "ő", "o", "Œ", "OE", "œ", "oe", "Ř", "R", "ř", "r",
	"Ś", "S", "ś", "s", "Ş", "S", "ş", "s", "Š", "S", "š", "s", "Ţ", "T", "ţ", "t",
	"Ť", "T", "ť", "t", "Ū", "U", "ū", "u", "Ů", "U", "ů", "u", "Ű", "U", "ű", "u",
	"Ź", "Z", "ź", "z", "Ż", "Z", "ż", "z", "Ž", "Z", "ž", "z",
)

// transliterate replaces accented Latin letters by ASCII and other non-ASCII characters by '?'.
func transliterate(t string) string {
	t = latinASCII.Replace(t)
	return strings.Map(func(r rune) rune {
		if r >= utf8.RuneSelf {
			return '?'
		}
		return r
	}, t)
}
