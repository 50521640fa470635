package partnerd

import (
	"bytes"
	"encoding/json"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// StubMatch is what a stub asks of a step's input; every part that is set
// must hold. Equals is the whole input, compared as JSON values. Contains
// is a subset: each of its fields must be in the input with a value that
// contains its own (objects recursively; arrays item by item, of the same
// length; other values equal). Patterns maps a field's dotted path
// ("customer.email", "lines.0.sku") to a regular expression (RE2) that the
// field's whole text must match; a field that is not a string matches as
// its JSON text, and a missing one does not match.
type StubMatch struct {
	Equals   json.RawMessage   `json:"equals,omitempty"`
	Contains json.RawMessage   `json:"contains,omitempty"`
	Patterns map[string]string `json:"patterns,omitempty"`

	decoded *decodedMatch // what Mismatch decoded of it, kept for its next calls
}

// decodedMatch is a match as Mismatch uses it.
type decodedMatch struct {
	equals, contains any
	paths            []string // sorted
	patterns         map[string]*regexp.Regexp
}

func (m *StubMatch) validate(v Validation) {
	for field, raw := range map[string]json.RawMessage{"match.equals": m.Equals, "match.contains": m.Contains} {
		if raw == nil {
			continue
		}
		if !json.Valid(raw) || !bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{")) {
			v.Add(field, "must be a JSON object")
		}
	}
	if len(m.Patterns) > MaxStubPatterns {
		v.Add("match.patterns", "is too long (maximum is "+strconv.Itoa(MaxStubPatterns)+" patterns)")
	}
	for path, p := range m.Patterns {
		if path == "" || !ValidText(path) {
			v.Add("match.patterns", "names an empty or invalid path")
			continue
		}
		if len(p) > MaxStubPattern {
			v.Add("match.patterns."+path, "is too long (maximum is "+strconv.Itoa(MaxStubPattern)+" bytes)")
		} else if _, err := regexp.Compile(p); err != nil {
			v.Add("match.patterns."+path, "is not a regular expression: "+err.Error())
		}
	}
}

// DecodeStubInput decodes a step's input (JSON text) for Mismatch.
func DecodeStubInput(input json.RawMessage) any {
	var v any
	if len(input) == 0 || json.Unmarshal(input, &v) != nil {
		return map[string]any{}
	}
	return v
}

// Mismatch returns "" when the input (decoded by DecodeStubInput) meets
// the match, else why not, for the error of a step that no stub answered.
// It keeps what it decodes of the match for its next calls, so a match is
// not for concurrent use.
func (m *StubMatch) Mismatch(input any) string {
	if m == nil {
		return ""
	}
	d := m.decode()
	if d.equals != nil && !reflect.DeepEqual(d.equals, input) {
		return "input does not equal match.equals"
	}
	if d.contains != nil {
		if path, ok := contains(input, d.contains, ""); !ok {
			return "input does not contain match.contains" + at(path)
		}
	}
	for _, path := range d.paths {
		value, ok := lookupPath(input, path)
		if !ok {
			return "input has no " + path
		}
		if re := d.patterns[path]; re == nil || !re.MatchString(value) {
			return "input's " + path + " does not match match.patterns." + path
		}
	}
	return ""
}

func (m *StubMatch) decode() *decodedMatch {
	if m.decoded != nil {
		return m.decoded
	}
	d := &decodedMatch{patterns: make(map[string]*regexp.Regexp, len(m.Patterns))}
	if m.Equals != nil {
		d.equals = DecodeStubInput(m.Equals)
	}
	if m.Contains != nil {
		d.contains = DecodeStubInput(m.Contains)
	}
	for path, p := range m.Patterns {
		d.paths = append(d.paths, path)
		if re, err := regexp.Compile(`^(?:` + p + `)$`); err == nil {
			d.patterns[path] = re
		}
	}
	sort.Strings(d.paths)
	m.decoded = d
	return d
}

func at(path string) string {
	if path == "" {
		return ""
	}
	return " at " + path
}

// contains reports whether have contains want, and where it does not.
func contains(have, want any, path string) (string, bool) {
	switch w := want.(type) {
	case map[string]any:
		h, ok := have.(map[string]any)
		if !ok {
			return path, false
		}
		keys := make([]string, 0, len(w))
		for k := range w {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			hv, ok := h[k]
			if !ok {
				return join(path, k), false
			}
			if p, ok := contains(hv, w[k], join(path, k)); !ok {
				return p, false
			}
		}
		return "", true
	case []any:
		h, ok := have.([]any)
		if !ok || len(h) != len(w) {
			return path, false
		}
		for i := range w {
			if p, ok := contains(h[i], w[i], join(path, strconv.Itoa(i))); !ok {
				return p, false
			}
		}
		return "", true
	}
	if !reflect.DeepEqual(have, want) {
		return path, false
	}
	return "", true
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// lookupPath returns the text of the field at a dotted path of v.
func lookupPath(v any, path string) (string, bool) {
	for _, key := range strings.Split(path, ".") {
		switch c := v.(type) {
		case map[string]any:
			next, ok := c[key]
			if !ok {
				return "", false
			}
			v = next
		case []any:
			i, err := strconv.Atoi(key)
			if err != nil || i < 0 || i >= len(c) {
				return "", false
			}
			v = c[i]
		default:
			return "", false
		}
	}
	if s, ok := v.(string); ok {
		return s, true
	}
	b, err := json.Marshal(v)
	return string(b), err == nil
}
