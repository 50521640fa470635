package http

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/partnerd/partnerd"
)

// lookupTableJSON is the LookupTable object of objects.md: schema is the
// JSON text of its columns.
type lookupTableJSON struct {
	ID        int64    `json:"id"`
	Name      string   `json:"name"`
	Schema    string   `json:"schema"`
	ProjectID *int64   `json:"project_id"`
	FolderID  int64    `json:"folder_id"`
	CreatedAt jsonTime `json:"created_at"`
	UpdatedAt jsonTime `json:"updated_at"`
}

// schemaColumnJSON is one column of a schema, in Workato's field order;
// the server names the columns and fills in control_type and sticky.
type schemaColumnJSON struct {
	ControlType string `json:"control_type"`
	Label       string `json:"label"`
	Name        string `json:"name"`
	Type        string `json:"type"`
	Sticky      bool   `json:"sticky"`
}

func newLookupTableJSON(t *partnerd.LookupTable) lookupTableJSON {
	columns := make([]schemaColumnJSON, len(t.Columns))
	for i, c := range t.Columns {
		columns[i] = schemaColumnJSON{ControlType: "text", Label: c.Label, Name: partnerd.LookupColumnName(i), Type: c.Type, Sticky: true}
	}
	var schema bytes.Buffer
	enc := json.NewEncoder(&schema)
	enc.SetEscapeHTML(false)
	enc.Encode(columns) // A slice of strings and booleans always encodes.
	return lookupTableJSON{ID: t.ID, Name: t.Name, Schema: strings.TrimSuffix(schema.String(), "\n"),
		ProjectID: t.ProjectID, FolderID: t.FolderID, CreatedAt: jsonTime(t.CreatedAt), UpdatedAt: jsonTime(t.UpdatedAt)}
}

// lookupTableFields are the fields of a lookup table create.
type lookupTableFields struct {
	Name      optional[string]  `json:"name"`
	Schema    json.RawMessage   `json:"schema"`
	FolderID  optional[flexInt] `json:"folder_id"`
	ProjectID optional[flexInt] `json:"project_id"`
}

// lookupTableBody is a lookup table create: the fields at the top level,
// or wrapped in "lookup_table", whose fields win. The top-level fields are
// not an embedded lookupTableFields, whose name the decoder would put in
// the path of an error.
type lookupTableBody struct {
	Name        optional[string]            `json:"name"`
	Schema      json.RawMessage             `json:"schema"`
	FolderID    optional[flexInt]           `json:"folder_id"`
	ProjectID   optional[flexInt]           `json:"project_id"`
	LookupTable optional[lookupTableFields] `json:"lookup_table"`
}

// table returns the table the body describes; a schema that is neither an
// array of columns nor the JSON text of one is EINVALID.
func (in *lookupTableBody) table() (*partnerd.LookupTable, error) {
	f := lookupTableFields{Name: in.Name, Schema: in.Schema, FolderID: in.FolderID, ProjectID: in.ProjectID}
	if w := in.LookupTable; w.Set && !w.Null {
		overlay(&f.Name, w.Value.Name)
		overlay(&f.FolderID, w.Value.FolderID)
		overlay(&f.ProjectID, w.Value.ProjectID)
		if len(w.Value.Schema) > 0 {
			f.Schema = w.Value.Schema
		}
	}
	columns, err := parseSchema(f.Schema)
	if err != nil {
		return nil, err
	}
	t := &partnerd.LookupTable{Name: strings.TrimSpace(f.Name.Value), Columns: columns, FolderID: int64(f.FolderID.Value)}
	if f.ProjectID.Set && !f.ProjectID.Null {
		id := int64(f.ProjectID.Value)
		t.ProjectID = &id
	}
	return t, nil
}

// schemaColumnInput is a column as a create gives it; other fields, such
// as a name, are ignored.
type schemaColumnInput struct {
	Label string `json:"label"`
	Type  string `json:"type"`
}

// parseSchema reads a schema: an array of columns, or a string holding the
// JSON text of one; absent or null is no columns.
func parseSchema(raw json.RawMessage) ([]partnerd.LookupColumn, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil, nil
	}
	if raw[0] == '"' {
		var text string
		if err := json.Unmarshal(raw, &text); err != nil {
			return nil, partnerd.FieldError("schema", "is not valid JSON")
		}
		if raw = bytes.TrimSpace([]byte(text)); !json.Valid(raw) {
			return nil, partnerd.FieldError("schema", "is not valid JSON")
		}
	}
	var in []schemaColumnInput
	if raw[0] != '[' || json.Unmarshal(raw, &in) != nil {
		return nil, partnerd.FieldError("schema", `must be an array of columns such as [{"label":"code","type":"string"}]`)
	}
	columns := make([]partnerd.LookupColumn, len(in))
	for i, c := range in {
		columns[i] = partnerd.LookupColumn{Label: strings.TrimSpace(c.Label), Type: strings.TrimSpace(c.Type)}
	}
	return columns, nil
}

// handleLookupTableList handles GET E/lookup_tables, {result:[LookupTable]},
// and /api/lookup_tables, [LookupTable].
func (s *Server) handleLookupTableList(w http.ResponseWriter, r *http.Request) error {
	page, err := pageOf(r, 100)
	if err != nil {
		return err
	}
	list, _, err := s.LookupTables.FindLookupTables(r.Context(), workspaceID(r), page)
	if err != nil {
		return err
	}
	out := make([]lookupTableJSON, len(list))
	for i, t := range list {
		out[i] = newLookupTableJSON(t)
	}
	return ok(w, enveloped(r, out))
}

// handleLookupTableCreate handles POST E/lookup_tables and
// /api/lookup_tables: the LookupTable, bare on both families.
func (s *Server) handleLookupTableCreate(w http.ResponseWriter, r *http.Request) error {
	var in lookupTableBody
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	t, err := in.table()
	if err != nil {
		return err
	}
	if err := s.LookupTables.CreateLookupTable(r.Context(), workspaceID(r), t); err != nil {
		return err
	}
	return ok(w, newLookupTableJSON(t))
}

// batchDeleteBody lists the tables of a batch delete, under either name.
type batchDeleteBody struct {
	IDs            flexInts `json:"ids"`
	LookupTableIDs flexInts `json:"lookup_table_ids"`
}

// handleLookupTableBatchDelete handles POST E/lookup_tables/batch_delete
// and /api/lookup_tables/batch_delete: all the tables or none.
func (s *Server) handleLookupTableBatchDelete(w http.ResponseWriter, r *http.Request) error {
	var in batchDeleteBody
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	ids := append(in.IDs.ids(), in.LookupTableIDs.ids()...)
	if err := s.LookupTables.DeleteLookupTables(r.Context(), workspaceID(r), ids); err != nil {
		return err
	}
	return ok(w, success{true})
}
