package partnerd

import "slices"

// Resource families that developer API client roles grant privileges on.
const (
	FamilyCustomers        = "Customer workspaces"
	FamilyMembers          = "Members"
	FamilyRoles            = "Roles"
	FamilyFolders          = "Folders"
	FamilyConnections      = "Connections"
	FamilyConnectors       = "Connectors"
	FamilyCustomConnectors = "Custom connectors"
	FamilyRecipes          = "Recipes"
	FamilyPackages         = "Packages"
	FamilyLookupTables     = "Lookup tables"
	FamilyProperties       = "Properties"
	FamilyAPIPlatform      = "API platform"
	FamilyOnPrem           = "On-prem"
	FamilyDevAPIClients    = "Developer API clients"
)

// Families lists every resource family in a stable order.
var Families = []string{
	FamilyCustomers, FamilyMembers, FamilyRoles, FamilyFolders, FamilyConnections,
	FamilyConnectors, FamilyCustomConnectors, FamilyRecipes, FamilyPackages,
	FamilyLookupTables, FamilyProperties, FamilyAPIPlatform, FamilyOnPrem, FamilyDevAPIClients,
}

// Verbs of a client role: write covers create, update, delete and actions.
const (
	VerbRead  = "read"
	VerbWrite = "write"
)

// Privileges maps a resource family to the verbs a client role grants on it.
type Privileges map[string][]string

// AdminPrivileges returns every family with both verbs.
func AdminPrivileges() Privileges {
	p := make(Privileges, len(Families))
	for _, f := range Families {
		p[f] = []string{VerbRead, VerbWrite}
	}
	return p
}

// Allows reports whether the privileges grant verb on family.
func (p Privileges) Allows(family, verb string) bool {
	return slices.Contains(p[family], verb)
}

// Includes reports whether p grants every privilege of other.
func (p Privileges) Includes(other Privileges) bool {
	for family, verbs := range other {
		for _, verb := range verbs {
			if !p.Allows(family, verb) {
				return false
			}
		}
	}
	return true
}

// Validate checks that every family and verb is known.
func (p Privileges) Validate() error {
	v := Validation{}
	for family, verbs := range p {
		if !slices.Contains(Families, family) {
			v.Add("privileges", "unknown resource family "+family)
			continue
		}
		for _, verb := range verbs {
			if verb != VerbRead && verb != VerbWrite {
				v.Add("privileges", "unknown verb "+verb+" for "+family)
			}
		}
	}
	return v.Err()
}
