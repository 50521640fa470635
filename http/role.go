package http

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/partnerd/partnerd"
)

// roleJSON is the Role object of seed 003 without its privileges, as role
// copy answers it. FolderIDs holds strings on the Embedded routes (as seed
// 003 prints them) and integers on /api/roles.
type roleJSON struct {
	ID          int64    `json:"id"`
	Name        string   `json:"name"`
	Inheritable bool     `json:"inheritable"`
	FolderIDs   any      `json:"folder_ids"`
	CreatedAt   jsonTime `json:"created_at"`
	UpdatedAt   jsonTime `json:"updated_at"`
}

// fullRoleJSON is the Role object of seed 003 with its privileges.
type fullRoleJSON struct {
	roleJSON
	Privileges map[string][]string `json:"privileges"`
}

// toRoleJSON renders a role, its folder ids as strings when stringIDs is set.
func toRoleJSON(r *partnerd.Role, stringIDs bool) roleJSON {
	var folderIDs any = nonNilIDs(r.FolderIDs)
	if stringIDs {
		ids := make([]string, len(r.FolderIDs))
		for i, id := range r.FolderIDs {
			ids[i] = strconv.FormatInt(id, 10)
		}
		folderIDs = ids
	}
	return roleJSON{ID: r.ID, Name: r.Name, Inheritable: r.Inheritable, FolderIDs: folderIDs,
		CreatedAt: jsonTime(r.CreatedAt), UpdatedAt: jsonTime(r.UpdatedAt)}
}

func toFullRoleJSON(r *partnerd.Role, stringIDs bool) fullRoleJSON {
	privileges := r.Privileges
	if privileges == nil {
		privileges = map[string][]string{}
	}
	return fullRoleJSON{toRoleJSON(r, stringIDs), privileges}
}

func nonNilIDs(ids []int64) []int64 {
	if ids == nil {
		return []int64{}
	}
	return ids
}

// handleRoleList handles GET E/roles and GET /api/roles: a bare array of the
// workspace's custom roles, role_name an exact filter, 500 a page at most.
func (s *Server) handleRoleList(w http.ResponseWriter, r *http.Request) error {
	page, err := pageOf(r, 500)
	if err != nil {
		return err
	}
	f := partnerd.RoleFilter{Page: page}
	if name := r.URL.Query().Get("role_name"); name != "" {
		f.Name = &name
	}
	list, _, err := s.Roles.FindRoles(r.Context(), workspaceID(r), f)
	if err != nil {
		return err
	}
	embedded := isCustomer(r)
	out := make([]fullRoleJSON, len(list))
	for i, role := range list {
		out[i] = toFullRoleJSON(role, embedded)
	}
	return ok(w, out)
}

// roleCopyInput is the body of a role copy; folder_ids, when given,
// replace the copied role's folders.
type roleCopyInput struct {
	Name      string   `json:"name"`
	FolderIDs flexInts `json:"folder_ids"`
}

// handleRoleCopy handles POST E/roles/{role_id}/copy: the copy keeps the
// privileges, and answers without them.
func (s *Server) handleRoleCopy(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "role_id")
	if err != nil {
		return err
	}
	var in roleCopyInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	role, err := s.Roles.CopyRole(r.Context(), workspaceID(r), id, strings.TrimSpace(in.Name), in.FolderIDs.ids())
	if err != nil {
		return err
	}
	return ok(w, toRoleJSON(role, true))
}

// testRoleInput is the body of the test helper that creates a custom role.
type testRoleInput struct {
	Name        string              `json:"name"`
	Privileges  map[string][]string `json:"privileges"`
	FolderIDs   flexInts            `json:"folder_ids"`
	Inheritable flexBool            `json:"inheritable"`
}

// handleTestRoleCreate handles POST /_partnerd/managed_users/{mu}/roles:
// Workato creates custom roles only in its UI.
func (s *Server) handleTestRoleCreate(w http.ResponseWriter, r *http.Request) error {
	var in testRoleInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	role := &partnerd.Role{Name: strings.TrimSpace(in.Name), Inheritable: bool(in.Inheritable),
		FolderIDs: in.FolderIDs.ids(), Privileges: in.Privileges}
	if err := s.Roles.CreateRole(r.Context(), workspaceID(r), role); err != nil {
		return err
	}
	return ok(w, toFullRoleJSON(role, true))
}
