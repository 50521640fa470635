package agent

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/partnerd/partnerd"
	"go.yaml.in/yaml/v3"
)

// ParseProfiles reads an agent's profiles file, in either of two forms.
//
// Workato's own config.yml: a section per kind of system (database, files,
// http, jms, kafka, ldap), each a map from profile name to its settings.
// A database profile names its database with adapter (sqlserver, oracle,
// postgresql, mysql, jdbc, db2, redshift, snowflake) or with a JDBC url;
// the other kinds need no adapter. Other settings are not read here, so
// they may be secrets ({secret: …}) or encrypted ({encrypted: …}); a url
// written so needs an adapter beside it (ReadConfig opens it instead).
// The sections config, server, secrets and proxy configure the agent
// itself and hold no profiles.
//
// partnerd's own list: profiles, each with a name, a provider and a type.
//
// A file that holds neither, an unknown section or an unknown adapter is
// an error naming its line.
func ParseProfiles(b []byte) ([]partnerd.OnPremProfile, error) {
	return parseProfiles(b, nil)
}

// parseProfiles reads the profiles of a file; r, if any, reads a JDBC url
// given as a secret or encrypted value.
func parseProfiles(b []byte, r *resolver) ([]partnerd.OnPremProfile, error) {
	var doc yaml.Node
	err := yaml.Unmarshal(b, &doc)
	if err != nil {
		return nil, fmt.Errorf("profiles: %w", err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, errors.New("profiles: line 1: the file holds no profiles: write Workato's config.yml sections (database:, files:, …) or a profiles: list")
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, lineError(root, "expected a mapping of sections such as database: or profiles:")
	}
	out := []partnerd.OnPremProfile{}
	recognised := false
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, value := root.Content[i], root.Content[i+1]
		switch {
		case key.Value == "profiles":
			list, err := listProfiles(value)
			if err != nil {
				return nil, err
			}
			out = append(out, list...)
		case slices.Contains(agentSections, key.Value):
		default:
			kind, ok := profileKinds[key.Value]
			if !ok {
				return nil, lineError(key, fmt.Sprintf("unknown section %q: profiles go under %s", key.Value, strings.Join(sectionNames(), ", ")))
			}
			list, err := sectionProfiles(key.Value, kind, value, r)
			if err != nil {
				return nil, err
			}
			out = append(out, list...)
		}
		recognised = true
	}
	if !recognised {
		return nil, lineError(root, "the file holds no profiles")
	}
	p := partnerd.OnPremPresence{Connection: "-", Profiles: out}
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("profiles: each needs a name and a provider of at most 255 characters, and there may be %d: %w",
			partnerd.MaxOnPremProfiles, err)
	}
	return out, nil
}

// profileKind is a section of config.yml: the type its profiles report and
// their provider when the section does not name one per profile.
type profileKind struct {
	Type     string
	Provider string // "" reads each profile's adapter
}

var profileKinds = map[string]profileKind{
	"database": {Type: "Database"},
	"files":    {Type: "Files", Provider: "file"},
	"http":     {Type: "HTTP", Provider: "rest"},
	"jms":      {Type: "JMS", Provider: "jms"},
	"kafka":    {Type: "Kafka", Provider: "kafka"},
	"ldap":     {Type: "LDAP", Provider: "ldap"},
}

// agentSections configure the agent itself and hold no profiles.
var agentSections = []string{"config", "server", "secrets", "proxy"}

// databaseAdapters are the adapters of database profiles, with the
// connector each one serves.
var databaseAdapters = map[string]string{
	"sqlserver": "mssql", "oracle": "oracle", "postgresql": "postgresql", "mysql": "mysql",
	"jdbc": "jdbc", "db2": "db2", "redshift": "redshift", "snowflake": "snowflake",
}

func sectionNames() []string {
	var names []string
	for name := range profileKinds {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// sectionProfiles reads the profiles of one config.yml section.
func sectionProfiles(section string, kind profileKind, n *yaml.Node, r *resolver) ([]partnerd.OnPremProfile, error) {
	if n.Kind != yaml.MappingNode {
		return nil, lineError(n, fmt.Sprintf("%s: expected a mapping of profile names to their settings", section))
	}
	var out []partnerd.OnPremProfile
	for i := 0; i+1 < len(n.Content); i += 2 {
		name, settings := n.Content[i], n.Content[i+1]
		if name.Kind != yaml.ScalarNode || strings.TrimSpace(name.Value) == "" {
			return nil, lineError(name, section+": a profile needs a name")
		}
		if settings.Kind != yaml.MappingNode {
			return nil, lineError(settings, fmt.Sprintf("%s profile %q: expected its settings", section, name.Value))
		}
		provider := kind.Provider
		if provider == "" {
			var err error
			if provider, err = databaseProvider(name.Value, settings, r); err != nil {
				return nil, err
			}
		}
		out = append(out, partnerd.OnPremProfile{Name: name.Value, Provider: provider, Type: kind.Type})
	}
	return out, nil
}

// databaseProvider returns the connector of a database profile: its
// adapter's, or that of its JDBC url's subprotocol. A url given as a
// secret or encrypted is read with r; without r it needs an adapter.
func databaseProvider(name string, settings *yaml.Node, r *resolver) (string, error) {
	adapter, url := setting(settings, "adapter"), setting(settings, "url")
	if kind := specialKind(url); kind != "" && adapter == nil {
		if r == nil {
			return "", lineError(url, fmt.Sprintf("database profile %q: a url given as {%s: …} needs an adapter beside it here", name, kind))
		}
		text, err := r.value(fmt.Sprintf("database profile %q: url", name), url)
		if err != nil {
			return "", err
		}
		url = &yaml.Node{Kind: yaml.ScalarNode, Value: text, Line: url.Line}
	}
	switch {
	case adapter != nil:
		if p, ok := databaseAdapters[adapter.Value]; ok && adapter.Kind == yaml.ScalarNode {
			return p, nil
		}
		return "", lineError(adapter, fmt.Sprintf("database profile %q: unknown adapter %q (known: %s)", name, adapter.Value, adapterNames()))
	case url != nil:
		sub, ok := strings.CutPrefix(url.Value, "jdbc:")
		sub, _, _ = strings.Cut(sub, ":")
		if p, known := databaseAdapters[sub]; ok && known && url.Kind == yaml.ScalarNode {
			return p, nil
		}
		if ok && sub != "" {
			return "jdbc", nil // Another JDBC-compatible database.
		}
		return "", lineError(url, fmt.Sprintf("database profile %q: url must be a JDBC url (jdbc:…)", name))
	}
	return "", lineError(settings, fmt.Sprintf("database profile %q: needs an adapter or a url", name))
}

func adapterNames() string {
	var names []string
	for name := range databaseAdapters {
		names = append(names, name)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// setting returns the value of key in a mapping, or nil.
func setting(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// listProfiles reads partnerd's own profiles: list.
func listProfiles(n *yaml.Node) ([]partnerd.OnPremProfile, error) {
	var list []partnerd.OnPremProfile
	if err := n.Decode(&list); err != nil && !errors.Is(err, io.EOF) {
		return nil, lineError(n, "profiles: expected a list of {name, provider, type}")
	}
	return list, nil
}

// lineError is an error about the node at its line.
func lineError(n *yaml.Node, msg string) error {
	return fmt.Errorf("profiles: line %d: %s", max(n.Line, 1), msg)
}
