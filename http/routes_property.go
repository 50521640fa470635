package http

// propertyRoutes lists the routes of the property resource until they join the table in routes.go.
func (s *Server) propertyRoutes() []route { return nil }
