package http

import "github.com/partnerd/partnerd"

// propertyRoutes lists the routes of account properties, in the order of
// the contract, with the envelope each one answers.
func (s *Server) propertyRoutes() []route {
	const properties = partnerd.FamilyProperties
	return []route{
		{pattern: "GET /api/managed_users/{mu}/properties", family: familyE, area: properties, limit: "properties.list", handle: s.handlePropertyList},      // {result:{name:value}}
		{pattern: "POST /api/managed_users/{mu}/properties", family: familyE, area: properties, limit: "properties.upsert", handle: s.handlePropertyUpsert}, // {success:true}
		{pattern: "GET /api/properties", family: familyD, area: properties, limit: "properties.list", handle: s.handlePropertyList},                         // {name:value}
		{pattern: "POST /api/properties", family: familyD, area: properties, limit: "properties.upsert", handle: s.handlePropertyUpsert},                    // {success:true}
	}
}
