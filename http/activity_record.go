package http

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/partnerd/partnerd"
)

// activityBufferMax is the largest answer of a change held back until its
// activity entry is written; a larger one goes out as it is written, and
// its entry follows.
const activityBufferMax = 1 << 20

// activityRequestMax is how much of a change's body is kept to read the
// resource's name from, when the answer does not name it.
const activityRequestMax = 64 << 10

// serveRecorded runs the handler of a route that changes workspace data
// and, when it succeeded, appends one entry to the activity log.
//
// The entry is written right after the handler's own transaction, not in
// it: the handlers' services own their transactions behind the root's
// interfaces, and http never sees the store's. The answer is held back
// until the entry is written, so a client that reads the log after an
// answer finds the entry there. A crash between the two commits loses the
// entry, never the change; a failed entry is logged, and the change it
// follows still answers as it succeeded.
func (s *Server) serveRecorded(rt route, w http.ResponseWriter, r *http.Request) error {
	kind, ok := s.activityKinds[rt.pattern]
	if !ok || s.Activities == nil {
		return rt.handle(w, r)
	}
	aw := &activityWriter{ResponseWriter: w}
	body := &cappedReader{ReadCloser: r.Body, max: activityRequestMax}
	r.Body = body
	note := &activityNote{}
	r = r.WithContext(context.WithValue(r.Context(), activityNoteKey{}, note))
	err := rt.handle(aw, r)
	if err == nil && aw.succeeded() {
		s.recordActivity(r, rt, kind, aw.answer(), body.captured(), note)
	}
	aw.flush()
	return err
}

// recordActivity appends the entry of a change that succeeded.
func (s *Server) recordActivity(r *http.Request, rt route, k activityKind, answer, request []byte, note *activityNote) {
	caller := callerOf(r)
	a := &partnerd.Activity{EventType: k.event, ResourceType: k.resource, Source: partnerd.ActivitySourceAPI,
		Action: rt.pattern, UserAgent: r.UserAgent(), Time: s.Now.Now()}
	if addr := s.clientAddr(r); addr.IsValid() {
		a.IP = addr.String()
	}
	a.ActorType, a.ActorID, a.ActorName = callerActor(caller)
	ws := workspaceID(r)
	if k.account {
		ws = caller.AccountID
	}
	answerID, answerName := resourceOf(answer)
	_, requestName := resourceOf(request)
	switch {
	case k.idParam == "mu":
		a.ResourceID = strconv.FormatInt(workspaceID(r), 10)
	case k.idParam != "":
		a.ResourceID = r.PathValue(k.idParam)
		if n, err := strconv.ParseInt(a.ResourceID, 10, 64); err == nil {
			a.ResourceID = strconv.FormatInt(n, 10) // The handler read "+5" or "05" as 5.
		}
	}
	if a.ResourceID == "" {
		a.ResourceID = answerID
	}
	a.ResourceName = note.name
	if a.ResourceName == "" {
		a.ResourceName = answerName
	}
	if a.ResourceName == "" {
		a.ResourceName = requestName
	}
	// The entry outlives a client that hangs up once the change is made.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), 5*time.Second)
	defer cancel()
	if err := s.Activities.RecordActivity(ctx, ws, a); err != nil {
		s.Logger.Error("activity log: the entry of a change was not written", "route", rt.pattern,
			"request_id", infoOf(r).ID, "event", a.EventType, "error", err)
	}
}

// activityNote is what a handler tells the activity log that its answer
// does not: the name of a resource it deleted.
type activityNote struct{ name string }

type activityNoteKey struct{}

// noteResourceName gives the activity entry of a change the name of its
// resource, when the answer does not hold it.
func noteResourceName(r *http.Request, name string) {
	if note, ok := r.Context().Value(activityNoteKey{}).(*activityNote); ok {
		note.name = name
	}
}

// callerActor returns who a caller is in the activity log: its API
// client, or the account's legacy API key.
func callerActor(c *partnerd.Caller) (kind string, id int64, name string) {
	if c.ClientID == 0 {
		return partnerd.ActorAPIKey, c.AccountID, "API key"
	}
	return partnerd.ActorAPIClient, c.ClientID, c.ClientName
}

// resourceOf reads the id and name of a resource from a JSON object: its
// own id (or handle) and name (or title), or those of the object under
// result, data or one more level (a recipe's body under "recipe"). Every
// other field, secrets among them, is left unread.
func resourceOf(body []byte) (id, name string) {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '{' {
		return "", ""
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(body, &fields) != nil {
		return "", ""
	}
	id, name = resourceFields(fields)
	for key, raw := range fields {
		if id != "" && name != "" {
			break
		}
		var inner map[string]json.RawMessage
		if len(raw) == 0 || raw[0] != '{' || json.Unmarshal(raw, &inner) != nil {
			continue
		}
		if (key != "result" && key != "data" && len(fields) != 1) || isSecretKey(key) {
			continue // A connection's input may hold a field called name.
		}
		innerID, innerName := resourceFields(inner)
		if id == "" {
			id = innerID
		}
		if name == "" {
			name = innerName
		}
	}
	return id, name
}

// resourceFields reads id or handle, and name or title, of one object.
func resourceFields(fields map[string]json.RawMessage) (id, name string) {
	for _, key := range []string{"id", "handle"} {
		if v, ok := scalarOf(fields[key]); ok && id == "" {
			id = v
		}
	}
	for _, key := range []string{"name", "title"} {
		if v, ok := scalarOf(fields[key]); ok && name == "" {
			name = v
		}
	}
	return id, name
}

// scalarOf returns the text of a JSON string or number.
func scalarOf(raw json.RawMessage) (string, bool) {
	if len(raw) == 0 {
		return "", false
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, s != "" && partnerd.ValidText(s)
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String(), true
	}
	return "", false
}

// activityWriter holds back the answer of a change until its entry is
// written, up to activityBufferMax bytes.
type activityWriter struct {
	http.ResponseWriter
	status      int
	buf         bytes.Buffer
	passthrough bool
	overflowed  bool
}

func (w *activityWriter) WriteHeader(code int) {
	if w.passthrough {
		w.ResponseWriter.WriteHeader(code)
		return
	}
	if w.status == 0 {
		w.status = code
	}
}

func (w *activityWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if w.passthrough {
		return w.ResponseWriter.Write(b)
	}
	if w.buf.Len()+len(b) > activityBufferMax {
		w.overflowed = true
		w.flush()
		return w.ResponseWriter.Write(b)
	}
	return w.buf.Write(b)
}

// Flush sends what is held back, and everything after it as it comes.
func (w *activityWriter) Flush() {
	w.flush()
	http.NewResponseController(w.ResponseWriter).Flush()
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *activityWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// succeeded reports whether the answer is a success: a 2xx that is not
// Workato's refusal with 200 and success false.
func (w *activityWriter) succeeded() bool {
	status := w.status
	if status == 0 {
		status = http.StatusOK
	}
	if status < 200 || status > 299 {
		return false
	}
	var ack struct {
		Success *bool `json:"success"`
	}
	body := w.answer()
	if bytes.HasPrefix(bytes.TrimSpace(body), []byte("{")) && json.Unmarshal(body, &ack) == nil && ack.Success != nil && !*ack.Success {
		return false
	}
	return true
}

// answer returns the answer held back, or nil when it was too large to hold.
func (w *activityWriter) answer() []byte {
	if w.overflowed {
		return nil
	}
	return w.buf.Bytes()
}

// flush sends what is held back; later writes pass straight through.
func (w *activityWriter) flush() {
	if w.passthrough {
		return
	}
	w.passthrough = true
	if w.status != 0 {
		w.ResponseWriter.WriteHeader(w.status)
	}
	if w.buf.Len() > 0 {
		w.ResponseWriter.Write(w.buf.Bytes())
	}
}

// cappedReader keeps the first max bytes read through it.
type cappedReader struct {
	io.ReadCloser
	max  int
	read int
	kept bytes.Buffer
}

func (c *cappedReader) Read(p []byte) (int, error) {
	n, err := c.ReadCloser.Read(p)
	if room := c.max - c.kept.Len(); room > 0 && n > 0 {
		c.kept.Write(p[:min(n, room)])
	}
	c.read += n
	return n, err
}

// captured returns the body read, or nil when it was longer than max.
func (c *cappedReader) captured() []byte {
	if c.read > c.max {
		return nil
	}
	return c.kept.Bytes()
}
