package agent

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/partnerd/partnerd"
)

// Types of the tunnel's messages. The server sends an exec Request to run
// a statement on one of the agent's profiles, an http Request to send a
// request to one of its HTTP profiles, and a cancel Request when the step
// that waits for either ends. The agent answers an exec with rows
// Messages of the same id, seq 1, 2, …, as it reads the rows, and then a
// result Message with the rows left and the count of rows changed; an
// http request with body Messages as it reads the response's body, then
// a result with the status, the headers and the body left.
const (
	TypeExec   = "exec"
	TypeCancel = "cancel"
	TypeRows   = "rows"
	TypeBody   = "body"
	TypeResult = "result"
	TypeHTTP   = "http"
)

// Limits of the tunnel's messages.
const (
	// maxRequest bounds a request the agent reads: its SQL and values.
	maxRequest = 1 << 20
	// maxArgs is the most values a statement binds, PostgreSQL's own.
	maxArgs = 65535
	// maxColumns is the most columns a result has, PostgreSQL's own.
	maxColumns = 1664
	// chunkRows and chunkBytes bound the rows of one rows message: the
	// agent sends one when it holds chunkRows rows or when the next row
	// would take it past chunkBytes bytes. A body message holds at most
	// chunkBytes bytes.
	chunkRows  = 1000
	chunkBytes = 256 << 10
	// maxRowBytes bounds the encoding of one row; a wider row fails its
	// statement.
	maxRowBytes = 4 << 20
	// maxChunkMessage bounds a rows, body or result message that the
	// server reads, its read limit on an agent's connection: a chunk of
	// rows, the columns' names and the envelope, or a chunk of a body and
	// the response's headers (at most maxHTTPResponseHeader bytes, six
	// times that in JSON at worst).
	maxChunkMessage = maxRowBytes + 1<<20
)

// Request is a message the server sends to an agent.
type Request struct {
	Type    string       `json:"type"`
	ID      int64        `json:"id"`
	Profile string       `json:"profile,omitempty"` // exec
	Action  string       `json:"action,omitempty"`  // exec
	Adapter string       `json:"adapter,omitempty"` // exec: postgresql (when empty) or mysql
	SQL     string       `json:"sql,omitempty"`     // exec: values are $1, $2, … or ?
	Args    []any        `json:"args,omitempty"`    // exec: nil, bool, number or string
	MaxRows int          `json:"max_rows,omitempty"`
	Exec    bool         `json:"exec,omitempty"` // exec: the statement answers no rows
	HTTP    *HTTPRequest `json:"http,omitempty"` // http
}

// Result is the answer to an exec that succeeded. Kinds, when given, has
// the kind of each column (partnerd.OnPremKindTime, …), which says how its
// values are written.
type Result struct {
	HasRows      bool        `json:"has_rows"`
	Columns      []string    `json:"columns,omitempty"`
	Kinds        []string    `json:"kinds,omitempty"`
	Rows         [][]any     `json:"rows,omitempty"`
	RowsAffected int64       `json:"rows_affected"`
	LastInsertID int64       `json:"last_insert_id,omitempty"` // MySQL's LAST_INSERT_ID of an exec
	HTTP         *HTTPResult `json:"http,omitempty"`           // the answer to an http request
}

// DecodeRequest reads a message of the server on the agent: an exec whose
// profile, SQL and values are well formed, or a cancel. Numbers decode as
// int64 when they are integers and float64 otherwise. Anything else is
// EINVALID.
func DecodeRequest(b []byte) (*Request, error) {
	if len(b) > maxRequest {
		return nil, partnerd.Errorf(partnerd.EINVALID, "The request is larger than %d bytes", maxRequest)
	}
	var r Request
	if err := decodeStrict(b, &r); err != nil {
		return nil, err
	}
	v := partnerd.Validation{}
	if r.ID <= 0 {
		v.Add("id", "must be a positive number")
	}
	switch r.Type {
	case TypeCancel:
	case TypeExec:
		if strings.TrimSpace(r.Profile) == "" || !partnerd.ValidText(r.Profile) || len(r.Profile) > 255 {
			v.Add("profile", "must be a profile name")
		}
		if strings.TrimSpace(r.SQL) == "" || !utf8.ValidString(r.SQL) || strings.ContainsRune(r.SQL, 0) {
			v.Add("sql", "must be a statement")
		}
		if r.Adapter != "" && r.Adapter != AdapterPostgreSQL && r.Adapter != AdapterMySQL {
			v.Add("adapter", "must be postgresql or mysql")
		}
		if r.MaxRows <= 0 || r.MaxRows > partnerd.OnPremMaxRows {
			v.Add("max_rows", "must be 1 to "+strconv.Itoa(partnerd.OnPremMaxRows))
		}
		if len(r.Args) > maxArgs {
			v.Add("args", "are too many")
		}
		for i, a := range r.Args {
			arg, ok := requestArg(a)
			if !ok {
				v.Add("args", "value "+strconv.Itoa(i+1)+" must be null, a boolean, a number or a string")
				break
			}
			r.Args[i] = arg
		}
	case TypeHTTP:
		if strings.TrimSpace(r.Profile) == "" || !partnerd.ValidText(r.Profile) || len(r.Profile) > 255 {
			v.Add("profile", "must be a profile name")
		}
		validateHTTPRequest(r.HTTP, v)
	default:
		v.Add("type", "must be exec, http or cancel")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return &r, nil
}

// requestArg is a bound value as the database driver takes it.
func requestArg(a any) (any, bool) {
	switch a := a.(type) {
	case nil, bool:
		return a, true
	case string:
		return a, utf8.ValidString(a) && !strings.ContainsRune(a, 0)
	case json.Number:
		if n, err := a.Int64(); err == nil {
			return n, true
		}
		f, err := a.Float64()
		return f, err == nil
	}
	return nil, false
}

// validateRows checks a rows message: an id, a seq from 1, the columns in
// the first chunk only, and 1 to chunkRows rows of one width, that of the
// columns in the first chunk.
func (m *Message) validateRows() error {
	v := partnerd.Validation{}
	if m.ID <= 0 {
		v.Add("id", "must be a positive number")
	}
	if m.Seq <= 0 {
		v.Add("seq", "must be a positive number")
	}
	if m.Seq > 1 && m.Columns != nil {
		v.Add("columns", "must be given in the first chunk only")
	}
	if len(m.Columns) > maxColumns {
		v.Add("columns", "are too many")
	}
	if len(m.Rows) == 0 || len(m.Rows) > chunkRows {
		v.Add("rows", "must be 1 to "+strconv.Itoa(chunkRows))
	}
	if m.Result != nil || m.Error != nil || m.Body != nil {
		v.Add("result", "must not be given with rows")
	}
	for _, row := range m.Rows {
		if len(row) != len(m.Rows[0]) || m.Seq == 1 && len(row) != len(m.Columns) {
			v.Add("rows", "must each have a value per column")
			break
		}
	}
	return v.Err()
}

// validateBody checks a body message: an id, a seq from 1, and 1 to
// chunkBytes bytes.
func (m *Message) validateBody() error {
	v := partnerd.Validation{}
	if m.ID <= 0 {
		v.Add("id", "must be a positive number")
	}
	if m.Seq <= 0 {
		v.Add("seq", "must be a positive number")
	}
	if len(m.Body) == 0 || len(m.Body) > chunkBytes {
		v.Add("body", "must be 1 to "+strconv.Itoa(chunkBytes)+" bytes")
	}
	if m.Result != nil || m.Error != nil || m.Columns != nil || m.Rows != nil {
		v.Add("result", "must not be given with a body")
	}
	return v.Err()
}

// validateResult checks a result message: an id, and either a result of
// at most OnPremMaxRows rows as wide as its columns, or an error.
func (m *Message) validateResult() error {
	v := partnerd.Validation{}
	if m.ID <= 0 {
		v.Add("id", "must be a positive number")
	}
	switch {
	case m.Seq != 0 || m.Columns != nil || m.Rows != nil || m.Body != nil:
		v.Add("rows", "must be sent in rows or body messages")
	case (m.Result == nil) == (m.Error == nil):
		v.Add("result", "must be given, or error instead")
	case m.Error != nil:
		if len(*m.Error) > 64<<10 || !utf8.ValidString(*m.Error) {
			v.Add("error", "is invalid")
		}
	case m.Result.HTTP != nil:
		validateHTTPResult(m.Result.HTTP, v)
	default:
		r := m.Result
		if len(r.Columns) > maxColumns {
			v.Add("columns", "are too many")
		}
		if len(r.Rows) > partnerd.OnPremMaxRows {
			v.Add("rows", "are too many")
		}
		for _, row := range r.Rows {
			if len(row) != len(r.Columns) {
				v.Add("rows", "must each have a value per column")
				break
			}
		}
		if r.RowsAffected < 0 {
			v.Add("rows_affected", "must not be negative")
		}
		if r.LastInsertID < 0 {
			v.Add("last_insert_id", "must not be negative")
		}
		if len(r.Kinds) > 0 && len(r.Kinds) != len(r.Columns) {
			v.Add("kinds", "must have one per column")
		}
		for _, k := range r.Kinds {
			if !partnerd.ValidOnPremKind(k) {
				v.Add("kinds", "must each be time, bytes or empty")
				break
			}
		}
	}
	return v.Err()
}
