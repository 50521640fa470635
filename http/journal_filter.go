package http

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/partnerd/partnerd"
)

// journalFilter selects journal entries by the query of
// GET /_partnerd/requests: method, path (a prefix of the path and query),
// status (such as 404, or 4xx for a class) and since (RFC 3339, inclusive).
type journalFilter struct {
	method, path, status string
	since                time.Time
}

// parseJournalFilter reads the filter of a request's query.
func parseJournalFilter(r *http.Request) (journalFilter, error) {
	q := r.URL.Query()
	f := journalFilter{method: strings.ToUpper(q.Get("method")), path: q.Get("path"), status: strings.ToLower(q.Get("status"))}
	if f.status != "" && !validStatusFilter(f.status) {
		return f, partnerd.FieldError("status", "must be a status such as 404, or a class such as 4xx")
	}
	if v := q.Get("since"); v != "" {
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			return f, partnerd.FieldError("since", "must be a time in RFC 3339, such as 2026-01-02T15:04:05Z")
		}
		f.since = t
	}
	return f, nil
}

// validStatusFilter reports whether s is three digits, or a digit and "xx".
func validStatusFilter(s string) bool {
	if len(s) != 3 || s[0] < '1' || s[0] > '5' {
		return false
	}
	if s[1:] == "xx" {
		return true
	}
	_, err := strconv.Atoi(s)
	return err == nil
}

// match reports whether the filter selects e.
func (f journalFilter) match(e journalEntry) bool {
	switch {
	case f.method != "" && e.Method != f.method:
		return false
	case f.path != "" && !strings.HasPrefix(e.Path, f.path):
		return false
	case !f.since.IsZero() && time.Time(e.Time).Before(f.since):
		return false
	case f.status == "":
		return true
	case strings.HasSuffix(f.status, "xx"):
		return e.Status/100 == int(f.status[0]-'0')
	}
	return strconv.Itoa(e.Status) == f.status
}

// handleTestRequests handles GET /_partnerd/requests: the journal of the
// caller's account, newest first, filtered by the query.
func (s *Server) handleTestRequests(w http.ResponseWriter, r *http.Request) error {
	f, err := parseJournalFilter(r)
	if err != nil {
		return err
	}
	out := []journalEntry{}
	for _, e := range s.journal.list(callerOf(r).AccountID) {
		if f.match(e) {
			out = append(out, e)
		}
	}
	return ok(w, out)
}

// handleTestRequestsClear handles DELETE /_partnerd/requests: the journal
// of the caller's account forgets every request.
func (s *Server) handleTestRequestsClear(w http.ResponseWriter, r *http.Request) error {
	s.journal.clear(callerOf(r).AccountID)
	return ok(w, success{Success: true})
}
