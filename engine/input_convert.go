package engine

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/partnerd/partnerd/formula"
)

// schemaField is what a step's extended_input_schema says of one input
// field that matters when the step runs: its name, how its value is
// converted (render_input), and its fields when it is an object or a list
// of objects.
type schemaField struct {
	Name        string        `json:"name"`
	RenderInput string        `json:"render_input"`
	Properties  []schemaField `json:"properties"`
}

// conversion is the tree of the conversions of a step's input fields:
// convert applies to the field's value; fields to those of an object or
// of each object of a list.
type conversion struct {
	convert string
	fields  map[string]*conversion
}

// parseConversions reads the conversions of an extended_input_schema; it
// returns nil when no field is converted, or for a schema it cannot read.
func parseConversions(raw json.RawMessage) *conversion {
	var fields []schemaField
	if len(raw) == 0 || json.Unmarshal(raw, &fields) != nil {
		return nil
	}
	return conversionOf(fields)
}

func conversionOf(fields []schemaField) *conversion {
	var c *conversion
	for _, f := range fields {
		sub := conversionOf(f.Properties)
		kind := strings.TrimSpace(f.RenderInput)
		if _, known := converters[kind]; !known {
			kind = ""
		}
		if sub == nil && kind == "" {
			continue
		}
		if c == nil {
			c = &conversion{fields: map[string]*conversion{}}
		}
		if sub == nil {
			sub = &conversion{}
		}
		sub.convert = kind
		c.fields[f.Name] = sub
	}
	return c
}

// converters are the render_input conversions of Workato's schemas: text
// that reads as the field's type becomes a value of it; anything else is
// left as it is.
var converters = map[string]func(formula.Value) formula.Value{
	"boolean_conversion": func(v formula.Value) formula.Value {
		if v.Kind() != formula.KindString {
			return v
		}
		switch strings.ToLower(strings.TrimSpace(v.AsString())) {
		case "true", "yes", "1":
			return formula.Bool(true)
		case "false", "no", "0":
			return formula.Bool(false)
		}
		return v
	},
	"integer_conversion": func(v formula.Value) formula.Value {
		if v.Kind() == formula.KindString {
			if n, err := strconv.ParseInt(strings.TrimSpace(v.AsString()), 10, 64); err == nil {
				return formula.Int(n)
			}
		}
		return v
	},
	"float_conversion": func(v formula.Value) formula.Value {
		if v.Kind() == formula.KindString {
			if f, err := strconv.ParseFloat(strings.TrimSpace(v.AsString()), 64); err == nil {
				return formula.Float(f)
			}
		}
		return v
	},
}

// apply returns v with its fields converted; the hashes it changes are
// copies, since an input value may share them with earlier steps' outputs.
func (c *conversion) apply(v formula.Value) formula.Value {
	if c == nil {
		return v
	}
	if conv := converters[c.convert]; conv != nil {
		v = conv(v)
	}
	if len(c.fields) == 0 {
		return v
	}
	switch v.Kind() {
	case formula.KindHash:
		h := v.AsHash()
		var out *formula.Hash
		for name, fc := range c.fields {
			old, ok := h.Get(name)
			if !ok {
				continue
			}
			if nv := fc.apply(old); !sameValue(nv, old) {
				if out == nil {
					out = formula.NewHash(h.Len())
					for _, k := range h.Keys() {
						kv, _ := h.Get(k)
						out.Set(k, kv)
					}
				}
				out.Set(name, nv)
			}
		}
		if out != nil {
			return formula.HashValue(out)
		}
	case formula.KindList:
		items := v.Items()
		converted := make([]formula.Value, len(items))
		for i, item := range items {
			converted[i] = c.applyFields(item)
		}
		return formula.List(converted...)
	}
	return v
}

// applyFields converts the fields of one item of a list.
func (c *conversion) applyFields(v formula.Value) formula.Value {
	return (&conversion{fields: c.fields}).apply(v)
}

// sameValue reports whether a conversion left a value as it was.
func sameValue(a, b formula.Value) bool {
	if a.Kind() != b.Kind() {
		return false
	}
	switch a.Kind() {
	case formula.KindHash:
		return a.AsHash() == b.AsHash()
	case formula.KindList:
		x, y := a.Items(), b.Items()
		if len(x) != len(y) {
			return false
		}
		for i := range x {
			if !sameValue(x[i], y[i]) {
				return false
			}
		}
		return true
	}
	return a.String() == b.String()
}
