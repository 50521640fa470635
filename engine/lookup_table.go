package engine

import (
	"context"
	"strconv"
	"strings"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/formula"
)

// lookupTableProvider is Workato's Lookup tables, over the workspace's
// tables. Each action names its table by lookup_table_id and its columns
// in "parameters", as col1…col10 or by label; an entry's output is
// {id, entry: {col1: …}}. get_entry (also lookup_entry) answers the first
// matching entry, or an empty output; search_entries answers {entries};
// add_entry, update_entry (by id; ignore_not_found) and delete_entry (by
// id) change the table.
type lookupTableProvider struct{ e *Engine }

var lookupActions = map[string]bool{
	"get_entry": false, "lookup_entry": false, "search_entries": false,
	"add_entry": true, "update_entry": true, "delete_entry": true,
}

func (lookupTableProvider) Has(action string) bool {
	_, ok := lookupActions[action]
	return ok
}

func (lookupTableProvider) SideEffects(action string) bool { return lookupActions[action] }

// maxSearchEntries is the most entries search_entries answers.
const maxSearchEntries = 1000

func (p lookupTableProvider) Action(ctx context.Context, c *Call) (formula.Value, error) {
	ws, svc := c.WorkspaceID(), p.e.LookupTables
	tableID := recipeID(hashField(c.Input, "lookup_table_id"))
	t, err := svc.FindLookupTableByID(ctx, ws, tableID)
	if partnerd.ErrorCode(err) == partnerd.ENOTFOUND {
		return formula.Value{}, stepFailed("Lookup table %d does not exist", tableID)
	} else if err != nil {
		return formula.Value{}, err
	}
	params := hashField(c.Input, "parameters")
	rowID := recipeID(hashField(c.Input, "id"))
	var row *partnerd.LookupRow
	switch c.Action {
	case "get_entry", "lookup_entry", "search_entries":
		by, err := lookupConditions(t, params)
		if err != nil {
			return formula.Value{}, err
		}
		if c.Action == "search_entries" {
			rows, err := svc.FindLookupRows(ctx, ws, t.ID, partnerd.LookupRowFilter{By: by, Page: partnerd.Page{Page: 1, PerPage: maxSearchEntries}})
			if err != nil {
				return formula.Value{}, lookupError(err)
			}
			entries := make([]formula.Value, len(rows))
			for i, r := range rows {
				entries[i] = entryValue(t, r)
			}
			out := formula.NewHash(1)
			out.Set("entries", formula.List(entries...))
			return formula.HashValue(out), nil
		}
		if len(by) == 0 {
			return formula.Value{}, stepFailed("parameters must name a column to look up by")
		}
		row, err = svc.FindFirstLookupRow(ctx, ws, t.ID, by)
		if partnerd.ErrorCode(err) == partnerd.ENOTFOUND {
			return formula.HashValue(formula.NewHash(0)), nil
		}
	case "add_entry":
		var data partnerd.LookupData
		if data, err = lookupData(t, params); err == nil {
			row, err = svc.AddLookupRow(ctx, ws, t.ID, data)
		}
	case "update_entry":
		var data partnerd.LookupData
		if data, err = lookupData(t, params); err == nil {
			row, err = svc.UpdateLookupRow(ctx, ws, t.ID, rowID, data)
		}
		if partnerd.ErrorCode(err) == partnerd.ENOTFOUND && truthy(hashField(c.Input, "ignore_not_found")) {
			return formula.HashValue(formula.NewHash(0)), nil
		}
	case "delete_entry":
		if err = svc.DeleteLookupRow(ctx, ws, t.ID, rowID); err == nil {
			out := formula.NewHash(1)
			out.Set("id", formula.Int(rowID))
			return formula.HashValue(out), nil
		}
	}
	if err != nil {
		return formula.Value{}, lookupError(err)
	}
	return entryValue(t, row), nil
}

// lookupError turns a service's refusal into the step's error.
func lookupError(err error) error {
	if e, ok := err.(*partnerd.Error); ok && e.Code != partnerd.EINTERNAL {
		msg := e.Message
		for field, problems := range e.Fields {
			msg += ": " + field + " " + strings.Join(problems, ", ")
		}
		if e.Code == partnerd.ENOTFOUND {
			msg = "Entry not found"
		}
		return stepFailed("%s", msg)
	}
	return err
}

// columnLabel returns the label of a column named colN or by its label.
func columnLabel(t *partnerd.LookupTable, key string) (string, bool) {
	if n, err := strconv.Atoi(strings.TrimPrefix(key, "col")); err == nil && strings.HasPrefix(key, "col") && n >= 1 && n <= len(t.Columns) {
		return t.Columns[n-1].Label, true
	}
	_, ok := t.ColumnIndex(key)
	return key, ok
}

// lookupConditions reads the columns to look up by.
func lookupConditions(t *partnerd.LookupTable, params formula.Value) ([]partnerd.LookupCondition, error) {
	h := params.AsHash()
	if h == nil {
		return nil, nil
	}
	var by []partnerd.LookupCondition
	for _, k := range h.Keys() {
		v, _ := h.Get(k)
		if v.IsNil() || v.IsSkip() {
			continue
		}
		label, ok := columnLabel(t, k)
		if !ok {
			return nil, stepFailed("Lookup table %q has no column %q", t.Name, k)
		}
		by = append(by, partnerd.LookupCondition{Label: label, Value: v.String()})
	}
	return by, nil
}

// lookupData reads the cells to write; nil clears a cell.
func lookupData(t *partnerd.LookupTable, params formula.Value) (partnerd.LookupData, error) {
	data := partnerd.LookupData{}
	if h := params.AsHash(); h != nil {
		for _, k := range h.Keys() {
			v, _ := h.Get(k)
			if v.IsSkip() {
				continue
			}
			label, ok := columnLabel(t, k)
			if !ok {
				return nil, stepFailed("Lookup table %q has no column %q", t.Name, k)
			}
			if v.IsNil() || v.IsClear() {
				data[label] = nil
				continue
			}
			s := v.String()
			data[label] = &s
		}
	}
	return data, nil
}

// entryValue is a row as the actions answer it: {id, entry: {col1: …}}.
func entryValue(t *partnerd.LookupTable, r *partnerd.LookupRow) formula.Value {
	entry := formula.NewHash(len(r.Data))
	for i, cell := range r.Data {
		v := formula.Nil()
		if cell.Value != nil {
			v = formula.String(*cell.Value)
		}
		entry.Set(partnerd.LookupColumnName(i), v)
	}
	out := formula.NewHash(2)
	out.Set("id", formula.Int(r.ID))
	out.Set("entry", formula.HashValue(entry))
	return formula.HashValue(out)
}
