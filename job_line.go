package partnerd

import (
	"encoding/json"
	"time"
	"unicode/utf8"
)

// Line statuses: a line of a step that ended, or that failed.
const (
	LineSucceeded = "succeeded"
	LineFailed    = "failed"
)

// JobLine is one line of a job: its trigger, then each step it executed,
// control steps included, in the order they ran. Input and Output are JSON
// text (nil when the step has none), each at most MaxLineData bytes.
type JobLine struct {
	Number      int
	Keyword     string
	Provider    string
	Name        string
	As          string
	Status      string
	Input       json.RawMessage
	Output      json.RawMessage
	Error       *string
	StartedAt   time.Time
	CompletedAt time.Time
	// Agent names the on-prem agent that served the step, or is nil when
	// the step ran on the server.
	Agent *LineAgent
}

// LineAgent is the on-prem agent that served a step: its id and name.
type LineAgent struct {
	ID   int64
	Name string
}

// MaxLineData is the most bytes of input, and of output, that a job line keeps.
const MaxLineData = 1 << 20

// truncatedData is what a line keeps of data over MaxLineData: a marker,
// the size of the whole, and its first bytes as text.
type truncatedData struct {
	Truncated bool   `json:"partnerd_truncated"`
	Bytes     int    `json:"bytes"`
	Head      string `json:"head"`
}

// CapLineData returns data, or when it is longer than MaxLineData a JSON
// object that marks the cut and keeps the first part of data as text.
func CapLineData(data json.RawMessage) json.RawMessage {
	if len(data) <= MaxLineData {
		return data
	}
	for n := MaxLineData / 2; n > 0; n /= 2 {
		for n > 0 && !utf8.RuneStart(data[n]) { // cut between runes
			n--
		}
		head := data[:n]
		out, err := json.Marshal(truncatedData{Truncated: true, Bytes: len(data), Head: string(head)})
		if err == nil && len(out) <= MaxLineData {
			return out
		}
	}
	out, _ := json.Marshal(truncatedData{Truncated: true, Bytes: len(data)})
	return out
}
