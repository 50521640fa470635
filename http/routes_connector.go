package http

import "github.com/partnerd/partnerd"

// connectorRoutes lists the routes of connectors and custom connectors until
// they join the table in routes.go. Custom connector code may be as large
// as a recipe, so create and update take bodies up to 100 MiB.
func (s *Server) connectorRoutes() []route {
	const (
		connectors = partnerd.FamilyConnectors
		custom     = partnerd.FamilyCustomConnectors
	)
	return []route{
		// Connectors.
		{pattern: "GET /api/integrations", family: familyD, area: connectors, limit: "connectors", handle: s.handleConnectorList},        // {items:[Connector]}
		{pattern: "GET /api/integrations/all", family: familyD, area: connectors, limit: "connectors", handle: s.handleConnectorListAll}, // {items:[Connector], count, page, per_page}

		// Custom connectors.
		{pattern: "GET /api/custom_connectors", family: familyAccount, area: custom, limit: "connectors", handle: s.handleCustomConnectorList},                                    // {result:[CustomConnector]}
		{pattern: "GET /api/custom_connectors/{id}", family: familyAccount, area: custom, limit: "connectors", handle: s.handleCustomConnectorGet},                                // CustomConnector with code
		{pattern: "GET /api/custom_connectors/{id}/code", family: familyAccount, area: custom, limit: "connectors", handle: s.handleCustomConnectorCode},                          // {data:{code}}
		{pattern: "POST /api/custom_connectors", family: familyAccount, area: custom, limit: "connectors", maxBody: 100 << 20, handle: s.handleCustomConnectorCreate},             // CustomConnector with code
		{pattern: "PUT /api/custom_connectors/{id}", family: familyAccount, area: custom, limit: "connectors", maxBody: 100 << 20, handle: s.handleCustomConnectorUpdate},         // CustomConnector with code
		{pattern: "POST /api/custom_connectors/{id}/release", family: familyAccount, area: custom, limit: "connectors", handle: s.handleCustomConnectorRelease},                   // CustomConnector with code
		{pattern: "POST /api/custom_connectors/{id}/oem_share/{version}", family: familyAccount, area: custom, limit: "connectors", handle: s.handleCustomConnectorShare},         // CustomConnector with code
		{pattern: "POST /api/custom_connectors/{id}/share_oem_version/{version}", family: familyAccount, area: custom, limit: "connectors", handle: s.handleCustomConnectorShare}, // CustomConnector with code
		{pattern: "DELETE /api/custom_connectors/{id}/suppress_oem_version", family: familyAccount, area: custom, limit: "connectors", handle: s.handleCustomConnectorSuppress},   // CustomConnector with code
	}
}
