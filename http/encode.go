package http

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/partnerd/partnerd"
)

// writeJSON answers v as JSON with status, leaving &, < and > as they are.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := marshalJSON(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"message":"Server error"}`)
	}
	writeBody(w, status, b)
}

// marshalJSON encodes v as writeJSON answers it.
func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// writeBody answers an encoded JSON body with status.
func writeBody(w http.ResponseWriter, status int, b []byte) {
	setBodyHeaders(w, int64(len(b)))
	w.WriteHeader(status)
	w.Write(b)
}

// bodyPart is a piece of an answer whose size is known before it is
// written: bytes in memory, or a kept file.
type bodyPart interface {
	Size() int64
	WriteTo(w io.Writer) (int64, error)
}

// bytesPart is a bodyPart in memory.
type bytesPart []byte

func (b bytesPart) Size() int64 { return int64(len(b)) }

func (b bytesPart) WriteTo(w io.Writer) (int64, error) {
	n, err := w.Write(b)
	return int64(n), err
}

// writeList answers 200 with {"<key>":[...]} around items already encoded,
// writing each in turn rather than assembling the body: a client that
// reads slowly holds no more than the connection's buffer. The answer has
// a Content-Length, as one assembled would. A failed write ends the
// answer: once the header is out, no error can be answered.
func writeList(w http.ResponseWriter, key string, items []bodyPart) {
	head := `{"` + key + `":[`
	size := int64(len(head) + len(`]}`))
	for i, item := range items {
		if i > 0 {
			size++
		}
		size += item.Size()
	}
	setBodyHeaders(w, size)
	w.WriteHeader(http.StatusOK)
	if _, err := io.WriteString(w, head); err != nil {
		return
	}
	for i, item := range items {
		if i > 0 {
			if _, err := io.WriteString(w, ","); err != nil {
				return
			}
		}
		if _, err := item.WriteTo(w); err != nil {
			return
		}
	}
	io.WriteString(w, `]}`)
}

// writePart answers 200 with one encoded part, written as writeList writes
// its items.
func writePart(w http.ResponseWriter, b bodyPart) {
	setBodyHeaders(w, b.Size())
	w.WriteHeader(http.StatusOK)
	b.WriteTo(w)
}

func setBodyHeaders(w http.ResponseWriter, size int64) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
}

// ok answers 200 with v.
func ok(w http.ResponseWriter, v any) error {
	writeJSON(w, http.StatusOK, v)
	return nil
}

// success is the acknowledgement most actions answer.
type success struct {
	Success bool `json:"success"`
}

// resultOf wraps a value as {"result": v}.
type resultOf[T any] struct {
	Result T `json:"result"`
}

// dataOf wraps a value as {"data": v}.
type dataOf[T any] struct {
	Data T `json:"data"`
}

// dataPage is the envelope of the v2 API platform's lists: a page of
// items, the count of all of them, and the page asked for.
type dataPage[T any] struct {
	Data    []T `json:"data"`
	Count   int `json:"count"`
	Page    int `json:"page"`
	PerPage int `json:"per_page"`
}

// itemsOf wraps a list as {"items": list}.
type itemsOf[T any] struct {
	Items []T `json:"items"`
}

// dataWithTotal wraps a list as {"data": list, "total": n}.
type dataWithTotal[T any] struct {
	Data  []T `json:"data"`
	Total int `json:"total"`
}

// jsonTime renders a time in the server's zone with milliseconds.
type jsonTime time.Time

const timeLayout = "2006-01-02T15:04:05.000Z07:00"

// MarshalJSON implements json.Marshaler.
func (t jsonTime) MarshalJSON() ([]byte, error) {
	return []byte(`"` + time.Time(t).Local().Format(timeLayout) + `"`), nil
}

// utcTime renders a time in UTC, as token stamps are.
type utcTime time.Time

// MarshalJSON implements json.Marshaler.
func (t utcTime) MarshalJSON() ([]byte, error) {
	return []byte(`"` + time.Time(t).UTC().Format(timeLayout) + `"`), nil
}

func timePtr(t *time.Time) *jsonTime {
	if t == nil {
		return nil
	}
	j := jsonTime(*t)
	return &j
}

// decodeBody reads a JSON body into v, whatever its Content-Type. An empty
// body or null decodes as an empty object, so that required fields are
// reported by validation. Malformed JSON is "Bad request"; a value of the
// wrong type names its field.
func decodeBody(r *http.Request, v any) error {
	body, err := readBody(r)
	if err != nil {
		return err
	}
	return decodeJSON(body, v)
}

// readBody reads the whole body: a body past its route's limit is a 413, one
// that has not arrived within the request's budget a 504, any other failure
// "Bad request".
func readBody(r *http.Request) ([]byte, error) {
	body, err := io.ReadAll(r.Body)
	var maxErr *http.MaxBytesError
	switch {
	case err == nil:
		return body, nil
	case errors.As(err, &maxErr):
		return nil, err
	case errors.Is(err, os.ErrDeadlineExceeded) || r.Context().Err() != nil:
		return nil, context.DeadlineExceeded
	}
	return nil, partnerd.Errorf(partnerd.EINVALID, "Bad request").WithDetail("reading the body: %v", err)
}

// decodeJSON decodes a request body; see decodeBody.
func decodeJSON(body []byte, v any) error {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || bytes.Equal(body, []byte("null")) {
		body = []byte("{}")
	}
	bad := partnerd.Errorf(partnerd.EINVALID, "Bad request")
	if body[0] != '{' {
		return bad.WithDetail("the body must be a JSON object; it starts with %q", truncateText(string(body), 20))
	}
	if bytes.Contains(body, []byte(`\u0000`)) {
		// A NUL in text is refused whole: no database stores it.
		return bad.WithDetail(`the body holds \u0000, which no text may hold`)
	}
	err := json.Unmarshal(body, v)
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	var perr *partnerd.Error
	switch {
	case errors.As(err, &syntaxErr):
		return bad.WithDetail("invalid JSON at byte %d: %v", syntaxErr.Offset, err)
	case err == nil:
		return nil
	case errors.As(err, &perr):
		return perr
	case errors.As(err, &typeErr) && typeErr.Field != "":
		return partnerd.FieldError(typeErr.Field, "must be "+article(typeErr.Type.Kind().String()))
	}
	return bad.WithDetail("%v", err)
}

func article(kind string) string {
	switch kind {
	case "int", "int64", "float64":
		return "a number"
	case "bool":
		return "a boolean"
	case "slice":
		return "an array"
	case "map", "struct":
		return "an object"
	}
	return "a " + kind
}

// enveloped wraps a list as the Embedded family does, {"result": list}, and
// leaves it bare on the Developer family.
func enveloped[T any](r *http.Request, list []T) any {
	if isCustomer(r) {
		return resultOf[[]T]{list}
	}
	return list
}
