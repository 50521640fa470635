package agent

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/partnerd/partnerd"
)

// collect returns a stream of the request's answer that keeps what it
// sends in *sent.
func collect(r *Request, sent *[]Message) *resultStream {
	return newResultStream(r, func(m Message) error {
		b, _ := json.Marshal(m)
		var back Message
		json.Unmarshal(b, &back)
		*sent = append(*sent, back)
		return nil
	})
}

// TestResultStreamChunks checks that the agent sends rows as they come,
// in chunks of at most chunkRows rows and about chunkBytes bytes, numbered
// from 1, the columns in the first only, and the rows left in the result.
func TestResultStreamChunks(t *testing.T) {
	var sent []Message
	req := &Request{ID: 3, MaxRows: partnerd.OnPremMaxRows}
	out := collect(req, &sent)
	out.Columns([]string{"id", "body"})
	wide := strings.Repeat("x", 1000)
	for i := range 10_000 {
		body := "row"
		if i >= 5000 {
			body = wide
		}
		if err := out.Row([]any{float64(i), body}); err != nil {
			t.Fatal(err)
		}
		if len(out.chunk) > chunkRows || out.chunkN > chunkBytes {
			t.Fatalf("row %d: the agent holds %d rows, %d bytes", i, len(out.chunk), out.chunkN)
		}
	}
	if err := out.finish(&Result{HasRows: true, Columns: []string{"id", "body"}, RowsAffected: 10_000}, nil); err != nil {
		t.Fatal(err)
	}
	op := &operation{maxRows: req.MaxRows}
	for i, m := range sent[:len(sent)-1] {
		if m.Type != TypeRows || m.Seq != int64(i+1) || (i == 0) != (m.Columns != nil) {
			t.Fatalf("message %d = %s %d %v", i, m.Type, m.Seq, m.Columns)
		}
		if err := m.validateRows(); err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
		b, _ := json.Marshal(m)
		if len(b) > chunkBytes+1024 {
			t.Errorf("message %d is %d bytes", i, len(b))
		}
		if err := op.add(&m, len(b)); err != nil {
			t.Fatal(err)
		}
	}
	last := sent[len(sent)-1]
	if last.Type != TypeResult || last.validateResult() != nil {
		t.Fatalf("last = %+v", last)
	}
	end := op.finish(&last, 0)
	if end.err != nil || len(end.result.Rows) != 10_000 || end.result.Rows[9999][1] != wide || end.result.RowsAffected != 10_000 {
		t.Fatalf("assembled = %d rows, %v", len(end.result.Rows), end.err)
	}
	t.Logf("10,000 rows in %d messages", len(sent))
}

// TestResultStreamLimits checks that a stream stops at the request's rows,
// and fails a row wider than maxRowBytes and rows past
// partnerd.OnPremMaxResult bytes.
func TestResultStreamLimits(t *testing.T) {
	var sent []Message
	out := collect(&Request{ID: 1, MaxRows: 2}, &sent)
	for !out.Full() {
		if err := out.Row([]any{"a"}); err != nil {
			t.Fatal(err)
		}
	}
	if out.rows != 2 {
		t.Errorf("took %d rows of 2", out.rows)
	}
	out = collect(&Request{ID: 1, MaxRows: 10}, &sent)
	if err := out.Row([]any{strings.Repeat("x", maxRowBytes)}); err == nil || !strings.Contains(err.Error(), "row 1 is larger") {
		t.Errorf("a wide row: %v", err)
	}
	out = collect(&Request{ID: 1, MaxRows: partnerd.OnPremMaxRows}, &sent)
	big := strings.Repeat("x", 1<<20)
	var err error
	for i := 0; err == nil && i < 20; i++ {
		err = out.Row([]any{big})
	}
	if !errors.Is(err, errResultTooLarge) {
		t.Errorf("rows past the limit: %v", err)
	}
}

// TestOperationFaults checks that the server ends an operation whose rows
// come out of order, are of another width, exceed the request's rows or
// the result's bytes, or whose result names other columns, and that an
// agent's error ends it without a fault.
func TestOperationFaults(t *testing.T) {
	first := func() *operation {
		op := &operation{maxRows: 3}
		if err := op.add(&Message{Seq: 1, Columns: []string{"a"}, Rows: [][]any{{1.0}}}, 10); err != nil {
			t.Fatal(err)
		}
		return op
	}
	for name, m := range map[string]*Message{
		"out of order": {Seq: 3, Rows: [][]any{{1.0}}},
		"again":        {Seq: 1, Rows: [][]any{{1.0}}},
		"too wide":     {Seq: 2, Rows: [][]any{{1.0, 2.0}}},
		"too many":     {Seq: 2, Rows: [][]any{{1.0}, {2.0}, {3.0}}},
	} {
		if err := first().add(m, 10); err == nil || !strings.Contains(err.Error(), "protocol") {
			t.Errorf("%s: %v", name, err)
		}
	}
	if err := first().add(&Message{Seq: 2, Rows: [][]any{{1.0}}}, partnerd.OnPremMaxResult); !errors.Is(err, errResultTooLarge) {
		t.Errorf("too large: %v", err)
	}
	if end := first().finish(&Message{Result: &Result{HasRows: true, Columns: []string{"b"}}}, 10); !end.fault {
		t.Errorf("other columns: %+v", end)
	}
	if end := first().finish(&Message{Result: &Result{HTTP: &HTTPResult{Status: 200}}}, 10); !end.fault {
		t.Errorf("an http answer to a statement: %+v", end)
	}
	if err := (&operation{maxRows: 3, http: true}).add(&Message{Seq: 1, Rows: [][]any{{}}}, 10); err == nil {
		t.Error("rows for an http request were taken")
	}
	page := &operation{maxRows: 3, http: true}
	for i, piece := range []string{"ab", "cd"} {
		if err := page.add(&Message{Type: TypeBody, Seq: int64(i + 1), Body: []byte(piece)}, 10); err != nil {
			t.Fatal(err)
		}
	}
	if end := page.finish(&Message{Result: &Result{HTTP: &HTTPResult{Status: 200, Body: []byte("e")}}}, 10); end.err != nil || string(end.result.HTTP.Body) != "abcde" {
		t.Errorf("a body in pieces: %+v", end)
	}
	if err := page.add(&Message{Type: TypeBody, Seq: 3, Body: make([]byte, partnerd.OnPremMaxHTTPBody)}, 10); !errors.Is(err, errBodyTooLarge) {
		t.Errorf("a body too large: %v", err)
	}
	if err := first().add(&Message{Type: TypeBody, Seq: 2, Body: []byte("x")}, 10); err == nil {
		t.Error("a body for a statement was taken")
	}
	msg := "PostgreSQL error 57014"
	if end := first().finish(&Message{Error: &msg}, 10); end.fault || end.err.Error() != msg {
		t.Errorf("the agent's error: %+v", end)
	}
	end := first().finish(&Message{Result: &Result{HasRows: true, Columns: []string{"a"}, Rows: [][]any{{2.0}}, RowsAffected: 2}}, 10)
	if end.err != nil || len(end.result.Rows) != 2 || end.result.Rows[1][0] != 2.0 {
		t.Errorf("the end: %+v", end)
	}
}

// TestTunnelStreamFaults checks through the server that chunks become one
// result, that a chunk nobody waits for is dropped, and that a chunk out
// of order fails its operation, which the server cancels on the agent,
// the connection serving the next.
func TestTunnelStreamFaults(t *testing.T) {
	e := newTestEnv(t)
	f := e.connectFake(t, e.agent)
	rows := func(id, seq int64, columns []string, values ...any) Message {
		m := Message{Type: TypeRows, ID: id, Seq: seq, Columns: columns}
		for _, v := range values {
			m.Rows = append(m.Rows, []any{v})
		}
		return m
	}
	good := func(r *Request) []Message {
		return []Message{rows(r.ID+1000, 1, []string{"n"}, 0), rows(r.ID, 1, []string{"n"}, 1, 2), rows(r.ID, 2, nil, 3),
			{Type: TypeResult, ID: r.ID, Result: &Result{HasRows: true, Columns: []string{"n"}, Rows: [][]any{{4}}}}}
	}
	f.script.Store(&good)
	f.mode.Store(scripted)
	res, err := e.server.Exec(t.Context(), e.ws, e.agent.GroupID, "db", readOp)
	if err != nil || len(res.Rows) != 4 || res.Rows[3][0] != json.Number("4") {
		t.Fatalf("Exec = %+v, %v", res, err)
	}
	<-f.requests

	skip := func(r *Request) []Message {
		return []Message{rows(r.ID, 1, []string{"n"}, 1), rows(r.ID, 3, nil, 3),
			{Type: TypeResult, ID: r.ID, Result: &Result{HasRows: true, Columns: []string{"n"}}}}
	}
	f.script.Store(&skip)
	_, err = e.server.Exec(t.Context(), e.ws, e.agent.GroupID, "db", readOp)
	if partnerd.ErrorCode(err) != partnerd.EINVALID || !strings.Contains(err.Error(), "chunk 3 after 1") {
		t.Errorf("rows out of order: %v", err)
	}
	exec := <-f.requests
	if req := <-f.requests; req.Type != TypeCancel || req.ID != exec.ID {
		t.Errorf("after rows out of order the agent got %+v", req)
	}
	if a := e.server.AgentInFlight(e.ws, f.id); a != 0 {
		t.Errorf("in flight after the fault: %d", a)
	}

	f.script.Store(&good)
	if res, err := e.server.Exec(t.Context(), e.ws, e.agent.GroupID, "db", readOp); err != nil || len(res.Rows) != 4 {
		t.Fatalf("Exec after the fault = %+v, %v", res, err)
	}
}

// execHTTP runs an http request on h and returns its result with the
// body whole, as the server assembles it.
func execHTTP(t *testing.T, h *httpServices, r *Request) (*Result, error) {
	var sent []Message
	res, err := h.exec(t.Context(), r, collect(r, &sent))
	if err != nil {
		return nil, err
	}
	var body []byte
	for i, m := range sent {
		if m.Type != TypeBody || m.Seq != int64(i+1) || m.validateBody() != nil {
			t.Fatalf("message %d = %s %d, %d bytes", i, m.Type, m.Seq, len(m.Body))
		}
		body = append(body, m.Body...)
	}
	res.HTTP.Body = append(body, res.HTTP.Body...)
	return res, nil
}

// execStatement runs a statement on d and returns its result with every
// row, as the server assembles them from the chunks.
func execStatement(t *testing.T, d *databases, r *Request) (*Result, error) {
	var sent []Message
	out := collect(r, &sent)
	res, err := d.exec(t.Context(), r, out)
	if err != nil {
		return nil, err
	}
	for _, m := range sent {
		res.Rows = append(res.Rows, m.Rows...)
	}
	res.Rows = append(res.Rows, out.chunk...)
	return res, nil
}
