package http

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/partnerd/partnerd"
)

// stubInput is the body of POST /_partnerd/stubs: the step's provider
// and action, an optional match on its input, and either one answer or a
// sequence of answers (the nth call gets the nth, the last repeating).
type stubInput struct {
	Provider string             `json:"provider"`
	Action   string             `json:"action"`
	Match    *stubMatchInput    `json:"match"`
	Answer   *stubAnswerInput   `json:"answer"`
	Answers  []*stubAnswerInput `json:"answers"`
}

// stubMatchInput is a stub's match (partnerd.StubMatch): equals and
// contains are JSON objects, patterns maps dotted paths to expressions.
type stubMatchInput struct {
	Equals   json.RawMessage   `json:"equals"`
	Contains json.RawMessage   `json:"contains"`
	Patterns map[string]string `json:"patterns"`
}

// stubAnswerInput is one answer: an output, or an error with its status
// and message, after delay_ms.
type stubAnswerInput struct {
	Output json.RawMessage `json:"output"`
	Error  *struct {
		Status  flexInt `json:"status"`
		Message string  `json:"message"`
	} `json:"error"`
	DelayMS flexInt `json:"delay_ms"`
}

// stubJSON is a stub as the test helpers answer it.
type stubJSON struct {
	ID        int64                 `json:"id"`
	Provider  string                `json:"provider"`
	Action    string                `json:"action"`
	Match     *partnerd.StubMatch   `json:"match"`
	Answers   []partnerd.StubAnswer `json:"answers"`
	Calls     int                   `json:"calls"`
	CreatedAt jsonTime              `json:"created_at"`
}

func newStubJSON(s *partnerd.Stub) stubJSON {
	return stubJSON{ID: s.ID, Provider: s.Provider, Action: s.Action, Match: s.Match, Answers: s.Answers,
		Calls: s.Calls, CreatedAt: jsonTime(s.CreatedAt)}
}

// decodeStub reads and validates the body of POST /_partnerd/stubs.
func decodeStub(body []byte) (*partnerd.Stub, error) {
	var in stubInput
	if err := decodeJSON(body, &in); err != nil {
		return nil, err
	}
	s := &partnerd.Stub{Provider: strings.TrimSpace(in.Provider), Action: strings.TrimSpace(in.Action)}
	if in.Match != nil {
		s.Match = &partnerd.StubMatch{Equals: jsonValue(in.Match.Equals), Contains: jsonValue(in.Match.Contains),
			Patterns: in.Match.Patterns}
		if s.Match.Equals == nil && s.Match.Contains == nil && len(s.Match.Patterns) == 0 {
			s.Match = nil
		}
	}
	answers := in.Answers
	if in.Answer != nil {
		if len(in.Answers) > 0 {
			return nil, partnerd.FieldError("answer", "is given with answers: give one or the other")
		}
		answers = []*stubAnswerInput{in.Answer}
	}
	for _, a := range answers {
		if a == nil {
			a = &stubAnswerInput{}
		}
		out := partnerd.StubAnswer{Output: jsonValue(a.Output), DelayMS: int(a.DelayMS)}
		if a.Error != nil {
			out.Error = &partnerd.StubError{Status: int(a.Error.Status), Message: strings.TrimSpace(a.Error.Message)}
		}
		s.Answers = append(s.Answers, out)
	}
	if len(answers) == 0 {
		return nil, partnerd.FieldError("answer", "is required: an output, an error or a delay, or answers in sequence")
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return s, nil
}

// jsonValue returns compact JSON, nil for none or null.
func jsonValue(raw json.RawMessage) json.RawMessage {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil
	}
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return raw
	}
	return b.Bytes()
}

// handleTestStubCreate handles POST /_partnerd/stubs: it adds a stub to
// the caller's account, tried after the others.
func (s *Server) handleTestStubCreate(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(r)
	if err != nil {
		return err
	}
	stub, err := decodeStub(body)
	if err != nil {
		return err
	}
	if err := s.Stubs.CreateStub(r.Context(), callerOf(r).AccountID, stub); err != nil {
		return err
	}
	return ok(w, newStubJSON(stub))
}

// handleTestStubList handles GET /_partnerd/stubs: the account's stubs in
// the order they are tried, of one provider and action when the query
// names them.
func (s *Server) handleTestStubList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	list, err := s.Stubs.FindStubs(r.Context(), callerOf(r).AccountID,
		partnerd.StubFilter{Provider: q.Get("provider"), Action: q.Get("action")})
	if err != nil {
		return err
	}
	out := make([]stubJSON, len(list))
	for i, st := range list {
		out[i] = newStubJSON(st)
	}
	return ok(w, out)
}

// handleTestStubGet handles GET /_partnerd/stubs/{id}.
func (s *Server) handleTestStubGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	st, err := s.Stubs.FindStubByID(r.Context(), callerOf(r).AccountID, id)
	if err != nil {
		return err
	}
	return ok(w, newStubJSON(st))
}

// handleTestStubDelete handles DELETE /_partnerd/stubs/{id}.
func (s *Server) handleTestStubDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.Stubs.DeleteStub(r.Context(), callerOf(r).AccountID, id); err != nil {
		return err
	}
	return ok(w, success{Success: true})
}

// handleTestStubsClear handles DELETE /_partnerd/stubs: no stub is left.
func (s *Server) handleTestStubsClear(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.Stubs.DeleteStubs(r.Context(), callerOf(r).AccountID); err != nil {
		return err
	}
	return ok(w, success{Success: true})
}
