package partnerd_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/partnerd/partnerd"
)

// TestCatalog checks the shipped catalogue: the connectors the contract
// names, unique provider ids in ascending order, and complete entries.
func TestCatalog(t *testing.T) {
	list := partnerd.Catalog()
	if len(list) < 30 {
		t.Errorf("the catalogue has %d connectors, want at least 30", len(list))
	}
	for _, name := range []string{"salesforce", "netsuite", "jira", "slack", "zendesk", "oracle", "workday"} {
		if _, ok := partnerd.CatalogConnector(name); !ok {
			t.Errorf("the catalogue lacks %s", name)
		}
	}
	if !slices.IsSortedFunc(list, func(a, b *partnerd.Connector) int { return strings.Compare(a.Name, b.Name) }) {
		t.Error("the catalogue is not in ascending name")
	}
	withoutConnection := 0
	for i, c := range list {
		if i > 0 && list[i-1].Name == c.Name {
			t.Errorf("%s appears twice", c.Name)
		}
		if c.Name == "" || strings.Trim(c.Name, "abcdefghijklmnopqrstuvwxyz0123456789_") != "" {
			t.Errorf("%q is not a provider id", c.Name)
		}
		if c.Title == "" || c.Description == nil || len(c.Categories) == 0 {
			t.Errorf("%s: title %q, description %v, categories %v", c.Name, c.Title, c.Description, c.Categories)
		}
		if len(c.Triggers)+len(c.Actions) == 0 {
			t.Errorf("%s has neither triggers nor actions", c.Name)
		}
		if !c.RequiresConnection {
			withoutConnection++
			if len(c.InputFields) > 0 || c.OAuth {
				t.Errorf("%s needs no connection but has connection fields or OAuth", c.Name)
			}
		}
		checkOperations(t, c.Name+" triggers", c.Triggers)
		checkOperations(t, c.Name+" actions", c.Actions)
		for _, f := range c.InputFields {
			if f.Name == "" || f.Label == "" || !slices.Contains([]string{"string", "password", "integer", "boolean", "select"}, f.Type) {
				t.Errorf("%s: input field %+v", c.Name, f)
			}
		}
		if c.RequiresConnection && !c.OAuth && len(c.InputFields) == 0 {
			t.Errorf("%s needs a connection without OAuth but has no fields", c.Name)
		}
		for name, values := range c.PickLists {
			if name == "" || len(values) == 0 {
				t.Errorf("%s: pick list %q = %v", c.Name, name, values)
			}
		}
		if c.Categories == nil || c.Triggers == nil || c.Actions == nil || c.InputFields == nil || c.PickLists == nil {
			t.Errorf("%s has a nil list: %+v", c.Name, c)
		}
	}
	if withoutConnection < 2 {
		t.Errorf("%d connectors need no connection, want at least 2", withoutConnection)
	}
	sf, _ := partnerd.CatalogConnector("salesforce")
	if !sf.OAuth || len(sf.PickLists["sobject_types"]) == 0 {
		t.Errorf("salesforce = %+v", sf)
	}
	oracle, _ := partnerd.CatalogConnector("oracle")
	var fields []string
	for _, f := range oracle.InputFields {
		fields = append(fields, f.Name)
	}
	if !slices.Equal(fields, []string{"host", "port", "database", "username", "password"}) {
		t.Errorf("oracle fields = %v", fields)
	}
	if _, ok := partnerd.CatalogConnector("Salesforce"); ok {
		t.Error("a name in another case found a connector")
	}
}

func checkOperations(t *testing.T, what string, ops []partnerd.Operation) {
	t.Helper()
	seen := map[string]bool{}
	for _, op := range ops {
		if op.Name == "" || op.Title == "" || seen[op.Name] {
			t.Errorf("%s: %+v is blank or repeated", what, op)
		}
		seen[op.Name] = true
	}
}

// TestCatalogCopies checks that a caller cannot change the catalogue
// through what it was given.
func TestCatalogCopies(t *testing.T) {
	c, _ := partnerd.CatalogConnector("salesforce")
	*c.Description = "changed"
	c.Categories[0] = "changed"
	c.Triggers[0].Name = "changed"
	c.InputFields[0].Name = "changed"
	c.PickLists["sobject_types"][0][0] = "changed"
	c.PickLists["new"] = nil
	list := partnerd.Catalog()
	list[0].Title = "changed"
	list[0].Actions[0].Title = "changed"

	again, _ := partnerd.CatalogConnector("salesforce")
	if *again.Description == "changed" || again.Categories[0] == "changed" || again.Triggers[0].Name == "changed" ||
		again.InputFields[0].Name == "changed" || again.PickLists["sobject_types"][0][0] == "changed" || again.PickLists["new"] != nil {
		t.Errorf("the catalogue changed through a copy: %+v", again)
	}
	if first := partnerd.Catalog()[0]; first.Title == "changed" || first.Actions[0].Title == "changed" {
		t.Errorf("the catalogue changed through Catalog: %+v", first)
	}
}
