package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// IDs is a list of ids that arrives as JSON numbers or as strings of
// digits: custom roles carry folder_ids as strings on the Embedded routes
// and as numbers on the Developer ones. It is sent as numbers.
type IDs []int64

// UnmarshalJSON implements json.Unmarshaler.
func (l *IDs) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		*l = nil
		return nil
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	out := make(IDs, len(raw))
	for i, r := range raw {
		s := strings.Trim(string(bytes.TrimSpace(r)), `"`)
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return fmt.Errorf("client: id %s is not a number", r)
		}
		out[i] = n
	}
	*l = out
	return nil
}

// strings renders the ids as strings, as Workato's samples send them.
func (l IDs) strings() []string {
	if l == nil {
		return nil
	}
	out := make([]string, len(l))
	for i, n := range l {
		out[i] = strconv.FormatInt(n, 10)
	}
	return out
}
