// Package agent is the on-prem agent protocol: a server's agent listener,
// where agents enrol with an activation code and a certificate request and
// then hold a WebSocket over mutual TLS; and the agent process's side of
// it. The listener keeps each agent's presence in the store, so that every
// replica on one database answers the same.
//
// An agent enrols with POST /enrol, a JSON EnrolRequest, and gets an
// EnrolResponse: a client certificate whose subject CN is the agent's cn,
// signed by the server's agent CA, and that CA. It then opens a WebSocket
// at /connect with that certificate, sends a hello Message with its version
// and profiles, and a heartbeat Message every partnerd.OnPremHeartbeat.
package agent

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/partnerd/partnerd"
)

// Paths of the agent listener.
const (
	PathEnrol   = "/enrol"
	PathConnect = "/connect"
)

// Limits of what the listener reads.
const (
	maxEnrolBody = 64 << 10
	maxMessage   = 64 << 10 // a hello or heartbeat; rows, body and result messages may reach maxChunkMessage
)

// Types of Message.
const (
	TypeHello     = "hello"
	TypeHeartbeat = "heartbeat"
)

// EnrolRequest is the body of POST /enrol.
type EnrolRequest struct {
	Code string `json:"code"` // the activation code
	CSR  string `json:"csr"`  // a PEM certificate request; its key stays with the agent
}

// EnrolResponse is the answer of a successful enrolment.
type EnrolResponse struct {
	CN            string `json:"cn"`
	Certificate   string `json:"certificate"`    // PEM, the agent's client certificate
	CACertificate string `json:"ca_certificate"` // PEM, the server's agent CA
}

// errorResponse is the body of a refusal.
type errorResponse struct {
	Message string              `json:"message"`
	Errors  map[string][]string `json:"errors,omitempty"`
}

// Message is one message an agent sends on its connection.
type Message struct {
	Type     string                   `json:"type"`
	Version  *string                  `json:"version,omitempty"`  // hello
	Profiles []partnerd.OnPremProfile `json:"profiles,omitempty"` // hello
	ID       int64                    `json:"id,omitempty"`       // rows and result: the request's
	Seq      int64                    `json:"seq,omitempty"`      // rows: 1, 2, … in the order sent
	Columns  []string                 `json:"columns,omitempty"`  // rows: the first chunk's
	Rows     [][]any                  `json:"rows,omitempty"`     // rows
	Body     []byte                   `json:"body,omitempty"`     // body: a piece of an HTTP response's
	Result   *Result                  `json:"result,omitempty"`   // result, when it succeeded
	Error    *string                  `json:"error,omitempty"`    // result, when it failed
}

// DecodeMessage reads a message of an agent: a hello, whose version and
// profiles must be valid, a heartbeat, a chunk of rows or of a body, or a
// result.
// Anything else is EINVALID.
func DecodeMessage(b []byte) (*Message, error) {
	var m Message
	if err := decodeStrict(b, &m); err != nil {
		return nil, err
	}
	switch m.Type {
	case TypeHeartbeat:
		return &m, nil
	case TypeRows:
		return &m, m.validateRows()
	case TypeBody:
		return &m, m.validateBody()
	case TypeResult:
		return &m, m.validateResult()
	case TypeHello:
		if m.Profiles == nil {
			m.Profiles = []partnerd.OnPremProfile{}
		}
		p := partnerd.OnPremPresence{Connection: "-", Version: m.Version, Profiles: m.Profiles}
		if err := p.Validate(); err != nil {
			return nil, err
		}
		return &m, nil
	}
	return nil, partnerd.FieldError("type", "must be hello, heartbeat, rows, body or result")
}

// DecodeEnrolRequest reads the body of POST /enrol and checks that it
// holds an activation code and a certificate request whose signature holds.
func DecodeEnrolRequest(b []byte) (*EnrolRequest, error) {
	var req EnrolRequest
	if err := decodeStrict(b, &req); err != nil {
		return nil, err
	}
	v := partnerd.Validation{}
	if _, _, err := partnerd.ParseOnPremActivationCode(req.Code); err != nil {
		v.Add("code", "is not an activation code")
	}
	if _, err := parseCSR(req.CSR); err != nil {
		v.Add("csr", err.(*partnerd.Error).Fields["csr"][0])
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return &req, nil
}

// decodeStrict reads one JSON object into v, numbers as json.Number;
// anything else, trailing data, or a value of the wrong type is EINVALID.
func decodeStrict(b []byte, v any) error {
	b = bytes.TrimSpace(b)
	bad := partnerd.Errorf(partnerd.EINVALID, "Bad request")
	if len(b) == 0 || b[0] != '{' {
		return bad
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if dec.Decode(v) != nil || dec.Decode(&json.RawMessage{}) != io.EOF {
		return bad
	}
	return nil
}
