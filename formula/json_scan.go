package formula

import (
	"encoding/json"
	"unicode/utf8"
)

// scanJSON decodes a JSON document as decodeJSONText does, without the
// allocations of encoding/json's tokens. It reports false for any text it
// does not decode, whose error decodeJSONText then words.
func scanJSON(data []byte) (Value, bool) {
	s := &jsonScanner{data: data}
	v, ok := s.value(0)
	if !ok {
		return Value{}, false
	}
	s.space()
	return v, s.i == len(s.data)
}

// jsonScanner reads one JSON document from data.
type jsonScanner struct {
	data []byte
	i    int
}

func (s *jsonScanner) space() {
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

func (s *jsonScanner) value(depth int) (Value, bool) {
	if depth > maxJSONDepth {
		return Value{}, false
	}
	s.space()
	if s.i >= len(s.data) {
		return Value{}, false
	}
	switch c := s.data[s.i]; {
	case c == '{':
		return s.object(depth)
	case c == '[':
		return s.list(depth)
	case c == '"':
		str, ok := s.string()
		return String(str), ok
	case c == '-' || c >= '0' && c <= '9':
		return s.number()
	}
	for _, lit := range []struct {
		text string
		v    Value
	}{{"true", Bool(true)}, {"false", Bool(false)}, {"null", Nil()}} {
		if len(s.data)-s.i >= len(lit.text) && string(s.data[s.i:s.i+len(lit.text)]) == lit.text {
			s.i += len(lit.text)
			return lit.v, true
		}
	}
	return Value{}, false
}

// next skips space and reports whether the next byte is c, taking it.
func (s *jsonScanner) next(c byte) bool {
	s.space()
	if s.i < len(s.data) && s.data[s.i] == c {
		s.i++
		return true
	}
	return false
}

func (s *jsonScanner) object(depth int) (Value, bool) {
	s.i++ // {
	h := NewHash(4)
	if s.next('}') {
		return HashValue(h), true
	}
	for {
		s.space()
		if s.i >= len(s.data) || s.data[s.i] != '"' {
			return Value{}, false
		}
		k, ok := s.string()
		if !ok || !s.next(':') {
			return Value{}, false
		}
		v, ok := s.value(depth + 1)
		if !ok {
			return Value{}, false
		}
		h.Set(k, v)
		if s.next('}') {
			return HashValue(h), true
		}
		if !s.next(',') {
			return Value{}, false
		}
	}
}

func (s *jsonScanner) list(depth int) (Value, bool) {
	s.i++ // [
	items := []Value{}
	if s.next(']') {
		return List(items...), true
	}
	for {
		v, ok := s.value(depth + 1)
		if !ok {
			return Value{}, false
		}
		items = append(items, v)
		if s.next(']') {
			return List(items...), true
		}
		if !s.next(',') {
			return Value{}, false
		}
	}
}

// string reads a string; one with escapes or bytes that are not UTF-8 is
// unquoted by encoding/json, whose replacements it keeps.
func (s *jsonScanner) string() (string, bool) {
	start := s.i
	s.i++ // "
	plain := true
	for s.i < len(s.data) {
		c := s.data[s.i]
		switch {
		case c == '"':
			s.i++
			body := s.data[start+1 : s.i-1]
			if plain && utf8.Valid(body) {
				return string(body), true
			}
			var out string
			if err := json.Unmarshal(s.data[start:s.i], &out); err != nil {
				return "", false
			}
			return out, true
		case c == '\\':
			plain = false
			s.i += 2
		case c < 0x20:
			return "", false
		default:
			s.i++
		}
	}
	return "", false
}

// number reads a number as JSON's grammar has it and converts it as
// decodeJSONText does.
func (s *jsonScanner) number() (Value, bool) {
	start := s.i
	digits := func() int {
		n := 0
		for s.i < len(s.data) && s.data[s.i] >= '0' && s.data[s.i] <= '9' {
			s.i++
			n++
		}
		return n
	}
	if s.data[s.i] == '-' {
		s.i++
	}
	if s.i < len(s.data) && s.data[s.i] == '0' {
		s.i++
	} else if digits() == 0 {
		return Value{}, false
	}
	if s.i < len(s.data) && s.data[s.i] == '.' {
		s.i++
		if digits() == 0 {
			return Value{}, false
		}
	}
	if s.i < len(s.data) && (s.data[s.i] == 'e' || s.data[s.i] == 'E') {
		s.i++
		if s.i < len(s.data) && (s.data[s.i] == '+' || s.data[s.i] == '-') {
			s.i++
		}
		if digits() == 0 {
			return Value{}, false
		}
	}
	v, err := numberValue(string(s.data[start:s.i]))
	return v, err == nil
}
