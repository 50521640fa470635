package http

// The test helpers of whole accounts (routes_testhelper.go).
var _ = document(map[string]routeDoc{
	"POST /_partnerd/accounts":              {summary: "Create another isolated account; its token and legacy API key are shown once", body: testAccountInput{}, need: []string{"name", "email"}, ok: testAccountJSON{}},
	"POST /_partnerd/reset":                 {summary: "Delete every customer workspace of the account and everything in them", ok: success{}},
	"POST /_partnerd/snapshot":              {summary: "Snapshot the whole account", ok: snapshotJSON{}},
	"POST /_partnerd/snapshot/{id}/restore": {summary: "Return the account's data to a snapshot, ids included; credentials and agents' presence stay as they are", ok: success{}},
	"GET /_partnerd/requests":               {summary: "The journal of the account's requests, newest first, with their statuses, headers (secrets redacted) and error details", query: []string{"journal_method", "journal_path", "journal_status", "journal_since"}, ok: []journalEntry{}},
	"DELETE /_partnerd/requests":            {summary: "Forget every request of the account's journal", ok: success{}},
	"PUT /_partnerd/faults":                 {summary: "Replace the fault rules of the account; [] clears them", body: []faultInput{}, ok: []faultRule{}},
	"GET /_partnerd/faults":                 {summary: "The fault rules of the account, in the order they are played", ok: []faultRule{}},
	"POST /_partnerd/faults":                {summary: "Add a fault rule, played after the others", body: faultInput{}, need: []string{"path_pattern"}, ok: faultRule{}},
	"DELETE /_partnerd/faults":              {summary: "Remove every fault rule of the account", ok: success{}},
	"DELETE /_partnerd/faults/{id}":         {summary: "Remove a fault rule", ok: success{}},
	"POST /_partnerd/stubs":                 {summary: "Add a stub that answers steps of a connector partnerd cannot reach, tried after the others", body: stubInput{}, need: []string{"provider", "action"}, ok: stubJSON{}},
	"GET /_partnerd/stubs":                  {summary: "The stubs of the account, in the order they are tried", query: []string{"call_provider", "call_action"}, ok: []stubJSON{}},
	"DELETE /_partnerd/stubs":               {summary: "Remove every stub of the account", ok: success{}},
	"GET /_partnerd/stubs/{id}":             {summary: "A stub, with the calls it answered", ok: stubJSON{}},
	"DELETE /_partnerd/stubs/{id}":          {summary: "Remove a stub", ok: success{}},
	"GET /_partnerd/calls":                  {summary: "The connector calls of the account's jobs, stubbed or real, newest first, secrets redacted", query: []string{"call_provider", "call_action", "call_recipe_id", "call_job_id", "call_connection_id", "page", "per_page"}, ok: dataWithTotal[connectorCallJSON]{}},
	"DELETE /_partnerd/calls":               {summary: "Forget every recorded connector call of the account", ok: success{}},
})
