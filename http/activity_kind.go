package http

import (
	"net/http"
	"strings"

	"github.com/partnerd/partnerd"
)

// activityKind is what the activity log records of a route: Workato's
// event and resource types, and where the resource's id comes from.
type activityKind struct {
	event    string
	resource string
	idParam  string // the path parameter of the resource's id; "" takes it from the answer
	account  bool   // recorded in the caller's admin workspace: the change is to a customer workspace itself
}

// activityCollection is a collection of the path and what its changes are.
type activityCollection struct {
	resource string // Workato's resource type
	noun     string // the first word of the event type
	verb     string // the event's verb whatever the method; "" reads it from the method
	idParam  string // the path parameter of the resource's id, when not the one after the collection
}

// activityCollections names the collections of the route table by their
// path segment: Workato's resource types (its activity audit log API
// reference) and the nouns of its event types.
var activityCollections = map[string]activityCollection{
	"managed_users":              {resource: "User", noun: "workspace"},
	"members":                    {resource: "ManagedUserGrant", noun: "collaborator"},
	"member_invitations":         {resource: "MemberInvitation", noun: "member_invitation", verb: "sent"},
	"member_invitation":          {resource: "MemberInvitation", noun: "member_invitation", verb: "sent"},
	"roles":                      {resource: "PrivilegeGroup", noun: "role"},
	"folders":                    {resource: "Folder", noun: "folder"},
	"projects":                   {resource: "Project", noun: "project"},
	"developer_api_clients":      {resource: "ApiClient", noun: "api_client"},
	"developer_api_client_roles": {resource: "ApiPrivilegeGroup", noun: "api_client_role"},
	"api_collections":            {resource: "ApiGroup", noun: "api_collection"},
	"api_endpoints":              {resource: "ApiEndpoint", noun: "api_endpoint"},
	"api_clients":                {resource: "ApiCustomer", noun: "api_customer"},
	"api_keys":                   {resource: "ApiAccessProfile", noun: "access_profile_api_key"},
	"api_access_profiles":        {resource: "ApiAccessProfile", noun: "access_profile"},
	"api_policies":               {resource: "ApiPolicy", noun: "api_policy"},
	"connections":                {resource: "SharedAccount", noun: "connection"},
	"custom_connectors":          {resource: "Adapter", noun: "connector"},
	"lookup_tables":              {resource: "LookupTable", noun: "lookup_table"},
	"rows":                       {resource: "LookupTable", noun: "lookup_table_row", idParam: "lookup_table_id"},
	"on_prem_groups":             {resource: "OnPremGroup", noun: "on_prem_group"},
	"on_prem_agents":             {resource: "OnPremAgent", noun: "on_prem_agent"},
	"imports":                    {resource: "Package", noun: "package", verb: "imported"},
	"exports":                    {resource: "Package", noun: "package", verb: "exported"},
	"packages":                   {resource: "Package", noun: "package"},
	"export_manifests":           {resource: "ExportManifest", noun: "export_manifest"},
	"properties":                 {resource: "AccountProperty", noun: "account_property", verb: "updated"},
	"recipes":                    {resource: "Flow", noun: "recipe"},
	"tags":                       {resource: "Tags::Models::Tag", noun: "tag"},
	"tags_assignments":           {resource: "Tags::Models::Tag", noun: "tag", verb: "assigned"},
}

// activityActions are the action segments that end a path, by the verb
// of their event.
var activityActions = map[string]string{
	"start": "started", "stop": "stopped", "copy": "copied", "disconnect": "disconnected",
	"regenerate": "token_regenerated", "enable": "enabled", "disable": "disabled",
	"refresh_secret": "refreshed", "release": "released", "oem_share": "shared",
	"share_oem_version": "shared", "suppress_oem_version": "unshared", "batch_delete": "deleted",
	"import": "imported", "export": "exported", "reset_trigger": "trigger_reset", "poll_now": "polled",
	"repeat_jobs": "jobs_repeated", "environments": "environments_provisioned",
}

// activityOf returns what the log records of a route, and false for a
// route that changes no workspace data: reads, service routes, the test
// helpers, and actions that read (pick lists).
func activityOf(rt route) (activityKind, bool) {
	method, path, _ := strings.Cut(rt.pattern, " ")
	switch {
	case method == http.MethodGet || method == http.MethodHead:
		return activityKind{}, false
	case rt.family == familyService || rt.family == familyTest:
		return activityKind{}, false
	case rt.verb == partnerd.VerbRead:
		return activityKind{}, false
	}
	segments := strings.Split(strings.Trim(path, "/"), "/")
	collection := -1
	for i, seg := range segments {
		_, known := activityCollections[seg]
		// A last word after an id that names no collection is an action, as start is.
		action := activityActions[seg] != "" || (!known && i == len(segments)-1 && i > 0 && !isLiteral(segments[i-1]))
		if isLiteral(seg) && !action && seg != "api" && seg != "v2" {
			collection = i
		}
	}
	if collection < 0 {
		collection = 0
	}
	name := segments[collection]
	c, known := activityCollections[name]
	if !known {
		// A collection this table does not name yet: its name, singular, is the noun.
		c = activityCollection{resource: camelCase(singular(name)), noun: singular(name)}
	}
	k := activityKind{resource: c.resource, idParam: c.idParam}
	rest := segments[collection+1:]
	ownID := len(rest) > 0 && !isLiteral(rest[0])
	if ownID {
		if k.idParam == "" {
			k.idParam = strings.Trim(rest[0], "{}")
		}
		rest = rest[1:]
	}
	verb := c.verb
	for _, seg := range rest {
		if v := activityActions[seg]; v != "" && verb == "" {
			verb = v
		}
	}
	if verb == "" {
		switch {
		case method == http.MethodDelete:
			verb = "deleted"
		case method == http.MethodPost && !ownID:
			verb = "created"
		default:
			verb = "updated"
		}
	}
	k.event = c.noun + "_" + verb
	k.account = name == "managed_users"
	return k, true
}

// isLiteral reports whether a path segment is a word rather than a {parameter}.
func isLiteral(seg string) bool { return !strings.HasPrefix(seg, "{") }

func singular(s string) string { return strings.TrimSuffix(s, "s") }

// camelCase turns snake_case into CamelCase.
func camelCase(s string) string {
	var b strings.Builder
	for _, part := range strings.Split(s, "_") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}
