package http

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/partnerd/partnerd"
	"go.yaml.in/yaml/v3"
)

// maxOperations bounds the endpoints one OpenAPI document creates.
const maxOperations = 1000

// openAPISpec is the openapi_spec of a collection create: an OpenAPI 3.x
// document as JSON or YAML text.
type openAPISpec struct {
	Content string `json:"content"`
	Format  string `json:"format"`
}

// openAPIDoc is what a collection takes from an OpenAPI document: the
// version of its info, and one endpoint per operation.
type openAPIDoc struct {
	Version   string
	Endpoints []*partnerd.APIEndpoint
}

// specError is the refusal of a document, naming openapi_spec.
func specError(format string, args ...any) error {
	return partnerd.FieldError("openapi_spec", fmt.Sprintf(format, args...))
}

// parseOpenAPI reads an OpenAPI 3.x document. Each operation (a path and
// one of the methods GET, POST, PUT, PATCH and DELETE) becomes an endpoint
// named by its operationId, else by its method and path, whose path has
// {param} written :param. An operation's x-workato-recipe-id extension
// names the recipe the endpoint calls, and its x-workato-validate-request
// whether the endpoint validates each call's body against the request
// schema of the recipe's trigger. Paths come in lexical order and
// methods in that order; other keys of a path item are ignored. A document
// that does not parse, or is not OpenAPI 3.x, is EINVALID naming
// openapi_spec.
func parseOpenAPI(spec openAPISpec) (*openAPIDoc, error) {
	if strings.TrimSpace(spec.Content) == "" {
		return nil, specError("content can't be blank")
	}
	root, err := decodeSpec(spec)
	if err != nil {
		return nil, err
	}
	doc, ok := asMap(root)
	if !ok {
		return nil, specError("is not an OpenAPI 3.x document: its root is not an object")
	}
	if v, _ := docScalar(doc["openapi"]); !strings.HasPrefix(v, "3.") {
		return nil, specError("is not an OpenAPI 3.x document: openapi must be a 3.x version")
	}
	out := &openAPIDoc{}
	if info, ok := asMap(doc["info"]); ok {
		out.Version, _ = docScalar(info["version"])
	}
	if doc["paths"] == nil {
		return out, nil
	}
	paths, ok := asMap(doc["paths"])
	if !ok {
		return nil, specError("paths must be an object")
	}
	for _, path := range slices.Sorted(maps.Keys(paths)) {
		eps, err := pathOperations(path, paths[path])
		if err != nil {
			return nil, err
		}
		out.Endpoints = append(out.Endpoints, eps...)
		if len(out.Endpoints) > maxOperations {
			return nil, specError("has more than %d operations", maxOperations)
		}
	}
	return out, nil
}

// decodeSpec decodes the document's text in its format.
func decodeSpec(spec openAPISpec) (any, error) {
	var root any
	switch strings.ToLower(strings.TrimSpace(spec.Format)) {
	case "json":
		dec := json.NewDecoder(strings.NewReader(spec.Content))
		dec.UseNumber()
		if err := dec.Decode(&root); err != nil {
			return nil, specError("content is not valid JSON")
		}
		if _, err := dec.Token(); err != io.EOF {
			return nil, specError("content is not valid JSON: it holds more than one value")
		}
	case "yaml", "yml":
		var node yaml.Node
		if err := yaml.Unmarshal([]byte(spec.Content), &node); err != nil {
			return nil, specError("content is not valid YAML: %s", strings.TrimPrefix(err.Error(), "yaml: "))
		}
		budget := maxYAMLNodes
		if root = yamlValue(&node, &budget); budget < 0 {
			return nil, specError("content has more than %d YAML nodes", maxYAMLNodes)
		}
	case "":
		return nil, specError("format can't be blank")
	default:
		return nil, specError("format must be json or yaml")
	}
	return root, nil
}

// maxYAMLNodes bounds the nodes a YAML document expands to, aliases
// followed, so that a document of aliases cannot grow without end.
const maxYAMLNodes = 100_000

// yamlValue turns a YAML node into the values encoding/json decodes to,
// every scalar but null kept as its text: YAML reads an unquoted 1.0 as a
// number, which an OpenAPI version is not. budget counts the nodes left to
// expand; past it, the rest is nil.
func yamlValue(n *yaml.Node, budget *int) any {
	if *budget--; *budget < 0 || n == nil {
		return nil
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) > 0 {
			return yamlValue(n.Content[0], budget)
		}
	case yaml.AliasNode:
		return yamlValue(n.Alias, budget)
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = yamlValue(n.Content[i+1], budget)
		}
		return m
	case yaml.SequenceNode:
		list := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			list = append(list, yamlValue(c, budget))
		}
		return list
	case yaml.ScalarNode:
		if n.ShortTag() != "!!null" {
			return n.Value
		}
	}
	return nil
}

// pathOperations returns the endpoints of one path item.
func pathOperations(path string, value any) ([]*partnerd.APIEndpoint, error) {
	shown := clip(path)
	if !strings.HasPrefix(path, "/") {
		return nil, specError("path %s must start with /", shown)
	}
	item, ok := asMap(value)
	if !ok {
		return nil, specError("path %s must be an object", shown)
	}
	var out []*partnerd.APIEndpoint
	for _, method := range partnerd.APIMethods {
		raw, found := item[strings.ToLower(method)]
		if !found {
			continue
		}
		op, ok := asMap(raw)
		if !ok {
			return nil, specError("operation %s %s must be an object", method, shown)
		}
		e := &partnerd.APIEndpoint{Method: method, Path: endpointPath(path), Name: method + " " + path}
		if id, found := op["operationId"]; found {
			name, ok := id.(string)
			if !ok {
				return nil, specError("operation %s %s: operationId must be a string", method, shown)
			}
			if name = strings.TrimSpace(name); name != "" {
				e.Name = name
			}
		}
		if raw, found := op["x-workato-recipe-id"]; found && raw != nil {
			id, ok := recipeID(raw)
			if !ok {
				return nil, specError("operation %s %s: x-workato-recipe-id must be a recipe id", method, shown)
			}
			e.FlowID = &id
		}
		if raw, found := op["x-workato-validate-request"]; found && raw != nil {
			v, ok := raw.(bool)
			if !ok {
				return nil, specError("operation %s %s: x-workato-validate-request must be true or false", method, shown)
			}
			e.ValidateRequest = v
		}
		out = append(out, e)
	}
	return out, nil
}

// endpointPath turns an OpenAPI path into an endpoint's: without its
// leading slash, and with {param} written :param.
func endpointPath(path string) string {
	segments := strings.Split(strings.TrimLeft(path, "/"), "/")
	for i, s := range segments {
		if len(s) > 2 && strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
			segments[i] = ":" + s[1:len(s)-1]
		}
	}
	return strings.Join(segments, "/")
}

// recipeID reads a positive integer from a decoded JSON or YAML value.
func recipeID(v any) (int64, bool) {
	s, ok := docScalar(v)
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return id, err == nil && id > 0
}

// docScalar returns a string or a number of a decoded document as text.
func docScalar(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	}
	return "", false
}

// asMap returns an object of a decoded document.
func asMap(v any) (map[string]any, bool) {
	m, ok := v.(map[string]any)
	return m, ok
}

// clip shortens a text shown in a message to 100 bytes.
func clip(s string) string {
	if len(s) <= 100 {
		return s
	}
	return s[:100] + "…"
}
