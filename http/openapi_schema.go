package http

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"time"
	"unicode"
)

// schema is a JSON Schema, in the subset the OpenAPI document uses.
type schema struct {
	Ref                  string    `json:"$ref,omitempty"`
	Type                 any       `json:"type,omitempty"` // a name, or a list of names
	Format               string    `json:"format,omitempty"`
	Description          string    `json:"description,omitempty"`
	Pattern              string    `json:"pattern,omitempty"`
	Enum                 []any     `json:"enum,omitempty"`
	Properties           ordered   `json:"properties,omitempty"`
	Required             []string  `json:"required,omitempty"`
	Items                *schema   `json:"items,omitempty"`
	AdditionalProperties any       `json:"additionalProperties,omitempty"` // *schema or false
	AnyOf                []*schema `json:"anyOf,omitempty"`
	AllOf                []*schema `json:"allOf,omitempty"`
}

// ordered is a JSON object that keeps the order of its keys.
type ordered []keyed

type keyed struct {
	key   string
	value any
}

// set appends or replaces the value of key.
func (o *ordered) set(key string, value any) {
	for i := range *o {
		if (*o)[i].key == key {
			(*o)[i].value = value
			return
		}
	}
	*o = append(*o, keyed{key, value})
}

// get returns the value of key, or nil.
func (o ordered) get(key string) any {
	for _, kv := range o {
		if kv.key == key {
			return kv.value
		}
	}
	return nil
}

// MarshalJSON implements json.Marshaler.
func (o ordered) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, kv := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(kv.key)
		v, err := json.Marshal(kv.value)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// nullable returns s that also accepts null.
func nullable(s *schema) *schema {
	switch t := s.Type.(type) {
	case string:
		c := *s
		c.Type = []string{t, "null"}
		return &c
	case []string:
		c := *s
		c.Type = append(append([]string{}, t...), "null")
		return &c
	}
	if s.Ref == "" && s.Type == nil && s.AnyOf == nil {
		return s // It accepts anything already.
	}
	return &schema{AnyOf: []*schema{s, {Type: "null"}}}
}

// anyOf documents a body that is one of several types, such as a success
// and the 200 refusal Workato sends instead.
type anyOf []any

// fieldSchemas describes fields whose Go type says too little, by the
// component name and the JSON name of the field.
var fieldSchemas = map[string]*schema{
	"Role.folder_ids":                {Type: "array", Items: &schema{Type: []string{"string", "integer"}}, Description: "Strings on the Embedded routes, integers on /api/roles."},
	"Recipe.trigger_closure":         {Type: "null"},
	"Recipe.parameters_schema":       {Type: "array"},
	"PublicRecipe.parameters_schema": {Type: "array"},
	"StartRefusal.code_errors":       stepErrors,
	"StartRefusal.config_errors":     stepErrors,
	"RecipeBody.code":                {Type: []string{"string", "object"}, Description: "The recipe tree, or JSON text of it."},
	"RecipeBody.config":              {Type: []string{"string", "array"}, Description: "The recipe's connections, or JSON text of them."},
	"LookupTableBody.schema":         lookupSchema,
	"LookupTableFields.schema":       lookupSchema,
	"LookupRowBody.data":             cells,
	"LookupRowBody.row":              cells,
	"PropertiesBody.properties":      {Type: "object", AdditionalProperties: &schema{Type: []string{"string", "number", "boolean"}}, Description: "Values by property name."},
	"ConnectionInput.input":          {Type: []string{"object", "null"}, Description: "The connection fields of the connector, by name."},
}

var (
	stepErrors   = &schema{Type: "array", Description: "[[step number, [[label, value, message, path], …]], …]"}
	lookupSchema = &schema{Type: []string{"array", "string"}, Description: "The columns, 1 to 10, or JSON text of them.",
		Items: &schema{Type: "object", Required: []string{"label"}, Properties: ordered{{"label", &schema{Type: "string"}}, {"type", &schema{Type: "string"}}}}}
	cells = &schema{Type: []string{"object", "null"}, AdditionalProperties: &schema{Type: []string{"string", "number", "boolean", "null"}}, Description: "The cells by column label."}
)

// typeSchemas are the types that encode themselves, or decode more than
// their Go type says.
var typeSchemas = map[reflect.Type]*schema{
	reflect.TypeFor[jsonTime]():        {Type: "string", Format: "date-time"},
	reflect.TypeFor[utcTime]():         {Type: "string", Format: "date-time"},
	reflect.TypeFor[time.Time]():       {Type: "string", Format: "date-time"},
	reflect.TypeFor[json.RawMessage](): {},
	reflect.TypeFor[lookupCells]():     {Type: "object", AdditionalProperties: &schema{Type: []string{"string", "null"}}, Description: "The cells by column label; an empty cell is null."},
	reflect.TypeFor[flexInt]():         {Type: []string{"integer", "string"}, Description: "An integer, or a string of one."},
	reflect.TypeFor[flexBool]():        {Type: []string{"boolean", "string"}, Description: "true or false, or a string of one."},
	reflect.TypeFor[stringList]():      stringsOrCommaText,
	reflect.TypeFor[applicationList](): stringsOrCommaText,
	reflect.TypeFor[ipAllowList]():     stringsOrCommaText,
}

var stringsOrCommaText = &schema{Type: []string{"array", "string"}, Items: &schema{Type: "string"}, Description: "An array of strings, or one comma-separated string."}

var (
	marshalerType   = reflect.TypeFor[json.Marshaler]()
	unmarshalerType = reflect.TypeFor[json.Unmarshaler]()
)

// schemaSet derives schemas from Go types by reflection, the way
// encoding/json reads and writes them, and keeps named structs as
// components. A response object requires its fields without omitempty and
// allows no others; a request body requires none (the route says which it
// needs) and allows others, which the server ignores.
type schemaSet struct {
	components ordered                 // name → *schema
	names      map[reflect.Type]string // component names given
	unknown    []reflect.Type          // types that encode themselves and have no schema
	request    bool                    // the types being derived are request bodies
}

func newSchemaSet() *schemaSet {
	return &schemaSet{names: map[reflect.Type]string{}}
}

// input returns the schema of a request body of v's type.
func (set *schemaSet) input(v any) *schema {
	set.request = true
	defer func() { set.request = false }()
	return set.of(v)
}

// of returns the schema of a value's type; anyOf gives one of several.
func (set *schemaSet) of(v any) *schema {
	if alts, ok := v.(anyOf); ok {
		s := &schema{}
		for _, a := range alts {
			s.AnyOf = append(s.AnyOf, set.of(a))
		}
		return s
	}
	return set.typ(reflect.TypeOf(v))
}

func (set *schemaSet) typ(t reflect.Type) *schema {
	if s, ok := typeSchemas[t]; ok {
		return s
	}
	if t.Kind() == reflect.Pointer {
		return nullable(set.typ(t.Elem()))
	}
	if t.Kind() == reflect.Struct && t.PkgPath() == reflect.TypeFor[schemaSet]().PkgPath() && strings.HasPrefix(t.Name(), "optional[") {
		return nullable(set.typ(t.Field(2).Type))
	}
	if t.Implements(marshalerType) || reflect.PointerTo(t).Implements(unmarshalerType) {
		set.unknown = append(set.unknown, t)
		return &schema{}
	}
	switch t.Kind() {
	case reflect.Bool:
		return &schema{Type: "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return &schema{Type: "integer"}
	case reflect.Float32, reflect.Float64:
		return &schema{Type: "number"}
	case reflect.String:
		return &schema{Type: "string"}
	case reflect.Interface:
		return &schema{}
	case reflect.Slice, reflect.Array:
		return &schema{Type: "array", Items: set.typ(t.Elem())}
	case reflect.Map:
		if t.Elem().Kind() == reflect.Interface {
			return &schema{Type: []string{"object", "null"}} // A free-form object.
		}
		return &schema{Type: "object", AdditionalProperties: set.typ(t.Elem())}
	case reflect.Struct:
		return set.structRef(t)
	}
	set.unknown = append(set.unknown, t)
	return &schema{}
}

// structRef returns a reference to the component of a named struct, or the
// inline schema of an anonymous or generic one.
func (set *schemaSet) structRef(t reflect.Type) *schema {
	if t.Name() == "" || strings.Contains(t.Name(), "[") {
		return set.object(t, "")
	}
	name, ok := set.names[t]
	if !ok {
		name = componentName(t)
		for set.components.get(name) != nil {
			name += "_"
		}
		set.names[t] = name
		set.components.set(name, &schema{}) // A placeholder against recursion.
		set.components.set(name, set.object(t, name))
	}
	return &schema{Ref: "#/components/schemas/" + name}
}

// componentName names a wire type for the document: customerJSON is
// Customer and customerInput CustomerInput.
func componentName(t reflect.Type) string {
	name := strings.TrimSuffix(t.Name(), "JSON")
	r := []rune(name)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

// object returns the schema of a struct's fields in their order.
func (set *schemaSet) object(t reflect.Type, component string) *schema {
	s := &schema{Type: "object"}
	if !set.request {
		s.AdditionalProperties = false
	}
	set.fields(s, t, component)
	return s
}

func (set *schemaSet) fields(s *schema, t reflect.Type, component string) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				set.fields(s, ft, componentName(ft))
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fs, ok := fieldSchemas[component+"."+name]
		if !ok {
			fs = set.typ(f.Type)
		}
		s.Properties.set(name, fs)
		if !set.request && !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero") {
			s.Required = append(s.Required, name)
		}
	}
}
