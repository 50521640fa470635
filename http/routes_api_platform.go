package http

// apiPlatformRoutes lists the routes of the api platform resource until they join the table in routes.go.
func (s *Server) apiPlatformRoutes() []route { return nil }
