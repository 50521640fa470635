package partnerd

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"time"
)

// MaxConnectorCalls is how many recorded calls the store keeps per
// account; older ones are dropped as new ones come.
const MaxConnectorCalls = 10_000

// ConnectorCall is one call of a step to a connector, stubbed or real, as
// recorded for a partner's tests to verify (/_partnerd/calls). Input and
// Output are JSON text with the values of secret fields redacted
// (RedactSecrets); Error is set when the call failed. StubID is the stub
// that answered it, 0 for a real call.
type ConnectorCall struct {
	ID           int64
	AccountID    int64
	WorkspaceID  int64
	Provider     string
	Action       string
	ConnectionID int64 // 0 when the recipe's config gives the provider none
	JobID        int64
	RecipeID     int64
	StepNumber   int
	StubID       int64
	Input        json.RawMessage
	Output       json.RawMessage
	Error        *string
	StartedAt    time.Time
	Duration     time.Duration
}

// ConnectorCallFilter selects recorded calls; zero fields select all.
type ConnectorCallFilter struct {
	Provider     string
	Action       string
	RecipeID     int64
	JobID        int64
	ConnectionID int64
	Page         Page
}

// ConnectorCallLog records the connector calls of jobs.
type ConnectorCallLog interface {
	// RecordConnectorCalls stores calls of a job of the workspace, each
	// under the account that owns it.
	RecordConnectorCalls(ctx context.Context, workspaceID int64, calls []*ConnectorCall) error
	// FindConnectorCalls returns a page of the account's calls, newest
	// first, and how many match in all.
	FindConnectorCalls(ctx context.Context, accountID int64, f ConnectorCallFilter) ([]*ConnectorCall, int, error)
	// DeleteConnectorCalls forgets every call of the account and returns how many.
	DeleteConnectorCalls(ctx context.Context, accountID int64) (int, error)
}

// Redacted is what RedactSecrets leaves of a secret value.
const Redacted = "[REDACTED]"

// secretFieldWords are the words whose presence in a field's name, matched
// without case and with "-", "_", "." and spaces left out, make its value
// a secret that recorded calls never keep. Unlike the request journal,
// "key" and "auth" alone are not secret: step inputs name issue_key,
// idempotency_key and author fields that tests must see.
var secretFieldWords = []string{"password", "passwd", "pwd", "secret", "token", "apikey", "privatekey",
	"authorization", "credential", "cookie", "signature", "passphrase"}

// IsSecretField reports whether a field of that name holds a secret.
func IsSecretField(name string) bool {
	n := strings.NewReplacer("-", "", "_", "", ".", "", " ", "").Replace(strings.ToLower(name))
	for _, w := range secretFieldWords {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// RedactSecrets returns JSON text with the values of secret fields
// (IsSecretField), and of {name, value} pairs of a secret name, at any
// depth, replaced by Redacted. Text that is not
// JSON, or holds no secret, comes back unchanged.
func RedactSecrets(data json.RawMessage) json.RawMessage {
	if len(data) == 0 || !hasSecretName(data) {
		return data
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // Numbers keep their digits.
	var v any
	if err := dec.Decode(&v); err != nil {
		return data
	}
	if !redact(v) {
		return data
	}
	out, err := json.Marshal(v)
	if err != nil {
		return data
	}
	return out
}

// hasSecretName is a quick look for a secret word anywhere in the text.
func hasSecretName(data []byte) bool {
	low := strings.ToLower(string(data))
	for _, w := range []string{"pass", "pwd", "secret", "token", "key", "authorization", "credential", "cookie", "signature"} {
		if strings.Contains(low, w) {
			return true
		}
	}
	return false
}

// redact replaces the values of v's secret fields in place and reports
// whether it found any.
func redact(v any) bool {
	found := false
	switch x := v.(type) {
	case map[string]any:
		// A {name, value} pair, as steps write headers and query
		// parameters, is secret by its name.
		if name, ok := x["name"].(string); ok && IsSecretField(name) {
			if _, ok := x["value"]; ok {
				x["value"], found = Redacted, true
			}
		}
		for k, item := range x {
			if IsSecretField(k) {
				x[k], found = Redacted, true
			} else if redact(item) {
				found = true
			}
		}
	case []any:
		for _, item := range x {
			if redact(item) {
				found = true
			}
		}
	}
	return found
}
