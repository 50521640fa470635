package http

import "github.com/partnerd/partnerd"

// activityRoutes lists the routes of the activity log, with the envelope
// each one answers. Reading the log is a privilege of the Members family:
// it says what every member and client of the workspace did.
func (s *Server) activityRoutes() []route {
	const members = partnerd.FamilyMembers
	return []route{
		{pattern: "GET /api/managed_users/{mu}/activity_logs", family: familyE, area: members, limit: "customers", handle: s.handleActivityList}, // {data:[Activity], total}
		{pattern: "GET /api/activity_logs", family: familyD, area: members, limit: "developer", handle: s.handleActivityList},                    // {data:[Activity], total}
	}
}
