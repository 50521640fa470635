package http

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/partnerd/partnerd"
)

// FuzzLookupTableBody checks that any body of a lookup table create
// decodes to a table or a client error, and that a valid table's schema
// text reads back as its columns.
func FuzzLookupTableBody(f *testing.F) {
	for _, s := range []string{``, `null`, `{}`, `[]`, `{"name":"T","schema":[{"label":"code","type":"string"}]}`,
		`{"lookup_table":{"name":"T","schema":"[{\"label\":\"a\",\"type\":\"string\"}]","folder_id":"3"}}`,
		`{"schema":"[{"}`, `{"schema":""}`, `{"schema":" "}`, `{"schema":5}`, `{"schema":[1]}`, `{"schema":[null]}`,
		`{"schema":"\"[]\""}`, `{"project_id":"x"}`, `{"lookup_table":"x"}`, `{"lookup_table":null,"name":"T"}`, "\xff"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var in lookupTableBody
		if err := decodeJSON(body, &in); err != nil {
			if partnerd.ErrorCode(err) != partnerd.EINVALID {
				t.Fatalf("%q: %v", body, err)
			}
			return
		}
		tbl, err := in.table()
		if err != nil {
			if partnerd.ErrorCode(err) != partnerd.EINVALID {
				t.Fatalf("%q: %v", body, err)
			}
			return
		}
		if tbl.Validate() != nil {
			return
		}
		schema := newLookupTableJSON(tbl).Schema
		columns, err := parseSchema(json.RawMessage(`"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(schema) + `"`))
		if err != nil || len(columns) != len(tbl.Columns) {
			t.Fatalf("%q: schema %s reads back as %v, %v", body, schema, columns, err)
		}
		for i, c := range columns {
			if c != tbl.Columns[i] {
				t.Fatalf("%q: column %d reads back as %+v, want %+v", body, i, c, tbl.Columns[i])
			}
		}
	})
}

// FuzzLookupRowBody checks that any body of a row add or update decodes
// to cells or a client error, and that every value given is kept as text.
func FuzzLookupRowBody(f *testing.F) {
	for _, s := range []string{``, `null`, `{}`, `{"data":{"code":"A1","n":1.50,"b":true,"z":null}}`, `{"row":{"code":"x"}}`,
		`{"data":null,"row":{"a":"b"}}`, `{"data":{"a":{"b":1}}}`, `{"data":{"a":[1]}}`, `{"data":"x"}`, `{"data":[]}`,
		`{"data":{"a":"\u0000"}}`, `{"data":{"a":-0e+5}}`, "\xff"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var in lookupRowBody
		if err := decodeJSON(body, &in); err != nil {
			if partnerd.ErrorCode(err) != partnerd.EINVALID {
				t.Fatalf("%q: %v", body, err)
			}
			return
		}
		data, err := in.data()
		if err != nil {
			if partnerd.ErrorCode(err) != partnerd.EINVALID {
				t.Fatalf("%q: %v", body, err)
			}
			return
		}
		var ref struct {
			Data, Row map[string]any
		}
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		if dec.Decode(&ref) != nil {
			return // An empty body or null, which decodeJSON reads as {}.
		}
		given := ref.Data
		if given == nil {
			given = ref.Row
		}
		if len(data) != len(given) {
			t.Fatalf("%q: %d cells of %d", body, len(data), len(given))
		}
		for label, v := range data {
			want := given[label]
			switch w := want.(type) {
			case nil:
				if v != nil {
					t.Fatalf("%q: cell %q = %q, want empty", body, label, *v)
				}
				continue
			case bool:
				want = strconv.FormatBool(w)
			case json.Number:
				want = w.String()
			}
			if v == nil || *v != want {
				t.Fatalf("%q: cell %q = %v, want %v", body, label, v, want)
			}
		}
	})
}

// FuzzLookupConditions checks that any query gives conditions whose labels
// are those of its by[…] keys, in a stable order.
func FuzzLookupConditions(f *testing.F) {
	for _, s := range []string{``, `by[code]=A1`, `by%5Bcode%5D=A1&by[name]=x`, `by[]=1`, `by[a]]=1`, `by[=1`, `by=1`,
		`by[code]=1&by[code]=2`, `by[%ff]=%00`, `page=2&by[a][b]=c`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, query string) {
		q, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		by := lookupConditionsOf(q)
		n := 0
		for key, values := range q {
			if strings.HasPrefix(key, "by[") && strings.HasSuffix(key, "]") && len(key) >= 4 {
				n += len(values)
			}
		}
		if len(by) != n {
			t.Fatalf("%q: %d conditions, want %d", query, len(by), n)
		}
		for _, c := range by {
			if _, ok := q["by["+c.Label+"]"]; !ok {
				t.Fatalf("%q: condition on %q has no key", query, c.Label)
			}
		}
		if again := lookupConditionsOf(q); len(again) > 0 && again[0] != by[0] {
			t.Fatalf("%q: the order changed", query)
		}
	})
}

// FuzzPropertiesBody checks that any body of a properties upsert decodes
// to properties or a client error naming what is wrong.
func FuzzPropertiesBody(f *testing.F) {
	for _, s := range []string{``, `null`, `{}`, `{"properties":{"a":"1","b":2,"c":false}}`, `{"properties":null}`,
		`{"properties":{"a":{"b":1}}}`, `{"properties":{"a":null}}`, `{"properties":[1]}`, `{"properties":"x"}`,
		`{"properties":{"":"v"}}`, `{"properties":{"a":"\u0000"}}`, "\xff"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var in propertiesBody
		if err := decodeJSON(body, &in); err != nil {
			if partnerd.ErrorCode(err) != partnerd.EINVALID {
				t.Fatalf("%q: %v", body, err)
			}
			return
		}
		props, err := in.properties()
		if err != nil {
			var perr *partnerd.Error
			if partnerd.ErrorCode(err) != partnerd.EINVALID || !errors.As(err, &perr) || len(perr.Fields) == 0 {
				t.Fatalf("%q: %v", body, err)
			}
			return
		}
		if len(props) != len(in.Properties.Value) {
			t.Fatalf("%q: %d properties of %d", body, len(props), len(in.Properties.Value))
		}
	})
}
