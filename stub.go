package partnerd

import (
	"context"
	"encoding/json"
	"strconv"
	"time"
)

// Limits of stubs.
const (
	MaxStubs        = 1000   // stubs of one account
	MaxStubAnswers  = 100    // answers of one stub
	MaxStubDelay    = 60_000 // ms
	MaxStubPatterns = 50     // patterns of one match
	MaxStubPattern  = 1024   // bytes of one pattern
)

// Stub is a rule of an account that answers the steps of a connector
// partnerd cannot reach (Salesforce, Slack, a custom connector…). It names
// the step's provider and action, may match the step's input, and answers
// with its Answers in turn: the nth call it answers gets the nth answer,
// the last repeating once they run out.
type Stub struct {
	ID        int64
	AccountID int64
	Provider  string
	Action    string
	Match     *StubMatch // nil matches every input
	Answers   []StubAnswer
	Calls     int // how many recorded calls the stub answered
	CreatedAt time.Time
}

// StubAnswer is one answer of a stub: after DelayMS, the step's output, or
// when Error is set its failure. An answer with neither answers {}.
type StubAnswer struct {
	Output  json.RawMessage `json:"output,omitempty"`
	Error   *StubError      `json:"error,omitempty"`
	DelayMS int             `json:"delay_ms,omitempty"`
}

// StubError is a stubbed failure: the status the app would answer (400 to
// 599) and its message.
type StubError struct {
	Status  int    `json:"status"`
	Message string `json:"message"`
}

// Error returns the step's error as a job shows it: "404 Not Found: message".
func (e *StubError) Error() string {
	return strconv.Itoa(e.Status) + " " + statusText(e.Status) + ": " + e.Message
}

// StubFilter selects stubs; empty fields select all.
type StubFilter struct {
	Provider string
	Action   string
}

// StubService keeps the stubs of accounts (test helpers, /_partnerd/stubs).
type StubService interface {
	// CreateStub validates and adds a stub to the account, setting its ID,
	// AccountID and CreatedAt. EINVALID; ECONFLICT past MaxStubs.
	CreateStub(ctx context.Context, accountID int64, s *Stub) error
	// FindStubs returns the account's stubs, oldest first.
	FindStubs(ctx context.Context, accountID int64, f StubFilter) ([]*Stub, error)
	// FindStubByID returns one stub of the account. ENOTFOUND.
	FindStubByID(ctx context.Context, accountID, id int64) (*Stub, error)
	// DeleteStub removes one stub of the account. ENOTFOUND.
	DeleteStub(ctx context.Context, accountID, id int64) error
	// DeleteStubs removes every stub of the account and returns how many.
	DeleteStubs(ctx context.Context, accountID int64) (int, error)
	// FindWorkspaceStubs returns the stubs of provider and action of the
	// account that owns the workspace, oldest first: the rules a job of
	// the workspace tries. Their Calls are not counted.
	FindWorkspaceStubs(ctx context.Context, workspaceID int64, provider, action string) ([]*Stub, error)
	// HitStub counts one more call answered by a stub of several answers
	// and returns the count, 1 for its first call, which picks its answer.
	// ENOTFOUND when it was deleted meanwhile.
	HitStub(ctx context.Context, accountID, id int64) (int, error)
}

// Validate checks a stub before it is stored.
func (s *Stub) Validate() error {
	v := Validation{}
	v.Required("provider", s.Provider, 255)
	v.Required("action", s.Action, 255)
	if s.Match != nil {
		s.Match.validate(v)
	}
	switch n := len(s.Answers); {
	case n == 0:
		v.Add("answers", "must hold at least one answer")
	case n > MaxStubAnswers:
		v.Add("answers", "is too long (maximum is "+strconv.Itoa(MaxStubAnswers)+" answers)")
	}
	for i := range s.Answers {
		s.Answers[i].validate(v, "answers["+strconv.Itoa(i)+"]")
	}
	return v.Err()
}

func (a *StubAnswer) validate(v Validation, field string) {
	if a.DelayMS < 0 || a.DelayMS > MaxStubDelay {
		v.Add(field+".delay_ms", "must be between 0 and "+strconv.Itoa(MaxStubDelay))
	}
	if a.Error != nil {
		if a.Output != nil {
			v.Add(field, "answers an output or an error, not both")
		}
		if a.Error.Status < 400 || a.Error.Status > 599 {
			v.Add(field+".error.status", "must be between 400 and 599")
		}
		v.Required(field+".error.message", a.Error.Message, 4096)
	}
	if a.Output != nil && !json.Valid(a.Output) {
		v.Add(field+".output", "is not JSON")
	}
}

// statusText names the HTTP statuses a stubbed error may carry, as the
// standard library does (the root imports no net/http).
func statusText(code int) string {
	switch code {
	case 400:
		return "Bad Request"
	case 401:
		return "Unauthorized"
	case 403:
		return "Forbidden"
	case 404:
		return "Not Found"
	case 405:
		return "Method Not Allowed"
	case 408:
		return "Request Timeout"
	case 409:
		return "Conflict"
	case 410:
		return "Gone"
	case 412:
		return "Precondition Failed"
	case 413:
		return "Payload Too Large"
	case 415:
		return "Unsupported Media Type"
	case 422:
		return "Unprocessable Entity"
	case 429:
		return "Too Many Requests"
	case 500:
		return "Internal Server Error"
	case 501:
		return "Not Implemented"
	case 502:
		return "Bad Gateway"
	case 503:
		return "Service Unavailable"
	case 504:
		return "Gateway Timeout"
	}
	if code < 500 {
		return "Client Error"
	}
	return "Server Error"
}
