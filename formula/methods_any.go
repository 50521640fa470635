package formula

import (
	"crypto/rand"
	"fmt"
	"strings"
)

// anyMethods apply to every value, nil included.
var anyMethods = methodTable{
	"present?":     {0, 0, func(s *state, v Value, _ []Value) (Value, error) { return Bool(!isBlank(v)), nil }},
	"blank?":       {0, 0, func(s *state, v Value, _ []Value) (Value, error) { return Bool(isBlank(v)), nil }},
	"presence":     {0, 0, anyPresence},
	"nil?":         {0, 0, func(s *state, v Value, _ []Value) (Value, error) { return Bool(v.kind == KindNil), nil }},
	"to_json":      {0, 0, anyToJSON},
	"to_s":         {0, 0, func(s *state, v Value, _ []Value) (Value, error) { return String(rubyString(v)), nil }},
	"is_true?":     {0, 0, func(s *state, v Value, _ []Value) (Value, error) { return isTrue(s, v) }},
	"is_not_true?": {0, 0, anyIsNotTrue},
}

// isBlank reports whether v is blank as ActiveSupport says: nil, false, text
// of only whitespace, or an empty list or hash.
func isBlank(v Value) bool {
	switch v.kind {
	case KindNil:
		return true
	case KindBool:
		return v.num == 0
	case KindString:
		return strings.TrimSpace(v.str) == ""
	case KindList:
		return len(v.list) == 0
	case KindHash:
		return v.AsHash().Len() == 0
	}
	return false
}

func anyPresence(s *state, v Value, _ []Value) (Value, error) {
	if isBlank(v) {
		return Nil(), nil
	}
	return v, nil
}

func anyToJSON(s *state, v Value, _ []Value) (Value, error) {
	b, err := v.MarshalJSON()
	if err != nil {
		return Value{}, s.fail(CodeArgument, "%v", err)
	}
	return String(string(b)), s.alloc(int64(len(b)))
}

// isTrue reads v as a yes or no: true, "true", "t", "yes", "y", "1" and 1 are true.
func isTrue(s *state, v Value) (Value, error) {
	switch v.kind {
	case KindNil:
		return Bool(false), nil
	case KindBool:
		return v, nil
	case KindInt, KindFloat:
		return Bool(v.AsFloat() == 1), nil
	case KindString:
		switch strings.ToLower(strings.TrimSpace(v.str)) {
		case "true", "t", "yes", "y", "1":
			return Bool(true), nil
		}
		return Bool(false), nil
	}
	return Value{}, s.fail(CodeNoMethod, "undefined method 'is_true?' for %s", describeKind(v))
}

func anyIsNotTrue(s *state, v Value, _ []Value) (Value, error) {
	t, err := isTrue(s, v)
	return Bool(!t.AsBool()), err
}

// rubyString renders v as Ruby's to_s does.
func rubyString(v Value) string {
	switch v.kind {
	case KindTime:
		return v.tm.Format("2006-01-02 15:04:05 -0700")
	case KindList, KindHash:
		return inspect(v)
	}
	return v.String()
}

// inspect renders v as Ruby's inspect does, for lists and hashes in text.
func inspect(v Value) string {
	switch v.kind {
	case KindNil:
		return "nil"
	case KindSkip:
		return "skip"
	case KindClear:
		return "clear"
	case KindString:
		return fmt.Sprintf("%q", v.str)
	case KindList:
		parts := make([]string, len(v.list))
		for i, e := range v.list {
			parts[i] = inspect(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case KindHash:
		h := v.AsHash()
		parts := make([]string, 0, h.Len())
		for _, k := range h.Keys() {
			parts = append(parts, fmt.Sprintf("%q=>%s", k, inspect(h.m[k])))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case KindDate, KindTime:
		return fmt.Sprintf("%q", rubyString(v))
	}
	return rubyString(v)
}

// evalUUID returns a random version 4 UUID.
func evalUUID(s *state) (Value, error) {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return String(fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])), nil
}
