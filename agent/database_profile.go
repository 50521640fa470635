package agent

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// DatabaseProfile is a database profile of config.yml with the settings
// the agent connects with, every secret and encrypted value resolved.
type DatabaseProfile struct {
	Name     string
	Adapter  string
	Host     string
	Port     string
	Database string
	Username string
	Password string
	// SSLMode is libpq's name of the TLS mode (disable, allow, prefer,
	// require, verify-ca, verify-full) for either adapter; "" is prefer.
	SSLMode string
	// ConnectTimeout bounds a connection's setup; zero is the agent's own.
	ConnectTimeout time.Duration
	// Options are further PostgreSQL connection parameters, in libpq's
	// names: application_name, search_path, sslrootcert, sslcert, sslkey
	// and sslpassword.
	Options map[string]string
	// Ignored names the JDBC driver properties the agent does not use.
	Ignored []string
}

// sslModes are the TLS modes of SSLMode, in libpq's names.
var sslModes = []string{"disable", "allow", "prefer", "require", "verify-ca", "verify-full"}

// mysqlSSLModes are MySQL Connector/J's sslMode values in libpq's names.
var mysqlSSLModes = map[string]string{"DISABLED": "disable", "PREFERRED": "prefer", "REQUIRED": "require",
	"VERIFY_CA": "verify-ca", "VERIFY_IDENTITY": "verify-full"}

// ParseDatabases reads the database profiles of Workato's config.yml, with
// secrets from the process's environment and no key for encrypted values;
// ReadConfig reads them with the agent's own. See ReadConfig.
func ParseDatabases(b []byte) (map[string]*DatabaseProfile, error) {
	return parseWithEnvironment(b, parseDatabases)
}

// parseDatabases reads the database: section of a config.yml.
func parseDatabases(root *yaml.Node, r *resolver) (map[string]*DatabaseProfile, error) {
	out := map[string]*DatabaseProfile{}
	section := sectionOf(root, "database")
	if section == nil || section.Kind != yaml.MappingNode {
		return out, nil
	}
	for i := 0; i+1 < len(section.Content); i += 2 {
		name, settings := section.Content[i], section.Content[i+1]
		if settings.Kind != yaml.MappingNode {
			return nil, lineError(settings, fmt.Sprintf("database profile %q: expected its settings", name.Value))
		}
		p, err := parseDatabase(name.Value, settings, r)
		if err != nil {
			return nil, err
		}
		out[p.Name] = p
	}
	return out, nil
}

// driverProperty is a JDBC driver property of a profile, from its url's
// query or a setting of its own, with the node that names its line.
type driverProperty struct {
	value string
	node  *yaml.Node
}

// parseDatabase reads one database profile: its adapter or url, host,
// port, database, username, password, partnerd's sslmode, and JDBC driver
// properties, from its url's query and from its other settings.
func parseDatabase(name string, settings *yaml.Node, r *resolver) (*DatabaseProfile, error) {
	p := &DatabaseProfile{Name: name, Options: map[string]string{}}
	what := fmt.Sprintf("database profile %q", name)
	fields := map[string]*string{"host": &p.Host, "port": &p.Port, "database": &p.Database,
		"username": &p.Username, "password": &p.Password}
	var urlNode *yaml.Node
	var rawURL string
	props := map[string]driverProperty{}
	var order []string
	for i := 0; i+1 < len(settings.Content); i += 2 {
		key, n := settings.Content[i].Value, settings.Content[i+1]
		v, err := r.value(what+": "+key, n)
		if err != nil {
			return nil, err
		}
		switch {
		case key == "adapter":
		case key == "url":
			urlNode, rawURL = n, v
		case fields[key] != nil:
			*fields[key] = v
		default:
			props[key] = driverProperty{v, n}
			order = append(order, key)
		}
	}
	adapter, err := databaseProvider(name, settings, r)
	if err != nil {
		return nil, err
	}
	p.Adapter = adapterOf(adapter)
	if urlNode != nil {
		if err := p.readURL(what, rawURL, urlNode, props, &order); err != nil {
			return nil, err
		}
	}
	if p.Adapter != "postgresql" && p.Adapter != "mysql" {
		return p, nil // The agent runs nothing on it; its settings are not checked.
	}
	slices.Sort(order)
	for _, key := range slices.Compact(order) {
		if err := p.applyDriverProperty(what, key, props[key]); err != nil {
			return nil, err
		}
	}
	if p.Host == "" {
		return nil, lineError(settings, what+": needs a host or a url")
	}
	if p.Port != "" {
		if n, err := strconv.Atoi(p.Port); err != nil || n < 1 || n > 65535 {
			return nil, lineError(nodeOr(setting(settings, "port"), urlNode), what+": port must be a number from 1 to 65535")
		}
	}
	if p.SSLMode != "" && !slices.Contains(sslModes, p.SSLMode) {
		return nil, lineError(nodeOr(setting(settings, "sslmode"), urlNode), fmt.Sprintf("%s: sslmode %q is not one of %s", what, p.SSLMode, strings.Join(sslModes, ", ")))
	}
	return p, nil
}

// adapterOf is the adapter of a profile's connector.
func adapterOf(provider string) string {
	for adapter, p := range databaseAdapters {
		if p == provider {
			return adapter
		}
	}
	return provider
}

// applyDriverProperty applies one JDBC driver property of the profile's
// adapter: PostgreSQL's pgJDBC or MySQL's Connector/J names. A property
// the agent has no use for is kept in Ignored.
func (p *DatabaseProfile) applyDriverProperty(what, key string, d driverProperty) error {
	bad := func(format string, args ...any) error {
		return lineError(d.node, what+": "+key+": "+fmt.Sprintf(format, args...))
	}
	switch {
	case key == "sslmode":
		p.SSLMode = d.value
	case key == "user":
		p.Username = cmp.Or(p.Username, d.value)
	case key == "password":
		p.Password = cmp.Or(p.Password, d.value)
	case p.Adapter == "postgresql" && key == "ssl":
		on, err := strconv.ParseBool(d.value)
		if err != nil {
			return bad("must be true or false")
		}
		if p.SSLMode == "" && !on {
			p.SSLMode = "disable"
		} else if p.SSLMode == "" {
			p.SSLMode = "verify-full"
		}
	case p.Adapter == "postgresql" && (key == "connectTimeout" || key == "loginTimeout"):
		s, err := strconv.Atoi(d.value)
		if err != nil || s < 0 || s > 3600 {
			return bad("must be a number of seconds from 0 to 3600")
		}
		p.ConnectTimeout = time.Duration(s) * time.Second
	case p.Adapter == "postgresql" && key == "ApplicationName":
		p.Options["application_name"] = d.value
	case p.Adapter == "postgresql" && key == "currentSchema":
		p.Options["search_path"] = d.value
	case p.Adapter == "postgresql" && slices.Contains([]string{"sslrootcert", "sslcert", "sslkey", "sslpassword"}, key):
		p.Options[key] = d.value
	case p.Adapter == "mysql" && key == "sslMode":
		mode, ok := mysqlSSLModes[strings.ToUpper(d.value)]
		if !ok {
			return bad("%q is not DISABLED, PREFERRED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY", d.value)
		}
		p.SSLMode = mode
	case p.Adapter == "mysql" && key == "useSSL":
		on, err := strconv.ParseBool(d.value)
		if err != nil {
			return bad("must be true or false")
		}
		if p.SSLMode == "" && on {
			p.SSLMode = "require"
		} else if p.SSLMode == "" {
			p.SSLMode = "disable"
		}
	case p.Adapter == "mysql" && key == "connectTimeout":
		ms, err := strconv.Atoi(d.value)
		if err != nil || ms < 0 || ms > 3600_000 {
			return bad("must be a number of milliseconds from 0 to 3600000")
		}
		p.ConnectTimeout = time.Duration(ms) * time.Millisecond
	default:
		p.Ignored = append(p.Ignored, key)
	}
	return nil
}

// readURL reads a JDBC url of PostgreSQL (jdbc:postgresql://HOST[:PORT]/DB)
// or MySQL (jdbc:mysql://HOST[:PORT]/DB) with driver properties in its
// query; a url of another database is kept for its adapter, which the
// agent does not run. Settings of the profile's own win over the query's.
func (p *DatabaseProfile) readURL(what, raw string, n *yaml.Node, props map[string]driverProperty, order *[]string) error {
	u, err := ParseJDBCURL(raw)
	if err != nil {
		return lineError(n, what+": url: "+err.Error())
	}
	if u.Adapter != "postgresql" && u.Adapter != "mysql" {
		return nil
	}
	if u.Adapter != p.Adapter {
		return lineError(n, fmt.Sprintf("%s: url is of %s, not of adapter %s", what, u.Adapter, p.Adapter))
	}
	if p.Host != "" || p.Port != "" || p.Database != "" {
		return lineError(n, what+": give either a url or host, port and database, not both")
	}
	p.Host, p.Port, p.Database = u.Host, u.Port, u.Database
	for _, kv := range u.Properties {
		if _, own := props[kv[0]]; !own {
			props[kv[0]] = driverProperty{kv[1], n}
			*order = append(*order, kv[0])
		}
	}
	return nil
}

func nodeOr(n, fallback *yaml.Node) *yaml.Node {
	if n != nil {
		return n
	}
	return fallback
}
