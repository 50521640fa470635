package http_test

import (
	"strings"
	"testing"
)

// setupLookupTables adds to setupFolders: B's table 1 in its customer 4,
// with row 1, and A's folder 6 (Sales, project 2) in customer 3.
func setupLookupTables(t *testing.T, e *testEnv) {
	t.Helper()
	setupFolders(t, e)
	for _, sc := range []scenario{
		{Method: "POST", URL: "/api/managed_users/4/lookup_tables", Body: `{"name":"Theirs","schema":[{"label":"code","type":"string"}]}`, Token: tokenB},
		{Method: "POST", URL: "/api/managed_users/4/lookup_tables/1/rows", Body: `{"data":{"code":"T1"}}`, Token: tokenB},
		{Method: "POST", URL: "/api/managed_users/3/folders", Body: `{"name":"Sales"}`},
	} {
		if status, body := e.do(sc); status != 200 {
			t.Fatalf("setup %s %s: %d %s", sc.Method, sc.URL, status, body)
		}
	}
}

// TestLookupTablesEmbedded plays the lookup table routes of customer 3:
// tables 2 (Codes, at home), 3 (Regions, in folder 6), 4 (By project, in
// folder 6) and 5 (Wide), and rows 2 to 5 of table 2.
func TestLookupTablesEmbedded(t *testing.T) {
	e := newTestEnv(t, false)
	setupLookupTables(t, e)
	const (
		tables = "/api/managed_users/Eacme/lookup_tables"
		rows   = tables + "/2/rows"
	)
	wide := `{"name":"Wide","schema":[` + strings.Repeat(`{"label":"c?","type":"string"},`, 10) + `]}`
	for i := range 10 {
		wide = strings.Replace(wide, "c?", "c"+string(rune('0'+i)), 1)
	}
	wide = strings.Replace(wide, `},]`, `}]`, 1)
	eleven := strings.Replace(wide, `"c9","type":"string"}`, `"c9","type":"string"},{"label":"c10","type":"string"}`, 1)
	e.run(t, "lookup_tables", []scenario{
		{Name: "e_list_empty", Method: "GET", URL: tables, WantStatus: 200},

		// Create.
		{Name: "e_create", Method: "POST", URL: tables, Body: `{"name":"Codes","schema":[{"label":"code","type":"string"},{"label":"name","type":"string","name":"ignored","control_type":"ignored"}]}`, WantStatus: 200},
		{Name: "e_create_wrapped_schema_text", Method: "POST", URL: tables, Body: `{"lookup_table":{"name":"Regions","schema":"[{\"label\":\"region\",\"type\":\"string\"},{\"label\":\"<a&b>\",\"type\":\"string\"}]","folder_id":"6"}}`, WantStatus: 200},
		{Name: "e_create_project_id", Method: "POST", URL: tables, Body: `{"name":"By project","schema":[{"label":"k","type":"string"}],"project_id":"2"}`, WantStatus: 200},
		{Name: "e_create_ten_columns", Method: "POST", URL: "/api/managed_users/3/lookup_tables", Body: wide, WantStatus: 200},
		{Name: "e_create_eleven_columns", Method: "POST", URL: tables, Body: strings.Replace(eleven, "Wide", "Too wide", 1), WantStatus: 400},
		{Name: "e_create_blank_name", Method: "POST", URL: tables, Body: `{"name":" ","schema":[{"label":"k","type":"string"}]}`, WantStatus: 400},
		{Name: "e_create_no_schema", Method: "POST", URL: tables, Body: `{"name":"X"}`, WantStatus: 400},
		{Name: "e_create_empty_schema", Method: "POST", URL: tables, Body: `{"name":"X","schema":[]}`, WantStatus: 400},
		{Name: "e_create_duplicate_label", Method: "POST", URL: tables, Body: `{"name":"X","schema":[{"label":"k","type":"string"},{"label":"k","type":"string"}]}`, WantStatus: 400},
		{Name: "e_create_column_without_type", Method: "POST", URL: tables, Body: `{"name":"X","schema":[{"label":"k"}]}`, WantStatus: 400},
		{Name: "e_create_schema_text_not_json", Method: "POST", URL: tables, Body: `{"name":"X","schema":"[{"}`, WantStatus: 400},
		{Name: "e_create_schema_wrong_type", Method: "POST", URL: tables, Body: `{"name":"X","schema":{"label":"k"}}`, WantStatus: 400},
		{Name: "e_create_name_taken", Method: "POST", URL: tables, Body: `{"name":"Codes","schema":[{"label":"k","type":"string"}]}`, WantStatus: 400},
		{Name: "e_create_unknown_folder", Method: "POST", URL: tables, Body: `{"name":"X","schema":[{"label":"k","type":"string"}],"folder_id":999}`, WantStatus: 400},
		{Name: "e_create_other_account_folder", Method: "POST", URL: tables, Body: `{"name":"X","schema":[{"label":"k","type":"string"}],"folder_id":5}`, WantStatus: 400},
		{Name: "e_create_other_account_project", Method: "POST", URL: tables, Body: `{"name":"X","schema":[{"label":"k","type":"string"}],"project_id":1}`, WantStatus: 400},
		{Name: "e_create_folder_wrong_type", Method: "POST", URL: tables, Body: `{"name":"X","schema":[{"label":"k","type":"string"}],"folder_id":"six"}`, WantStatus: 400},
		{Name: "e_create_name_wrong_type", Method: "POST", URL: tables, Body: `{"name":["X"],"schema":[{"label":"k","type":"string"}]}`, WantStatus: 400},
		{Name: "e_create_malformed", Method: "POST", URL: tables, Body: `{"name":`, WantStatus: 400},

		// List.
		{Name: "e_list", Method: "GET", URL: tables, WantStatus: 200},
		{Name: "e_list_paged", Method: "GET", URL: tables + "?per_page=2&page=2", WantStatus: 200},

		// Rows: add.
		{Name: "e_row_add", Method: "POST", URL: rows, Body: `{"data":{"code":"A1","name":"Acme"}}`, WantStatus: 200},
		{Name: "e_row_add_alias", Method: "POST", URL: rows, Body: `{"row":{"name":"Beta","code":"B2"}}`, WantStatus: 200},
		{Name: "e_row_add_scalars", Method: "POST", URL: rows, Body: `{"data":{"code":1.50,"name":true}}`, WantStatus: 200},
		{Name: "e_row_add_partial", Method: "POST", URL: rows, Body: `{"data":{"code":"A1"}}`, WantStatus: 200},
		{Name: "e_row_add_unknown_column", Method: "POST", URL: rows, Body: `{"data":{"code":"X","colour":"red"}}`, WantStatus: 400},
		{Name: "e_row_add_object_value", Method: "POST", URL: rows, Body: `{"data":{"code":{"a":1}}}`, WantStatus: 400},
		{Name: "e_row_add_no_data", Method: "POST", URL: rows, Body: `{}`, WantStatus: 400},
		{Name: "e_row_add_data_wrong_type", Method: "POST", URL: rows, Body: `{"data":"A1"}`, WantStatus: 400},
		{Name: "e_row_add_too_long", Method: "POST", URL: rows, Body: `{"data":{"code":"` + strings.Repeat("x", 1025) + `"}}`, WantStatus: 400},
		{Name: "e_row_add_unknown_table", Method: "POST", URL: tables + "/999/rows", Body: `{"data":{"code":"X"}}`, WantStatus: 404},

		// Rows: list, get, lookup.
		{Name: "e_rows", Method: "GET", URL: rows, WantStatus: 200},
		{Name: "e_rows_paged", Method: "GET", URL: rows + "?per_page=2&page=2", WantStatus: 200},
		{Name: "e_rows_by", Method: "GET", URL: rows + "?by[code]=A1", WantStatus: 200},
		{Name: "e_rows_by_two", Method: "GET", URL: rows + "?by%5Bcode%5D=A1&by%5Bname%5D=Acme", WantStatus: 200},
		{Name: "e_rows_by_none", Method: "GET", URL: rows + "?by[code]=Z9", WantStatus: 200},
		{Name: "e_rows_by_unknown_column", Method: "GET", URL: rows + "?by[colour]=red", WantStatus: 400},
		{Name: "e_rows_bad_page", Method: "GET", URL: rows + "?page=x", WantStatus: 400},
		{Name: "e_rows_unknown_table", Method: "GET", URL: tables + "/999/rows", WantStatus: 404},
		{Name: "e_rows_empty_table", Method: "GET", URL: tables + "/3/rows", WantStatus: 200},
		{Name: "e_row_get", Method: "GET", URL: rows + "/2", WantStatus: 200},
		{Name: "e_row_get_unknown", Method: "GET", URL: rows + "/999", WantStatus: 404},
		{Name: "e_row_get_through_other_table", Method: "GET", URL: tables + "/3/rows/2", WantStatus: 404},
		{Name: "e_row_get_not_a_number", Method: "GET", URL: rows + "/x", WantStatus: 404},
		{Name: "e_lookup", Method: "GET", URL: tables + "/2/lookup?by[code]=A1", WantStatus: 200},
		{Name: "e_lookup_two", Method: "GET", URL: tables + "/2/lookup?by[code]=1.50&by[name]=true", WantStatus: 200},
		{Name: "e_lookup_none", Method: "GET", URL: tables + "/2/lookup?by[code]=a1", WantStatus: 404},
		{Name: "e_lookup_no_condition", Method: "GET", URL: tables + "/2/lookup", WantStatus: 400},
		{Name: "e_lookup_unknown_column", Method: "GET", URL: tables + "/2/lookup?by[colour]=red", WantStatus: 400},
		{Name: "e_lookup_escaped_label", Method: "GET", URL: tables + "/3/lookup?by[%3Ca%26b%3E]=x", WantStatus: 404},

		// Rows: update and delete.
		{Name: "e_row_update", Method: "PUT", URL: rows + "/2", Body: `{"data":{"name":"Acme Corp"}}`, WantStatus: 200},
		{Name: "e_row_update_clear", Method: "PUT", URL: rows + "/2", Body: `{"row":{"name":null}}`, WantStatus: 200},
		{Name: "e_row_update_unknown_column", Method: "PUT", URL: rows + "/2", Body: `{"data":{"colour":"red"}}`, WantStatus: 400},
		{Name: "e_row_update_no_data", Method: "PUT", URL: rows + "/2", Body: `{"name":"x"}`, WantStatus: 400},
		{Name: "e_row_update_unknown", Method: "PUT", URL: rows + "/999", Body: `{"data":{"name":"x"}}`, WantStatus: 404},
		{Name: "e_row_delete", Method: "DELETE", URL: rows + "/3", WantStatus: 200},
		{Name: "e_row_delete_again", Method: "DELETE", URL: rows + "/3", WantStatus: 404},
		{Name: "e_rows_after", Method: "GET", URL: rows, WantStatus: 200},

		// Batch delete: all or nothing.
		{Name: "e_batch_delete_no_ids", Method: "POST", URL: tables + "/batch_delete", Body: `{"ids":[]}`, WantStatus: 400},
		{Name: "e_batch_delete_other_account", Method: "POST", URL: tables + "/batch_delete", Body: `{"ids":[3,1]}`, WantStatus: 404},
		{Name: "e_batch_delete_unknown", Method: "POST", URL: tables + "/batch_delete", Body: `{"ids":[3,999]}`, WantStatus: 404},
		{Name: "e_batch_delete_wrong_type", Method: "POST", URL: tables + "/batch_delete", Body: `{"ids":"3"}`, WantStatus: 400},
		{Name: "e_list_after_refused_delete", Method: "GET", URL: tables, WantStatus: 200},
		{Name: "e_batch_delete", Method: "POST", URL: tables + "/batch_delete", Body: `{"lookup_table_ids":["3",4],"ids":[3]}`, WantStatus: 200},
		{Name: "e_list_after_delete", Method: "GET", URL: tables, WantStatus: 200},

		// Another account, or no credentials.
		{Name: "e_other_account_list", Method: "GET", URL: "/api/managed_users/3/lookup_tables", Token: tokenB, WantStatus: 404},
		{Name: "e_other_account_rows", Method: "GET", URL: "/api/managed_users/4/lookup_tables/2/rows", Token: tokenB, WantStatus: 404},
		{Name: "e_other_account_lookup", Method: "GET", URL: "/api/managed_users/4/lookup_tables/2/lookup?by[code]=A1", Token: tokenB, WantStatus: 404},
		{Name: "e_other_account_row_get", Method: "GET", URL: "/api/managed_users/4/lookup_tables/2/rows/2", Token: tokenB, WantStatus: 404},
		{Name: "e_other_account_row_add", Method: "POST", URL: "/api/managed_users/4/lookup_tables/2/rows", Body: `{"data":{"code":"X"}}`, Token: tokenB, WantStatus: 404},
		{Name: "e_other_account_row_update", Method: "PUT", URL: "/api/managed_users/4/lookup_tables/2/rows/2", Body: `{"data":{"code":"X"}}`, Token: tokenB, WantStatus: 404},
		{Name: "e_other_account_row_delete", Method: "DELETE", URL: "/api/managed_users/4/lookup_tables/2/rows/2", Token: tokenB, WantStatus: 404},
		{Name: "e_other_account_batch_delete", Method: "POST", URL: "/api/managed_users/4/lookup_tables/batch_delete", Body: `{"ids":[2]}`, Token: tokenB, WantStatus: 404},
		{Name: "e_their_table_through_mine", Method: "GET", URL: tables + "/1/rows/1", WantStatus: 404},
		{Name: "e_no_token", Method: "GET", URL: tables, Token: "-", WantStatus: 401},
		{Name: "e_unknown_customer", Method: "GET", URL: "/api/managed_users/999/lookup_tables", WantStatus: 404},
		{Name: "e_rows_after_other_account", Method: "GET", URL: rows, WantStatus: 200},
	})
}

// TestLookupTablesDeveloper plays the Developer routes on account A's own
// workspace (home folder 1): projects Team (folder 7) and Other (folder
// 8), tables 2 (at home), 3 (in Team) and 4 (in Other); then a client
// limited to Team.
func TestLookupTablesDeveloper(t *testing.T) {
	e := newTestEnv(t, false)
	setupLookupTables(t, e)
	for _, body := range []string{`{"name":"Team"}`, `{"name":"Other"}`} {
		if status, b := e.do(scenario{Method: "POST", URL: "/api/folders", Body: body}); status != 200 {
			t.Fatalf("setup %s: %d %s", body, status, b)
		}
	}
	e.run(t, "lookup_tables", []scenario{
		{Name: "d_list_empty", Method: "GET", URL: "/api/lookup_tables", WantStatus: 200},
		{Name: "d_create", Method: "POST", URL: "/api/lookup_tables", Body: `{"name":"Home","schema":[{"label":"code","type":"string"}]}`, WantStatus: 200},
		{Name: "d_create_team", Method: "POST", URL: "/api/lookup_tables", Body: `{"lookup_table":{"name":"Team codes","schema":[{"label":"code","type":"string"}],"folder_id":7}}`, WantStatus: 200},
		{Name: "d_create_other", Method: "POST", URL: "/api/lookup_tables", Body: `{"name":"Other codes","schema":[{"label":"code","type":"string"}],"project_id":4}`, WantStatus: 200},
		{Name: "d_create_customer_folder", Method: "POST", URL: "/api/lookup_tables", Body: `{"name":"X","schema":[{"label":"code","type":"string"}],"folder_id":6}`, WantStatus: 400},
		{Name: "d_list", Method: "GET", URL: "/api/lookup_tables", WantStatus: 200},
		{Name: "d_row_add", Method: "POST", URL: "/api/lookup_tables/2/rows", Body: `{"data":{"code":"H1"}}`, WantStatus: 200},
		{Name: "d_row_add_team", Method: "POST", URL: "/api/lookup_tables/3/rows", Body: `{"data":{"code":"T1"}}`, WantStatus: 200},
		{Name: "d_row_add_other", Method: "POST", URL: "/api/lookup_tables/4/rows", Body: `{"data":{"code":"O1"}}`, WantStatus: 200},
		{Name: "d_rows", Method: "GET", URL: "/api/lookup_tables/2/rows", WantStatus: 200},
		{Name: "d_rows_by", Method: "GET", URL: "/api/lookup_tables/2/rows?by[code]=H1&per_page=5000", WantStatus: 200},
		{Name: "d_row_get", Method: "GET", URL: "/api/lookup_tables/2/rows/2", WantStatus: 200},
		{Name: "d_lookup", Method: "GET", URL: "/api/lookup_tables/2/lookup?by[code]=H1", WantStatus: 200},
		{Name: "d_lookup_none", Method: "GET", URL: "/api/lookup_tables/2/lookup?by[code]=nothing", WantStatus: 404},
		{Name: "d_row_update", Method: "PUT", URL: "/api/lookup_tables/2/rows/2", Body: `{"data":{"code":"H2"}}`, WantStatus: 200},
		{Name: "d_customer_table", Method: "GET", URL: "/api/lookup_tables/1/rows", WantStatus: 404},
		{Name: "d_other_account_rows", Method: "GET", URL: "/api/lookup_tables/2/rows", Token: tokenB, WantStatus: 404},
		{Name: "d_other_account_list", Method: "GET", URL: "/api/lookup_tables", Token: tokenB, WantStatus: 200},
	})

	_, team := e.mustCreateClient("/api/developer_api_clients", `{"name":"Team only","all_folders":false,"folder_ids":[7]}`, tokenA)
	e.run(t, "lookup_tables", []scenario{
		{Name: "scope_list", Method: "GET", URL: "/api/lookup_tables", Token: team, WantStatus: 200},
		{Name: "scope_rows", Method: "GET", URL: "/api/lookup_tables/3/rows", Token: team, WantStatus: 200},
		{Name: "scope_lookup", Method: "GET", URL: "/api/lookup_tables/3/lookup?by[code]=T1", Token: team, WantStatus: 200},
		{Name: "scope_row_add", Method: "POST", URL: "/api/lookup_tables/3/rows", Body: `{"data":{"code":"T2"}}`, Token: team, WantStatus: 200},
		{Name: "scope_create", Method: "POST", URL: "/api/lookup_tables", Body: `{"name":"Mine","schema":[{"label":"k","type":"string"}],"folder_id":7}`, Token: team, WantStatus: 200},
		{Name: "scope_create_home", Method: "POST", URL: "/api/lookup_tables", Body: `{"name":"X","schema":[{"label":"k","type":"string"}]}`, Token: team, WantStatus: 400},
		{Name: "scope_create_other", Method: "POST", URL: "/api/lookup_tables", Body: `{"name":"X","schema":[{"label":"k","type":"string"}],"project_id":4}`, Token: team, WantStatus: 400},
		{Name: "scope_rows_other", Method: "GET", URL: "/api/lookup_tables/4/rows", Token: team, WantStatus: 404},
		{Name: "scope_rows_home", Method: "GET", URL: "/api/lookup_tables/2/rows", Token: team, WantStatus: 404},
		{Name: "scope_lookup_other", Method: "GET", URL: "/api/lookup_tables/4/lookup?by[code]=O1", Token: team, WantStatus: 404},
		{Name: "scope_row_get_other", Method: "GET", URL: "/api/lookup_tables/4/rows/4", Token: team, WantStatus: 404},
		{Name: "scope_row_add_other", Method: "POST", URL: "/api/lookup_tables/4/rows", Body: `{"data":{"code":"X"}}`, Token: team, WantStatus: 404},
		{Name: "scope_row_update_other", Method: "PUT", URL: "/api/lookup_tables/4/rows/4", Body: `{"data":{"code":"X"}}`, Token: team, WantStatus: 404},
		{Name: "scope_row_delete_other", Method: "DELETE", URL: "/api/lookup_tables/4/rows/4", Token: team, WantStatus: 404},
		{Name: "scope_batch_delete_other", Method: "POST", URL: "/api/lookup_tables/batch_delete", Body: `{"ids":[3,4]}`, Token: team, WantStatus: 404},
		{Name: "scope_on_customer", Method: "GET", URL: "/api/managed_users/3/lookup_tables", Token: team, WantStatus: 200},
		{Name: "scope_batch_delete", Method: "POST", URL: "/api/lookup_tables/batch_delete", Body: `{"ids":[5]}`, Token: team, WantStatus: 200},
		{Name: "d_list_after_scope", Method: "GET", URL: "/api/lookup_tables", WantStatus: 200},
		{Name: "d_row_delete", Method: "DELETE", URL: "/api/lookup_tables/2/rows/2", WantStatus: 200},
		{Name: "d_batch_delete", Method: "POST", URL: "/api/lookup_tables/batch_delete", Body: `{"ids":[2,3,4]}`, WantStatus: 200},
		{Name: "d_list_after_delete", Method: "GET", URL: "/api/lookup_tables", WantStatus: 200},
	})
}
