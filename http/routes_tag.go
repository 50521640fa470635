package http

import "github.com/partnerd/partnerd"

// tagRoutes lists the routes of tags and their assignments, with the
// envelope each one answers. Tags label recipes and connections: they
// take the privileges of the Recipes family.
func (s *Server) tagRoutes() []route {
	const recipes = partnerd.FamilyRecipes
	return []route{
		{pattern: "GET /api/v2/managed_users/{mu}/tags", family: familyE2, area: recipes, limit: "recipes.read", handle: s.handleTagList},           // {data:[Tag], count, page, per_page}
		{pattern: "POST /api/v2/managed_users/{mu}/tags", family: familyE2, area: recipes, limit: "recipes", handle: s.handleTagCreate},             // Tag
		{pattern: "PUT /api/v2/managed_users/{mu}/tags/{handle}", family: familyE2, area: recipes, limit: "recipes", handle: s.handleTagUpdate},     // Tag
		{pattern: "DELETE /api/v2/managed_users/{mu}/tags/{handle}", family: familyE2, area: recipes, limit: "recipes", handle: s.handleTagDelete},  // {success:true}
		{pattern: "POST /api/v2/managed_users/{mu}/tags_assignments", family: familyE2, area: recipes, limit: "recipes", handle: s.handleTagAssign}, // {}
		{pattern: "GET /api/tags", family: familyD, area: recipes, limit: "recipes.read", handle: s.handleTagList},                                  // {data:[Tag], count, page, per_page}
		{pattern: "POST /api/tags", family: familyD, area: recipes, limit: "recipes", handle: s.handleTagCreate},                                    // Tag
		{pattern: "PUT /api/tags/{handle}", family: familyD, area: recipes, limit: "recipes", handle: s.handleTagUpdate},                            // Tag
		{pattern: "DELETE /api/tags/{handle}", family: familyD, area: recipes, limit: "recipes", handle: s.handleTagDelete},                         // {success:true}
		{pattern: "POST /api/tags_assignments", family: familyD, area: recipes, limit: "recipes", handle: s.handleTagAssign},                        // {}
	}
}
