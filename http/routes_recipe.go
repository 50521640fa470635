package http

// recipeRoutes lists the routes of the recipe resource until they join the table in routes.go.
func (s *Server) recipeRoutes() []route { return nil }
