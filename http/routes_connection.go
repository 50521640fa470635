package http

// connectionRoutes lists the routes of the connection resource until they join the table in routes.go.
func (s *Server) connectionRoutes() []route { return nil }
