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
})
