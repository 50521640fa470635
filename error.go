package partnerd

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Error codes. The http package alone maps them to statuses.
const (
	EINVALID      = "invalid"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	ENOTFOUND     = "not_found"
	ECONFLICT     = "conflict"
	ESTATE        = "state"
	ERATELIMIT    = "rate_limit"
	ETOOLARGE     = "too_large"
	EUNAVAILABLE  = "unavailable" // the server cannot serve it now: a bound of its resources, or a database it cannot write
	EINTERNAL     = "internal"
)

// Error is the one error type of the domain. Message is safe to show to a
// client; Fields names the invalid fields of a request, each with its problems.
// Detail says what a developer needs where Message says little (the position
// of a JSON error, the privilege missing); it goes to the log and the test
// helpers' journal, never into a response.
type Error struct {
	Code    string
	Message string
	Fields  map[string][]string
	Detail  string
}

// WithDetail returns a copy of e with a formatted Detail.
func (e *Error) WithDetail(format string, args ...any) *Error {
	c := *e
	c.Detail = fmt.Sprintf(format, args...)
	return &c
}

// Error implements the error interface.
func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("partnerd: code=%s message=%s", e.Code, e.Message)
	}
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, " %s=%q", k, e.Fields[k])
	}
	return fmt.Sprintf("partnerd: code=%s message=%s%s", e.Code, e.Message, b.String())
}

// Errorf returns an Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrNotFound is the error for any object that does not exist or is out of
// the caller's reach; both answer the same so neither can be probed.
func ErrNotFound() *Error { return &Error{Code: ENOTFOUND, Message: "Not found"} }

// FieldError returns a validation error naming one field.
func FieldError(field, problem string) *Error {
	return &Error{Code: EINVALID, Message: "Validation failed", Fields: map[string][]string{field: {problem}}}
}

// ErrorCode returns the code of err, EINTERNAL when err is not an *Error,
// and "" when err is nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the client-safe message of err.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Server error"
}

// Validation collects field problems and becomes an EINVALID error.
type Validation map[string][]string

// Add records a problem with a field.
func (v Validation) Add(field, problem string) { v[field] = append(v[field], problem) }

// Required records that a text field is blank or longer than max characters.
func (v Validation) Required(field, value string, max int) {
	if strings.TrimSpace(value) == "" {
		v.Add(field, "can't be blank")
		return
	}
	v.MaxLength(field, value, max)
}

// MaxLength records that a text field is longer than max characters.
func (v Validation) MaxLength(field, value string, max int) {
	if utf8.RuneCountInString(value) > max {
		v.Add(field, fmt.Sprintf("is too long (maximum is %d characters)", max))
	}
}

// Err returns the collected problems as an error, or nil when there are none.
func (v Validation) Err() error {
	if len(v) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "Validation failed", Fields: v}
}
