package http

import (
	"net/http"

	"github.com/partnerd/partnerd"
)

func notYet(w http.ResponseWriter, r *http.Request) error {
	return partnerd.Errorf(partnerd.EINTERNAL, "not yet")
}

func (s *Server) handleMemberList(w http.ResponseWriter, r *http.Request) error { return notYet(w, r) }
func (s *Server) handleMemberGet(w http.ResponseWriter, r *http.Request) error  { return notYet(w, r) }
func (s *Server) handleMemberCreate(w http.ResponseWriter, r *http.Request) error {
	return notYet(w, r)
}
func (s *Server) handleMemberUpdate(w http.ResponseWriter, r *http.Request) error {
	return notYet(w, r)
}
func (s *Server) handleMemberDelete(w http.ResponseWriter, r *http.Request) error {
	return notYet(w, r)
}
func (s *Server) handleMemberPrivileges(w http.ResponseWriter, r *http.Request) error {
	return notYet(w, r)
}
func (s *Server) handleMemberInvite(w http.ResponseWriter, r *http.Request) error {
	return notYet(w, r)
}
func (s *Server) handleRoleList(w http.ResponseWriter, r *http.Request) error { return notYet(w, r) }
func (s *Server) handleRoleCopy(w http.ResponseWriter, r *http.Request) error { return notYet(w, r) }
func (s *Server) handleMe(w http.ResponseWriter, r *http.Request) error       { return notYet(w, r) }

func (s *Server) handleDevAPIClientList(w http.ResponseWriter, r *http.Request) error {
	return notYet(w, r)
}
func (s *Server) handleDevAPIClientCreate(w http.ResponseWriter, r *http.Request) error {
	return notYet(w, r)
}
func (s *Server) handleDevAPIClientGet(w http.ResponseWriter, r *http.Request) error {
	return notYet(w, r)
}
func (s *Server) handleDevAPIClientUpdate(w http.ResponseWriter, r *http.Request) error {
	return notYet(w, r)
}
func (s *Server) handleDevAPIClientDelete(w http.ResponseWriter, r *http.Request) error {
	return notYet(w, r)
}
func (s *Server) handleDevAPIClientRegenerate(w http.ResponseWriter, r *http.Request) error {
	return notYet(w, r)
}
func (s *Server) handleClientRoleList(w http.ResponseWriter, r *http.Request) error {
	return notYet(w, r)
}
func (s *Server) handleClientRoleCopy(w http.ResponseWriter, r *http.Request) error {
	return notYet(w, r)
}

func (s *Server) handleTestRoleCreate(w http.ResponseWriter, r *http.Request) error {
	return notYet(w, r)
}
func (s *Server) handleTestClientRoleCreate(w http.ResponseWriter, r *http.Request) error {
	return notYet(w, r)
}
