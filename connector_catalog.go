package partnerd

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// catalogJSON is the connector catalogue shipped with the server: common
// connectors under Workato's provider ids, with their connection fields,
// triggers, actions and pick lists.
//
//go:embed connector_catalog.json
var catalogJSON []byte

// catalog holds the shipped connectors in ascending name; nothing may change
// them, so every reader gets a copy.
var catalog, catalogByName = mustLoadCatalog(catalogJSON)

// catalogEntry is a connector as connector_catalog.json writes it.
type catalogEntry struct {
	Name               string             `json:"name"`
	Title              string             `json:"title"`
	Description        *string            `json:"description"`
	Categories         []string           `json:"categories"`
	RequiresConnection bool               `json:"requires_connection"`
	OAuth              bool               `json:"oauth"`
	Deprecated         bool               `json:"deprecated"`
	Secondary          bool               `json:"secondary"`
	Triggers           []catalogOperation `json:"triggers"`
	Actions            []catalogOperation `json:"actions"`
	InputFields        []struct {
		Name     string `json:"name"`
		Label    string `json:"label"`
		Type     string `json:"type"`
		Optional bool   `json:"optional"`
	} `json:"input_fields"`
	PickLists map[string][][2]string `json:"pick_lists"`
}

type catalogOperation struct {
	Name  string `json:"name"`
	Title string `json:"title"`
}

// mustLoadCatalog parses the catalogue and panics when it is broken, which
// the package's tests catch before any release.
func mustLoadCatalog(data []byte) ([]*Connector, map[string]*Connector) {
	var entries []catalogEntry
	if err := json.Unmarshal(data, &entries); err != nil {
		panic(fmt.Sprintf("partnerd: connector_catalog.json: %v", err))
	}
	list := make([]*Connector, 0, len(entries))
	byName := make(map[string]*Connector, len(entries))
	for _, e := range entries {
		c := &Connector{
			Name: e.Name, Title: e.Title, Description: e.Description, Categories: e.Categories,
			RequiresConnection: e.RequiresConnection, OAuth: e.OAuth, Deprecated: e.Deprecated, Secondary: e.Secondary,
			Triggers: []Operation{}, Actions: []Operation{}, InputFields: []InputField{}, PickLists: e.PickLists,
		}
		for _, op := range e.Triggers {
			c.Triggers = append(c.Triggers, Operation(op))
		}
		for _, op := range e.Actions {
			c.Actions = append(c.Actions, Operation(op))
		}
		for _, f := range e.InputFields {
			c.InputFields = append(c.InputFields, InputField(f))
		}
		if c.Categories == nil {
			c.Categories = []string{}
		}
		if c.PickLists == nil {
			c.PickLists = map[string][][2]string{}
		}
		if !isProviderName(c.Name) || byName[c.Name] != nil {
			panic(fmt.Sprintf("partnerd: connector_catalog.json: bad or repeated name %q", c.Name))
		}
		list = append(list, c)
		byName[c.Name] = c
	}
	slices.SortFunc(list, func(a, b *Connector) int { return strings.Compare(a.Name, b.Name) })
	return list, byName
}

// Catalog returns a copy of every shipped connector in ascending name; the
// caller may change what it gets.
func Catalog() []*Connector {
	out := make([]*Connector, len(catalog))
	for i, c := range catalog {
		out[i] = c.clone()
	}
	return out
}

// CatalogConnector returns a copy of the shipped connector of that name.
func CatalogConnector(name string) (*Connector, bool) {
	c, ok := catalogByName[name]
	if !ok {
		return nil, false
	}
	return c.clone(), true
}

// clone returns a deep copy of c.
func (c *Connector) clone() *Connector {
	out := *c
	if c.Description != nil {
		d := *c.Description
		out.Description = &d
	}
	out.Categories = slices.Clone(c.Categories)
	out.Triggers = slices.Clone(c.Triggers)
	out.Actions = slices.Clone(c.Actions)
	out.InputFields = slices.Clone(c.InputFields)
	out.PickLists = make(map[string][][2]string, len(c.PickLists))
	for name, values := range c.PickLists {
		out.PickLists[name] = slices.Clone(values)
	}
	return &out
}
