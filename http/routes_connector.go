package http

// connectorRoutes lists the routes of the connector resource until they join the table in routes.go.
func (s *Server) connectorRoutes() []route { return nil }
