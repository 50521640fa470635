package http

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/partnerd/partnerd"
)

// lookupRowJSON is the Row object of objects.md.
type lookupRowJSON struct {
	ID        int64       `json:"id"`
	Data      lookupCells `json:"data"`
	CreatedAt jsonTime    `json:"created_at"`
	UpdatedAt jsonTime    `json:"updated_at"`
}

func newLookupRowJSON(row *partnerd.LookupRow) lookupRowJSON {
	return lookupRowJSON{ID: row.ID, Data: row.Data, CreatedAt: jsonTime(row.CreatedAt), UpdatedAt: jsonTime(row.UpdatedAt)}
}

// lookupCells are a row's cells, written as an object from label to value
// in the table's column order; an empty cell is null.
type lookupCells []partnerd.LookupCell

// MarshalJSON implements json.Marshaler.
func (cells lookupCells) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	b.WriteByte('{')
	for i, c := range cells {
		if i > 0 {
			b.WriteByte(',')
		}
		if err := enc.Encode(c.Label); err != nil {
			return nil, err
		}
		b.WriteByte(':')
		if err := enc.Encode(c.Value); err != nil {
			return nil, err
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// one wraps a single object as the Embedded family does, {"result": v},
// and leaves it bare on the Developer family.
func one[T any](r *http.Request, v T) any {
	if isCustomer(r) {
		return resultOf[T]{v}
	}
	return v
}

// lookupRowBody is a row add or update: the cells by label under "data",
// or under "row".
type lookupRowBody struct {
	Data optional[map[string]json.RawMessage] `json:"data"`
	Row  optional[map[string]json.RawMessage] `json:"row"`
}

// data returns the cells of the body: strings as they are, numbers as
// their JSON text, booleans as true or false, and null as an empty cell.
// Any other value is EINVALID naming its label; no cells at all is nil.
func (in *lookupRowBody) data() (partnerd.LookupData, error) {
	cells := in.Data
	if !cells.Set || cells.Null {
		cells = in.Row
	}
	if !cells.Set || cells.Null {
		return nil, nil
	}
	data := partnerd.LookupData{}
	v := partnerd.Validation{}
	for label, raw := range cells.Value {
		value, isNull, ok := scalarText(raw)
		switch {
		case !ok:
			v.Add(label, "must be a string, a number or a boolean")
		case isNull:
			data[label] = nil
		default:
			data[label] = &value
		}
	}
	return data, v.Err()
}

// scalarText returns a JSON string, number or boolean as text: a string's
// value, a number's literal, "true" or "false"; isNull for null, and not ok
// for an object or an array.
func scalarText(raw json.RawMessage) (text string, isNull, ok bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "", false, false
	}
	switch raw[0] {
	case '"':
		return text, false, json.Unmarshal(raw, &text) == nil
	case 'n':
		return "", true, true
	case '{', '[':
		return "", false, false
	}
	return string(raw), false, true // A number, true or false: the decoder has checked the syntax.
}

// lookupConditionsOf reads the by[<label>]=<value> parameters of a query,
// in a stable order; a label given twice must match both values.
func lookupConditionsOf(q url.Values) []partnerd.LookupCondition {
	var by []partnerd.LookupCondition
	for key, values := range q {
		label, found := strings.CutPrefix(key, "by[")
		if !found || !strings.HasSuffix(label, "]") {
			continue
		}
		for _, v := range values {
			by = append(by, partnerd.LookupCondition{Label: strings.TrimSuffix(label, "]"), Value: v})
		}
	}
	slices.SortFunc(by, func(a, b partnerd.LookupCondition) int {
		return strings.Compare(a.Label+"\x00"+a.Value, b.Label+"\x00"+b.Value)
	})
	return by
}

// handleLookupRowList handles GET E/lookup_tables/{lookup_table_id}/rows,
// {result:[Row]}, and its Developer form, [Row]: by[…] filters, at most
// 1000 rows a page.
func (s *Server) handleLookupRowList(w http.ResponseWriter, r *http.Request) error {
	tableID, err := pathID(r, "lookup_table_id")
	if err != nil {
		return err
	}
	page, err := pageOf(r, 1000)
	if err != nil {
		return err
	}
	f := partnerd.LookupRowFilter{By: lookupConditionsOf(r.URL.Query()), Page: page}
	list, err := s.LookupTables.FindLookupRows(r.Context(), workspaceID(r), tableID, f)
	if err != nil {
		return err
	}
	out := make([]lookupRowJSON, len(list))
	for i, row := range list {
		out[i] = newLookupRowJSON(row)
	}
	return ok(w, enveloped(r, out))
}

// handleLookupRowLookup handles GET E/lookup_tables/{lookup_table_id}/lookup
// and its Developer form: the first row that matches every by[…], or 404.
func (s *Server) handleLookupRowLookup(w http.ResponseWriter, r *http.Request) error {
	tableID, err := pathID(r, "lookup_table_id")
	if err != nil {
		return err
	}
	row, err := s.LookupTables.FindFirstLookupRow(r.Context(), workspaceID(r), tableID, lookupConditionsOf(r.URL.Query()))
	if err != nil {
		return err
	}
	return ok(w, one(r, newLookupRowJSON(row)))
}

// rowPath reads the table and row ids of a row's path.
func rowPath(r *http.Request) (tableID, rowID int64, err error) {
	if tableID, err = pathID(r, "lookup_table_id"); err != nil {
		return 0, 0, err
	}
	rowID, err = pathID(r, "row_id")
	return tableID, rowID, err
}

// handleLookupRowGet handles GET E/lookup_tables/{lookup_table_id}/rows/{row_id}
// and its Developer form.
func (s *Server) handleLookupRowGet(w http.ResponseWriter, r *http.Request) error {
	tableID, rowID, err := rowPath(r)
	if err != nil {
		return err
	}
	row, err := s.LookupTables.FindLookupRowByID(r.Context(), workspaceID(r), tableID, rowID)
	if err != nil {
		return err
	}
	return ok(w, one(r, newLookupRowJSON(row)))
}

// decodeLookupRow reads the cells of a row add or update.
func decodeLookupRow(r *http.Request) (partnerd.LookupData, error) {
	var in lookupRowBody
	if err := decodeBody(r, &in); err != nil {
		return nil, err
	}
	return in.data()
}

// handleLookupRowAdd handles POST E/lookup_tables/{lookup_table_id}/rows
// and its Developer form.
func (s *Server) handleLookupRowAdd(w http.ResponseWriter, r *http.Request) error {
	tableID, err := pathID(r, "lookup_table_id")
	if err != nil {
		return err
	}
	data, err := decodeLookupRow(r)
	if err != nil {
		return err
	}
	row, err := s.LookupTables.AddLookupRow(r.Context(), workspaceID(r), tableID, data)
	if err != nil {
		return err
	}
	return ok(w, one(r, newLookupRowJSON(row)))
}

// handleLookupRowUpdate handles PUT E/lookup_tables/{lookup_table_id}/rows/{row_id}
// and its Developer form: the columns absent keep their value.
func (s *Server) handleLookupRowUpdate(w http.ResponseWriter, r *http.Request) error {
	tableID, rowID, err := rowPath(r)
	if err != nil {
		return err
	}
	data, err := decodeLookupRow(r)
	if err != nil {
		return err
	}
	row, err := s.LookupTables.UpdateLookupRow(r.Context(), workspaceID(r), tableID, rowID, data)
	if err != nil {
		return err
	}
	return ok(w, one(r, newLookupRowJSON(row)))
}

// handleLookupRowDelete handles DELETE E/lookup_tables/{lookup_table_id}/rows/{row_id}
// and its Developer form.
func (s *Server) handleLookupRowDelete(w http.ResponseWriter, r *http.Request) error {
	tableID, rowID, err := rowPath(r)
	if err != nil {
		return err
	}
	if err := s.LookupTables.DeleteLookupRow(r.Context(), workspaceID(r), tableID, rowID); err != nil {
		return err
	}
	return ok(w, success{true})
}
