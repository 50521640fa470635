package http_test

import "testing"

// TestTagsEmbedded plays the tag routes of customer 3 (Acme) and their
// assignments to its recipe 1 and connections 1 and 2.
func TestTagsEmbedded(t *testing.T) {
	e := newTestEnv(t, false)
	setupRecipes(t, e)
	for _, sc := range []scenario{
		{Method: "POST", URL: "/api/managed_users/Eacme/recipes", Body: `{"name":"Sync","code":` + jsonString(logCode) + `,"config":"[]"}`},
	} {
		if status, body := e.do(sc); status != 200 {
			t.Fatalf("setup %s %s: %d %s", sc.Method, sc.URL, status, body)
		}
	}
	const tags = "/api/v2/managed_users/Eacme/tags"
	e.run(t, "tags", []scenario{
		{Name: "e_list_empty", Method: "GET", URL: tags, WantStatus: 200},
		{Name: "e_create", Method: "POST", URL: tags, Body: `{"title":"Accounting","description":"Finance team","color":"green"}`, WantStatus: 200},
		{Name: "e_create_default_color", Method: "POST", URL: tags, Body: `{"title":" HR "}`, WantStatus: 200},
		{Name: "e_create_blank", Method: "POST", URL: tags, Body: `{"description":"no title"}`, WantStatus: 400},
		{Name: "e_create_long", Method: "POST", URL: tags, Body: `{"title":"0123456789012345678901234567890"}`, WantStatus: 400},
		{Name: "e_create_bad_color", Method: "POST", URL: tags, Body: `{"title":"Pink","color":"pink"}`, WantStatus: 400},
		{Name: "e_create_bad_json", Method: "POST", URL: tags, Body: `{"title":`, WantStatus: 400},
		{Name: "e_update", Method: "PUT", URL: tags + "/tag-sCeyzi88-O70100", Body: `{"color":"gold","description":"Finance and payroll"}`, WantStatus: 200},
		{Name: "e_update_missing", Method: "PUT", URL: tags + "/tag-missing", Body: `{"title":"X"}`, WantStatus: 404},
		{Name: "e_assign", Method: "POST", URL: "/api/v2/managed_users/Eacme/tags_assignments", WantStatus: 200,
			Body: `{"add_tags":["tag-sCeyzi88-O70100","tag-xuWxvQcW-ZhD200"],"recipe_ids":[1],"connection_ids":["1",2]}`},
		{Name: "e_unassign", Method: "POST", URL: "/api/v2/managed_users/Eacme/tags_assignments", WantStatus: 200,
			Body: `{"remove_tags":["tag-xuWxvQcW-ZhD200"],"connection_ids":[2]}`},
		{Name: "e_assign_nothing", Method: "POST", URL: "/api/v2/managed_users/Eacme/tags_assignments", Body: `{"recipe_ids":[1]}`, WantStatus: 400},
		{Name: "e_assign_unknown_tag", Method: "POST", URL: "/api/v2/managed_users/Eacme/tags_assignments", Body: `{"add_tags":["tag-nope"],"recipe_ids":[1]}`, WantStatus: 404},
		{Name: "e_assign_their_connection", Method: "POST", URL: "/api/v2/managed_users/Eacme/tags_assignments", Body: `{"add_tags":["tag-sCeyzi88-O70100"],"connection_ids":[3]}`, WantStatus: 404},
		{Name: "e_list", Method: "GET", URL: tags, WantStatus: 200},
		{Name: "e_list_recipe", Method: "GET", URL: tags + "?q[recipe_id_eq]=1", WantStatus: 200},
		{Name: "e_list_connection", Method: "GET", URL: tags + "?q[connection_id_eq]=2", WantStatus: 200},
		{Name: "e_list_query", Method: "GET", URL: tags + "?q[title_or_description_cont]=PAYROLL", WantStatus: 200},
		{Name: "e_list_sorted", Method: "GET", URL: tags + "?sort_by[]=assignment_count&sort_direction[]=desc&per_page=1", WantStatus: 200},
		{Name: "e_list_bad_sort", Method: "GET", URL: tags + "?sort_by[]=color", WantStatus: 400},
		{Name: "e_list_other_account", Method: "GET", URL: tags, Token: tokenB, WantStatus: 404},
		{Name: "e_delete", Method: "DELETE", URL: tags + "/tag-xuWxvQcW-ZhD200", WantStatus: 200},
		{Name: "e_delete_again", Method: "DELETE", URL: tags + "/tag-xuWxvQcW-ZhD200", WantStatus: 404},
		{Name: "e_activity", Method: "GET", URL: "/api/managed_users/Eacme/activity_logs?include_resource_types[]=Tags::Models::Tag", WantStatus: 200},
	})
}

// TestTagsDeveloper plays the tag routes of the caller's own workspace;
// customer 3's tags stay out of reach.
func TestTagsDeveloper(t *testing.T) {
	e := newTestEnv(t, false)
	setupRecipes(t, e)
	e.run(t, "tags", []scenario{
		{Name: "d_create", Method: "POST", URL: "/api/tags", Body: `{"title":"Ops"}`, WantStatus: 200},
		{Name: "d_list", Method: "GET", URL: "/api/tags?q[only_assigned]=false", WantStatus: 200},
		{Name: "d_list_b", Method: "GET", URL: "/api/tags", Token: tokenB, WantStatus: 200},
		{Name: "d_update_b", Method: "PUT", URL: "/api/tags/tag-sCeyzi88-O70100", Body: `{"title":"Theirs"}`, Token: tokenB, WantStatus: 404},
		{Name: "d_assign_customer_recipe", Method: "POST", URL: "/api/tags_assignments", Body: `{"add_tags":["tag-sCeyzi88-O70100"],"connection_ids":[1]}`, WantStatus: 404},
		{Name: "d_delete", Method: "DELETE", URL: "/api/tags/tag-sCeyzi88-O70100", WantStatus: 200},
	})
}
