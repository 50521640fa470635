package http

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"sort"
	"strings"

	"github.com/partnerd/partnerd"
)

// webhookBodyLimit is the largest webhook event body.
const webhookBodyLimit = 10 << 20

// webhookRequestKey is the key of a webhook event's trigger output under
// which the request's event name, query and headers are kept, beside the
// body's own fields: {"event": "…", "query": {name: value}, "headers":
// {name: value}}, names in lower case, a repeated one's values joined by
// ", ". A body field of that name is replaced.
const webhookRequestKey = "partnerd_request"

// webhookHeadersLeft are the headers a webhook event never keeps: credentials
// and the hop-by-hop ones.
var webhookHeadersLeft = map[string]bool{"authorization": true, "cookie": true, "proxy-authorization": true,
	"connection": true, "te": true, "upgrade": true, "keep-alive": true, "transfer-encoding": true}

// publicURL returns the base of webhook URLs.
func (s *Server) publicURL() string {
	if s.PublicURL == nil {
		return ""
	}
	return strings.TrimSuffix(s.PublicURL(), "/")
}

// webhookOutput returns a webhook event's trigger output: the body's
// object with the request's event, query and headers added. An empty body
// is an empty object; any other body that is not a JSON object is EINVALID.
func webhookOutput(r *http.Request, body []byte) (json.RawMessage, error) {
	var fields map[string]json.RawMessage
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		body = []byte("{}")
	}
	if body[0] != '{' || json.Unmarshal(body, &fields) != nil || fields == nil {
		return nil, partnerd.Errorf(partnerd.EINVALID, "The body must be a JSON object")
	}
	req := struct {
		Event   string            `json:"event"`
		Query   map[string]string `json:"query"`
		Headers map[string]string `json:"headers"`
	}{Event: r.PathValue("event"), Query: map[string]string{}, Headers: map[string]string{}}
	for name, values := range r.URL.Query() {
		req.Query[name] = strings.Join(values, ", ")
	}
	for name, values := range r.Header {
		if n := strings.ToLower(name); !webhookHeadersLeft[n] {
			req.Headers[n] = strings.Join(values, ", ")
		}
	}
	extra, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	fields[webhookRequestKey] = extra
	return marshalSorted(fields, body)
}

// marshalSorted writes the fields of an object in the order the body had
// them, with those it lacked after them.
func marshalSorted(fields map[string]json.RawMessage, body []byte) (json.RawMessage, error) {
	order := map[string]int{}
	d := json.NewDecoder(bytes.NewReader(body))
	d.Token()
	for i := 0; d.More(); i++ {
		tok, err := d.Token()
		if err != nil {
			break
		}
		if k, ok := tok.(string); ok {
			if _, seen := order[k]; !seen {
				order[k] = i
			}
		}
		var skip json.RawMessage
		if d.Decode(&skip) != nil {
			break
		}
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.SliceStable(keys, func(i, j int) bool {
		oi, iok := order[keys[i]]
		oj, jok := order[keys[j]]
		switch {
		case iok && jok:
			return oi < oj
		case iok != jok:
			return iok
		}
		return keys[i] < keys[j]
	})
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kj, _ := json.Marshal(k)
		b.Write(kj)
		b.WriteByte(':')
		b.Write(fields[k])
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// handleWebhook handles POST /webhooks/rest/{token}/{event}: an event of
// the running webhook-triggered recipe of token, stored before the answer
// 200 {"status":"accepted"}; 404 for an unknown token or a stopped recipe.
func (s *Server) handleWebhook(w http.ResponseWriter, r *http.Request) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return err
	}
	out, err := webhookOutput(r, body)
	if err != nil {
		return err
	}
	if _, err := s.Jobs.EnqueueWebhookEvent(r.Context(), r.PathValue("token"), &partnerd.TriggerEvent{Output: out}); err != nil {
		return err
	}
	return ok(w, webhookAcceptedJSON{Status: "accepted"})
}

// webhookAcceptedJSON is the answer to a stored webhook event.
type webhookAcceptedJSON struct {
	Status string `json:"status"`
}
