package agent

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/partnerd/partnerd"
)

// errResultTooLarge ends a statement whose rows take more than
// partnerd.OnPremMaxResult bytes, on the agent or on the server;
// errBodyTooLarge an HTTP request whose response's body is larger than
// partnerd.OnPremMaxHTTPBody.
var (
	errResultTooLarge = fmt.Errorf("the result is larger than %d MiB: select fewer rows or columns", partnerd.OnPremMaxResult>>20)
	errBodyTooLarge   = fmt.Errorf("the response body is larger than %d MiB", partnerd.OnPremMaxHTTPBody>>20)
)

// resultStream sends the answer of one request to the server while it
// runs: the rows of a statement in rows messages of at most chunkRows
// rows or about chunkBytes bytes, or the body of an HTTP response in body
// messages of chunkBytes bytes, then a result message with the rows left,
// or an error. It holds one chunk at most. A database adapter calls
// Columns once, then Row for each row while Full is false, and returns
// the Result's HasRows, Columns and RowsAffected; an HTTP request calls
// Body with each full piece of the body and returns the result with the
// last. The agent's loop calls finish with them.
type resultStream struct {
	id      int64
	maxRows int
	send    func(Message) error // writes one message to the server

	columns []string
	chunk   [][]any // rows not sent yet
	chunkN  int     // their bytes
	seq     int64   // rows messages sent
	rows    int     // rows taken
	size    int     // bytes of the rows taken
}

// newResultStream returns the stream of the answer to the request r.
func newResultStream(r *Request, send func(Message) error) *resultStream {
	return &resultStream{id: r.ID, maxRows: r.MaxRows, send: send}
}

// Columns sets the names of the result's columns, sent with the first
// chunk.
func (s *resultStream) Columns(names []string) {
	s.columns = names
}

// Full reports whether the stream holds the request's most rows: the
// statement's other rows are not read.
func (s *resultStream) Full() bool {
	return s.rows >= s.maxRows
}

// Row takes one row of JSON values, as many as the columns, and sends the
// chunk before it when the row would take the chunk past its bounds. It
// fails when the row is wider than maxRowBytes, when the rows take more
// than partnerd.OnPremMaxResult bytes, or when a send fails; the
// statement then ends with that error.
func (s *resultStream) Row(row []any) error {
	b, err := json.Marshal(row)
	if err != nil {
		return err
	}
	n := len(b) + 1
	if n > maxRowBytes {
		return fmt.Errorf("row %d is larger than %d MiB: select fewer or narrower columns", s.rows+1, maxRowBytes>>20)
	}
	if s.size += n; s.size > partnerd.OnPremMaxResult {
		return errResultTooLarge
	}
	if len(s.chunk) > 0 && (len(s.chunk) >= chunkRows || s.chunkN+n > chunkBytes) {
		if err := s.flush(); err != nil {
			return err
		}
	}
	s.chunk = append(s.chunk, row)
	s.chunkN += n
	s.rows++
	return nil
}

// Body sends a piece of an HTTP response's body, 1 to chunkBytes bytes.
func (s *resultStream) Body(p []byte) error {
	s.seq++
	if err := s.send(Message{Type: TypeBody, ID: s.id, Seq: s.seq, Body: p}); err != nil {
		return fmt.Errorf("sending the body: %w", err)
	}
	return nil
}

// flush sends the chunk held as a rows message.
func (s *resultStream) flush() error {
	s.seq++
	m := Message{Type: TypeRows, ID: s.id, Seq: s.seq, Rows: s.chunk}
	if s.seq == 1 {
		m.Columns = s.columns
	}
	if err := s.send(m); err != nil {
		return fmt.Errorf("sending rows: %w", err)
	}
	clear(s.chunk)
	s.chunk, s.chunkN = s.chunk[:0], 0
	return nil
}

// finish sends the last message of the answer: res with the rows not sent
// yet, or err.
func (s *resultStream) finish(res *Result, err error) error {
	if err == nil && res == nil {
		err = errors.New("the operation answered nothing")
	}
	if err != nil {
		msg := err.Error()
		return s.send(Message{Type: TypeResult, ID: s.id, Error: &msg})
	}
	if res.HTTP == nil {
		if s.seq > 0 {
			res.Columns = s.columns // the first chunk's, which the server holds the result to
		}
		res.Rows = s.chunk
	}
	return s.send(Message{Type: TypeResult, ID: s.id, Result: res})
}
