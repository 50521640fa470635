package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Error is an answer of the API that is not a success: a status other than
// 2xx, or a 200 that refuses the action with "success": false.
type Error struct {
	// StatusCode is the HTTP status, such as 404.
	StatusCode int
	// Message is the body's "message", such as "Not found"; when the body
	// has none, the status text.
	Message string
	// Errors are the validation errors by field, such as
	// {"external_id": ["has already been taken"]}.
	Errors map[string][]string
	// ID identifies a server error (500) in the server's log.
	ID string
	// RetryAfter is how long to wait before retrying, from the Retry-After
	// header of a 429; zero when the answer has none.
	RetryAfter time.Duration
}

// Error renders the status, the message, the field errors and the id.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "client: %d %s", e.StatusCode, e.Message)
	fields := make([]string, 0, len(e.Errors))
	for f := range e.Errors {
		fields = append(fields, f)
	}
	slices.Sort(fields)
	for i, f := range fields {
		sep := ", "
		if i == 0 {
			sep = ": "
		}
		fmt.Fprintf(&b, "%s%s %s", sep, f, strings.Join(e.Errors[f], ", "))
	}
	if e.ID != "" {
		fmt.Fprintf(&b, " (id %s)", e.ID)
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (retry after %s)", e.RetryAfter)
	}
	return b.String()
}

// IsNotFound reports whether err is a 404 answer.
func IsNotFound(err error) bool { return hasStatus(err, http.StatusNotFound) }

// IsUnauthorized reports whether err is a 401 answer: missing or wrong
// credentials, or a request from outside the client's IP allow list.
func IsUnauthorized(err error) bool { return hasStatus(err, http.StatusUnauthorized) }

// IsForbidden reports whether err is a 403 answer: the client's role does
// not grant the action.
func IsForbidden(err error) bool { return hasStatus(err, http.StatusForbidden) }

// IsRateLimited reports whether err is a 429 answer; its RetryAfter says
// when to try again.
func IsRateLimited(err error) bool { return hasStatus(err, http.StatusTooManyRequests) }

func hasStatus(err error, status int) bool {
	var e *Error
	return errors.As(err, &e) && e.StatusCode == status
}

// newError reads an error answer: Workato's {"message", "errors", "id"}
// body when there is one, and the Retry-After header.
func newError(resp *http.Response, body []byte) *Error {
	e := &Error{StatusCode: resp.StatusCode, RetryAfter: retryAfter(resp.Header.Get("Retry-After"))}
	var wire struct {
		Message string         `json:"message"`
		Errors  map[string]any `json:"errors"`
		ID      string         `json:"id"`
	}
	if json.Unmarshal(body, &wire) == nil {
		e.Message, e.ID, e.Errors = wire.Message, wire.ID, flattenErrors(wire.Errors)
	}
	if e.Message == "" {
		e.Message = http.StatusText(resp.StatusCode)
	}
	return e
}

// flattenErrors reads field errors that arrive as lists of strings, as one
// string, or as anything else (rendered as JSON).
func flattenErrors(in map[string]any) map[string][]string {
	if len(in) == 0 {
		return nil
	}
	out := make(map[string][]string, len(in))
	for field, v := range in {
		switch v := v.(type) {
		case string:
			out[field] = []string{v}
		case []any:
			for _, item := range v {
				if s, ok := item.(string); ok {
					out[field] = append(out[field], s)
				} else {
					b, _ := json.Marshal(item)
					out[field] = append(out[field], string(b))
				}
			}
		default:
			b, _ := json.Marshal(v)
			out[field] = []string{string(b)}
		}
	}
	return out
}

// retryAfter reads a Retry-After header: seconds, or an HTTP date.
func retryAfter(h string) time.Duration {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0
	}
	if n, err := strconv.Atoi(h); err == nil {
		return max(0, time.Duration(n)*time.Second)
	}
	if t, err := http.ParseTime(h); err == nil {
		return max(0, time.Until(t))
	}
	return 0
}
