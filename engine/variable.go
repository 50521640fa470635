package engine

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/partnerd/partnerd/formula"
)

// variableProvider is Workato's Variables: variables and lists that live
// for one job. A variable's value is the output of the step that declared
// it, under "value" and under its name, so that its pills read the latest
// value; a list's is under "list", "list_items" and its name.
type variableProvider struct{}

var variableActions = map[string]bool{
	"declare_variable": true, "update_variables": true, "declare_list": true,
	"insert_to_list": true, "insert_to_list_batch": true, "clear_list": true,
}

func (variableProvider) Has(action string) bool  { return variableActions[action] }
func (variableProvider) SideEffects(string) bool { return false }

func (variableProvider) Action(_ context.Context, c *Call) (formula.Value, error) {
	r, in := c.run, c.Input
	switch c.Action {
	case "declare_variable":
		name := hashField(in, "variable_name").String()
		if name == "" {
			return formula.Value{}, stepFailed("variable_name can't be blank")
		}
		v, err := convertVariable(hashField(in, "variable_value"), hashField(in, "variable_type").String())
		if err != nil {
			return formula.Value{}, err
		}
		r.vars[name] = c.step.As
		return variableOutput("value", name, v), nil
	case "update_variables":
		vars := hashField(in, "variables")
		for _, item := range vars.Items() {
			name := hashField(item, "variable").String()
			line, ok := r.vars[name]
			if !ok {
				return formula.Value{}, stepFailed("variable %q is not declared", name)
			}
			r.outputs[line] = variableOutput("value", name, hashField(item, "value"))
		}
		return formula.HashValue(formula.NewHash(0)), nil
	case "declare_list":
		name := listName(in)
		if name == "" {
			return formula.Value{}, stepFailed("list_name can't be blank")
		}
		r.vars[name] = c.step.As
		delete(r.lists, name)
		items := hashField(in, "list_items")
		if items.Kind() != formula.KindList {
			items = formula.List()
		}
		return listOutput(name, items), nil
	}
	// The list actions.
	name := r.declaredList(listName(in))
	line, ok := r.vars[name]
	if !ok {
		return formula.Value{}, stepFailed("list %q is not declared", name)
	}
	// Appending after the list's last item leaves the lists that earlier
	// outputs hold as they were: they end before it.
	items, kept := r.lists[name]
	if !kept {
		items = slices.Clip(hashField(r.outputs[line], "list").Items())
	}
	switch c.Action {
	case "insert_to_list":
		items = append(items, hashField(in, "list_item"))
	case "insert_to_list_batch":
		items = append(items, hashField(in, "list_items").Items()...)
	case "clear_list":
		items = nil
	}
	r.lists[name] = items
	list := formula.List(items...)
	r.outputs[line] = listOutput(name, list)
	out := formula.NewHash(1)
	out.Set("size", formula.Int(int64(len(items))))
	return formula.HashValue(out), nil
}

// listName is the list a list action names: list_name, or name as
// Workato's exports write it.
func listName(in formula.Value) string {
	if name := hashField(in, "list_name").String(); name != "" {
		return name
	}
	return hashField(in, "name").String()
}

// declaredList returns the list that a list action's name refers to: a
// list's name, or, as Workato's exports write it, "<uuid>:<as>" of the
// step that declared it.
func (r *run) declaredList(ref string) string {
	if _, ok := r.vars[ref]; ok {
		return ref
	}
	i := strings.LastIndexByte(ref, ':')
	if i < 0 {
		return ref
	}
	for name, line := range r.vars {
		if line == ref[i+1:] {
			return name
		}
	}
	return ref
}

// listOutput is a list's output: its items under "list", "list_items"
// (Workato's datapills read this one) and its name.
func listOutput(name string, items formula.Value) formula.Value {
	h := formula.NewHash(3)
	h.Set("list", items)
	h.Set("list_items", items)
	if name != "list" && name != "list_items" {
		h.Set(name, items)
	}
	return formula.HashValue(h)
}

// variableOutput is a variable's or list's output: its value under key and
// under its name.
func variableOutput(key, name string, v formula.Value) formula.Value {
	h := formula.NewHash(2)
	h.Set(key, v)
	if name != key {
		h.Set(name, v)
	}
	return formula.HashValue(h)
}

// convertVariable converts a declared value to its variable type; blank
// text is nil for every type but string.
func convertVariable(v formula.Value, typ string) (formula.Value, error) {
	if v.Kind() != formula.KindString {
		return v, nil
	}
	s := strings.TrimSpace(v.AsString())
	if s == "" && typ != "string" && typ != "" {
		return formula.Nil(), nil
	}
	switch typ {
	case "integer":
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return formula.Value{}, stepFailed("%q is not an integer", s)
		}
		return formula.Int(n), nil
	case "number":
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return formula.Value{}, stepFailed("%q is not a number", s)
		}
		return formula.Float(f), nil
	case "boolean":
		return formula.Bool(s == "true"), nil
	case "date":
		t, err := time.Parse("2006-01-02", s)
		if err != nil {
			return formula.Value{}, stepFailed("%q is not a date", s)
		}
		return formula.Date(t), nil
	case "date_time", "datetime", "timestamp":
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return formula.Value{}, stepFailed("%q is not a date and time", s)
		}
		return formula.Time(t), nil
	}
	return v, nil
}
