package engine

import (
	"encoding/json"
	"net/url"
	"strings"

	"github.com/partnerd/partnerd/formula"
)

// body is the response body as an output: parsed when it is JSON and JSON
// was asked for, else its text.
func (r *httpResponse) body(responseType string) formula.Value {
	if len(r.Body) == 0 {
		return formula.Nil()
	}
	if responseType == "" || responseType == "json" {
		if v, err := formula.ParseJSON(r.Body); err == nil {
			return v
		}
	}
	return formula.String(string(r.Body))
}

// headers is the response's headers as an output, each name once, values
// joined by commas.
func (r *httpResponse) headers() formula.Value {
	h := formula.NewHash(len(r.Header))
	for k, vs := range r.Header {
		h.Set(k, formula.String(strings.Join(vs, ", ")))
	}
	return formula.HashValue(h)
}

// jsonBody encodes a step's data as a JSON body.
func jsonBody(v formula.Value) []byte {
	if v.IsNil() || v.IsSkip() {
		return nil
	}
	b, err := json.Marshal(dropSkips(v).Go())
	if err != nil {
		return nil
	}
	return b
}

// formValues encodes the fields of a hash as form or query values.
func formValues(v formula.Value) url.Values {
	out := url.Values{}
	h := v.AsHash()
	if h == nil {
		return out
	}
	for _, k := range h.Keys() {
		f, _ := h.Get(k)
		addFormValue(out, k, f)
	}
	return out
}

// addFormValue adds one field; a list repeats its key with [], a hash
// nests its keys in brackets, as Rails and Stripe read them.
func addFormValue(out url.Values, key string, v formula.Value) {
	switch v.Kind() {
	case formula.KindSkip:
	case formula.KindNil:
		out.Add(key, "")
	case formula.KindList:
		for _, item := range v.Items() {
			addFormValue(out, key+"[]", item)
		}
	case formula.KindHash:
		h := v.AsHash()
		for _, k := range h.Keys() {
			f, _ := h.Get(k)
			addFormValue(out, key+"["+k+"]", f)
		}
	default:
		out.Add(key, v.String())
	}
}

// dropSkips removes the fields a formula skipped.
func dropSkips(v formula.Value) formula.Value {
	switch v.Kind() {
	case formula.KindHash:
		h := v.AsHash()
		out := formula.NewHash(h.Len())
		for _, k := range h.Keys() {
			f, _ := h.Get(k)
			if !f.IsSkip() {
				out.Set(k, dropSkips(f))
			}
		}
		return formula.HashValue(out)
	case formula.KindList:
		items := make([]formula.Value, 0, len(v.Items()))
		for _, item := range v.Items() {
			if !item.IsSkip() {
				items = append(items, dropSkips(item))
			}
		}
		return formula.List(items...)
	}
	return v
}

// nameValues reads headers or query parameters written as a hash or as a
// list of {name, value}.
func nameValues(v formula.Value) [][2]string {
	var out [][2]string
	if h := v.AsHash(); h != nil {
		for _, k := range h.Keys() {
			f, _ := h.Get(k)
			if !f.IsSkip() && !f.IsNil() {
				out = append(out, [2]string{k, f.String()})
			}
		}
		return out
	}
	for _, item := range v.Items() {
		name := hashField(item, "name").String()
		if value := hashField(item, "value"); name != "" && !value.IsSkip() && !value.IsNil() {
			out = append(out, [2]string{name, value.String()})
		}
	}
	return out
}
