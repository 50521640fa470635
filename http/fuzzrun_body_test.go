package http

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/partnerd/partnerd"
)

// body returns the body of a request on a route: a valid-looking value of
// the route's schema, often mutated, or a package zip.
func (f *fuzzer) body(rt *fuzzRoute) []byte {
	switch {
	case rt.zip:
		return f.zipBody()
	case rt.body == nil:
		if f.chance(10) {
			return f.junkBody()
		}
		return nil
	}
	v := f.instance(rt.body, "", "", nil, 0)
	for k := f.r.IntN(4) - 1; k > 0; k-- {
		v = f.mutateValue(v, 0)
	}
	b := f.marshal(v)
	if f.chance(15) {
		b = f.mutateBytes(b)
	}
	return b
}

// instance returns a value of a JSON schema of the OpenAPI document, with
// values that fit the field where it knows them: real ids, known names.
// need lists the fields an object of it must hold.
func (f *fuzzer) instance(s map[string]any, component, field string, need []any, depth int) any {
	if depth > 8 {
		return nil
	}
	if ref, ok := s["$ref"].(string); ok {
		name := strings.TrimPrefix(ref, "#/components/schemas/")
		sub, _ := f.schemas[name].(map[string]any)
		return f.instance(sub, name, field, need, depth+1)
	}
	if all, ok := s["allOf"].([]any); ok && len(all) > 0 {
		for _, a := range all[1:] {
			if req, ok := a.(map[string]any)["required"].([]any); ok {
				need = append(need, req...)
			}
		}
		return f.instance(all[0].(map[string]any), component, field, need, depth+1)
	}
	if alternatives, ok := s["anyOf"].([]any); ok && len(alternatives) > 0 {
		i := 0
		if f.chance(20) {
			i = f.r.IntN(len(alternatives))
		}
		return f.instance(alternatives[i].(map[string]any), component, field, need, depth+1)
	}
	if enum, ok := s["enum"].([]any); ok && len(enum) > 0 {
		return fuzzPick(f, enum)
	}
	var types []string
	switch t := s["type"].(type) {
	case string:
		types = []string{t}
	case []any:
		for _, name := range t {
			types = append(types, name.(string))
		}
	}
	typ := "object"
	if len(types) > 0 {
		typ = types[0]
		if len(types) > 1 && f.chance(25) {
			typ = fuzzPick(f, types)
		}
	} else if s["items"] != nil {
		typ = "array"
	}
	if v, ok := f.known(component, field, typ); ok {
		return v
	}
	switch typ {
	case "object":
		return f.object(s, component, field, need, depth)
	case "array":
		items, _ := s["items"].(map[string]any)
		out := []any{}
		for k := f.r.IntN(3); k >= 0 && items != nil; k-- {
			out = append(out, f.instance(items, component, field, nil, depth+1))
		}
		return out
	case "string":
		return f.name(field)
	case "integer":
		return f.r.IntN(5)
	case "number":
		return f.r.Float64() * 10
	case "boolean":
		return f.chance(50)
	}
	return nil
}

// object returns an object of a schema: most of its properties, every
// needed one, and keys of its own when it takes any.
func (f *fuzzer) object(s map[string]any, component, field string, need []any, depth int) map[string]any {
	out := map[string]any{}
	props, _ := s["properties"].(map[string]any)
	names := make([]string, 0, len(props))
	for name := range props {
		names = append(names, name)
	}
	slices.Sort(names) // Map order would make a seed replay differently.
	for _, name := range names {
		if slices.Contains(need, any(name)) || f.chance(75) {
			out[name] = f.instance(props[name].(map[string]any), component, name, nil, depth+1)
		}
	}
	if group, ok := fuzzOneOf[component]; ok && field == "" && f.chance(85) {
		keep := group[0]
		if i := f.r.IntN(len(group) + 2); i < len(group) {
			keep = group[i]
		}
		for _, name := range group {
			if name != keep {
				delete(out, name)
			}
		}
	}
	if extra, ok := s["additionalProperties"].(map[string]any); ok && len(props) == 0 {
		for k := f.r.IntN(3); k >= 0; k-- {
			key := f.key(field)
			out[key] = f.instance(extra, component, key, nil, depth+1)
		}
	}
	return out
}

// fuzzOneOf lists, by schema, fields of which a body holds one at most.
var fuzzOneOf = map[string][]string{"MemberInput": {"role_name", "env_roles", "oauth_id"}}

// key returns a key of a map field: a privilege family, a lookup column, a
// property name.
func (f *fuzzer) key(field string) string {
	switch field {
	case "privileges":
		return fuzzPick(f, []string{"Recipes", "Folders", "Connections", "Lookup tables", "Nonsense"})
	case "data", "row":
		return fuzzPick(f, []string{"code", "code", "name", ""})
	case "properties":
		return fuzzPick(f, []string{"region", marker + ".property", "a.b.c", ""})
	}
	return fuzzPick(f, []string{"name", "code", "x"})
}

// name returns text for a string field: a known value where the field
// takes one, else a fresh name or odd text.
func (f *fuzzer) name(field string) string {
	if f.chance(10) {
		return f.oddString()
	}
	f.seq++
	n := strconv.Itoa(f.seq)
	switch field {
	case "email", "notification_email":
		return "f" + n + "@fuzz.test"
	case "admin_notification_emails", "error_notification_emails":
		return "a" + n + "@fuzz.test,b" + n + "@fuzz.test"
	case "external_id":
		return fuzzPick(f, []string{"fz-" + n, marker + "-ext", "acme/" + n})
	}
	if v, ok := fuzzNames[field]; ok {
		return fuzzPick(f, v)
	}
	return "fuzz " + field + " " + n
}

// fuzzNames are the values of string fields that take only some.
var fuzzNames = map[string][]string{
	"provider":         {"clock", "clock", "salesforce", "http", "on_prem_files", "nonsense"},
	"role_name":        {"Analyst", "Admin", "Operator", marker + " role", "Nobody"},
	"time_zone":        {"UTC", "Pacific Time (US & Canada)", "Europe/Paris", "Mars/Base"},
	"plan_id":          {partnerd.DefaultPlanID, "enterprise", "free"},
	"status":           {"succeeded", "failed", "pending", "success", "error"},
	"auth_type":        append(slices.Clone(partnerd.APIAuthTypes), "basic"),
	"jwt_method":       {"hmac", "rsa", "none"},
	"os":               append(slices.Clone(partnerd.OnPremOSes), "beos"),
	"environment":      {"dev", "test", "prod", "qa"},
	"environment_type": {"dev", "test", "prod", "qa"},
	"environment_name": {"dev", "test", "prod", "qa"},
	"pick_list_name":   {"time_units", "time_units", "sobject_types", "nonsense"},
	"method":           append(slices.Clone(partnerd.APIMethods), "get", "TRACE"),
	"label":            {"code", "name", "Code", ""},
	"type":             {"string", "number", "boolean", "date", "recipe", "connection", "lookup_table", "account_property", "api_group", "api_endpoint"},
	"ip_allow_list":    {"10.0.0.0/8", "192.0.2.1", "::1/128", "10.0.0.0/33", "nonsense"},
	"ip_deny_list":     {"10.0.0.0/8", "203.0.113.0/24", "nonsense"},
	"started_at":       {"2026-11-02T09:30:00Z", "2026-11-02", "nonsense"},
	"oidc_issuer":      {"https://issuer.fuzz.test", "nonsense"},
	"oidc_jwks_uri":    {"https://issuer.fuzz.test/jwks", "ftp://x"},
	"version":          {"1.0", "2.3.4", ""},
	"path":             {"items", "/orders/:id", "a/{b}"},
}

// fuzzIDFields name, for each id field of a body, the key of ids that
// holds a real one.
var fuzzIDFields = map[string]string{
	"folder_id": "{folder_id}", "parent_id": "{folder_id}", "folder_ids": "{folder_id}", "project_id": "{project_id}",
	"api_privilege_group_id": "developer_api_client_roles/{id}", "api_client_id": "api_client_id",
	"api_collection_ids": "api_collection_id", "on_prem_group_id": "{group_id}", "flow_id": "{recipe_id}",
	"ids": "{lookup_table_id}", "lookup_table_ids": "{lookup_table_id}", "id": "{recipe_id}", "account_id": "{connection_id}",
}

// known returns the value of a field whose values the schema does not
// tell: ids, recipe code, connector code.
func (f *fuzzer) known(component, field, typ string) (any, bool) {
	if typ == "null" {
		return nil, true
	}
	switch component + "." + field {
	case "RecipeBody.code":
		code := `{"keyword":"trigger","provider":"clock","name":"scheduled_event","block":[{"keyword":"action","provider":"http","name":"get"}]}`
		if typ == "object" {
			return json.RawMessage(code), true
		}
		return code, true
	case "RecipeBody.config":
		config := `[{"keyword":"application","provider":"clock"},{"keyword":"application","provider":"http","account_id":` +
			strconv.FormatInt(f.ids["{connection_id}"], 10) + `}]`
		if typ == "array" {
			return json.RawMessage(config), true
		}
		return config, true
	case "CustomConnectorInput.code":
		return fuzzPick(f, []string{"{ title: 'Fuzz' }", "{", "", "{ title: '" + strings.Repeat("x", 5000) + "' }"}), true
	}
	key, ok := fuzzIDFields[field]
	if !ok || typ == "boolean" || typ == "object" {
		return nil, false
	}
	id := f.ids[key]
	switch x := f.r.IntN(100); {
	case x < 10:
		id = f.someID()
	case x < 15:
		return fuzzPick(f, fuzzOddNumbers), true
	}
	switch typ {
	case "string":
		return strconv.FormatInt(id, 10), true
	case "array":
		return []any{id}, true
	}
	return id, true
}

// fuzzOddNumbers are JSON numbers no id field expects.
var fuzzOddNumbers = []json.RawMessage{json.RawMessage("0"), json.RawMessage("-1"), json.RawMessage("1.5"),
	json.RawMessage("1e400"), json.RawMessage("-0"), json.RawMessage("9223372036854775808"), json.RawMessage("1e2"),
	json.RawMessage("123456789012345678901234567890"), json.RawMessage("0.0000001"), json.RawMessage("-9223372036854775809")}
