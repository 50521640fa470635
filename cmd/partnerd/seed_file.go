package main

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Seed is a seed file: the accounts that serve --seed creates in an empty
// database, each with what it holds. JSON is YAML, so either serves.
type Seed struct {
	Accounts []SeedAccount `yaml:"accounts"`
}

// SeedAccount is a partner account and what its admin workspace holds.
type SeedAccount struct {
	Line        int               `yaml:"-"`
	Name        string            `yaml:"name"`
	Email       string            `yaml:"email"`
	Token       string            `yaml:"token"`   // the Admin client's token, fixed
	APIKey      string            `yaml:"api_key"` // the legacy API key, optional
	ClientRoles []SeedClientRole  `yaml:"client_roles"`
	Clients     []SeedClient      `yaml:"clients"`
	Properties  map[string]string `yaml:"properties"`
	Customers   []SeedCustomer    `yaml:"customers"`
}

// SeedClientRole is a developer API client role of the account.
type SeedClientRole struct {
	Line       int                 `yaml:"-"`
	Name       string              `yaml:"name"`
	Privileges map[string][]string `yaml:"privileges"`
}

// SeedClient is another developer API client of the account, with a fixed
// token and a role named by its name (Admin when empty).
type SeedClient struct {
	Line  int    `yaml:"-"`
	Name  string `yaml:"name"`
	Token string `yaml:"token"`
	Role  string `yaml:"role"`
}

// SeedCustomer is a customer workspace and what it holds.
type SeedCustomer struct {
	Line              int               `yaml:"-"`
	Name              string            `yaml:"name"`
	ExternalID        string            `yaml:"external_id"`
	NotificationEmail string            `yaml:"notification_email"`
	Folders           []SeedFolder      `yaml:"folders"`
	Connections       []SeedConnection  `yaml:"connections"`
	Recipes           []SeedRecipe      `yaml:"recipes"`
	LookupTables      []SeedLookupTable `yaml:"lookup_tables"`
	Properties        map[string]string `yaml:"properties"`
}

// SeedFolder is a folder, in the home folder or in the folder named parent
// (listed before it).
type SeedFolder struct {
	Line   int    `yaml:"-"`
	Name   string `yaml:"name"`
	Parent string `yaml:"parent"`
}

// SeedConnection is a connection in the folder named folder (the home
// folder when empty).
type SeedConnection struct {
	Line     int            `yaml:"-"`
	Name     string         `yaml:"name"`
	Provider string         `yaml:"provider"`
	Folder   string         `yaml:"folder"`
	Input    map[string]any `yaml:"input"`
}

// SeedRecipe is a recipe: its code is the recipe tree, and config names
// the connection of each provider that needs one.
type SeedRecipe struct {
	Line   int               `yaml:"-"`
	Name   string            `yaml:"name"`
	Folder string            `yaml:"folder"`
	Code   map[string]any    `yaml:"code"`
	Config map[string]string `yaml:"config"` // provider: connection name, or "" for none
}

// SeedLookupTable is a lookup table with its columns and rows.
type SeedLookupTable struct {
	Line    int              `yaml:"-"`
	Name    string           `yaml:"name"`
	Folder  string           `yaml:"folder"`
	Columns []string         `yaml:"columns"`
	Rows    []map[string]any `yaml:"rows"`
}

// seedItem is every kind of list item of a seed file: each one knows its line.
type seedItem interface {
	*SeedAccount | *SeedClientRole | *SeedClient | *SeedCustomer | *SeedFolder |
		*SeedConnection | *SeedRecipe | *SeedLookupTable
}

func (v *SeedAccount) UnmarshalYAML(n *yaml.Node) error     { return decodeSeedItem(n, v, &v.Line) }
func (v *SeedClientRole) UnmarshalYAML(n *yaml.Node) error  { return decodeSeedItem(n, v, &v.Line) }
func (v *SeedClient) UnmarshalYAML(n *yaml.Node) error      { return decodeSeedItem(n, v, &v.Line) }
func (v *SeedCustomer) UnmarshalYAML(n *yaml.Node) error    { return decodeSeedItem(n, v, &v.Line) }
func (v *SeedFolder) UnmarshalYAML(n *yaml.Node) error      { return decodeSeedItem(n, v, &v.Line) }
func (v *SeedConnection) UnmarshalYAML(n *yaml.Node) error  { return decodeSeedItem(n, v, &v.Line) }
func (v *SeedRecipe) UnmarshalYAML(n *yaml.Node) error      { return decodeSeedItem(n, v, &v.Line) }
func (v *SeedLookupTable) UnmarshalYAML(n *yaml.Node) error { return decodeSeedItem(n, v, &v.Line) }

// decodeSeedItem decodes a mapping into v, refusing keys v does not know,
// and records the mapping's line.
func decodeSeedItem[T seedItem](n *yaml.Node, v T, line *int) error {
	if n.Kind != yaml.MappingNode {
		return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: want a mapping", n.Line)}}
	}
	if err := checkSeedKeys(n, reflect.TypeOf(v).Elem()); err != nil {
		return err
	}
	// A plain type of the same fields decodes without calling back here.
	plain := reflect.New(reflect.StructOf(seedFields(reflect.TypeOf(v).Elem())))
	if err := n.Decode(plain.Interface()); err != nil {
		return err
	}
	reflect.ValueOf(v).Elem().Set(plain.Elem().Convert(reflect.TypeOf(v).Elem()))
	*line = n.Line
	return nil
}

// seedFields returns the fields of t, for a struct type without its methods.
func seedFields(t reflect.Type) []reflect.StructField {
	fields := make([]reflect.StructField, t.NumField())
	for i := range fields {
		fields[i] = t.Field(i)
	}
	return fields
}

// checkSeedKeys refuses a key of the mapping n that no field of t names.
func checkSeedKeys(n *yaml.Node, t reflect.Type) error {
	var known []string
	for i := range t.NumField() {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); name != "-" && name != "" {
			known = append(known, name)
		}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; !slices.Contains(known, k.Value) {
			return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: unknown field %q (known: %s)", k.Line, k.Value, strings.Join(known, ", "))}}
		}
	}
	return nil
}

// ParseSeed decodes a seed file named name (for its errors) and checks it
// for what a file alone can show; an error names the file and line.
func ParseSeed(name string, data []byte) (*Seed, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, seedYAMLError(name, err)
	}
	if len(root.Content) == 0 {
		return nil, fmt.Errorf("%s: the file is empty", name)
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: want a mapping with accounts", name, doc.Line)
	}
	if err := checkSeedKeys(doc, reflect.TypeOf(Seed{})); err != nil {
		return nil, seedYAMLError(name, err)
	}
	var s Seed
	if err := doc.Decode(&s); err != nil {
		return nil, seedYAMLError(name, err)
	}
	if len(s.Accounts) == 0 {
		return nil, fmt.Errorf("%s:%d: the seed has no accounts", name, doc.Line)
	}
	return &s, s.check(name)
}

// seedYAMLError turns a YAML error into one that starts with file:line.
func seedYAMLError(name string, err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg := strings.TrimPrefix(te.Errors[0], "yaml: ")
		if rest, ok := strings.CutPrefix(msg, "line "); ok {
			if n, after, ok := strings.Cut(rest, ": "); ok {
				return fmt.Errorf("%s:%s: %s", name, n, after)
			}
		}
		return fmt.Errorf("%s: %s", name, msg)
	}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if n, after, ok := strings.Cut(rest, ": "); ok {
			return fmt.Errorf("%s:%s: %s", name, n, after)
		}
	}
	return fmt.Errorf("%s: %s", name, msg)
}

// check finds what is wrong in the file itself: missing names and tokens,
// and references to folders, roles and connections it does not define.
func (s *Seed) check(name string) error {
	at := func(line int, format string, args ...any) error {
		return fmt.Errorf("%s:%d: %s", name, line, fmt.Sprintf(format, args...))
	}
	tokens := map[string]bool{}
	for _, a := range s.Accounts {
		if strings.TrimSpace(a.Name) == "" || strings.TrimSpace(a.Email) == "" {
			return at(a.Line, "an account needs a name and an email")
		}
		if !strings.HasPrefix(a.Token, "wrkaus-") || len(a.Token) < 32 || tokens[a.Token] {
			return at(a.Line, "account %s needs a token of its own that starts with wrkaus- and has at least 32 characters", a.Name)
		}
		tokens[a.Token] = true
		roles := map[string]bool{"": true, "Admin": true}
		for _, r := range a.ClientRoles {
			if strings.TrimSpace(r.Name) == "" {
				return at(r.Line, "a client role needs a name")
			}
			roles[r.Name] = true
		}
		for _, c := range a.Clients {
			if strings.TrimSpace(c.Name) == "" {
				return at(c.Line, "a client needs a name")
			}
			if !strings.HasPrefix(c.Token, "wrkaus-") || len(c.Token) < 32 || tokens[c.Token] {
				return at(c.Line, "client %s needs a token of its own that starts with wrkaus- and has at least 32 characters", c.Name)
			}
			tokens[c.Token] = true
			if !roles[c.Role] {
				return at(c.Line, "client %s has the role %q, which the account does not define", c.Name, c.Role)
			}
		}
		for _, cu := range a.Customers {
			if err := cu.check(at); err != nil {
				return err
			}
		}
	}
	return nil
}

// check finds references within a customer to folders and connections it
// does not define.
func (cu *SeedCustomer) check(at func(int, string, ...any) error) error {
	if strings.TrimSpace(cu.Name) == "" {
		return at(cu.Line, "a customer needs a name")
	}
	folders := map[string]bool{"": true}
	for _, f := range cu.Folders {
		if strings.TrimSpace(f.Name) == "" {
			return at(f.Line, "a folder needs a name")
		}
		if !folders[f.Parent] {
			return at(f.Line, "folder %s has the parent %q, which is not listed before it", f.Name, f.Parent)
		}
		folders[f.Name] = true
	}
	connections := map[string]bool{"": true}
	for _, c := range cu.Connections {
		if !folders[c.Folder] {
			return at(c.Line, "connection %s is in the folder %q, which the customer does not define", c.Name, c.Folder)
		}
		connections[c.Name] = true
	}
	for _, r := range cu.Recipes {
		if !folders[r.Folder] {
			return at(r.Line, "recipe %s is in the folder %q, which the customer does not define", r.Name, r.Folder)
		}
		for provider, conn := range r.Config {
			if !connections[conn] {
				return at(r.Line, "recipe %s uses the connection %q for %s, which the customer does not define", r.Name, conn, provider)
			}
		}
	}
	for _, t := range cu.LookupTables {
		if !folders[t.Folder] {
			return at(t.Line, "lookup table %s is in the folder %q, which the customer does not define", t.Name, t.Folder)
		}
	}
	return nil
}
