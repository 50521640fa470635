package http

import (
	"net/http"
	"net/netip"
	"time"
)

// ClientAddr returns the address a request comes from, as the IP allow
// lists of the API see it; the console, served beside the API as Console,
// checks the same lists.
func (s *Server) ClientAddr(r *http.Request) netip.Addr { return s.clientAddr(r) }

// JournalEntry is a request of the test helpers' journal, for the console.
type JournalEntry struct {
	Time   time.Time
	Method string
	Path   string
	Status int
	Body   string
}

// Journal returns the request journal of an account, newest first, as
// GET /_partnerd/requests lists it; nil when the test helpers are off.
func (s *Server) Journal(accountID int64) []JournalEntry {
	if !s.TestHelpers {
		return nil
	}
	var out []JournalEntry
	for _, e := range s.journal.list(accountID) {
		j := JournalEntry{Time: time.Time(e.Time), Method: e.Method, Path: e.Path, Status: e.Status}
		if e.Body != nil {
			j.Body = *e.Body
		}
		out = append(out, j)
	}
	return out
}
