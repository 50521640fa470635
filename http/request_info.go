package http

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// requestInfo is what the server learns of a request while serving it,
// for its access log line and its journal entry.
type requestInfo struct {
	ID        string // the X-Request-Id of the request and its answer
	AccountID int64  // the caller's account, 0 until authenticated
	Route     string // the pattern of the route that serves it
	Detail    string // what the error answered means, for a developer
}

type requestInfoKey struct{}

// infoOf returns the request's info; a request that did not come through
// ServeHTTP (a test's) gets one that nobody reads.
func infoOf(r *http.Request) *requestInfo {
	if info, ok := r.Context().Value(requestInfoKey{}).(*requestInfo); ok {
		return info
	}
	return &requestInfo{}
}

// requestIDMax is the length of the longest X-Request-Id the server keeps.
const requestIDMax = 128

// saneRequestID returns an incoming X-Request-Id if it is 1 to
// requestIDMax letters, digits and ".-_:", else "".
func saneRequestID(id string) string {
	if len(id) == 0 || len(id) > requestIDMax {
		return ""
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '-' || c == '_' || c == ':') {
			return ""
		}
	}
	return id
}

// startRequest gives a request its id, returned in X-Request-Id: the
// client's own when it is sane, else a new one.
func (s *Server) startRequest(w http.ResponseWriter, r *http.Request) (*requestInfo, *http.Request) {
	info := &requestInfo{ID: saneRequestID(r.Header.Get("X-Request-Id"))}
	if info.ID == "" {
		if s.NewRequestID != nil {
			info.ID = s.NewRequestID()
		} else {
			info.ID = newUUID()
		}
	}
	w.Header().Set("X-Request-Id", info.ID)
	return info, r.WithContext(context.WithValue(r.Context(), requestInfoKey{}, info))
}

// logRequest writes the access log line of a request: method, path (its
// secret query parameters redacted), status, duration, request id, and the
// account and error detail when known.
func (s *Server) logRequest(r *http.Request, info *requestInfo, status int, start time.Time) {
	if !s.AccessLog {
		return
	}
	if status == 0 {
		status = http.StatusOK
	}
	attrs := []slog.Attr{
		slog.String("method", r.Method),
		slog.String("path", journalPath(r)),
		slog.Int("status", status),
		slog.Duration("duration", time.Since(start)),
		slog.String("request_id", info.ID),
	}
	if info.AccountID != 0 {
		attrs = append(attrs, slog.Int64("account", info.AccountID))
	}
	if info.Detail != "" {
		attrs = append(attrs, slog.String("detail", info.Detail))
	}
	s.Logger.LogAttrs(r.Context(), slog.LevelInfo, "request", attrs...)
}
