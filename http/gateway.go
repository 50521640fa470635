package http

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/partnerd/partnerd"
)

// Gateway answers, where Workato's documentation is silent (README
// "API gateway"): a path that names no collection or endpoint, a disabled
// endpoint and one whose recipe is stopped are 404; a recipe that ends
// without return_response answers 200 with an empty body, as a stop does;
// a failed job 500 and one past GatewayTimeout 504, each with the job's id.
const (
	defaultGatewayTimeout = 30 * time.Second
	gatewayBodyLimit      = 10 << 20
)

// gatewayCall is what the log line of one gateway call says.
type gatewayCall struct {
	workspaceID int64
	cred        *partnerd.APICredential
	endpoint    *partnerd.APIEndpoint
	job         string
}

// gatewayURL returns the base of the URLs of API collections and
// endpoints: the public URL and APIGatewayPath.
func (s *Server) gatewayURL() string {
	base := s.publicURL()
	if base == "" {
		return partnerd.APIGatewayURL
	}
	return base + partnerd.APIGatewayPath
}

// serveGateway serves a call under APIGatewayPath and logs it.
func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	infoOf(r).Route = partnerd.APIGatewayPath
	call := &gatewayCall{}
	sw, ok := w.(*statusWriter)
	if !ok {
		sw = &statusWriter{ResponseWriter: w}
	}
	if err := s.handleGateway(sw, r, call); err != nil {
		s.writeError(sw, r, err)
	}
	status := sw.status
	if status == 0 {
		status = http.StatusOK
	}
	attrs := []slog.Attr{slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Int("status", status),
		slog.Duration("latency", time.Since(start)), slog.Int64("workspace", call.workspaceID)}
	if call.cred != nil {
		attrs = append(attrs, slog.Int64("api_client", call.cred.Client.ID), slog.Int64("access_profile", call.cred.Profile.ID))
	}
	if call.endpoint != nil {
		attrs = append(attrs, slog.Int64("endpoint", call.endpoint.ID))
	}
	if call.job != "" {
		attrs = append(attrs, slog.String("job", call.job))
	}
	s.Logger.LogAttrs(r.Context(), slog.LevelInfo, "api call", attrs...)
}

// countGatewayFailure counts err against the address when it is a failed
// authentication, and returns it.
func (s *Server) countGatewayFailure(addr netip.Addr, err error) error {
	if partnerd.ErrorCode(err) == partnerd.EUNAUTHORIZED {
		s.gatewayFailures.fail(addr, s.Now.Now())
	}
	return err
}

// errGatewayNotFound is the answer to a path that names no endpoint.
func errGatewayNotFound(detail string) error {
	return &partnerd.Error{Code: partnerd.ENOTFOUND, Message: "Not found", Detail: detail}
}

// handleGateway serves one call: it authenticates the caller in the
// workspace of the path, finds the collection and checks the caller's
// grant, its IP lists and its rate limit, then finds the endpoint and
// runs its recipe.
func (s *Server) handleGateway(w http.ResponseWriter, r *http.Request, call *gatewayCall) error {
	if s.APIGateway == nil {
		return errGatewayNotFound("the server has no API gateway")
	}
	ctx := r.Context()
	workspaceID, rest, ok := partnerd.ParseAPIGatewayPath(strings.TrimPrefix(r.URL.EscapedPath(), partnerd.APIGatewayPath))
	if !ok {
		return errGatewayNotFound("the path names no workspace")
	}
	call.workspaceID = workspaceID
	addr := s.clientAddr(r)
	if retry, ok := s.gatewayFailures.check(addr, s.Now.Now()); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(retry))
		return errGatewayFailures(retry)
	}
	if rest == "oauth2/token" {
		if r.Method != http.MethodPost {
			return errGatewayNotFound("the token endpoint takes POST")
		}
		return s.countGatewayFailure(addr, s.handleGatewayToken(w, r, workspaceID))
	}
	cred, claims, err := s.authenticateGateway(r, workspaceID)
	if err != nil {
		return s.countGatewayFailure(addr, err)
	}
	call.cred = cred
	endpoints, err := s.APIGateway.FindAPIGatewayEndpoints(ctx, workspaceID)
	if err != nil {
		return err
	}
	collectionID, handle, inCollection, ok := gatewayCollection(endpoints, workspaceID, rest)
	if !ok {
		return errGatewayNotFound("the path names no collection")
	}
	if !cred.Reaches(collectionID) {
		return &partnerd.Error{Code: partnerd.EFORBIDDEN, Message: "Forbidden", Detail: "the credential is not granted the collection"}
	}
	if err := s.checkGatewayIP(r, cred); err != nil {
		return err
	}
	if err := s.limitGateway(ctx, w, workspaceID, cred); err != nil {
		return err
	}
	if inCollection == "openapi.json" && r.Method == http.MethodGet {
		return s.writeCollectionSpec(w, endpoints, collectionID, handle)
	}
	e, params := matchGatewayEndpoint(endpoints, collectionID, r.Method, inCollection)
	if e == nil {
		return errGatewayNotFound("no endpoint of the collection serves " + r.Method + " " + inCollection)
	}
	call.endpoint = e
	if !e.Active || e.FlowID == nil {
		return errGatewayNotFound("the endpoint is disabled")
	}
	out, err := gatewayTriggerOutput(r, params, cred, claims, addr.String())
	if err != nil {
		return err
	}
	return s.runGatewayRecipe(w, r, call, out)
}

// gatewayCollection finds the collection whose handle begins rest and
// returns its id, its handle and the path within it.
func gatewayCollection(endpoints []*partnerd.APIEndpoint, workspaceID int64, rest string) (id int64, handle, inCollection string, ok bool) {
	prefix := fmt.Sprintf("/ws%d/", workspaceID)
	for _, e := range endpoints {
		h := strings.TrimPrefix(e.CollectionPath, prefix)
		if after, found := strings.CutPrefix(rest, h); found && (after == "" || after[0] == '/') {
			return e.CollectionID, h, strings.TrimPrefix(after, "/"), true
		}
	}
	return 0, "", "", false
}

// matchGatewayEndpoint returns the endpoint of the collection that serves
// method at path, with its path parameters. An active endpoint wins over
// a disabled one of the same method and path.
func matchGatewayEndpoint(endpoints []*partnerd.APIEndpoint, collectionID int64, method, path string) (*partnerd.APIEndpoint, map[string]string) {
	var found *partnerd.APIEndpoint
	var foundParams map[string]string
	for _, e := range endpoints {
		if e.CollectionID != collectionID || e.Method != method {
			continue
		}
		if params, ok := partnerd.MatchAPIPath(e.Path, path); ok && (found == nil || (!found.Active && e.Active)) {
			found, foundParams = e, params
		}
	}
	return found, foundParams
}

// checkGatewayIP refuses a caller outside the profile's IP allow list or
// inside its deny list.
func (s *Server) checkGatewayIP(r *http.Request, cred *partnerd.APICredential) error {
	addr := s.clientAddr(r)
	inList := func(list []string) bool {
		for _, item := range list {
			prefixes, err := partnerd.ParseIPAllowList(item)
			if err != nil {
				continue
			}
			for _, p := range prefixes {
				if addr.IsValid() && p.Contains(addr) {
					return true
				}
			}
		}
		return false
	}
	p := cred.Profile
	if (len(p.IPAllowList) > 0 && !inList(p.IPAllowList)) || inList(p.IPDenyList) {
		return &partnerd.Error{Code: partnerd.EFORBIDDEN, Message: "Forbidden", Detail: "the caller's IP address is not allowed"}
	}
	return nil
}

// runGatewayRecipe stores the call's job, already claimed by this
// process, runs it and answers what its recipe returned.
func (s *Server) runGatewayRecipe(w http.ResponseWriter, r *http.Request, call *gatewayCall, out json.RawMessage) error {
	ctx := r.Context()
	e := call.endpoint
	if s.Runner == nil {
		return &partnerd.Error{Code: partnerd.EUNAVAILABLE, Message: "Service unavailable", Detail: "the server runs no recipes"}
	}
	recipe, err := s.Recipes.FindRecipeByID(ctx, call.workspaceID, *e.FlowID)
	if partnerd.ErrorCode(err) == partnerd.ENOTFOUND {
		return errGatewayNotFound("the endpoint's recipe is gone")
	} else if err != nil {
		return err
	}
	if e.ValidateRequest {
		var o struct {
			Request json.RawMessage `json:"request"`
		}
		json.Unmarshal(out, &o)
		if err := validateRequest(requestSchema(recipe.Code), o.Request); err != nil {
			return err
		}
	}
	// The job runs to its end even when the caller has gone or waited too long.
	job, done, err := s.Runner.RunJob(ctx, call.workspaceID, recipe.ID, &partnerd.TriggerEvent{Output: out})
	if partnerd.ErrorCode(err) == partnerd.ESTATE {
		return errGatewayNotFound("the endpoint's recipe is not running")
	} else if err != nil {
		return err
	}
	call.job = partnerd.JobRef(job.ID)
	timeout := s.GatewayTimeout
	if timeout <= 0 {
		timeout = defaultGatewayTimeout
	}
	if s.RequestTimeout > 0 && timeout >= s.RequestTimeout {
		timeout = s.RequestTimeout * 9 / 10 // The 504 with the job's id comes before the request's own.
	}
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case d := <-done:
		return writeGatewayResult(w, call.job, d, recipe.Code)
	case <-t.C:
		writeJSON(w, http.StatusGatewayTimeout, errorBody{Message: "Request timeout", ID: call.job})
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// gatewayResultJSON is the result of a job that ran return_response.
type gatewayResultJSON struct {
	HTTPStatusCode  int                        `json:"http_status_code"`
	Response        json.RawMessage            `json:"response"`
	ResponseHeaders map[string]json.RawMessage `json:"response_headers"`
}

// writeGatewayResult answers a job's end: what return_response chose, its
// body shaped by the schema the trigger declares for its status (code is
// the recipe's), an empty 200 for a job that ended without it, a 500 for a
// failed job.
func writeGatewayResult(w http.ResponseWriter, job string, d *partnerd.JobDetail, code string) error {
	w.Header().Set("X-Job-Id", job)
	switch {
	case d == nil || d.Job.Status != partnerd.JobSucceeded:
		writeJSON(w, http.StatusInternalServerError, errorBody{Message: "Job failed", ID: job})
		return nil
	case len(d.Result) == 0:
		w.WriteHeader(http.StatusOK)
		return nil
	}
	var out gatewayResultJSON
	if err := json.Unmarshal(d.Result, &out); err != nil || out.HTTPStatusCode < 100 || out.HTTPStatusCode > 599 {
		writeJSON(w, http.StatusInternalServerError, errorBody{Message: "Job failed", ID: job})
		return nil
	}
	for name, raw := range out.ResponseHeaders {
		var value string
		if json.Unmarshal(raw, &value) != nil {
			value = string(raw) // A number or a boolean, as JSON writes it.
		}
		if http.CanonicalHeaderKey(name) != "Content-Length" && value != "null" && plainText(name+value) && !strings.ContainsAny(name+value, "\r\n") {
			w.Header().Set(name, value)
		}
	}
	body := out.Response
	if len(body) == 0 || string(body) == "null" {
		body = []byte("{}")
	}
	if fields, ok := responseSchema(code, out.HTTPStatusCode); ok {
		body = shapeResponse(fields, body)
	}
	writeBody(w, out.HTTPStatusCode, append(body, '\n'))
	return nil
}
