package http

// lookupTableRoutes lists the routes of the lookup table resource until they join the table in routes.go.
func (s *Server) lookupTableRoutes() []route { return nil }
