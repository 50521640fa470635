package http

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/partnerd/partnerd"
)

// Limits of the fault rules of one account.
const (
	maxFaultRules   = 100
	maxFaultDelay   = 60_000 // ms: past the request timeout, so that a timeout can be simulated
	maxFaultPattern = 2048
)

// faultRule answers the matching requests of an account with a fault, or
// delays them (test helpers, PUT /_partnerd/faults). Rules live in the
// memory of the process that received them.
type faultRule struct {
	Method      string          `json:"method"` // "*" matches every method
	PathPattern string          `json:"path_pattern"`
	Status      *int            `json:"status"` // nil: the rule only delays
	Body        json.RawMessage `json:"body"`   // nil: the standard body of the status
	DelayMS     int             `json:"delay_ms"`
	Probability float64         `json:"probability"`

	segments []string // of PathPattern; "*" matches any one segment
}

// faultInput is one rule of the body of PUT /_partnerd/faults.
type faultInput struct {
	Method      string          `json:"method"`
	PathPattern string          `json:"path_pattern"`
	Status      *flexInt        `json:"status"`
	Body        json.RawMessage `json:"body"`
	DelayMS     flexInt         `json:"delay_ms"`
	Probability *float64        `json:"probability"`
}

// faultMethods are the methods a rule may name; "*" or none is any.
var faultMethods = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"}

// rule validates the input and returns its rule.
func (in *faultInput) rule() (*faultRule, partnerd.Validation) {
	v := partnerd.Validation{}
	f := &faultRule{Method: strings.ToUpper(strings.TrimSpace(in.Method)), Probability: 1, DelayMS: int(in.DelayMS)}
	if f.Method == "" {
		f.Method = "*"
	} else if f.Method != "*" && !slices.Contains(faultMethods, f.Method) {
		v.Add("method", "must be one of "+strings.Join(faultMethods, ", ")+" or *")
	}
	f.PathPattern = strings.TrimSpace(in.PathPattern)
	if len(f.PathPattern) > 1 {
		f.PathPattern = strings.TrimRight(f.PathPattern, "/")
	}
	switch {
	case f.PathPattern == "":
		v.Add("path_pattern", "can't be blank")
	case f.PathPattern[0] != '/' || strings.ContainsAny(f.PathPattern, "?#"):
		v.Add("path_pattern", "must be a path starting with /, without a query")
	case len(f.PathPattern) > maxFaultPattern:
		v.Add("path_pattern", fmt.Sprintf("is too long (maximum is %d characters)", maxFaultPattern))
	}
	f.segments = strings.Split(f.PathPattern, "/")
	if len(in.Body) > 0 && !bytes.Equal(in.Body, []byte("null")) {
		var compact bytes.Buffer
		json.Compact(&compact, in.Body) // Valid JSON: the decoder read it.
		f.Body = compact.Bytes()
	}
	if in.Status != nil {
		status := int(*in.Status)
		f.Status = &status
		if status < 200 || status > 599 {
			v.Add("status", "must be between 200 and 599")
		} else if status < 400 && f.Body == nil {
			v.Add("body", "can't be blank when status is below 400")
		}
	} else if f.Body != nil {
		v.Add("status", "can't be blank when body is given")
	} else if f.DelayMS == 0 {
		v.Add("status", "can't be blank without delay_ms")
	}
	if f.DelayMS < 0 || f.DelayMS > maxFaultDelay {
		v.Add("delay_ms", fmt.Sprintf("must be between 0 and %d", maxFaultDelay))
	}
	if in.Probability != nil {
		f.Probability = *in.Probability
		if f.Probability < 0 || f.Probability > 1 {
			v.Add("probability", "must be between 0 and 1")
		}
	}
	return f, v
}

// decodeFaults reads the body of PUT /_partnerd/faults: a JSON array of
// rules. Problems name their rule: faults[2].status.
func decodeFaults(body []byte) ([]*faultRule, error) {
	body = bytes.TrimSpace(body)
	var items []json.RawMessage
	if len(body) == 0 || body[0] != '[' || json.Unmarshal(body, &items) != nil {
		return nil, partnerd.Errorf(partnerd.EINVALID, "Bad request")
	}
	if len(items) > maxFaultRules {
		return nil, partnerd.FieldError("faults", fmt.Sprintf("is too long (maximum is %d rules)", maxFaultRules))
	}
	rules := make([]*faultRule, 0, len(items))
	problems := partnerd.Validation{}
	for i, item := range items {
		var in faultInput
		err := decodeJSON(item, &in)
		var perr *partnerd.Error
		if err != nil && (!errors.As(err, &perr) || len(perr.Fields) == 0) {
			return nil, err
		}
		f, v := in.rule()
		if perr != nil {
			v = perr.Fields
		}
		for field, list := range v {
			problems[fmt.Sprintf("faults[%d].%s", i, field)] = list
		}
		rules = append(rules, f)
	}
	return rules, problems.Err()
}

// matches reports whether the rule names the request's method and path.
func (f *faultRule) matches(method string, segments []string) bool {
	if (f.Method != "*" && f.Method != method) || len(f.segments) != len(segments) {
		return false
	}
	for i, s := range f.segments {
		if s != "*" && s != segments[i] {
			return false
		}
	}
	return true
}

// faultSet holds the fault rules of each account.
type faultSet struct {
	mu    sync.RWMutex
	rules map[int64][]*faultRule
}

// set replaces the rules of an account; none clears them.
func (fs *faultSet) set(accountID int64, rules []*faultRule) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if fs.rules == nil {
		fs.rules = map[int64][]*faultRule{}
	}
	if len(rules) == 0 {
		delete(fs.rules, accountID)
		return
	}
	fs.rules[accountID] = rules
}

func (fs *faultSet) of(accountID int64) []*faultRule {
	fs.mu.RLock()
	defer fs.mu.RUnlock()
	return fs.rules[accountID]
}

// fault plays the account's rules that match the request, in their order:
// each that fires, by its probability, waits its delay, and the first with
// a status answers the request. It reports whether the request is answered.
func (s *Server) fault(w http.ResponseWriter, r *http.Request, accountID int64) (bool, error) {
	rules := s.faults.of(accountID)
	if len(rules) == 0 {
		return false, nil
	}
	segments := strings.Split(r.URL.EscapedPath(), "/")
	for _, f := range rules {
		if !f.matches(r.Method, segments) || (f.Probability < 1 && rand.Float64() >= f.Probability) {
			continue
		}
		if f.DelayMS > 0 {
			t := time.NewTimer(time.Duration(f.DelayMS) * time.Millisecond)
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
				return false, r.Context().Err()
			}
		}
		if f.Status != nil {
			s.writeFault(w, r, f)
			return true, nil
		}
	}
	return false, nil
}

// faultMessages are the messages the server's own errors carry.
var faultMessages = map[int]string{
	http.StatusBadRequest:       "Bad request",
	http.StatusUnauthorized:     "Unauthorized",
	http.StatusForbidden:        "Forbidden",
	http.StatusNotFound:         "Not found",
	http.StatusMethodNotAllowed: "Method not allowed",
	http.StatusTooManyRequests:  "Too many requests",
	http.StatusGatewayTimeout:   "Request timeout",
}

// writeFault answers a rule's status with its body, or with the standard
// error body of the status: a 500 carries an id, which is logged, and a 429
// asks to retry after a second.
func (s *Server) writeFault(w http.ResponseWriter, r *http.Request, f *faultRule) {
	status := *f.Status
	if f.Body != nil {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		w.Write(f.Body)
		return
	}
	body := errorBody{Message: faultMessages[status]}
	switch {
	case status == http.StatusInternalServerError:
		body = errorBody{Message: "Server error", ID: newUUID()}
		s.Logger.Info("fault rule answered", "id", body.ID, "method", r.Method, "path", r.URL.Path)
	case status == http.StatusTooManyRequests:
		w.Header().Set("Retry-After", "1")
	case body.Message == "":
		// The status text in the sentence case of the server's messages.
		body.Message = "Error"
		if text := http.StatusText(status); text != "" {
			body.Message = text[:1] + strings.ToLower(text[1:])
		}
	}
	writeJSON(w, status, body)
}

// handleTestFaults handles PUT /_partnerd/faults: it replaces the fault
// rules of the caller's account and answers them, defaults filled in.
func (s *Server) handleTestFaults(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(r)
	if err != nil {
		return err
	}
	rules, err := decodeFaults(body)
	if err != nil {
		return err
	}
	s.faults.set(callerOf(r).AccountID, rules)
	return ok(w, rules)
}
