package http

import (
	"net/http"
)

// handleHealthz handles GET /healthz: the process serves.
func (s *Server) handleHealthz(w http.ResponseWriter, r *http.Request) error {
	return ok(w, map[string]string{"status": "ok"})
}

// handleReadyz handles GET /readyz: the database takes writes.
func (s *Server) handleReadyz(w http.ResponseWriter, r *http.Request) error {
	if s.Ready != nil {
		if err := s.Ready(r.Context()); err != nil {
			s.Logger.Warn("not ready", "error", err)
			writeJSON(w, http.StatusServiceUnavailable, errorBody{Message: "Not ready"})
			return nil
		}
	}
	return ok(w, map[string]string{"status": "ok"})
}
