package http

import (
	"encoding/json"
	"net/http"

	"github.com/partnerd/partnerd"
)

// handlePropertyList handles GET E/properties, {result:{name:value}}, and
// /api/properties, the bare map: the properties whose names start with
// prefix, all of them without one.
func (s *Server) handlePropertyList(w http.ResponseWriter, r *http.Request) error {
	props, err := s.Properties.FindProperties(r.Context(), workspaceID(r), r.URL.Query().Get("prefix"))
	if err != nil {
		return err
	}
	return ok(w, one(r, props))
}

// propertiesBody is a properties upsert.
type propertiesBody struct {
	Properties optional[map[string]json.RawMessage] `json:"properties"`
}

// properties returns the properties of the body, each value a string, a
// number's JSON text, or true or false. Every problem is EINVALID naming
// its property, those of partnerd.ValidateProperties among them.
func (in *propertiesBody) properties() (map[string]string, error) {
	if !in.Properties.Set || in.Properties.Null {
		return nil, partnerd.FieldError("properties", "can't be blank")
	}
	props := make(map[string]string, len(in.Properties.Value))
	v := partnerd.Validation{}
	for name, raw := range in.Properties.Value {
		value, isNull, ok := scalarText(raw)
		if !ok || isNull {
			v.Add(name, "value must be a string, a number or a boolean")
			continue
		}
		props[name] = value
	}
	if len(v) == 0 {
		return props, nil
	}
	if err, ok := partnerd.ValidateProperties(props).(*partnerd.Error); ok {
		for name, problems := range err.Fields {
			v[name] = append(v[name], problems...)
		}
	}
	return nil, v.Err()
}

// handlePropertyUpsert handles POST E/properties and /api/properties:
// every property or none, {success:true}.
func (s *Server) handlePropertyUpsert(w http.ResponseWriter, r *http.Request) error {
	var in propertiesBody
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	props, err := in.properties()
	if err != nil {
		return err
	}
	if err := s.Properties.UpsertProperties(r.Context(), workspaceID(r), props); err != nil {
		return err
	}
	return ok(w, success{true})
}
