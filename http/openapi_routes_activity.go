package http

// The routes of routes_activity.go and routes_tag.go.
var _ = document(map[string]routeDoc{
	"GET /api/managed_users/{mu}/activity_logs": {summary: "The activity log of a customer workspace, newest first; total counts every entry the filters match", query: activityQuery, ok: dataWithTotal[activityJSON]{}},
	"GET /api/activity_logs":                    {summary: "The activity log of the caller's workspace, newest first; total counts every entry the filters match", query: activityQuery, ok: dataWithTotal[activityJSON]{}},

	"GET /api/v2/managed_users/{mu}/tags":              {summary: "List tags, by title unless sort_by[] says otherwise", query: tagQuery, paged: 100, ok: dataPage[tagJSON]{}},
	"POST /api/v2/managed_users/{mu}/tags":             {summary: "Create a tag; color is blue when absent", body: tagBody{}, need: []string{"title"}, ok: tagJSON{}},
	"PUT /api/v2/managed_users/{mu}/tags/{handle}":     {summary: "Update a tag; absent fields keep their value", body: tagBody{}, ok: tagJSON{}},
	"DELETE /api/v2/managed_users/{mu}/tags/{handle}":  {summary: "Delete a tag and its assignments", ok: success{}},
	"POST /api/v2/managed_users/{mu}/tags_assignments": {summary: "Add tags to and remove tags from recipes and connections, all or none", body: tagAssignmentBody{}, ok: struct{}{}},
	"GET /api/tags":              {summary: "List tags, by title unless sort_by[] says otherwise", query: tagQuery, paged: 100, ok: dataPage[tagJSON]{}},
	"POST /api/tags":             {summary: "Create a tag; color is blue when absent", body: tagBody{}, need: []string{"title"}, ok: tagJSON{}},
	"PUT /api/tags/{handle}":     {summary: "Update a tag; absent fields keep their value", body: tagBody{}, ok: tagJSON{}},
	"DELETE /api/tags/{handle}":  {summary: "Delete a tag and its assignments", ok: success{}},
	"POST /api/tags_assignments": {summary: "Add tags to and remove tags from recipes and connections, all or none", body: tagAssignmentBody{}, ok: struct{}{}},
})

var (
	activityQuery = []string{"page[after]", "page[size]", "from", "to", "users_ids[]", "include_resource_types[]",
		"exclude_resource_types[]", "include_event_types[]", "exclude_event_types[]"}
	tagQuery = []string{"q[title_or_description_cont]", "q[handle_in][]", "q[author_id_eq]", "q[recipe_id_eq]",
		"q[connection_id_eq]", "q[only_assigned]", "sort_by[]", "sort_direction[]"}
)

// The query parameters of the activity log and of tags.
var _ = func() bool {
	isoTime := &schema{Type: "string", Description: "ISO 8601, such as 2026-11-02T09:30:00.000Z; a date alone is its midnight in UTC."}
	list := func(name, description string, items *schema) *parameter {
		return &parameter{Name: name, In: "query", Explode: &explode, Description: description, Schema: &schema{Type: "array", Items: items}}
	}
	for _, p := range []*parameter{
		{Name: "page[after]", In: "query", Schema: integerParam, Description: "Only entries older than this one: the id of the last entry of the previous page."},
		{Name: "page[size]", In: "query", Schema: integerParam, Description: "Entries per page: 100 when absent, at most 100."},
		{Name: "from", In: "query", Schema: isoTime, Description: "Only entries at or after this time."},
		{Name: "to", In: "query", Schema: isoTime, Description: "Only entries at or before this time."},
		list("users_ids[]", "Only changes made by these users or clients.", integerParam),
		list("include_resource_types[]", "Only these resource types (Flow, SharedAccount, …), in any case.", stringParam),
		list("exclude_resource_types[]", "Not these resource types, in any case.", stringParam),
		list("include_event_types[]", "Only these event types (recipe_created, …), in any case.", stringParam),
		list("exclude_event_types[]", "Not these event types, in any case.", stringParam),
		{Name: "q[title_or_description_cont]", In: "query", Schema: stringParam, Description: "Only tags whose title or description holds it, in any case."},
		list("q[handle_in][]", "Only the tags of these handles.", stringParam),
		{Name: "q[author_id_eq]", In: "query", Schema: integerParam, Description: "Only tags this client created."},
		{Name: "q[recipe_id_eq]", In: "query", Schema: integerParam, Description: "Only the tags of this recipe."},
		{Name: "q[connection_id_eq]", In: "query", Schema: integerParam, Description: "Only the tags of this connection."},
		{Name: "q[only_assigned]", In: "query", Schema: booleanParam, Description: "Only tags that a recipe or connection carries."},
		list("sort_by[]", "Sort keys, in order.", &schema{Type: "string", Enum: []any{"title", "assignment_count", "updated_at", "last_assigned_at"}}),
		list("sort_direction[]", "The direction of each sort key, by position.", &schema{Type: "string", Enum: []any{"asc", "desc"}}),
	} {
		queryParams[p.Name] = p
	}
	return true
}()
