package http

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/partnerd/partnerd"
)

// Limits of the fault rules of one account.
const (
	maxFaultRules   = 100
	maxFaultDelay   = 60_000 // ms: past the request timeout, so that a timeout can be simulated
	maxFaultPattern = 2048
)

// The faults a rule may play instead of answering, as WireMock names its own.
const (
	faultReset     = "connection_reset" // the connection is reset, without an answer
	faultEmpty     = "empty_response"   // the connection is closed, without an answer
	faultStallBody = "stall_body"       // the headers and half the body, then nothing until delay_ms
)

var faultKinds = []string{faultReset, faultEmpty, faultStallBody}

// faultRule answers the matching requests of an account with a fault, or
// delays them (test helpers, /_partnerd/faults). Rules live in the memory
// of the process that received them.
type faultRule struct {
	ID          int64           `json:"id"`
	Method      string          `json:"method"` // "*" matches every method
	PathPattern string          `json:"path_pattern"`
	Status      *int            `json:"status"` // nil: the rule only delays, or plays its fault
	Body        json.RawMessage `json:"body"`   // nil: the standard body of the status
	Fault       *string         `json:"fault"`  // one of faultKinds, or nil
	DelayMS     int             `json:"delay_ms"`
	Probability float64         `json:"probability"`

	segments []string // of PathPattern; "*" matches any one segment
}

// faultInput is one rule of the body of PUT or POST /_partnerd/faults.
type faultInput struct {
	Method      string          `json:"method"`
	PathPattern string          `json:"path_pattern"`
	Status      *flexInt        `json:"status"`
	Body        json.RawMessage `json:"body"`
	Fault       *string         `json:"fault"`
	DelayMS     flexInt         `json:"delay_ms"`
	Probability *float64        `json:"probability"`
}

// faultMethods are the methods a rule may name; "*" or none is any.
var faultMethods = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"}

// rule validates the input against the routes a rule may reach and
// returns its rule.
func (in *faultInput) rule(targets []faultTarget) (*faultRule, partnerd.Validation) {
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
	f.segments = strings.Split(f.PathPattern, "/")
	if problem := f.patternProblem(targets); problem != "" {
		v.Add("path_pattern", problem)
	}
	if len(in.Body) > 0 && !bytes.Equal(in.Body, []byte("null")) {
		var compact bytes.Buffer
		json.Compact(&compact, in.Body) // Valid JSON: the decoder read it.
		f.Body = compact.Bytes()
	}
	if in.Status != nil {
		status := int(*in.Status)
		f.Status = &status
	}
	f.Fault = in.Fault
	switch {
	case f.Fault != nil && !slices.Contains(faultKinds, *f.Fault):
		v.Add("fault", "must be one of "+strings.Join(faultKinds, ", "))
	case f.Fault != nil && *f.Fault != faultStallBody && (f.Status != nil || f.Body != nil):
		v.Add("fault", "answers nothing: give it no status and no body")
	case f.Status != nil && (*f.Status < 200 || *f.Status > 599):
		v.Add("status", "must be between 200 and 599")
	case f.Status != nil && *f.Status < 400 && f.Body == nil:
		v.Add("body", "can't be blank when status is below 400")
	case f.Fault != nil && *f.Fault == faultStallBody && f.Status == nil:
		v.Add("status", "can't be blank with the fault stall_body")
	case f.Status == nil && f.Body != nil:
		v.Add("status", "can't be blank when body is given")
	case f.Status == nil && f.Fault == nil && f.DelayMS == 0:
		v.Add("status", "can't be blank without delay_ms or fault")
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

// faultTarget is a route a fault rule may reach: its method and the
// segments of its path, a {name} matching any one segment.
type faultTarget struct {
	method   string
	segments []string
}

// faultTargets returns the routes of the table that fault rules reach:
// those of authenticated callers, not the test helpers.
func faultTargets(routes []route) []faultTarget {
	var out []faultTarget
	for _, rt := range routes {
		if rt.family == familyService || rt.family == familyTest {
			continue
		}
		method, path, _ := strings.Cut(rt.pattern, " ")
		out = append(out, faultTarget{method: method, segments: strings.Split(path, "/")})
	}
	return out
}

// patternProblem returns what keeps the rule's path pattern from matching
// a request, or "".
func (f *faultRule) patternProblem(targets []faultTarget) string {
	const shape = "; a pattern is a path of literal segments and *, each * one whole segment, such as /api/managed_users/*/recipes/*/start"
	switch {
	case f.PathPattern == "":
		return "can't be blank"
	case len(f.PathPattern) > maxFaultPattern:
		return fmt.Sprintf("is too long (maximum is %d characters)", maxFaultPattern)
	case f.PathPattern[0] != '/' || strings.ContainsAny(f.PathPattern, "?#"):
		return "must be a path starting with /, without a query" + shape
	}
	for _, s := range f.segments[1:] {
		switch {
		case s == "":
			return "has an empty segment" + shape
		case strings.ContainsAny(s, "{}"):
			return "has the placeholder " + s + ": write * for any one segment" + shape
		case s != "*" && strings.Contains(s, "*"):
			return "has * inside the segment " + s + shape
		}
	}
	for _, t := range targets {
		if (f.Method == "*" || f.Method == t.method || f.Method == "HEAD" && t.method == "GET") && f.reaches(t.segments) {
			return ""
		}
	}
	if f.Method != "*" {
		return "matches no " + f.Method + " route of the API (test helpers never fault)" + shape
	}
	return "matches no route of the API (test helpers never fault)" + shape
}

// reaches reports whether some request path matches both the rule and the
// route's segments.
func (f *faultRule) reaches(route []string) bool {
	if len(route) != len(f.segments) {
		return false
	}
	for i, s := range f.segments {
		r := route[i]
		if s != "*" && !(strings.HasPrefix(r, "{") && strings.HasSuffix(r, "}")) && s != r {
			return false
		}
	}
	return true
}

// decodeFaultRule reads one rule; problems are named with prefix.
func decodeFaultRule(item []byte, targets []faultTarget, prefix string, problems partnerd.Validation) (*faultRule, error) {
	var in faultInput
	err := decodeJSON(item, &in)
	var perr *partnerd.Error
	if err != nil && (!errors.As(err, &perr) || len(perr.Fields) == 0) {
		return nil, err
	}
	f, v := in.rule(targets)
	if perr != nil {
		v = perr.Fields
	}
	for field, list := range v {
		problems[prefix+field] = list
	}
	return f, nil
}

// decodeFaults reads the body of PUT /_partnerd/faults: a JSON array of
// rules. Problems name their rule: faults[2].status.
func decodeFaults(body []byte, targets []faultTarget) ([]*faultRule, error) {
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
		f, err := decodeFaultRule(item, targets, fmt.Sprintf("faults[%d].", i), problems)
		if err != nil {
			return nil, err
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
