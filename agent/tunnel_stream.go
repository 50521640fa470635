package agent

import (
	"errors"
	"fmt"
	"slices"

	"github.com/partnerd/partnerd"
)

// operation is an operation an agent runs for a step of this replica: the
// rows or body its chunks brought so far, and where its end goes. Only
// the reader of the agent's connection changes it, until it ends.
type operation struct {
	maxRows int
	http    bool
	end     chan outcome // gets the operation's one outcome

	seq     int64    // rows or body messages read
	columns []string // the first chunk's
	rows    [][]any
	size    int    // bytes of the rows messages read
	body    []byte // of an http request
}

// outcome is the end of an operation: its result, or the agent's error, or
// a fault of the agent's messages after which the server cancels it.
type outcome struct {
	result *partnerd.OnPremResult
	err    error
	fault  bool
}

// errProtocol words a fault of an agent's messages for an operation.
func errProtocol(what string) error {
	return fmt.Errorf("it broke the tunnel's protocol (%s), so the operation was cancelled", what)
}

// add appends a rows or body message of size bytes to the operation's
// result. It fails when the chunk is out of order or of the other kind of
// operation, when its rows are of another width than the columns, or when
// it takes the result past the request's rows, partnerd.OnPremMaxResult
// bytes or partnerd.OnPremMaxHTTPBody bytes of body.
func (op *operation) add(m *Message, size int) error {
	switch {
	case m.Seq != op.seq+1:
		return errProtocol(fmt.Sprintf("chunk %d after %d", m.Seq, op.seq))
	case op.http != (m.Type == TypeBody):
		return errProtocol(m.Type + " for another kind of operation")
	}
	op.seq++
	if op.http {
		if len(op.body)+len(m.Body) > partnerd.OnPremMaxHTTPBody {
			return errBodyTooLarge
		}
		op.body = append(op.body, m.Body...)
		return nil
	}
	if op.seq == 1 {
		op.columns = slices.Clip(append([]string{}, m.Columns...))
	}
	if len(m.Rows[0]) != len(op.columns) {
		return errProtocol("rows wider or narrower than the columns")
	}
	if len(op.rows)+len(m.Rows) > op.maxRows {
		return errProtocol("more rows than asked")
	}
	if op.size += size; op.size > partnerd.OnPremMaxResult {
		return errResultTooLarge
	}
	op.rows = append(op.rows, m.Rows...)
	return nil
}

// finish reads the result message that ends the operation, of size
// bytes, into its outcome.
func (op *operation) finish(m *Message, size int) outcome {
	if m.Error != nil {
		return outcome{err: errors.New(*m.Error)}
	}
	r := m.Result
	if h := r.HTTP; h != nil {
		if !op.http {
			return outcome{err: errProtocol("an HTTP answer to a statement"), fault: true}
		}
		body := h.Body
		if op.seq > 0 {
			if len(op.body)+len(h.Body) > partnerd.OnPremMaxHTTPBody {
				return outcome{err: errBodyTooLarge, fault: true}
			}
			body = append(op.body, h.Body...)
		}
		return outcome{result: &partnerd.OnPremResult{HTTP: &partnerd.OnPremHTTPResponse{Status: h.Status, Header: h.Header, Body: body}}}
	}
	if op.http {
		return outcome{err: errProtocol("rows for an HTTP request"), fault: true}
	}
	if op.seq > 0 && !slices.Equal(r.Columns, op.columns) {
		return outcome{err: errProtocol("the result's columns are not the rows'"), fault: true}
	}
	if len(r.Rows) > 0 {
		if err := op.add(&Message{Type: TypeRows, Seq: op.seq + 1, Columns: r.Columns, Rows: r.Rows}, size); err != nil {
			return outcome{err: err, fault: true}
		}
	}
	return outcome{result: &partnerd.OnPremResult{HasRows: r.HasRows, Columns: r.Columns, Kinds: r.Kinds, Rows: op.rows,
		RowsAffected: r.RowsAffected, LastInsertID: r.LastInsertID}}
}
