package http

// The Developer family's member routes of routes.go, beside the list and
// privileges documented in openapi_routes.go.
var _ = document(map[string]routeDoc{
	"GET /api/members/{member_id}":    {summary: "Get a member of the caller's workspace with its roles", ok: devMemberJSON{}},
	"PUT /api/members/{member_id}":    {summary: "Update a member's roles (role_name or env_roles), name, time_zone and external_id", body: memberInput{}, ok: devMemberJSON{}},
	"DELETE /api/members/{member_id}": {summary: "Remove a member of the caller's workspace", ok: success{}},
	"POST /api/member_invitations":    {summary: "Invite a member to the caller's workspace; the invitation is accepted at once", body: memberInput{}, need: []string{"name", "email", "role_name"}, ok: resultOf[string]{}},
})
