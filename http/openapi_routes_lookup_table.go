package http

// The routes of routes_lookup_table.go and routes_property.go.
var _ = document(map[string]routeDoc{
	// Lookup tables of a customer workspace.
	"GET /api/managed_users/{mu}/lookup_tables":                                    {summary: "List lookup tables", paged: 100, ok: resultOf[[]lookupTableJSON]{}},
	"POST /api/managed_users/{mu}/lookup_tables":                                   {summary: "Create a lookup table; the fields may come wrapped in lookup_table", body: lookupTableBody{}, ok: lookupTableJSON{}},
	"POST /api/managed_users/{mu}/lookup_tables/batch_delete":                      {summary: "Delete several lookup tables, all or none", body: batchDeleteBody{}, ok: success{}},
	"GET /api/managed_users/{mu}/lookup_tables/{lookup_table_id}/lookup":           {summary: "The first row that matches every by[…], or 404", query: []string{"by"}, ok: resultOf[lookupRowJSON]{}},
	"GET /api/managed_users/{mu}/lookup_tables/{lookup_table_id}/rows":             {summary: "List rows", query: []string{"by"}, paged: 1000, ok: resultOf[[]lookupRowJSON]{}},
	"GET /api/managed_users/{mu}/lookup_tables/{lookup_table_id}/rows/{row_id}":    {summary: "Get a row", ok: resultOf[lookupRowJSON]{}},
	"POST /api/managed_users/{mu}/lookup_tables/{lookup_table_id}/rows":            {summary: "Add a row: its cells by label under data (or row)", body: lookupRowBody{}, ok: resultOf[lookupRowJSON]{}},
	"PUT /api/managed_users/{mu}/lookup_tables/{lookup_table_id}/rows/{row_id}":    {summary: "Update a row; absent columns keep their value", body: lookupRowBody{}, ok: resultOf[lookupRowJSON]{}},
	"DELETE /api/managed_users/{mu}/lookup_tables/{lookup_table_id}/rows/{row_id}": {summary: "Delete a row", ok: success{}},

	// Lookup tables of the caller's own workspace.
	"GET /api/lookup_tables":                                    {summary: "List lookup tables", paged: 100, ok: []lookupTableJSON{}},
	"POST /api/lookup_tables":                                   {summary: "Create a lookup table; the fields may come wrapped in lookup_table", body: lookupTableBody{}, ok: lookupTableJSON{}},
	"POST /api/lookup_tables/batch_delete":                      {summary: "Delete several lookup tables, all or none", body: batchDeleteBody{}, ok: success{}},
	"GET /api/lookup_tables/{lookup_table_id}/lookup":           {summary: "The first row that matches every by[…], or 404", query: []string{"by"}, ok: lookupRowJSON{}},
	"GET /api/lookup_tables/{lookup_table_id}/rows":             {summary: "List rows", query: []string{"by"}, paged: 1000, ok: []lookupRowJSON{}},
	"GET /api/lookup_tables/{lookup_table_id}/rows/{row_id}":    {summary: "Get a row", ok: lookupRowJSON{}},
	"POST /api/lookup_tables/{lookup_table_id}/rows":            {summary: "Add a row: its cells by label under data (or row)", body: lookupRowBody{}, ok: lookupRowJSON{}},
	"PUT /api/lookup_tables/{lookup_table_id}/rows/{row_id}":    {summary: "Update a row; absent columns keep their value", body: lookupRowBody{}, ok: lookupRowJSON{}},
	"DELETE /api/lookup_tables/{lookup_table_id}/rows/{row_id}": {summary: "Delete a row", ok: success{}},

	// Account properties.
	"GET /api/managed_users/{mu}/properties":  {summary: "The properties whose names start with prefix, by name", query: []string{"prefix"}, ok: resultOf[map[string]string]{}},
	"POST /api/managed_users/{mu}/properties": {summary: "Create or update properties, all or none", body: propertiesBody{}, need: []string{"properties"}, ok: success{}},
	"GET /api/properties":                     {summary: "The properties whose names start with prefix, by name", query: []string{"prefix"}, ok: map[string]string{}},
	"POST /api/properties":                    {summary: "Create or update properties, all or none", body: propertiesBody{}, need: []string{"properties"}, ok: success{}},
})
