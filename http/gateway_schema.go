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

// responseSchema returns the body schema that a recipe's receive_request
// trigger declares for status, and whether it declares one.
func responseSchema(code string, status int) ([]schemaField, bool) {
	var root struct {
		Input struct {
			Response struct {
				Responses []struct {
					Status     json.RawMessage `json:"http_status_code"`
					BodySchema json.RawMessage `json:"body_schema"`
				} `json:"responses"`
			} `json:"response"`
		} `json:"input"`
	}
	if json.Unmarshal([]byte(code), &root) != nil {
		return nil, false
	}
	for _, r := range root.Input.Response.Responses {
		if strings.Trim(string(r.Status), `"`) != strconv.Itoa(status) {
			continue
		}
		raw := r.BodySchema
		var text string
		if json.Unmarshal(raw, &text) == nil {
			raw = json.RawMessage(text)
		}
		var fields []schemaField
		if json.Unmarshal(raw, &fields) != nil || len(fields) == 0 {
			return nil, false
		}
		return fields, true
	}
	return nil, false
}

// shapeResponse writes a response body by its schema: the declared fields
// only, in the schema's order, each converted to its type where its value
// is text that says one ("true", "42"); a body that is not an object is
// left as it is.
func shapeResponse(fields []schemaField, body json.RawMessage) json.RawMessage {
	var values map[string]any
	if json.Unmarshal(body, &values) != nil || values == nil {
		return body
	}
	b, err := json.Marshal(shapeObject(fields, values))
	if err != nil {
		return body
	}
	return b
}

// orderedObject is a JSON object whose keys keep their order.
type orderedObject struct {
	keys   []string
	values []any
}

func (o orderedObject) MarshalJSON() ([]byte, error) {
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kj, _ := json.Marshal(k)
		vj, err := json.Marshal(o.values[i])
		if err != nil {
			return nil, err
		}
		b.Write(kj)
		b.WriteByte(':')
		b.Write(vj)
	}
	b.WriteByte('}')
	return []byte(b.String()), nil
}

func shapeObject(fields []schemaField, values map[string]any) orderedObject {
	var o orderedObject
	for _, f := range fields {
		v, present := values[f.Name]
		if !present {
			continue
		}
		o.keys, o.values = append(o.keys, f.Name), append(o.values, shapeValue(f, v))
	}
	return o
}

func shapeValue(f schemaField, v any) any {
	text, isText := v.(string)
	switch strings.ToLower(f.Type) {
	case "boolean":
		if isText && (text == "true" || text == "false") {
			return text == "true"
		}
	case "integer":
		if n, err := strconv.ParseInt(strings.TrimSpace(text), 10, 64); isText && err == nil {
			return n
		}
	case "number":
		if n, err := strconv.ParseFloat(strings.TrimSpace(text), 64); isText && err == nil {
			return n
		}
	case "string":
		switch x := v.(type) {
		case float64:
			return strconv.FormatFloat(x, 'f', -1, 64)
		case bool:
			return strconv.FormatBool(x)
		}
	case "object":
		if m, ok := v.(map[string]any); ok && len(f.Properties) > 0 {
			return shapeObject(f.Properties, m)
		}
	case "array":
		if list, ok := v.([]any); ok && f.Of == "object" && len(f.Properties) > 0 {
			out := make([]any, len(list))
			for i, item := range list {
				out[i] = item
				if m, ok := item.(map[string]any); ok {
					out[i] = shapeObject(f.Properties, m)
				}
			}
			return out
		}
	}
	return v
}
