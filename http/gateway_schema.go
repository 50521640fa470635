package http

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/partnerd/partnerd"
)

// schemaField is one field of a trigger's request schema, as Workato's
// schema designer writes it.
type schemaField struct {
	Name       string        `json:"name"`
	Type       string        `json:"type"`
	Optional   *bool         `json:"optional"`
	Of         string        `json:"of"`
	Properties []schemaField `json:"properties"`
}

// requestSchema returns the request schema of a recipe's receive_request
// trigger: input.request.schema, a JSON text of fields or the fields
// themselves; nil when the recipe declares none.
func requestSchema(code string) []schemaField {
	var root struct {
		Input struct {
			Request struct {
				Schema json.RawMessage `json:"schema"`
			} `json:"request"`
		} `json:"input"`
	}
	if json.Unmarshal([]byte(code), &root) != nil {
		return nil
	}
	raw := root.Input.Request.Schema
	var text string
	if json.Unmarshal(raw, &text) == nil {
		raw = json.RawMessage(text)
	}
	var fields []schemaField
	if json.Unmarshal(raw, &fields) != nil {
		return nil
	}
	return fields
}

// validateRequest checks a call's request fields against a schema: every
// field that is not optional is present and not null, and every present
// field has its type. Path and query parameters come as text, so a number
// or a boolean may be written as text. It returns EINVALID naming each
// field that fails, by its path.
func validateRequest(fields []schemaField, request json.RawMessage) error {
	var values map[string]any
	if json.Unmarshal(request, &values) != nil {
		values = map[string]any{}
	}
	v := partnerd.Validation{}
	checkFields(v, "", fields, values)
	if err := v.Err(); err != nil {
		return err
	}
	return nil
}

// checkFields checks the values of one object against its fields.
func checkFields(v partnerd.Validation, prefix string, fields []schemaField, values map[string]any) {
	for _, f := range fields {
		name := prefix + f.Name
		value, present := values[f.Name]
		if !present || value == nil {
			if f.Optional != nil && !*f.Optional {
				v.Add(name, "can't be blank")
			}
			continue
		}
		if problem := typeProblem(f, value); problem != "" {
			v.Add(name, problem)
			continue
		}
		switch x := value.(type) {
		case map[string]any:
			checkFields(v, name+".", f.Properties, x)
		case []any:
			if f.Of == "object" {
				for i, item := range x {
					if m, ok := item.(map[string]any); ok {
						checkFields(v, name+"["+strconv.Itoa(i)+"].", f.Properties, m)
					} else {
						v.Add(name+"["+strconv.Itoa(i)+"]", "must be an object")
					}
				}
			}
		}
	}
}

// typeProblem says how a value is not of its field's type, or "".
func typeProblem(f schemaField, value any) string {
	text, isText := value.(string)
	switch strings.ToLower(f.Type) {
	case "integer":
		if n, ok := value.(float64); ok && n == float64(int64(n)) {
			return ""
		}
		if _, err := strconv.ParseInt(strings.TrimSpace(text), 10, 64); isText && err == nil {
			return ""
		}
		return "must be an integer"
	case "number":
		if _, ok := value.(float64); ok {
			return ""
		}
		if _, err := strconv.ParseFloat(strings.TrimSpace(text), 64); isText && err == nil {
			return ""
		}
		return "must be a number"
	case "boolean":
		if _, ok := value.(bool); ok || (isText && (text == "true" || text == "false")) {
			return ""
		}
		return "must be true or false"
	case "object":
		if _, ok := value.(map[string]any); !ok {
			return "must be an object"
		}
	case "array":
		if _, ok := value.([]any); !ok {
			return "must be an array"
		}
	case "string", "date", "date_time", "timestamp":
		if !isText {
			return "must be text"
		}
	}
	return ""
}
