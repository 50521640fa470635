package agent

import (
	"crypto/ecdsa"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sync"

	"go.yaml.in/yaml/v3"
)

// Values holds what the agent reads the values of config.yml with that
// are not written out in it: a setting {secret: NAME} is read from the
// secrets provider the secrets: section names, and a setting
// {encrypted: '…'} is opened with the agent's own key.
//
// partnerd's agent has one provider, env: each secret is an environment
// variable of the agent, named by the secret with the section's optional
// prefix before it. Workato's cloud providers (aws, azure, google) cannot
// be reached by partnerd and are refused.
type Values struct {
	// LookupEnv reads the agent's environment; nil reads none.
	LookupEnv func(string) (string, bool)
	// Key returns the agent's key; nil has none.
	Key func() (*ecdsa.PrivateKey, error)
}

// cloudProviders are Workato's secrets managers, which partnerd's agent
// does not reach.
var cloudProviders = map[string]string{"aws": "AWS Secrets Manager", "azure": "Azure Key Vault", "google": "Google Secret Manager"}

// envName is what the env provider accepts as a variable's name.
var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// resolver reads the settings of one config.yml.
type resolver struct {
	values  Values
	secrets *yaml.Node // the secrets: section, nil without one
	prefix  string

	keyOnce sync.Once
	key     *ecdsa.PrivateKey
	keyErr  error
}

// newResolver reads the secrets: section of a config.yml: its provider
// must be env, whose only other setting is prefix.
func newResolver(root *yaml.Node, v Values) (*resolver, error) {
	r := &resolver{values: v}
	if root == nil || root.Kind != yaml.MappingNode {
		return r, nil
	}
	var key *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "secrets" {
			key, r.secrets = root.Content[i], root.Content[i+1]
		}
	}
	if r.secrets == nil {
		return r, nil
	}
	if r.secrets.Kind != yaml.MappingNode {
		return nil, lineError(key, "secrets: expected provider: env and an optional prefix")
	}
	provider := setting(r.secrets, "provider")
	switch {
	case provider == nil:
		return nil, lineError(key, "secrets: needs a provider (partnerd's agent reads secrets from its environment: provider: env)")
	case provider.Kind != yaml.ScalarNode:
		return nil, lineError(provider, "secrets: provider must be env")
	case cloudProviders[provider.Value] != "":
		return nil, lineError(provider, fmt.Sprintf("secrets: provider %s (%s) is not reachable from partnerd's agent: use provider: env and give each secret as an environment variable",
			provider.Value, cloudProviders[provider.Value]))
	case provider.Value != "env":
		return nil, lineError(provider, fmt.Sprintf("secrets: unknown provider %q: partnerd's agent reads secrets from its environment (provider: env)", provider.Value))
	}
	for i := 0; i+1 < len(r.secrets.Content); i += 2 {
		k, val := r.secrets.Content[i], r.secrets.Content[i+1]
		switch k.Value {
		case "provider":
		case "prefix":
			if val.Kind != yaml.ScalarNode || (val.Value != "" && !envName.MatchString(val.Value)) {
				return nil, lineError(val, "secrets: prefix must be the start of an environment variable's name (letters, digits and _)")
			}
			r.prefix = val.Value
		default:
			return nil, lineError(k, fmt.Sprintf("secrets: unknown setting %q of provider env (it takes prefix)", k.Value))
		}
	}
	return r, nil
}

// specialValue returns the kind (secret or encrypted) and the text of a
// setting written as {secret: …} or {encrypted: …}, or "" for any other.
func specialValue(n *yaml.Node) (kind string, text *yaml.Node) {
	if n.Kind != yaml.MappingNode || len(n.Content) != 2 {
		return "", nil
	}
	if k := n.Content[0].Value; k == "secret" || k == "encrypted" {
		return k, n.Content[1]
	}
	return "", nil
}

// specialKind is the kind of a setting written {secret: …} or
// {encrypted: …}, or "" for any other and for none.
func specialKind(n *yaml.Node) string {
	if n == nil {
		return ""
	}
	kind, _ := specialValue(n)
	return kind
}

// value returns the text of a setting: a scalar as written, a secret
// from the provider, an encrypted value opened. what names the setting
// in errors, which name its line.
func (r *resolver) value(what string, n *yaml.Node) (string, error) {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if n.Kind == yaml.ScalarNode {
		return n.Value, nil
	}
	kind, text := specialValue(n)
	if kind == "" {
		return "", lineError(n, what+": expected a value, {secret: NAME} or {encrypted: '…'}")
	}
	if text.Kind != yaml.ScalarNode || text.Value == "" {
		return "", lineError(text, fmt.Sprintf("%s: %s must be given as text", what, kind))
	}
	if kind == "secret" {
		return r.secret(what, text)
	}
	return r.decrypt(what, text)
}

// secret reads a secret from the agent's environment.
func (r *resolver) secret(what string, name *yaml.Node) (string, error) {
	if r.secrets == nil {
		return "", lineError(name, fmt.Sprintf("%s: a {secret: …} needs a secrets: section; partnerd's agent reads secrets from its environment (secrets: {provider: env})", what))
	}
	if !envName.MatchString(name.Value) {
		return "", lineError(name, fmt.Sprintf("%s: secret %q is not an environment variable's name (letters, digits and _)", what, name.Value))
	}
	variable := r.prefix + name.Value
	var v string
	ok := false
	if r.values.LookupEnv != nil {
		v, ok = r.values.LookupEnv(variable)
	}
	if !ok || v == "" {
		return "", lineError(name, fmt.Sprintf("%s: the environment variable %s is not set", what, variable))
	}
	return v, nil
}

// decrypt opens an encrypted value with the agent's key.
func (r *resolver) decrypt(what string, text *yaml.Node) (string, error) {
	r.keyOnce.Do(func() {
		if r.values.Key == nil {
			r.keyErr = errors.New("the agent has no key in its state directory")
			return
		}
		r.key, r.keyErr = r.values.Key()
	})
	if r.keyErr != nil {
		return "", lineError(text, fmt.Sprintf("%s: an encrypted value needs the agent's key: %v", what, r.keyErr))
	}
	v, err := DecryptValue(r.key, text.Value)
	if err != nil {
		return "", lineError(text, fmt.Sprintf("%s: %v", what, err))
	}
	return string(v), nil
}

// checkValues resolves every secret and encrypted value in the profile
// sections that the agent does not otherwise read, so that a value that
// cannot be had stops the agent at start rather than later.
func (r *resolver) checkValues(root *yaml.Node, skip ...string) error {
	if root == nil || root.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		section := root.Content[i].Value
		if slices.Contains(skip, section) || slices.Contains(agentSections, section) {
			continue
		}
		if err := r.walk(section, root.Content[i+1]); err != nil {
			return err
		}
	}
	return nil
}

func (r *resolver) walk(what string, n *yaml.Node) error {
	if kind, _ := specialValue(n); kind != "" {
		_, err := r.value(what, n)
		return err
	}
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if err := r.walk(what+"."+n.Content[i].Value, n.Content[i+1]); err != nil {
				return err
			}
		}
	case yaml.SequenceNode:
		for _, c := range n.Content {
			if err := r.walk(what, c); err != nil {
				return err
			}
		}
	}
	return nil
}
