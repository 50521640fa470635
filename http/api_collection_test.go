package http_test

import (
	"testing"
)

// salesSpec is an OpenAPI 3 document of three operations: GET
// /accounts/{id} calls the running recipe 1, POST /accounts the stopped
// recipe 2, and DELETE /accounts/{id} none.
const salesSpec = `{"openapi":"3.0.0","info":{"title":"Sales","version":"1.0.0"},"paths":{
	"/accounts/{id}":{"parameters":[],"get":{"operationId":"getAccount","x-workato-recipe-id":1},"delete":{"summary":"Delete"}},
	"/accounts":{"post":{"operationId":"createAccount","x-workato-recipe-id":"2","responses":{"200":{"description":"ok"}}}}}}`

// TestAPICollectionsEmbedded plays the collection and endpoint routes of a
// customer workspace: the collection 1 (Sales API, project 2) has the
// endpoints 1 (POST /accounts, recipe 2), 2 (GET /accounts/:id, recipe 1)
// and 3 (DELETE /accounts/:id); the collection 2 (Support API, from YAML)
// the endpoint 4; the collection 3 (Bare) lives in home.
func TestAPICollectionsEmbedded(t *testing.T) {
	e := newTestEnv(t, false)
	setupAPIPlatform(t, e)
	const (
		collections = "/api/managed_users/Eacme/api_collections"
		endpoints   = "/api/managed_users/Eacme/api_endpoints"
	)
	supportYAML := "openapi: \"3.1.0\"\ninfo:\n  version: 1.0\npaths:\n  /tickets/{ticket_id}/comments:\n    patch:\n      x-workato-recipe-id: 1\n    head: {}\n"
	e.runSecrets(t, []scenario{
		{Name: "e_collections_empty", Method: "GET", URL: collections, WantStatus: 200},
		{Name: "e_collection_create", Method: "POST", URL: collections, Body: specBody("Sales API", "2", "json", salesSpec), WantStatus: 200},
		{Name: "e_collection_create_yaml", Method: "POST", URL: "/api/managed_users/3/api_collections", Body: specBody("Support API", 2, "YAML", supportYAML), WantStatus: 200},
		{Name: "e_collection_create_bare", Method: "POST", URL: collections, Body: `{"name":"Bare","openapi_spec":null}`, WantStatus: 200},

		// Refusals.
		{Name: "e_collection_create_blank_name", Method: "POST", URL: collections, Body: `{"name":" ","project_id":2}`, WantStatus: 400},
		{Name: "e_collection_create_taken_name", Method: "POST", URL: collections, Body: `{"name":"Sales API"}`, WantStatus: 400},
		{Name: "e_collection_create_unknown_project", Method: "POST", URL: collections, Body: `{"name":"X","project_id":999}`, WantStatus: 400},
		{Name: "e_collection_create_other_account_project", Method: "POST", URL: collections, Body: `{"name":"X","project_id":1}`, WantStatus: 400},
		{Name: "e_collection_create_project_wrong_type", Method: "POST", URL: collections, Body: `{"name":"X","project_id":"two"}`, WantStatus: 400},
		{Name: "e_collection_create_spec_wrong_type", Method: "POST", URL: collections, Body: `{"name":"X","openapi_spec":"openapi: 3.0.0"}`, WantStatus: 400},
		{Name: "e_collection_create_spec_content_wrong_type", Method: "POST", URL: collections, Body: `{"name":"X","openapi_spec":{"format":"json","content":{}}}`, WantStatus: 400},
		{Name: "e_collection_create_spec_blank", Method: "POST", URL: collections, Body: specBody("X", nil, "json", " "), WantStatus: 400},
		{Name: "e_collection_create_spec_no_format", Method: "POST", URL: collections, Body: specBody("X", nil, "", salesSpec), WantStatus: 400},
		{Name: "e_collection_create_spec_bad_format", Method: "POST", URL: collections, Body: specBody("X", nil, "xml", salesSpec), WantStatus: 400},
		{Name: "e_collection_create_spec_bad_json", Method: "POST", URL: collections, Body: specBody("X", nil, "json", `{"openapi":`), WantStatus: 400},
		{Name: "e_collection_create_spec_two_values", Method: "POST", URL: collections, Body: specBody("X", nil, "json", `{} {}`), WantStatus: 400},
		{Name: "e_collection_create_spec_bad_yaml", Method: "POST", URL: collections, Body: specBody("X", nil, "yaml", "openapi: [3.0\n"), WantStatus: 400},
		{Name: "e_collection_create_spec_swagger", Method: "POST", URL: collections, Body: specBody("X", nil, "json", `{"swagger":"2.0","paths":{}}`), WantStatus: 400},
		{Name: "e_collection_create_spec_not_an_object", Method: "POST", URL: collections, Body: specBody("X", nil, "yaml", "- openapi"), WantStatus: 400},
		{Name: "e_collection_create_spec_bad_paths", Method: "POST", URL: collections, Body: specBody("X", nil, "json", `{"openapi":"3.0.0","paths":[]}`), WantStatus: 400},
		{Name: "e_collection_create_spec_relative_path", Method: "POST", URL: collections, Body: specBody("X", nil, "json", `{"openapi":"3.0.0","paths":{"a":{}}}`), WantStatus: 400},
		{Name: "e_collection_create_spec_bad_operation", Method: "POST", URL: collections, Body: specBody("X", nil, "json", `{"openapi":"3.0.0","paths":{"/a":{"get":true}}}`), WantStatus: 400},
		{Name: "e_collection_create_spec_bad_operation_id", Method: "POST", URL: collections, Body: specBody("X", nil, "json", `{"openapi":"3.0.0","paths":{"/a":{"get":{"operationId":7}}}}`), WantStatus: 400},
		{Name: "e_collection_create_spec_bad_recipe_id", Method: "POST", URL: collections, Body: specBody("X", nil, "json", `{"openapi":"3.0.0","paths":{"/a":{"get":{"x-workato-recipe-id":-1}}}}`), WantStatus: 400},
		{Name: "e_collection_create_spec_unknown_recipe", Method: "POST", URL: collections, Body: specBody("X", nil, "json", `{"openapi":"3.0.0","paths":{"/a":{"get":{"x-workato-recipe-id":999}}}}`), WantStatus: 400},
		{Name: "e_collection_create_malformed", Method: "POST", URL: collections, Body: `{"name":`, WantStatus: 400},

		// Lists.
		{Name: "e_collections", Method: "GET", URL: collections, WantStatus: 200},
		{Name: "e_collections_paged", Method: "GET", URL: collections + "?page=2&per_page=1", WantStatus: 200},
		{Name: "e_collections_trailing_slash", Method: "GET", URL: collections + "/?per_page=500", WantStatus: 200},
		{Name: "e_endpoints", Method: "GET", URL: endpoints, WantStatus: 200},
		{Name: "e_endpoints_of_collection", Method: "GET", URL: endpoints + "?api_collection_id=2", WantStatus: 200},
		{Name: "e_endpoints_of_unknown_collection", Method: "GET", URL: endpoints + "?api_collection_id=999", WantStatus: 200},
		{Name: "e_endpoints_bad_collection_id", Method: "GET", URL: endpoints + "?api_collection_id=x", WantStatus: 400},

		// Enable only while the endpoint's recipe runs; disable any time.
		{Name: "e_endpoint_enable", Method: "PUT", URL: endpoints + "/2/enable", WantStatus: 200},
		{Name: "e_endpoint_enable_again", Method: "PUT", URL: endpoints + "/2/enable", WantStatus: 200},
		{Name: "e_endpoint_enable_stopped_recipe", Method: "PUT", URL: endpoints + "/1/enable", WantStatus: 400},
		{Name: "e_endpoint_enable_no_recipe", Method: "PUT", URL: endpoints + "/3/enable", WantStatus: 400},
		{Name: "e_endpoint_disable_inactive", Method: "PUT", URL: endpoints + "/3/disable", WantStatus: 200},
		{Name: "e_endpoint_enable_unknown", Method: "PUT", URL: endpoints + "/999/enable", WantStatus: 404},
		{Name: "e_endpoint_enable_not_a_number", Method: "PUT", URL: endpoints + "/x/enable", WantStatus: 404},
		{Name: "e_endpoints_after_enable", Method: "GET", URL: endpoints + "?api_collection_id=1", WantStatus: 200},
		{Name: "e_recipe_stop", Method: "PUT", URL: "/api/managed_users/3/recipes/1/stop", WantStatus: 200},
		{Name: "e_endpoint_enable_after_stop", Method: "PUT", URL: endpoints + "/4/enable", WantStatus: 400},
		{Name: "e_endpoint_disable", Method: "PUT", URL: endpoints + "/2/disable", WantStatus: 200},
		{Name: "e_endpoint_enable_get", Method: "GET", URL: endpoints + "/2/enable", WantStatus: 405},

		// Another account, or no credentials.
		{Name: "e_other_account_collections", Method: "GET", URL: collections, Token: tokenB, WantStatus: 404},
		{Name: "e_other_account_create", Method: "POST", URL: "/api/managed_users/3/api_collections", Body: `{"name":"X"}`, Token: tokenB, WantStatus: 404},
		{Name: "e_other_account_enable", Method: "PUT", URL: "/api/managed_users/3/api_endpoints/2/enable", Token: tokenB, WantStatus: 404},
		{Name: "e_other_account_own_customer_enable", Method: "PUT", URL: "/api/managed_users/4/api_endpoints/2/enable", Token: tokenB, WantStatus: 404},
		{Name: "e_other_account_own_customer_endpoints", Method: "GET", URL: "/api/managed_users/4/api_endpoints?api_collection_id=1", Token: tokenB, WantStatus: 200},
		{Name: "e_no_token", Method: "GET", URL: endpoints, Token: "-", WantStatus: 401},
		{Name: "e_unknown_customer", Method: "GET", URL: "/api/managed_users/999/api_collections", WantStatus: 404},
	})
}
