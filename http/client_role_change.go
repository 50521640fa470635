package http

import (
	"net/http"

	"github.com/partnerd/partnerd"
)

// Workato documents only listing and copying client roles; creating,
// updating and deleting them are partnerd's own routes, so that a
// least-privilege client can be made without the test helpers.

// clientRoleInput is the body of a role create or update.
type clientRoleInput struct {
	clientRoleNameInput
	Privileges optional[partnerd.Privileges] `json:"privileges"`
}

// checkedPrivileges validates and normalizes the privileges, which the
// caller must hold itself: a client cannot grant more than it has.
func (in clientRoleInput) checkedPrivileges(r *http.Request) (partnerd.Privileges, error) {
	if err := in.Privileges.Value.Validate(); err != nil {
		return nil, err
	}
	p := normalizePrivileges(in.Privileges.Value)
	if !callerOf(r).Privileges.Includes(p) {
		return nil, partnerd.Errorf(partnerd.EFORBIDDEN, "Forbidden")
	}
	return p, nil
}

// handleClientRoleCreate handles POST /api/developer_api_client_roles and
// its E2 form.
func (s *Server) handleClientRoleCreate(w http.ResponseWriter, r *http.Request) error {
	var in clientRoleInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	name, err := in.checkedName()
	if err != nil {
		return err
	}
	privileges, err := in.checkedPrivileges(r)
	if err != nil {
		return err
	}
	role := &partnerd.ClientRole{Name: name, Privileges: privileges}
	if err := s.DevAPIClients.CreateClientRole(r.Context(), workspaceID(r), role); err != nil {
		return err
	}
	return ok(w, resultOf[clientRoleFullJSON]{clientRoleFullJSON{newClientRoleJSON(role), role.Privileges}})
}

// handleClientRoleUpdate handles PUT /api/developer_api_client_roles/{id}
// and its E2 form: an absent name or privileges keeps its value.
func (s *Server) handleClientRoleUpdate(w http.ResponseWriter, r *http.Request) error {
	role, err := s.findManagedClientRole(r)
	if err != nil {
		return err
	}
	var in clientRoleInput
	if err := decodeBody(r, &in); err != nil {
		return err
	}
	name := role.Name
	if in.Name.Set {
		if name, err = in.checkedName(); err != nil {
			return err
		}
	}
	privileges := role.Privileges
	if in.Privileges.Set {
		if privileges, err = in.checkedPrivileges(r); err != nil {
			return err
		}
	}
	updated, err := s.DevAPIClients.UpdateClientRole(r.Context(), workspaceID(r), role.ID, func(role *partnerd.ClientRole) error {
		role.Name, role.Privileges = name, privileges
		return nil
	})
	if err != nil {
		return err
	}
	return ok(w, resultOf[clientRoleFullJSON]{clientRoleFullJSON{newClientRoleJSON(updated), updated.Privileges}})
}

// handleClientRoleDelete handles DELETE /api/developer_api_client_roles/{id}
// and its E2 form.
func (s *Server) handleClientRoleDelete(w http.ResponseWriter, r *http.Request) error {
	role, err := s.findManagedClientRole(r)
	if err != nil {
		return err
	}
	if err := s.DevAPIClients.DeleteClientRole(r.Context(), workspaceID(r), role.ID); err != nil {
		return err
	}
	return ok(w, resultOf[string]{"success"})
}

// findManagedClientRole returns the role of the path that the caller may
// change: the built-in Admin answers 400, and a role granting more than the
// caller holds answers 403.
func (s *Server) findManagedClientRole(r *http.Request) (*partnerd.ClientRole, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	role, err := s.DevAPIClients.FindClientRoleByID(r.Context(), workspaceID(r), id)
	if err != nil {
		return nil, err
	}
	if role.BuiltIn {
		return nil, partnerd.Errorf(partnerd.EINVALID, "The role %s is built in and cannot be changed or deleted", role.Name)
	}
	if !callerOf(r).Privileges.Includes(role.Privileges) {
		return nil, partnerd.Errorf(partnerd.EFORBIDDEN, "Forbidden")
	}
	return role, nil
}
