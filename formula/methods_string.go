package formula

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// stringMethods apply to strings.
var stringMethods = methodTable{
	"upcase":        {0, 0, strMap(strings.ToUpper)},
	"downcase":      {0, 0, strMap(strings.ToLower)},
	"capitalize":    {0, 0, strMap(capitalize)},
	"swapcase":      {0, 0, strMap(swapcase)},
	"titleize":      {0, 0, strMap(titleize)},
	"strip":         {0, 0, strMap(strings.TrimSpace)},
	"lstrip":        {0, 0, strMap(func(t string) string { return strings.TrimLeft(t, " \t\n\v\f\r\x00") })},
	"rstrip":        {0, 0, strMap(func(t string) string { return strings.TrimRight(t, " \t\n\v\f\r\x00") })},
	"squish":        {0, 0, strMap(func(t string) string { return strings.Join(strings.Fields(t), " ") })},
	"reverse":       {0, 0, strMap(reverseString)},
	"strip_tags":    {0, 0, strMap(stripTags)},
	"scrub":         {0, 0, strMap(func(t string) string { return strings.ToValidUTF8(t, "\uFFFD") })},
	"quote":         {0, 0, strMap(func(t string) string { return strings.ReplaceAll(t, "'", "''") })},
	"parameterize":  {0, 1, strParameterize},
	"length":        {0, 0, strLength},
	"size":          {0, 0, strLength},
	"bytesize":      {0, 0, func(s *state, v Value, _ []Value) (Value, error) { return Int(int64(len(v.str))), nil }},
	"bytes":         {0, 0, strBytes},
	"byteslice":     {1, 2, strByteslice},
	"chars":         {0, 0, strChars},
	"include?":      {1, 1, strTest(strings.Contains)},
	"exclude?":      {1, 1, strTest(func(a, b string) bool { return !strings.Contains(a, b) })},
	"starts_with?":  {1, -1, strPrefix(strings.HasPrefix)},
	"start_with?":   {1, -1, strPrefix(strings.HasPrefix)},
	"ends_with?":    {1, -1, strPrefix(strings.HasSuffix)},
	"end_with?":     {1, -1, strPrefix(strings.HasSuffix)},
	"match?":        {1, 1, strMatchQ},
	"scan":          {1, 1, strScan},
	"gsub":          {1, 2, strReplace(true)},
	"sub":           {1, 2, strReplace(false)},
	"split":         {0, 2, strSplit},
	"slice":         {1, 2, func(s *state, v Value, a []Value) (Value, error) { return s.index(v, a) }},
	"first":         {0, 1, strEnd(true)},
	"last":          {0, 1, strEnd(false)},
	"truncate":      {1, 2, strTruncate},
	"ljust":         {1, 2, strJustify(true)},
	"rjust":         {1, 2, strJustify(false)},
	"index":         {1, 1, strIndex},
	"encode":        {1, 1, strEncode},
	"transliterate": {0, 0, strMap(transliterate)},
}

// strMap makes a method that maps the receiver's text by f.
func strMap(f func(string) string) methodFunc {
	return func(s *state, v Value, _ []Value) (Value, error) {
		if err := s.charge(int64(len(v.str)) / 64); err != nil {
			return Value{}, err
		}
		out := f(v.str)
		return String(out), s.alloc(int64(len(out)))
	}
}

// argString returns argument i as text, or fails.
func (s *state) argString(args []Value, i int) (string, error) {
	if args[i].kind != KindString {
		return "", s.fail(CodeArgument, "argument %d must be a String, not %s", i+1, args[i].kind)
	}
	return args[i].str, nil
}

// argInt returns argument i as an integer, or fails.
func (s *state) argInt(args []Value, i int) (int64, error) {
	switch args[i].kind {
	case KindInt:
		return args[i].num, nil
	case KindFloat:
		return int64(args[i].AsFloat()), nil
	}
	return 0, s.fail(CodeArgument, "argument %d must be an Integer, not %s", i+1, args[i].kind)
}

// options returns the trailing hash of labelled arguments, or nil.
func options(args []Value) *Hash {
	if n := len(args); n > 0 && args[n-1].kind == KindHash {
		return args[n-1].AsHash()
	}
	return nil
}

func runeCount(t string) int { return utf8.RuneCountInString(t) }

func containsString(a, b string) bool { return strings.Contains(a, b) }

func capitalize(t string) string {
	r, n := utf8.DecodeRuneInString(t)
	if n == 0 {
		return t
	}
	return string(unicode.ToUpper(r)) + strings.ToLower(t[n:])
}

func swapcase(t string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsUpper(r) {
			return unicode.ToLower(r)
		}
		return unicode.ToUpper(r)
	}, t)
}

// titleize capitalizes every word, treating underscores and dashes as spaces
// the way ActiveSupport does ("jacob_lee" becomes "Jacob Lee").
func titleize(t string) string {
	t = strings.ReplaceAll(strings.TrimSuffix(t, "_id"), "_", " ")
	words := strings.Split(t, " ")
	for i, w := range words {
		words[i] = capitalizeWord(w)
	}
	return strings.Join(words, " ")
}

func capitalizeWord(w string) string {
	r, n := utf8.DecodeRuneInString(w)
	if n == 0 {
		return w
	}
	return string(unicode.ToUpper(r)) + strings.ToLower(w[n:])
}

func reverseString(t string) string {
	r := []rune(t)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

var tagPattern = regexp.MustCompile(`<[^>]*>`)

func stripTags(t string) string { return tagPattern.ReplaceAllString(t, "") }

func strParameterize(s *state, v Value, args []Value) (Value, error) {
	sep := "-"
	if len(args) == 1 && args[0].kind == KindString {
		sep = args[0].str
	} else if o := options(args); o != nil {
		if x, ok := o.Get("separator"); ok {
			sep = x.String()
		}
	}
	var b strings.Builder
	pending := false
	for _, r := range transliterate(v.str) {
		if r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '-' && sep != "-") {
			if pending && b.Len() > 0 {
				b.WriteString(sep)
			}
			pending = false
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		pending = true
	}
	return String(b.String()), nil
}

func strLength(s *state, v Value, _ []Value) (Value, error) { return Int(int64(runeCount(v.str))), nil }

func strBytes(s *state, v Value, _ []Value) (Value, error) {
	if err := s.alloc(int64(len(v.str)) * valueSize); err != nil {
		return Value{}, err
	}
	out := make([]Value, len(v.str))
	for i := 0; i < len(v.str); i++ {
		out[i] = Int(int64(v.str[i]))
	}
	return List(out...), nil
}

func strChars(s *state, v Value, _ []Value) (Value, error) {
	if err := s.alloc(int64(len(v.str)) * valueSize); err != nil {
		return Value{}, err
	}
	out := make([]Value, 0, len(v.str))
	for _, r := range v.str {
		out = append(out, String(string(r)))
	}
	return List(out...), nil
}

func strByteslice(s *state, v Value, args []Value) (Value, error) {
	start, length, single, ok, err := s.sliceBounds(len(v.str), args)
	if err != nil || !ok {
		return Value{}, err
	}
	if single {
		return String(v.str[start : start+1]), nil
	}
	return String(v.str[start : start+length]), nil
}

func strTest(f func(a, b string) bool) methodFunc {
	return func(s *state, v Value, args []Value) (Value, error) {
		b, err := s.argString(args, 0)
		if err != nil {
			return Value{}, err
		}
		return Bool(f(v.str, b)), nil
	}
}

// strPrefix tests the receiver against each argument, true if any matches.
func strPrefix(f func(a, b string) bool) methodFunc {
	return func(s *state, v Value, args []Value) (Value, error) {
		for i := range args {
			b, err := s.argString(args, i)
			if err != nil {
				return Value{}, err
			}
			if f(v.str, b) {
				return Bool(true), nil
			}
		}
		return Bool(false), nil
	}
}

// pattern returns a regexp argument as given, or a string argument compiled
// as a Ruby regexp, as match? and =~ read a string.
func (s *state) pattern(v Value) (*regexp.Regexp, error) {
	switch v.kind {
	case KindRegexp:
		return v.regexp(), nil
	case KindString:
		re, err := compileRegexp(v.str, "")
		if err != nil {
			return nil, s.fail(CodeArgument, "bad regexp %q", v.str)
		}
		return re, nil
	}
	return nil, s.fail(CodeArgument, "expected a Regexp or String, not %s", v.kind)
}

// literalPattern returns a regexp argument as given, or one matching a
// string argument literally, as gsub, sub, scan and split read a string.
func (s *state) literalPattern(v Value) (*regexp.Regexp, error) {
	if v.kind == KindString {
		return regexp.MustCompile(regexp.QuoteMeta(v.str)), nil
	}
	return s.pattern(v)
}

func strMatchQ(s *state, v Value, args []Value) (Value, error) {
	re, err := s.pattern(args[0])
	if err != nil {
		return Value{}, err
	}
	return Bool(re.MatchString(v.str)), nil
}

// strScan returns every match; with groups, each match is the list of its groups.
func strScan(s *state, v Value, args []Value) (Value, error) {
	re, err := s.literalPattern(args[0])
	if err != nil {
		return Value{}, err
	}
	if err := s.charge(int64(len(v.str)) / 16); err != nil {
		return Value{}, err
	}
	var out []Value
	for _, m := range re.FindAllStringSubmatch(v.str, -1) {
		if len(m) == 1 {
			out = append(out, String(m[0]))
			continue
		}
		groups := make([]Value, len(m)-1)
		for i, g := range m[1:] {
			groups[i] = String(g)
		}
		out = append(out, List(groups...))
	}
	return List(out...), s.alloc(int64(len(out)) * valueSize)
}

func strIndex(s *state, v Value, args []Value) (Value, error) {
	re, err := s.literalPattern(args[0])
	if err != nil {
		return Value{}, err
	}
	loc := re.FindStringIndex(v.str)
	if loc == nil {
		return Nil(), nil
	}
	return Int(int64(runeCount(v.str[:loc[0]]))), nil
}

func strEnd(first bool) methodFunc {
	return func(s *state, v Value, args []Value) (Value, error) {
		n := int64(1)
		if len(args) == 1 {
			var err error
			if n, err = s.argInt(args, 0); err != nil {
				return Value{}, err
			}
			if n < 0 {
				return Value{}, s.fail(CodeArgument, "negative length")
			}
		}
		r := []rune(v.str)
		n = min(n, int64(len(r)))
		if first {
			return String(string(r[:n])), nil
		}
		return String(string(r[int64(len(r))-n:])), nil
	}
}
