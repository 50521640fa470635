package http

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/partnerd/partnerd"
)

// gatewayOutputJSON is the receive_request trigger's output: request holds
// the body's fields (a JSON object; other content is its text under
// "body"), then the query parameters and the path parameters, each
// replacing a field of the same name; context is Workato's metadata of the
// call, with partnerd's additions path_params, query_params, method and
// path.
type gatewayOutputJSON struct {
	Request json.RawMessage    `json:"request"`
	Context gatewayContextJSON `json:"context"`
}

type gatewayContextJSON struct {
	CallingIP      string            `json:"calling_ip"`
	AccessProfile  gatewayProfileRef `json:"access_profile"`
	APIClient      apiNamedJSON      `json:"api_client"`
	JWTClaims      map[string]any    `json:"jwt_claims"`
	RequestHeaders map[string]string `json:"request_headers"`
	PathParams     map[string]string `json:"path_params"`
	QueryParams    map[string]string `json:"query_params"`
	Method         string            `json:"method"`
	Path           string            `json:"path"`
}

type gatewayProfileRef struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	AuthType string `json:"auth_type"`
}

// gatewayHeadersLeft are the headers a call's output never keeps: its
// credentials and the hop-by-hop ones.
var gatewayHeadersLeft = map[string]bool{"api-token": true, "authorization": true, "cookie": true, "proxy-authorization": true,
	"connection": true, "te": true, "upgrade": true, "keep-alive": true, "transfer-encoding": true}

// gatewayTriggerOutput builds a call's trigger output.
func gatewayTriggerOutput(r *http.Request, params map[string]string, cred *partnerd.APICredential, claims map[string]any, ip string) (json.RawMessage, error) {
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, gatewayBodyLimit))
	if err != nil {
		return nil, err
	}
	fields, err := gatewayBodyFields(r.Header.Get("Content-Type"), body)
	if err != nil {
		return nil, err
	}
	query := map[string]string{}
	for name, values := range r.URL.Query() {
		query[name] = strings.Join(values, ",")
	}
	for _, m := range []map[string]string{query, params} {
		for name, value := range m {
			fields[name], _ = json.Marshal(value)
		}
	}
	request, err := marshalSorted(fields, body)
	if err != nil {
		return nil, err
	}
	headers := map[string]string{}
	for name, values := range r.Header {
		if n := strings.ToLower(name); !gatewayHeadersLeft[n] {
			headers[n] = strings.Join(values, ", ")
		}
	}
	out := gatewayOutputJSON{Request: request, Context: gatewayContextJSON{
		CallingIP:      ip,
		AccessProfile:  gatewayProfileRef{ID: cred.Profile.ID, Name: cred.Profile.Name, AuthType: cred.Auth().Type},
		APIClient:      apiNamedJSON{ID: cred.Client.ID, Name: cred.Client.Name},
		JWTClaims:      claims,
		RequestHeaders: headers, PathParams: params, QueryParams: query,
		Method: r.Method, Path: r.URL.Path,
	}}
	return json.Marshal(out)
}

// gatewayBodyFields reads a body: a JSON object's fields, nothing for an
// empty body, and content of a type other than JSON as its text under
// "body". A body without a content type is JSON, Workato's default; a JSON
// body that is not an object is EINVALID.
func gatewayBodyFields(contentType string, body []byte) (map[string]json.RawMessage, error) {
	fields := map[string]json.RawMessage{}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return fields, nil
	}
	if strings.Contains(contentType, "json") || contentType == "" {
		if trimmed[0] != '{' || json.Unmarshal(trimmed, &fields) != nil || fields == nil {
			return nil, partnerd.Errorf(partnerd.EINVALID, "The body must be a JSON object")
		}
		return fields, nil
	}
	if !plainText(string(body)) {
		return nil, partnerd.Errorf(partnerd.EINVALID, "The body must be UTF-8 text")
	}
	fields["body"], _ = json.Marshal(string(body))
	return fields, nil
}

// gatewayLimit is one count a gateway call is held to.
type gatewayLimit struct {
	key     string
	limit   int
	window  time.Duration
	rate    bool // a rate limit, whose count the X-RateLimit headers show
	message string
}

// gatewayLimits returns the counts a credential's call is held to: the
// server's GatewayQuota calls a day (UTC) and GatewayRateLimit calls a
// minute, then the usage quota and rate limit of its client's API access
// policy, each per access profile. A policy's limits add to the server's,
// which so stay caps.
func (s *Server) gatewayLimits(workspaceID int64, cred *partnerd.APICredential) []gatewayLimit {
	profile := strconv.FormatInt(workspaceID, 10) + ":" + strconv.FormatInt(cred.Profile.ID, 10)
	var limits []gatewayLimit
	if s.GatewayQuota > 0 {
		limits = append(limits, gatewayLimit{"apimq:" + profile, s.GatewayQuota, 24 * time.Hour, false, "Usage quota exceeded"})
	}
	if s.GatewayRateLimit > 0 {
		limits = append(limits, gatewayLimit{"apim:" + profile, s.GatewayRateLimit, rateWindow, true, "Too many requests"})
	}
	if p := cred.Policy; p != nil {
		policy := strconv.FormatInt(p.ID, 10)
		if window, ok := partnerd.APIPolicyInterval(p.QuotaInterval); ok && p.QuotaRequests > 0 {
			limits = append(limits, gatewayLimit{"apimpq:" + policy + ":" + p.QuotaInterval + ":" + profile, p.QuotaRequests, window, false,
				"Usage quota exceeded"})
		}
		if window, ok := partnerd.APIPolicyInterval(p.RateLimitInterval); ok && p.RateLimitRequests > 0 {
			limits = append(limits, gatewayLimit{"apimp:" + policy + ":" + p.RateLimitInterval + ":" + profile, p.RateLimitRequests, window, true,
				"Too many requests"})
		}
	}
	return limits
}

// limitGateway counts the call against each of its limits in the rate
// limiter that every replica shares, in order, and stops at the first it
// is past: 429 with Retry-After. The X-RateLimit headers show the last
// rate limit counted: the policy's when the client has one.
func (s *Server) limitGateway(ctx context.Context, w http.ResponseWriter, workspaceID int64, cred *partnerd.APICredential) error {
	if s.GatewayLimiter == nil {
		return nil
	}
	h := w.Header()
	for _, l := range s.gatewayLimits(workspaceID, cred) {
		d, err := s.GatewayLimiter.Allow(ctx, l.key, l.limit, l.window)
		if err != nil {
			return err
		}
		if l.rate {
			h.Set("X-RateLimit-Limit", strconv.Itoa(d.Limit))
			h.Set("X-RateLimit-Remaining", strconv.Itoa(d.Remaining))
			h.Set("X-RateLimit-Reset", strconv.FormatInt(d.Reset.Unix(), 10))
		}
		if !d.Allowed {
			retry := int(math.Ceil(d.Reset.Sub(s.Now.Now()).Seconds()))
			h.Set("Retry-After", strconv.Itoa(max(1, retry)))
			return &partnerd.Error{Code: partnerd.ERATELIMIT, Message: l.message}
		}
	}
	return nil
}

// writeCollectionSpec answers the OpenAPI document of a collection: one
// operation per active endpoint, its path parameters declared.
func (s *Server) writeCollectionSpec(w http.ResponseWriter, endpoints []*partnerd.APIEndpoint, collectionID int64, handle string) error {
	type param struct {
		Name     string         `json:"name"`
		In       string         `json:"in"`
		Required bool           `json:"required"`
		Schema   map[string]any `json:"schema"`
	}
	type operation struct {
		OperationID string         `json:"operationId"`
		Summary     string         `json:"summary"`
		Parameters  []param        `json:"parameters,omitempty"`
		Responses   map[string]any `json:"responses"`
	}
	paths := map[string]map[string]operation{}
	var base string
	for _, e := range endpoints {
		if e.CollectionID != collectionID || !e.Active {
			continue
		}
		base = e.CollectionPath
		var segs []string
		var params []param
		for _, seg := range strings.Split(e.Path, "/") {
			if name, ok := strings.CutPrefix(seg, ":"); ok && name != "" {
				seg = "{" + name + "}"
			}
			if len(seg) > 2 && seg[0] == '{' && seg[len(seg)-1] == '}' {
				params = append(params, param{Name: seg[1 : len(seg)-1], In: "path", Required: true, Schema: map[string]any{"type": "string"}})
			}
			segs = append(segs, seg)
		}
		p := "/" + strings.Join(segs, "/")
		if paths[p] == nil {
			paths[p] = map[string]operation{}
		}
		paths[p][strings.ToLower(e.Method)] = operation{OperationID: "endpoint_" + strconv.FormatInt(e.ID, 10), Summary: e.Name,
			Parameters: params, Responses: map[string]any{"200": map[string]any{"description": "The recipe's response"}}}
	}
	keys := make([]string, 0, len(paths))
	for k := range paths {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	doc := map[string]any{
		"openapi": "3.0.3",
		"info":    map[string]any{"title": handle, "version": "1.0"},
		"servers": []any{map[string]any{"url": s.gatewayURL() + base}},
		"paths":   paths,
		"components": map[string]any{"securitySchemes": map[string]any{
			"api_token": map[string]any{"type": "apiKey", "in": "header", "name": "API-TOKEN"},
			"bearer":    map[string]any{"type": "http", "scheme": "bearer"},
		}},
		"security": []any{map[string]any{"api_token": []any{}}, map[string]any{"bearer": []any{}}},
	}
	writeJSON(w, http.StatusOK, doc)
	return nil
}
