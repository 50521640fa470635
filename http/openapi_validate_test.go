package http_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// schemaChecker checks JSON values against the schemas of an OpenAPI
// document: the subset of JSON Schema the document uses ($ref, type with
// null in a list, properties, required, additionalProperties, items,
// anyOf, allOf, enum). It is enough to catch a wrong field type, a missing
// field, an unexpected field and a wrong envelope.
type schemaChecker struct {
	doc map[string]any
}

// newSchemaChecker reads a document.
func newSchemaChecker(document []byte) (*schemaChecker, error) {
	var doc map[string]any
	d := json.NewDecoder(bytes.NewReader(document))
	d.UseNumber()
	if err := d.Decode(&doc); err != nil {
		return nil, err
	}
	return &schemaChecker{doc: doc}, nil
}

// resolve follows a local reference such as #/components/schemas/Customer.
func (c *schemaChecker) resolve(ref string) (map[string]any, error) {
	var node any = c.doc
	for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		m, ok := node.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("unresolved reference %s", ref)
		}
		node = m[part]
	}
	m, ok := node.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("unresolved reference %s", ref)
	}
	return m, nil
}

// checkJSON decodes body and checks it against s.
func (c *schemaChecker) checkJSON(s map[string]any, body []byte) []string {
	var v any
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		return []string{"the body is not JSON: " + err.Error()}
	}
	return c.check(s, v, "$")
}

// check returns what is wrong with v at path, or nothing.
func (c *schemaChecker) check(s map[string]any, v any, path string) []string {
	if ref, ok := s["$ref"].(string); ok {
		target, err := c.resolve(ref)
		if err != nil {
			return []string{path + ": " + err.Error()}
		}
		return c.check(target, v, path)
	}
	if t, ok := s["type"]; ok && !typeMatches(t, v) {
		return []string{fmt.Sprintf("%s: want %v, got %s", path, t, jsonType(v))}
	}
	var problems []string
	if enum, ok := s["enum"].([]any); ok && !slices.ContainsFunc(enum, func(e any) bool { return fmt.Sprint(e) == fmt.Sprint(v) }) {
		problems = append(problems, fmt.Sprintf("%s: %v is not one of %v", path, v, enum))
	}
	if all, ok := s["allOf"].([]any); ok {
		for _, sub := range all {
			problems = append(problems, c.check(sub.(map[string]any), v, path)...)
		}
	}
	if alts, ok := s["anyOf"].([]any); ok {
		var why []string
		matched := false
		for _, sub := range alts {
			p := c.check(sub.(map[string]any), v, path)
			if len(p) == 0 {
				matched = true
				break
			}
			why = append(why, strings.Join(p, "; "))
		}
		if !matched {
			problems = append(problems, fmt.Sprintf("%s: matches none of anyOf (%s)", path, strings.Join(why, " | ")))
		}
	}
	switch v := v.(type) {
	case map[string]any:
		problems = append(problems, c.checkObject(s, v, path)...)
	case []any:
		if items, ok := s["items"].(map[string]any); ok {
			for i, item := range v {
				problems = append(problems, c.check(items, item, fmt.Sprintf("%s[%d]", path, i))...)
			}
		}
	}
	return problems
}

func (c *schemaChecker) checkObject(s map[string]any, v map[string]any, path string) []string {
	var problems []string
	props, _ := s["properties"].(map[string]any)
	if required, ok := s["required"].([]any); ok {
		for _, name := range required {
			if _, ok := v[name.(string)]; !ok {
				problems = append(problems, fmt.Sprintf("%s: the field %s is missing", path, name))
			}
		}
	}
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		sub := path + "." + k
		if p, ok := props[k].(map[string]any); ok {
			problems = append(problems, c.check(p, v[k], sub)...)
			continue
		}
		switch extra := s["additionalProperties"].(type) {
		case bool:
			if !extra {
				problems = append(problems, sub+": the field is not in the document")
			}
		case map[string]any:
			problems = append(problems, c.check(extra, v[k], sub)...)
		}
	}
	return problems
}

// typeMatches reports whether v is of the type, or one of the types, t.
func typeMatches(t any, v any) bool {
	switch t := t.(type) {
	case string:
		got := jsonType(v)
		return got == t || (t == "number" && got == "integer")
	case []any:
		return slices.ContainsFunc(t, func(one any) bool { return typeMatches(one, v) })
	}
	return false
}

// jsonType names the JSON type of a decoded value.
func jsonType(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case json.Number:
		if strings.ContainsAny(v.String(), ".eE") {
			return "number"
		}
		return "integer"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}
