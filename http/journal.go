package http

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Sizes of what the journal keeps of a request.
const (
	journalBodyMax = 1 << 10  // the excerpt of a body
	journalReadMax = 64 << 10 // what is read of a body to make the excerpt
	journalPathMax = 2 << 10  // the path and query
)

// journalEntry is a request the journal keeps.
type journalEntry struct {
	Time      jsonTime `json:"time"`
	RequestID string   `json:"request_id"`
	Method    string   `json:"method"`
	Path      string   `json:"path"`
	Status    int      `json:"status"`
	AccountID int64    `json:"account_id"`
	Body      *string  `json:"body"`
	// Detail says what an error answered means, where its body says little.
	Detail          string            `json:"detail,omitempty"`
	RequestHeaders  map[string]string `json:"request_headers"`
	ResponseHeaders map[string]string `json:"response_headers"`
}

// journal keeps the newest requests of each account, in the memory of the
// process that served them: behind several replicas, each replica's
// journal holds the requests it served.
type journal struct {
	mu       sync.Mutex
	accounts map[int64]*journalRing
}

// journalRing holds an account's entries; next is where the next one goes
// once the ring is full.
type journalRing struct {
	entries []journalEntry
	next    int
}

// add records an entry, keeping at most size entries of its account.
func (j *journal) add(size int, e journalEntry) {
	if size <= 0 {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.accounts == nil {
		j.accounts = map[int64]*journalRing{}
	}
	ring := j.accounts[e.AccountID]
	if ring == nil {
		ring = &journalRing{}
		j.accounts[e.AccountID] = ring
	}
	if n := len(ring.entries); n > size { // The size went down: keep the newest.
		kept := make([]journalEntry, 0, size)
		for i := size; i > 0; i-- {
			kept = append(kept, ring.entries[(ring.next-i+n)%n])
		}
		ring.entries, ring.next = kept, 0
	}
	if len(ring.entries) < size {
		ring.entries = append(ring.entries, e)
		return
	}
	ring.entries[ring.next] = e
	ring.next = (ring.next + 1) % size
}

// clear forgets the entries of an account.
func (j *journal) clear(accountID int64) {
	j.mu.Lock()
	defer j.mu.Unlock()
	delete(j.accounts, accountID)
}

// list returns the entries of an account, newest first.
func (j *journal) list(accountID int64) []journalEntry {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := []journalEntry{}
	ring := j.accounts[accountID]
	if ring == nil {
		return out
	}
	n := len(ring.entries)
	for i := range n {
		out = append(out, ring.entries[((ring.next-1-i)%n+n)%n])
	}
	return out
}

// journalStart returns the entry of a request that has not been answered
// yet, with the excerpt of its body, which stays readable for the handler.
func journalStart(r *http.Request, accountID int64, now time.Time) journalEntry {
	e := journalEntry{Time: jsonTime(now), RequestID: infoOf(r).ID, Method: r.Method, Path: journalPath(r),
		AccountID: accountID, RequestHeaders: journalHeaders(r.Header)}
	if r.Body == nil || r.Body == http.NoBody {
		return e
	}
	head, _ := io.ReadAll(io.LimitReader(r.Body, journalReadMax))
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(head), r.Body), r.Body}
	if excerpt := redactedExcerpt(head); excerpt != "" {
		e.Body = &excerpt
	}
	return e
}

// journalHeaders returns headers as the journal keeps them: one value
// each, repeated ones joined by ", ", the values of secret names
// (isSecretKey) redacted.
func journalHeaders(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for k, v := range h {
		if isSecretKey(k) {
			out[k] = "[REDACTED]"
			continue
		}
		out[k] = truncateText(strings.Join(v, ", "), journalPathMax)
	}
	return out
}

// journalPath returns the path and query of a request, the values of
// parameters with secret names (isSecretKey) redacted.
func journalPath(r *http.Request) string {
	p := r.URL.EscapedPath()
	if q := r.URL.RawQuery; q != "" {
		parts := strings.Split(q, "&")
		for i, part := range parts {
			key, _, _ := strings.Cut(part, "=")
			if k, err := url.QueryUnescape(key); err != nil || isSecretKey(k) {
				parts[i] = key + "=[REDACTED]"
			}
		}
		p += "?" + strings.Join(parts, "&")
	}
	return truncateText(p, journalPathMax)
}

// secretWords are the words whose presence anywhere in a field's name,
// matched without case and with "-" and "_" left out, makes its value a
// secret the journal never keeps: "Api-Key", "pwd" and "oauth_client_secret"
// all match. "input" is a connection's input, secret as a whole.
var secretWords = []string{"key", "token", "secret", "pass", "pwd", "auth", "credential", "cookie", "session", "signature"}

// keySeparators are left out of a field's name before it is matched.
var keySeparators = strings.NewReplacer("-", "", "_", "", " ", "", ".", "")

// isSecretKey reports whether a field of that name holds a secret.
func isSecretKey(key string) bool {
	key = keySeparators.Replace(strings.ToLower(key))
	if key == "input" {
		return true
	}
	for _, w := range secretWords {
		if strings.Contains(key, w) {
			return true
		}
	}
	return false
}

// redactedExcerpt returns at most journalBodyMax bytes of a JSON body,
// written compactly in the order it came, with the values of secret fields
// replaced by "[REDACTED]". A body that is not JSON gives "", as its text
// could hold secrets; a body cut short gives what came before the cut.
func redactedExcerpt(body []byte) string {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var out bytes.Buffer
	type frame struct {
		object   bool
		items    int  // values written
		afterKey bool // a key is written and its value is next
	}
	var stack []frame
	skip := 0        // the depth of a secret container being skipped
	secret := false  // the next value is a secret field's
	done := func() { // a value was written
		if n := len(stack); n > 0 {
			stack[n-1].items++
			stack[n-1].afterKey = false
		}
	}
	for out.Len() <= journalBodyMax {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		delim, isDelim := tok.(json.Delim)
		if skip > 0 {
			if isDelim && (delim == '{' || delim == '[') {
				skip++
			} else if isDelim {
				skip--
			}
			continue
		}
		if isDelim && (delim == '}' || delim == ']') {
			out.WriteByte(byte(delim))
			stack = stack[:len(stack)-1]
			done()
			continue
		}
		top := len(stack) - 1
		if top >= 0 && stack[top].object && !stack[top].afterKey {
			key, _ := tok.(string)
			if stack[top].items > 0 {
				out.WriteByte(',')
			}
			writeJSONText(&out, key)
			out.WriteByte(':')
			stack[top].afterKey, secret = true, isSecretKey(key)
			continue
		}
		if top >= 0 && !stack[top].object && stack[top].items > 0 {
			out.WriteByte(',')
		}
		switch {
		case secret:
			out.WriteString(`"[REDACTED]"`)
			secret = false
			if isDelim {
				skip = 1
			}
			done()
		case isDelim:
			out.WriteByte(byte(delim))
			stack = append(stack, frame{object: delim == '{'})
		default:
			writeJSONText(&out, tok)
			done()
		}
	}
	return truncateText(out.String(), journalBodyMax)
}

// writeJSONText writes a scalar as JSON, leaving &, < and > as they are.
func writeJSONText(b *bytes.Buffer, v any) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	b.Truncate(b.Len() - 1) // The encoder's newline.
}

// truncateText cuts s to at most n bytes, at a character boundary.
func truncateText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
