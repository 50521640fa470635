package http

import (
	"net/http"
	"strings"

	"github.com/partnerd/partnerd"
)

// clientRoleJSON is the ClientRole object: exactly the seed's fields.
type clientRoleJSON struct {
	ID        int64    `json:"id"`
	Name      string   `json:"name"`
	CreatedAt jsonTime `json:"created_at"`
	UpdatedAt jsonTime `json:"updated_at"`
}

func newClientRoleJSON(role *partnerd.ClientRole) clientRoleJSON {
	return clientRoleJSON{ID: role.ID, Name: role.Name, CreatedAt: jsonTime(role.CreatedAt), UpdatedAt: jsonTime(role.UpdatedAt)}
}

// clientRoleListJSON is the envelope of the role list.
type clientRoleListJSON struct {
	Items   []clientRoleJSON `json:"items"`
	Count   int              `json:"count"`
	Page    int              `json:"page"`
	PerPage int              `json:"per_page"`
}

// handleClientRoleList handles GET /api/developer_api_client_roles and its E2 form.
func (s *Server) handleClientRoleList(w http.ResponseWriter, r *http.Request) error {
	page, err := pageOf(r, 100)
	if err != nil {
		return err
	}
	list, total, err := s.DevAPIClients.FindClientRoles(r.Context(), workspaceID(r), page)
	if err != nil {
		return err
	}
	items := make([]clientRoleJSON, len(list))
	for i, role := range list {
		items[i] = newClientRoleJSON(role)
	}
	return ok(w, resultOf[clientRoleListJSON]{clientRoleListJSON{Items: items, Count: total, Page: page.Page, PerPage: page.PerPage}})
}

// clientRoleNameInput is the body of a role copy.
type clientRoleNameInput struct {
	Name optional[string] `json:"name"`
}

// checkedName returns the trimmed name, or a validation error.
func (in clientRoleNameInput) checkedName() (string, error) {
	name := strings.TrimSpace(in.Name.Value)
	if name == "" {
		return "", partnerd.FieldError("name", "can't be blank")
	} else if len(name) > 255 {
		return "", partnerd.FieldError("name", "is too long (maximum is 255 characters)")
	}
	return name, nil
}

// handleClientRoleCopy handles POST /api/developer_api_client_roles/{id}/copy
// and its E2 form: a new role with the given name and the privileges of the
// original.
func (s *Server) handleClientRoleCopy(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	original, err := s.DevAPIClients.FindClientRoleByID(r.Context(), workspaceID(r), id)
	if err != nil {
		return err
	}
	var in clientRoleNameInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	name, err := in.checkedName()
	if err != nil {
		return err
	}
	privileges := make(partnerd.Privileges, len(original.Privileges))
	for family, verbs := range original.Privileges {
		privileges[family] = append([]string(nil), verbs...)
	}
	role := &partnerd.ClientRole{Name: name, Privileges: privileges}
	if err := s.DevAPIClients.CreateClientRole(r.Context(), workspaceID(r), role); err != nil {
		return err
	}
	return ok(w, resultOf[clientRoleJSON]{newClientRoleJSON(role)})
}

// clientRoleFullJSON is a ClientRole with its privileges, as the test
// helper and partnerd's role management routes show it.
type clientRoleFullJSON struct {
	clientRoleJSON
	Privileges partnerd.Privileges `json:"privileges"`
}

// testClientRoleInput is the body of the test helper's role create.
type testClientRoleInput struct {
	clientRoleNameInput
	Privileges partnerd.Privileges `json:"privileges"`
}

// handleTestClientRoleCreate handles POST /_partnerd/developer_api_client_roles:
// a role of the caller's workspace with chosen privileges, which Workato
// sets only in its UI.
func (s *Server) handleTestClientRoleCreate(w http.ResponseWriter, r *http.Request) error {
	var in testClientRoleInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	name, err := in.checkedName()
	if err != nil {
		return err
	}
	if err := in.Privileges.Validate(); err != nil {
		return err
	}
	role := &partnerd.ClientRole{Name: name, Privileges: normalizePrivileges(in.Privileges)}
	if err := s.DevAPIClients.CreateClientRole(r.Context(), workspaceID(r), role); err != nil {
		return err
	}
	return ok(w, clientRoleFullJSON{newClientRoleJSON(role), role.Privileges})
}

// normalizePrivileges orders each family's verbs read, then write, without
// duplicates, and drops families without verbs.
func normalizePrivileges(p partnerd.Privileges) partnerd.Privileges {
	out := partnerd.Privileges{}
	for family := range p {
		var verbs []string
		for _, verb := range []string{partnerd.VerbRead, partnerd.VerbWrite} {
			if p.Allows(family, verb) {
				verbs = append(verbs, verb)
			}
		}
		if len(verbs) > 0 {
			out[family] = verbs
		}
	}
	return out
}
