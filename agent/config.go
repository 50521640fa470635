package agent

import (
	"fmt"
	"os"

	"github.com/partnerd/partnerd"
	"go.yaml.in/yaml/v3"
)

// Config is what the agent reads of its config.yml: the profiles it
// reports, and the database and HTTP profiles it serves.
type Config struct {
	Profiles  []partnerd.OnPremProfile
	Databases map[string]*DatabaseProfile
	HTTP      map[string]*HTTPProfile
}

// ReadConfig reads Workato's config.yml (or partnerd's profiles: list),
// resolving every {secret: NAME} from the secrets provider of its
// secrets: section and every {encrypted: '…'} with the agent's key, both
// given by v. Any value that cannot be had, in any profile section, is an
// error naming its line, so the agent stops at start rather than when a
// step runs.
func ReadConfig(b []byte, v Values) (*Config, error) {
	root, err := configRoot(b)
	if err != nil {
		return nil, err
	}
	r, err := newResolver(root, v)
	if err != nil {
		return nil, err
	}
	profiles, err := parseProfiles(b, r)
	if err != nil {
		return nil, err
	}
	c := &Config{Profiles: profiles}
	if c.Databases, err = parseDatabases(root, r); err != nil {
		return nil, err
	}
	if c.HTTP, err = parseHTTPProfiles(root, r); err != nil {
		return nil, err
	}
	if err := r.checkValues(root, "database", "http"); err != nil {
		return nil, err
	}
	return c, nil
}

// parseWithEnvironment reads a section of a config.yml with parse, its
// secrets from the process's environment and no key for encrypted values.
func parseWithEnvironment[T any](b []byte, parse func(*yaml.Node, *resolver) (T, error)) (T, error) {
	var none T
	root, err := configRoot(b)
	if err != nil {
		return none, err
	}
	r, err := newResolver(root, Values{LookupEnv: os.LookupEnv})
	if err != nil {
		return none, err
	}
	return parse(root, r)
}

// configRoot is the top mapping of a config.yml, nil for an empty file.
func configRoot(b []byte) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("profiles: %w", err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, nil
	}
	if doc.Content[0].Kind != yaml.MappingNode {
		return nil, lineError(doc.Content[0], "expected a mapping of sections such as database: or profiles:")
	}
	return doc.Content[0], nil
}

// sectionOf returns a section of a config.yml, or nil.
func sectionOf(root *yaml.Node, name string) *yaml.Node {
	if root == nil {
		return nil
	}
	return setting(root, name)
}
