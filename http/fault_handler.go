package http

import (
	"net/http"

	"github.com/partnerd/partnerd"
)

// handleTestFaults handles PUT /_partnerd/faults: it replaces the fault
// rules of the caller's account and answers them, ids and defaults filled in.
func (s *Server) handleTestFaults(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(r)
	if err != nil {
		return err
	}
	rules, err := decodeFaults(body, s.faultTargets)
	if err != nil {
		return err
	}
	s.faults.set(callerOf(r).AccountID, rules)
	return ok(w, rules)
}

// handleTestFaultList handles GET /_partnerd/faults: the rules of the
// caller's account, in the order they are played.
func (s *Server) handleTestFaultList(w http.ResponseWriter, r *http.Request) error {
	rules := s.faults.of(callerOf(r).AccountID)
	if rules == nil {
		rules = []*faultRule{}
	}
	return ok(w, rules)
}

// handleTestFaultCreate handles POST /_partnerd/faults: it adds one rule,
// played after the others, and answers it.
func (s *Server) handleTestFaultCreate(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(r)
	if err != nil {
		return err
	}
	problems := partnerd.Validation{}
	f, err := decodeFaultRule(body, s.faultTargets, "", problems)
	if err != nil {
		return err
	}
	if err := problems.Err(); err != nil {
		return err
	}
	if !s.faults.add(callerOf(r).AccountID, f) {
		return partnerd.FieldError("faults", "is too long (maximum is 100 rules)")
	}
	return ok(w, f)
}

// handleTestFaultsClear handles DELETE /_partnerd/faults: no rule is left.
func (s *Server) handleTestFaultsClear(w http.ResponseWriter, r *http.Request) error {
	s.faults.set(callerOf(r).AccountID, nil)
	return ok(w, success{Success: true})
}

// handleTestFaultDelete handles DELETE /_partnerd/faults/{id}.
func (s *Server) handleTestFaultDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if !s.faults.remove(callerOf(r).AccountID, id) {
		return partnerd.ErrNotFound()
	}
	return ok(w, success{Success: true})
}
