package http

import (
	"net/http"
	"strconv"
)

// pathParameter documents a path parameter: {mu} names a customer
// workspace, {handle} a tag's handle, every other one an integer id.
func pathParameter(name string) *parameter {
	if name == "mu" {
		return &parameter{Name: name, In: "path", Required: true,
			Description: "The customer workspace: its id, or E followed by its URL-encoded external id (E + acme/1 is Eacme%2F1). A _dev, _test or _prod suffix names that environment of a customer with environments provisioned; _dev of a customer without them is the workspace itself.",
			Schema:      &schema{Type: "string", Pattern: `^([1-9][0-9]*(_dev|_test|_prod)?|E.+)$`}}
	}
	if name == "handle" {
		return &parameter{Name: name, In: "path", Required: true, Description: "A tag's handle, such as tag-ANgdXgTF-bANz3H.", Schema: stringParam}
	}
	return &parameter{Name: name, In: "path", Required: true, Schema: &schema{Type: "integer"}}
}

var (
	integerParam = &schema{Type: "integer"}
	stringParam  = &schema{Type: "string"}
	booleanParam = &schema{Type: "boolean", Description: "true, false, 1 or 0, in any case."}
	explode      = true
)

// queryParams are the query parameters the routes read, by name.
var queryParams = map[string]*parameter{
	"page":                        {Name: "page", In: "query", Schema: integerParam, Description: "The page, from 1; 0 is read as 1."},
	"per_page":                    {Name: "per_page", In: "query", Schema: integerParam, Description: "Items per page, 100 when absent."},
	"parent_id":                   {Name: "parent_id", In: "query", Schema: integerParam, Description: "Only the children of this folder (the home folder when absent)."},
	"environment_type":            {Name: "environment_type", In: "query", Schema: stringParam, Description: "An environment: dev, test or prod, in any case."},
	"project_id":                  {Name: "project_id", In: "query", Schema: integerParam, Description: "Only what concerns this project."},
	"state":                       {Name: "state", In: "query", Schema: stringParam, Description: "Only deployments in this state: success or failed."},
	"folder_id":                   {Name: "folder_id", In: "query", Schema: integerParam, Description: "Only what lives in this folder."},
	"provider":                    {Name: "provider", In: "query", Schema: stringParam, Description: "Only connections of this connector."},
	"external_id":                 {Name: "external_id", In: "query", Schema: stringParam, Description: "Only the object with this external id."},
	"include_runtime_connections": {Name: "include_runtime_connections", In: "query", Schema: booleanParam},
	"adapter_names_all":           {Name: "adapter_names_all", In: "query", Schema: stringParam, Description: "Comma-separated connector names: recipes that use all of them."},
	"adapter_names_any":           {Name: "adapter_names_any", In: "query", Schema: stringParam, Description: "Comma-separated connector names: recipes that use any of them."},
	"running":                     {Name: "running", In: "query", Schema: booleanParam},
	"active":                      {Name: "active", In: "query", Schema: booleanParam, Description: "The same as running."},
	"since_id":                    {Name: "since_id", In: "query", Schema: integerParam, Description: "Only recipes whose id is lower."},
	"stopped_after":               {Name: "stopped_after", In: "query", Schema: &schema{Type: "string", Format: "date-time"}},
	"updated_after":               {Name: "updated_after", In: "query", Schema: &schema{Type: "string", Format: "date-time"}},
	"stop_cause":                  {Name: "stop_cause", In: "query", Schema: stringParam},
	"exclude_code":                {Name: "exclude_code", In: "query", Schema: booleanParam, Description: "Leave code out of each recipe."},
	"status":                      {Name: "status", In: "query", Schema: &schema{Type: "string", Enum: []any{"succeeded", "failed", "pending"}}, Description: "Only jobs of this status."},
	"call_provider":               {Name: "provider", In: "query", Schema: stringParam, Description: "Only stubs or calls of this provider."},
	"call_action":                 {Name: "action", In: "query", Schema: stringParam, Description: "Only stubs or calls of this action."},
	"call_recipe_id":              {Name: "recipe_id", In: "query", Schema: integerParam, Description: "Only calls of this recipe's jobs."},
	"call_job_id":                 {Name: "job_id", In: "query", Schema: stringParam, Description: "Only calls of this job (j-12, or 12)."},
	"call_connection_id":          {Name: "connection_id", In: "query", Schema: integerParam, Description: "Only calls through this connection."},
	"journal_method":              {Name: "method", In: "query", Schema: stringParam, Description: "Only requests of this method."},
	"journal_path":                {Name: "path", In: "query", Schema: stringParam, Description: "Only requests whose path and query start with it."},
	"journal_status":              {Name: "status", In: "query", Schema: stringParam, Description: "Only requests answered with this status, such as 404, or class, such as 4xx."},
	"journal_since":               {Name: "since", In: "query", Schema: &schema{Type: "string", Format: "date-time"}, Description: "Only requests made at or after this time."},
	"offset_job_id":               {Name: "offset_job_id", In: "query", Schema: stringParam, Description: "Only jobs older than this one (j-…)."},
	"rerun_only":                  {Name: "rerun_only", In: "query", Schema: booleanParam, Description: "Only the jobs that repeat_jobs queued."},
	"term":                        {Name: "term", In: "query", Schema: stringParam, Description: "Words the recipe's name or description holds."},
	"applications":                {Name: "applications", In: "query", Schema: stringParam, Description: "Comma-separated connector names."},
	"title":                       {Name: "title", In: "query", Schema: stringParam, Description: "Part of the title."},
	"oem_shared":                  {Name: "oem_shared", In: "query", Schema: booleanParam},
	"role_name":                   {Name: "role_name", In: "query", Schema: stringParam, Description: "Only the role of exactly this name."},
	"prefix":                      {Name: "prefix", In: "query", Schema: stringParam, Description: "Only the properties whose names start with it."},
	"api_collection_id":           {Name: "api_collection_id", In: "query", Schema: integerParam},
	"api_client_id":               {Name: "api_client_id", In: "query", Schema: integerParam},
	"restart_recipes":             {Name: "restart_recipes", In: "query", Schema: booleanParam, Description: "Stop, update and start again the running recipes the package changes."},
	"workspace_id":                {Name: "workspace_id", In: "query", Schema: integerParam, Description: "The workspace of the package that the signature names."},
	"expires":                     {Name: "expires", In: "query", Schema: integerParam, Description: "When the signed download expires, in Unix seconds."},
	"signature":                   {Name: "signature", In: "query", Schema: stringParam, Description: "The download's HMAC-SHA256, unpadded base64url."},
	"cn":                          {Name: "cn", In: "query", Schema: stringParam, Description: "The agent's cn, or its name."},
	"by": {Name: "by", In: "query", Style: "deepObject", Explode: &explode, Schema: &schema{Type: "object", AdditionalProperties: stringParam},
		Description: "by[<column label>]=<value>: only rows whose cells hold these values."},
}

// errorStatuses lists the failures a route may answer.
func errorStatuses(rt route, body bool) []int {
	switch rt.family {
	case familyService:
		return nil
	case familyTest:
		return []int{400, 401, 403, 404, 500, 504}
	}
	if body {
		return []int{400, 401, 403, 404, 413, 429, 500, 504}
	}
	return []int{400, 401, 403, 404, 429, 500, 504}
}

// errorResponses are the shared failure answers, each with Workato's error
// body.
func errorResponses(set *schemaSet) ordered {
	body := map[string]*mediaType{jsonMedia: {set.of(errorBody{})}}
	notes := []struct {
		code int
		text string
	}{
		{400, `Malformed JSON ({"message":"Bad request"}), or a field that is missing, of the wrong type or taken ({"message":"Validation failed","errors":{"<field>":["<what is wrong>"]}}).`},
		{401, `Missing or wrong credentials, or a client address outside the client's IP allow list: {"message":"Unauthorized"}.`},
		{403, `A role without the privilege, or a customer-workspace caller on an Embedded route: {"message":"Forbidden"}.`},
		{404, `No such object, or one of another account or outside the client's folders: {"message":"Not found"}.`},
		{413, `A body larger than the route accepts.`},
		{429, `Over the route group's limit per minute: {"message":"Too many requests"}.`},
		{500, `A server error: {"message":"Server error","id":"<uuid>"}; the id is also in the server's log.`},
		{503, `Not ready: the database does not answer.`},
		{504, `Not served within 40 s: {"message":"Request timeout"}.`},
	}
	out := ordered{}
	for _, n := range notes {
		res := &response{Description: http.StatusText(n.code) + ". " + n.text, Content: body}
		if n.code == http.StatusTooManyRequests {
			res.Headers = rateLimitHeaders
		}
		out.set(strconv.Itoa(n.code), res)
	}
	return out
}

// rateLimitHeaders are the headers of a 429; every limited route also sends
// the X-RateLimit ones when it succeeds.
var rateLimitHeaders = map[string]any{
	"Retry-After":           header("Seconds until the window resets."),
	"X-RateLimit-Limit":     header("Requests per minute of the route group."),
	"X-RateLimit-Remaining": header("Requests left in the window."),
	"X-RateLimit-Reset":     header("When the window resets, in Unix seconds."),
}

func header(description string) map[string]any {
	return map[string]any{"description": description, "schema": integerParam}
}

// securitySchemes are the three ways to authenticate: a developer API
// client's token, or the legacy email and API key in headers or the query.
var securitySchemes = map[string]any{
	"bearer":         map[string]string{"type": "http", "scheme": "bearer", "description": "A developer API client's token (wrkaus-…)."},
	"userEmail":      map[string]string{"type": "apiKey", "in": "header", "name": "X-USER-EMAIL", "description": "Legacy: the account owner's email, with X-USER-TOKEN."},
	"userToken":      map[string]string{"type": "apiKey", "in": "header", "name": "X-USER-TOKEN", "description": "Legacy: the account's API key, with X-USER-EMAIL."},
	"userEmailQuery": map[string]string{"type": "apiKey", "in": "query", "name": "user_email", "description": "Legacy: the account owner's email, with user_token."},
	"userTokenQuery": map[string]string{"type": "apiKey", "in": "query", "name": "user_token", "description": "Legacy: the account's API key, with user_email."},
}
