package partnerd

import (
	"context"
	"slices"
	"time"
)

// Role is a custom (legacy) role of a customer workspace, as seed 003 shows it.
type Role struct {
	ID          int64
	WorkspaceID int64
	Name        string
	Inheritable bool
	FolderIDs   []int64
	Privileges  map[string][]string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// RoleAreas is Workato's privilege catalogue: each area with its verbs.
// "all" grants every verb of an area.
var RoleAreas = map[string][]string{
	"Projects":               {"read", "create", "update", "delete"},
	"Folders":                {"read", "create", "update", "delete"},
	"Connections":            {"read", "create", "update", "delete"},
	"Connection Folders":     {"read", "create", "update", "delete"},
	"Recipes":                {"read", "create", "update", "delete", "run", "read_run_history"},
	"Lookup tables":          {"read", "create", "update_records", "delete", "update_schema"},
	"Environment properties": {"read", "create", "update", "delete"},
	"Project properties":     {"read", "create", "update", "delete"},
	"Workbot":                {"read", "create", "update", "delete"},
}

// SystemRoles are the roles every workspace has; they are not custom roles.
var SystemRoles = map[string]map[string][]string{
	"Admin":    allAreas(func(string) []string { return []string{"all"} }),
	"Analyst":  allAreas(func(string) []string { return []string{"read"} }),
	"Operator": allAreas(func(area string) []string { return operatorVerbs(area) }),
}

func allAreas(verbs func(area string) []string) map[string][]string {
	m := make(map[string][]string, len(RoleAreas))
	for area := range RoleAreas {
		m[area] = verbs(area)
	}
	return m
}

func operatorVerbs(area string) []string {
	if area == "Recipes" {
		return []string{"read", "run", "read_run_history"}
	}
	return []string{"read"}
}

// Validate checks a custom role before it is stored.
func (r *Role) Validate() error {
	v := Validation{}
	v.Required("name", r.Name, 255)
	if _, ok := SystemRoles[r.Name]; ok {
		v.Add("name", "is reserved for a system role")
	}
	for area, verbs := range r.Privileges {
		known, ok := RoleAreas[area]
		if !ok {
			v.Add("privileges", "unknown area "+area)
			continue
		}
		for _, verb := range verbs {
			if verb != "all" && !slices.Contains(known, verb) {
				v.Add("privileges", "unknown privilege "+verb+" of "+area)
			}
		}
	}
	return v.Err()
}

// RoleFilter selects custom roles.
type RoleFilter struct {
	Name *string // exact name
	Page Page
}

// RoleService keeps the custom roles of a workspace.
type RoleService interface {
	// CreateRole stores a custom role: EINVALID, ECONFLICT on a taken name.
	CreateRole(ctx context.Context, workspaceID int64, r *Role) error
	// FindRoleByID returns a custom role, or ENOTFOUND.
	FindRoleByID(ctx context.Context, workspaceID, id int64) (*Role, error)
	// FindRoles returns a page of custom roles in ascending id and their total.
	FindRoles(ctx context.Context, workspaceID int64, f RoleFilter) ([]*Role, int, error)
	// CopyRole copies a role's privileges under a new name, with folderIDs
	// when they are not nil: ENOTFOUND, EINVALID, ECONFLICT.
	CopyRole(ctx context.Context, workspaceID, id int64, name string, folderIDs []int64) (*Role, error)
}
