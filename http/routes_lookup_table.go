package http

import "github.com/partnerd/partnerd"

// lookupTableRoutes lists the routes of lookup tables and their rows, in
// the order of the contract, with the envelope each one answers. Listing
// rows counts against "lookup_tables.rows", every other route against
// "lookup_tables".
func (s *Server) lookupTableRoutes() []route {
	const lookupTables = partnerd.FamilyLookupTables
	return []route{
		// Lookup tables of a customer workspace.
		{pattern: "GET /api/managed_users/{mu}/lookup_tables", family: familyE, area: lookupTables, limit: "lookup_tables", handle: s.handleLookupTableList},                                    // {result:[LookupTable]}
		{pattern: "POST /api/managed_users/{mu}/lookup_tables", family: familyE, area: lookupTables, limit: "lookup_tables", handle: s.handleLookupTableCreate},                                 // LookupTable
		{pattern: "POST /api/managed_users/{mu}/lookup_tables/batch_delete", family: familyE, area: lookupTables, limit: "lookup_tables", handle: s.handleLookupTableBatchDelete},               // {success:true}
		{pattern: "GET /api/managed_users/{mu}/lookup_tables/{lookup_table_id}/lookup", family: familyE, area: lookupTables, limit: "lookup_tables", handle: s.handleLookupRowLookup},           // {result:Row} or 404
		{pattern: "GET /api/managed_users/{mu}/lookup_tables/{lookup_table_id}/rows", family: familyE, area: lookupTables, limit: "lookup_tables.rows", handle: s.handleLookupRowList},          // {result:[Row]}
		{pattern: "GET /api/managed_users/{mu}/lookup_tables/{lookup_table_id}/rows/{row_id}", family: familyE, area: lookupTables, limit: "lookup_tables", handle: s.handleLookupRowGet},       // {result:Row}
		{pattern: "POST /api/managed_users/{mu}/lookup_tables/{lookup_table_id}/rows", family: familyE, area: lookupTables, limit: "lookup_tables", handle: s.handleLookupRowAdd},               // {result:Row}
		{pattern: "PUT /api/managed_users/{mu}/lookup_tables/{lookup_table_id}/rows/{row_id}", family: familyE, area: lookupTables, limit: "lookup_tables", handle: s.handleLookupRowUpdate},    // {result:Row}
		{pattern: "DELETE /api/managed_users/{mu}/lookup_tables/{lookup_table_id}/rows/{row_id}", family: familyE, area: lookupTables, limit: "lookup_tables", handle: s.handleLookupRowDelete}, // {success:true}

		// Lookup tables of the caller's own workspace.
		{pattern: "GET /api/lookup_tables", family: familyD, area: lookupTables, limit: "lookup_tables", handle: s.handleLookupTableList},                                    // [LookupTable]
		{pattern: "POST /api/lookup_tables", family: familyD, area: lookupTables, limit: "lookup_tables", handle: s.handleLookupTableCreate},                                 // LookupTable
		{pattern: "POST /api/lookup_tables/batch_delete", family: familyD, area: lookupTables, limit: "lookup_tables", handle: s.handleLookupTableBatchDelete},               // {success:true}
		{pattern: "GET /api/lookup_tables/{lookup_table_id}/lookup", family: familyD, area: lookupTables, limit: "lookup_tables", handle: s.handleLookupRowLookup},           // Row or 404
		{pattern: "GET /api/lookup_tables/{lookup_table_id}/rows", family: familyD, area: lookupTables, limit: "lookup_tables.rows", handle: s.handleLookupRowList},          // [Row]
		{pattern: "GET /api/lookup_tables/{lookup_table_id}/rows/{row_id}", family: familyD, area: lookupTables, limit: "lookup_tables", handle: s.handleLookupRowGet},       // Row
		{pattern: "POST /api/lookup_tables/{lookup_table_id}/rows", family: familyD, area: lookupTables, limit: "lookup_tables", handle: s.handleLookupRowAdd},               // Row
		{pattern: "PUT /api/lookup_tables/{lookup_table_id}/rows/{row_id}", family: familyD, area: lookupTables, limit: "lookup_tables", handle: s.handleLookupRowUpdate},    // Row
		{pattern: "DELETE /api/lookup_tables/{lookup_table_id}/rows/{row_id}", family: familyD, area: lookupTables, limit: "lookup_tables", handle: s.handleLookupRowDelete}, // {success:true}
	}
}
