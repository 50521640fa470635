package formula

import (
	"regexp"
	"strings"
)

// field returns the value of key in a hash item, following a dotted path
// (address.city) when the key itself is absent.
func field(item Value, key string) (Value, bool) {
	if item.kind != KindHash {
		return Value{}, false
	}
	if v, ok := item.AsHash().Get(key); ok {
		return v, true
	}
	if !strings.Contains(key, ".") {
		return Value{}, false
	}
	v := item
	for _, k := range strings.Split(key, ".") {
		var ok bool
		if v, ok = field(v, k); !ok {
			return Value{}, false
		}
	}
	return v, true
}

// listPluck takes one field (a list of values) or several (a list of lists) from each hash.
func listPluck(s *state, v Value, args []Value) (Value, error) {
	out := make([]Value, 0, len(v.list))
	for _, item := range v.list {
		if len(args) == 1 {
			f, _ := field(item, args[0].String())
			out = append(out, f)
			continue
		}
		row := make([]Value, len(args))
		for i, a := range args {
			row[i], _ = field(item, a.String())
		}
		out = append(out, List(row...))
	}
	return List(out...), s.alloc(int64(len(out)) * valueSize * int64(len(args)))
}

// listWhere keeps the hashes that meet every condition of a hash: a key
// ("state"), optionally with an operator ("amount >", ">=", "<", "<=",
// "!=", "=="); a value matches by equality, by inclusion in a list, or by
// a regexp.
func listWhere(s *state, v Value, args []Value) (Value, error) {
	if args[0].kind != KindHash {
		return Value{}, s.fail(CodeArgument, "where takes a hash of conditions")
	}
	conds := args[0].AsHash()
	if err := s.charge(int64(len(v.list) * conds.Len() / 16)); err != nil {
		return Value{}, err
	}
	var out []Value
	for _, item := range v.list {
		ok := true
		for _, k := range conds.Keys() {
			match, err := s.meets(item, k, conds.m[k])
			if err != nil {
				return Value{}, err
			}
			if !match {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, item)
		}
	}
	return List(out...), nil
}

var whereOperators = []string{">=", "<=", "!=", "==", ">", "<"}

func (s *state) meets(item Value, key string, want Value) (bool, error) {
	op := "=="
	key = strings.TrimSpace(key)
	for _, o := range whereOperators {
		if strings.HasSuffix(key, " "+o) || strings.HasSuffix(key, o) {
			op, key = o, strings.TrimSpace(strings.TrimSuffix(key, o))
			break
		}
	}
	got, _ := field(item, key)
	switch op {
	case "==", "!=":
		var match bool
		switch want.kind {
		case KindList:
			match = containsValue(want.list, got)
		case KindRegexp:
			match = got.kind == KindString && want.regexp().MatchString(got.str)
		default:
			match = Equal(got, want)
		}
		return match == (op == "=="), nil
	}
	c, ok := compare(got, want)
	if !ok {
		return false, nil
	}
	switch op {
	case ">":
		return c > 0, nil
	case ">=":
		return c >= 0, nil
	case "<":
		return c < 0, nil
	}
	return c <= 0, nil
}

var formatField = regexp.MustCompile(`%\{([^}]*)\}|%<([^>]*)>s|%s|%%`)

// listFormatMap renders each item through a format: %{key} takes a hash
// item's field, %s the next element of a list item.
func listFormatMap(s *state, v Value, args []Value) (Value, error) {
	format, err := s.argString(args, 0)
	if err != nil {
		return Value{}, err
	}
	out := make([]Value, len(v.list))
	var size int64
	for i, item := range v.list {
		next := 0
		text := formatField.ReplaceAllStringFunc(format, func(m string) string {
			switch {
			case m == "%%":
				return "%"
			case m == "%s":
				if item.kind == KindList && next < len(item.list) {
					next++
					return item.list[next-1].String()
				}
				if item.kind != KindList && next == 0 {
					next++
					return item.String()
				}
				return ""
			}
			key := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(m, "%{"), "%<"), "}")
			key = strings.TrimSuffix(key, ">s")
			f, _ := field(item, key)
			return f.String()
		})
		size += int64(len(text))
		out[i] = String(text)
	}
	return List(out...), s.alloc(size)
}

// listToCSV renders a list as one CSV line, or a list of lists as lines,
// each ending in a newline, quoting fields as Ruby's CSV does.
func listToCSV(s *state, v Value, _ []Value) (Value, error) {
	rows := [][]Value{v.list}
	if len(v.list) > 0 && v.list[0].kind == KindList {
		rows = rows[:0]
		for _, r := range v.list {
			if r.kind != KindList {
				return Value{}, s.fail(CodeArgument, "to_csv takes a list or a list of lists")
			}
			rows = append(rows, r.list)
		}
	}
	var b strings.Builder
	for _, row := range rows {
		for i, f := range row {
			if i > 0 {
				b.WriteByte(',')
			}
			t := f.String()
			if strings.ContainsAny(t, ",\"\r\n") {
				t = `"` + strings.ReplaceAll(t, `"`, `""`) + `"`
			}
			b.WriteString(t)
		}
		b.WriteByte('\n')
	}
	return String(b.String()), s.alloc(int64(b.Len()))
}
