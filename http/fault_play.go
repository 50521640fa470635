package http

import (
	"crypto/tls"
	"encoding/json"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// fault plays the account's rules that match the request, in their order:
// each that fires, by its probability, waits its delay, and the first with
// a status answers the request. It reports whether the request is answered.
func (s *Server) fault(w http.ResponseWriter, r *http.Request, accountID int64) (bool, error) {
	rules := s.faults.of(accountID)
	if len(rules) == 0 {
		return false, nil
	}
	segments := strings.Split(r.URL.EscapedPath(), "/")
	for _, f := range rules {
		if !f.matches(r.Method, segments) || (f.Probability < 1 && rand.Float64() >= f.Probability) {
			continue
		}
		if f.DelayMS > 0 && (f.Fault == nil || *f.Fault != faultStallBody) { // A stalled body waits after its first half.
			t := time.NewTimer(time.Duration(f.DelayMS) * time.Millisecond)
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
				return false, r.Context().Err()
			}
		}
		if f.Fault != nil && *f.Fault != faultStallBody {
			abortConnection(w, *f.Fault == faultReset)
		}
		if f.Status != nil {
			s.writeFault(w, r, f)
			return true, nil
		}
	}
	return false, nil
}

// faultMessages are the messages the server's own errors carry.
var faultMessages = map[int]string{
	http.StatusBadRequest:       "Bad request",
	http.StatusUnauthorized:     "Unauthorized",
	http.StatusForbidden:        "Forbidden",
	http.StatusNotFound:         "Not found",
	http.StatusMethodNotAllowed: "Method not allowed",
	http.StatusTooManyRequests:  "Too many requests",
	http.StatusGatewayTimeout:   "Request timeout",
}

// writeFault answers a rule's status with its body, or with the standard
// error body of the status: a 500 carries an id, which is logged, and a 429
// asks to retry after a second.
func (s *Server) writeFault(w http.ResponseWriter, r *http.Request, f *faultRule) {
	status, body := *f.Status, s.faultBody(w, r, f)
	if f.Fault != nil && *f.Fault == faultStallBody {
		stallBody(w, r, status, body, time.Duration(f.DelayMS)*time.Millisecond)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(body)
}

// faultBody returns the body a rule answers: its own, or the standard
// error body of its status. A 500 carries an id, which is logged, and a
// 429 asks to retry after a second.
func (s *Server) faultBody(w http.ResponseWriter, r *http.Request, f *faultRule) []byte {
	status := *f.Status
	if f.Body != nil {
		return f.Body
	}
	body := errorBody{Message: faultMessages[status]}
	switch {
	case status == http.StatusInternalServerError:
		body = errorBody{Message: "Server error", ID: newUUID()}
		s.Logger.Info("fault rule answered", "id", body.ID, "method", r.Method, "path", r.URL.Path)
	case status == http.StatusTooManyRequests:
		w.Header().Set("Retry-After", "1")
	case body.Message == "":
		// The status text in the sentence case of the server's messages.
		body.Message = "Error"
		if text := http.StatusText(status); text != "" {
			body.Message = text[:1] + strings.ToLower(text[1:])
		}
	}
	b, _ := json.Marshal(body)
	return b
}

// abortConnection ends the request's connection without an answer: reset,
// or closed. Where the connection cannot be taken over (HTTP/2), the
// stream is aborted.
func abortConnection(w http.ResponseWriter, reset bool) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tlsConn, ok := conn.(*tls.Conn); ok {
		conn = tlsConn.NetConn()
	}
	if tcp, ok := conn.(*net.TCPConn); ok && reset {
		tcp.SetLinger(0) // Close sends RST.
	}
	conn.Close()
	panic(http.ErrAbortHandler)
}

// stallBody answers the status and the first half of the body, then
// nothing more until the stall has passed or the client has gone; then the
// connection is aborted, so the client never reads a whole answer.
func stallBody(w http.ResponseWriter, r *http.Request, status int, body []byte, stall time.Duration) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body[:len(body)/2])
	http.NewResponseController(w).Flush()
	if stall == 0 {
		stall = maxFaultDelay * time.Millisecond
	}
	t := time.NewTimer(stall)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
	}
	panic(http.ErrAbortHandler)
}
