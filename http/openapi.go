package http

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/partnerd/partnerd"
)

// routeDoc is what the OpenAPI document says of a route beyond its row in
// the route table. Every route has one in routeDocs, keyed by its pattern.
type routeDoc struct {
	summary   string
	query     []string // query parameters, named in queryParams
	paged     int      // the per_page maximum of a paged list; 0 when not paged
	body      any      // a value of the request body's type; nil when none
	need      []string // the body fields a request must hold
	bodyMedia string   // the request body's media type when it is not JSON
	ok        any      // a value of the success body's type; anyOf for several
	status    int      // the success status; 0 is 200
	accepted  any      // a value of the type of a 202 answer, given before the work ends; nil when none
	also      []int    // failures beside those of the route's family
	media     string   // the success media type when it is not JSON
}

// routeDocs documents every route of the table, by pattern; the files
// openapi_routes_*.go fill it, one per resource.
var routeDocs = map[string]routeDoc{}

// document adds route documentation to routeDocs; a pattern documented twice
// is a mistake that the route test reports.
func document(docs map[string]routeDoc) bool {
	for pattern, d := range docs {
		if _, dup := routeDocs[pattern]; dup {
			routeDocs[pattern+" (twice)"] = d
		}
		routeDocs[pattern] = d
	}
	return true
}

// openAPI is the document: the fields of OpenAPI 3.1 that partnerd fills.
type openAPI struct {
	OpenAPI    string                `json:"openapi"`
	Info       map[string]string     `json:"info"`
	Security   []map[string][]string `json:"security"`
	Paths      ordered               `json:"paths"` // path → ordered method → *operation
	Components map[string]any        `json:"components"`

	missing []string // routes without a routeDoc
	unknown []string // query parameters and types the document cannot describe
}

type operation struct {
	OperationID string                 `json:"operationId"`
	Summary     string                 `json:"summary,omitempty"`
	Description string                 `json:"description,omitempty"`
	Tags        []string               `json:"tags,omitempty"`
	Parameters  []*parameter           `json:"parameters,omitempty"`
	RequestBody *requestBody           `json:"requestBody,omitempty"`
	Responses   ordered                `json:"responses"` // status → *response
	Security    *[]map[string][]string `json:"security,omitempty"`
	RateLimit   string                 `json:"x-partnerd-rate-limit-group,omitempty"`
	Privilege   string                 `json:"x-partnerd-privilege,omitempty"`
}

type parameter struct {
	Name        string  `json:"name"`
	In          string  `json:"in"`
	Description string  `json:"description,omitempty"`
	Required    bool    `json:"required,omitempty"`
	Style       string  `json:"style,omitempty"`
	Explode     *bool   `json:"explode,omitempty"`
	Schema      *schema `json:"schema"`
}

type requestBody struct {
	Required bool                  `json:"required,omitempty"`
	Content  map[string]*mediaType `json:"content"`
}

type response struct {
	Ref         string                `json:"$ref,omitempty"`
	Description string                `json:"description,omitempty"`
	Headers     map[string]any        `json:"headers,omitempty"`
	Content     map[string]*mediaType `json:"content,omitempty"`
}

type mediaType struct {
	Schema *schema `json:"schema"`
}

const jsonMedia = "application/json"

// openAPICache holds the document once it is built.
type openAPICache struct {
	once sync.Once
	body []byte
	err  error
}

// handleOpenAPI handles GET /openapi.json: the document of every route the
// server answers, built on the first request.
func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) error {
	c := &s.openAPI
	c.once.Do(func() { c.body, c.err = json.Marshal(s.openAPIDocument()) })
	if c.err != nil {
		return c.err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(c.body)
	return nil
}

// openAPIDocument builds the document of the server's routes.
func (s *Server) openAPIDocument() *openAPI { return buildOpenAPI(s.routes(), s.TestHelpers) }

// buildOpenAPI builds the document of a route table: the test helpers only
// when they are served.
func buildOpenAPI(table []route, testHelpers bool) *openAPI {
	set := newSchemaSet()
	doc := &openAPI{
		OpenAPI: "3.1.0",
		Info: map[string]string{
			"title":   "partnerd",
			"version": partnerd.Version,
			"summary": "The Workato Embedded partner API, as partnerd serves it.",
		},
		Security: []map[string][]string{{"bearer": {}}, {"userEmail": {}, "userToken": {}}, {"userEmailQuery": {}, "userTokenQuery": {}}},
	}
	opIDs := map[string]bool{}
	for _, rt := range table {
		if rt.family == familyTest && !testHelpers {
			continue
		}
		method, path, _ := strings.Cut(rt.pattern, " ")
		path = strings.TrimSuffix(path, "{$}") // "/{$}" is the root alone.
		d, ok := routeDocs[rt.pattern]
		if !ok {
			doc.missing = append(doc.missing, rt.pattern)
		}
		op := d.operation(rt, set, doc)
		for opIDs[op.OperationID] {
			op.OperationID += "_"
		}
		opIDs[op.OperationID] = true
		item, _ := doc.Paths.get(path).(ordered)
		item.set(strings.ToLower(method), op)
		doc.Paths.set(path, item)
	}
	for _, t := range set.unknown {
		doc.unknown = append(doc.unknown, "type "+t.String())
	}
	responses := errorResponses(set)
	doc.Components = map[string]any{
		"schemas":         set.components,
		"responses":       responses,
		"securitySchemes": securitySchemes,
	}
	return doc
}

// operation documents one route.
func (d routeDoc) operation(rt route, set *schemaSet, doc *openAPI) *operation {
	method, path, _ := strings.Cut(rt.pattern, " ")
	path = strings.TrimSuffix(path, "{$}") // "/{$}" is the root alone.
	op := &operation{
		OperationID: operationID(method, path),
		Summary:     d.summary,
		Description: familyNotes[rt.family],
		Tags:        []string{tagOf(rt)},
		RateLimit:   rt.limit,
	}
	if rt.area != "" {
		op.Privilege = rt.area + " " + rt.verbOf(method)
	}
	switch rt.family {
	case familyService:
		op.Security = &[]map[string][]string{}
	case familyTest:
		op.Security = &[]map[string][]string{{"bearer": {}}}
	}
	for _, seg := range strings.Split(path, "/") {
		if name, ok := strings.CutPrefix(seg, "{"); ok {
			op.Parameters = append(op.Parameters, pathParameter(strings.TrimSuffix(name, "}")))
		}
	}
	query := d.query
	if d.paged > 0 {
		query = append(slices.Clip(query), "page", "per_page")
	}
	for _, name := range query {
		p, ok := queryParams[name]
		if !ok {
			doc.unknown = append(doc.unknown, rt.pattern+": query parameter "+name)
			continue
		}
		if name == "per_page" {
			c := *p
			c.Description += " At most " + strconv.Itoa(d.paged) + "; more is read as " + strconv.Itoa(d.paged) + "."
			p = &c
		}
		op.Parameters = append(op.Parameters, p)
	}
	if d.body != nil || d.bodyMedia != "" {
		op.RequestBody = d.requestBody(set)
	}
	status := d.status
	if status == 0 {
		status = http.StatusOK
	}
	op.Responses.set(strconv.Itoa(status), d.success(set))
	if d.accepted != nil {
		op.Responses.set(strconv.Itoa(http.StatusAccepted), &response{Description: "Accepted; the work goes on.",
			Content: map[string]*mediaType{jsonMedia: {set.of(d.accepted)}}})
	}
	for _, code := range append(errorStatuses(rt, op.RequestBody != nil), d.also...) {
		op.Responses.set(strconv.Itoa(code), &response{Ref: "#/components/responses/" + strconv.Itoa(code)})
	}
	return op
}

// requestBody documents the body a route reads.
func (d routeDoc) requestBody(set *schemaSet) *requestBody {
	if d.bodyMedia != "" {
		return &requestBody{Required: true, Content: map[string]*mediaType{d.bodyMedia: {&schema{Type: "string", Format: "binary"}}}}
	}
	s := set.input(d.body)
	if len(d.need) > 0 {
		s = &schema{AllOf: []*schema{s, {Required: d.need}}}
	}
	return &requestBody{Content: map[string]*mediaType{jsonMedia: {s}}}
}

// success documents the answer of a route that succeeds.
func (d routeDoc) success(set *schemaSet) *response {
	switch {
	case d.media != "":
		s := &schema{Type: "string"}
		if !strings.HasPrefix(d.media, "text/") {
			s.Format = "binary"
		}
		return &response{Description: "Success.", Content: map[string]*mediaType{d.media: {s}}}
	case d.ok == nil:
		return &response{Description: "Success."}
	}
	return &response{Description: "Success.", Content: map[string]*mediaType{jsonMedia: {set.of(d.ok)}}}
}

// operationID names an operation after its method and path:
// GET /api/managed_users/{mu}/recipes is getApiManagedUsersByMuRecipes.
func operationID(method, path string) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(method))
	for _, seg := range strings.Split(path, "/") {
		if seg == "" {
			continue
		}
		if name, ok := strings.CutPrefix(seg, "{"); ok {
			b.WriteString("By")
			seg = strings.TrimSuffix(name, "}")
		}
		for _, word := range strings.FieldsFunc(seg, func(r rune) bool { return r == '_' || r == '.' || r == '-' }) {
			b.WriteString(strings.ToUpper(word[:1]) + word[1:])
		}
	}
	return b.String()
}

// tagOf groups a route by its privilege family, or its route family.
func tagOf(rt route) string {
	switch {
	case rt.family == familyTest:
		return "Test helpers"
	case rt.family == familyService:
		return "Service"
	case rt.area != "":
		return rt.area
	}
	return "Workspace"
}

// familyNotes says how each route family finds its workspace.
var familyNotes = map[family]string{
	familyService: "A service route of partnerd; it needs no credentials.",
	familyAccount: "Embedded: an admin-workspace caller acting on its account.",
	familyE:       "Embedded: an admin-workspace caller acting on its customer workspace {mu}.",
	familyE2:      "Embedded v2: an admin-workspace caller acting on its customer workspace {mu}.",
	familyD:       "Developer: any caller acting on its own workspace.",
	familyTest:    "A test helper of partnerd, served with --test-helpers only; it needs the Bearer token of an Admin client of the account that reaches every folder.",
}
