package http

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/partnerd/partnerd"
)

// statusOf maps each error code to its HTTP status. Conflicts are 400, as
// Workato's clients know no 409.
var statusOf = map[string]int{
	partnerd.EINVALID:      http.StatusBadRequest,
	partnerd.ECONFLICT:     http.StatusBadRequest,
	partnerd.ESTATE:        http.StatusBadRequest,
	partnerd.EUNAUTHORIZED: http.StatusUnauthorized,
	partnerd.EFORBIDDEN:    http.StatusForbidden,
	partnerd.ENOTFOUND:     http.StatusNotFound,
	partnerd.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	partnerd.ERATELIMIT:    http.StatusTooManyRequests,
	partnerd.EUNAVAILABLE:  http.StatusServiceUnavailable,
	partnerd.EINTERNAL:     http.StatusInternalServerError,
}

// errorBody is Workato's error body.
type errorBody struct {
	Message string              `json:"message"`
	Errors  map[string][]string `json:"errors,omitempty"`
	ID      string              `json:"id,omitempty"`
}

// writeError answers err: a *partnerd.Error with its status and message, a
// deadline with 504, anything else with a 500 whose id is logged with the cause.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var perr *partnerd.Error
	var maxErr *http.MaxBytesError
	switch {
	case errors.As(err, &perr):
		status := statusOf[perr.Code]
		if status == 0 || status == http.StatusInternalServerError {
			break
		}
		infoOf(r).Detail = detailOf(r, perr)
		writeJSON(w, status, errorBody{Message: perr.Message, Errors: perr.Fields})
		return
	case errors.As(err, &maxErr):
		writeJSON(w, http.StatusRequestEntityTooLarge, errorBody{Message: fmt.Sprintf("Request body is larger than %d bytes", maxErr.Limit)})
		return
	case errors.Is(err, context.DeadlineExceeded):
		writeJSON(w, http.StatusGatewayTimeout, errorBody{Message: "Request timeout"})
		return
	case errors.Is(err, context.Canceled) && r.Context().Err() != nil:
		return // The client has gone; nobody reads an answer.
	}
	id := newUUID()
	infoOf(r).Detail = "server error " + id
	s.Logger.Error("server error", "id", id, "method", r.Method, "path", r.URL.Path, "error", err)
	writeJSON(w, http.StatusInternalServerError, errorBody{Message: "Server error", ID: id})
}

// detailOf returns what a developer needs to know of an error that
// Workato's wording says little of: its Detail, or, for a "Not found" that
// has none, the path parameters of the route that looked.
func detailOf(r *http.Request, perr *partnerd.Error) string {
	if perr.Detail != "" || perr.Code != partnerd.ENOTFOUND {
		return perr.Detail
	}
	var found []string
	pattern := infoOf(r).Route
	for {
		_, rest, ok := strings.Cut(pattern, "{")
		if !ok {
			break
		}
		name, after, _ := strings.Cut(rest, "}")
		name = strings.TrimSuffix(name, "...")
		if v := r.PathValue(name); v != "" && name != "$" {
			found = append(found, name+"="+v)
		}
		pattern = after
	}
	if len(found) == 0 {
		return ""
	}
	return "not found: " + strings.Join(found, ", ")
}

// newUUID returns a random version 4 UUID.
func newUUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
