package http

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// TestOpenAPIRoutes walks the route table: every route must be in the
// document with an entry of routeDocs, and every entry must document a
// route.
func TestOpenAPIRoutes(t *testing.T) {
	s := NewServer()
	s.TestHelpers = true
	doc := s.openAPIDocument()
	for _, pattern := range doc.missing {
		t.Errorf("%s has no entry in routeDocs (http/openapi_routes*.go)", pattern)
	}
	for _, what := range doc.unknown {
		t.Errorf("the document cannot describe %s", what)
	}
	served := map[string]bool{}
	for _, rt := range s.routes() {
		served[rt.pattern] = true
		method, path, _ := strings.Cut(rt.pattern, " ")
		item, _ := doc.Paths.get(strings.TrimSuffix(path, "{$}")).(ordered)
		if item.get(strings.ToLower(method)) == nil {
			t.Errorf("%s is not in the document", rt.pattern)
		}
	}
	for pattern := range routeDocs {
		if !served[pattern] {
			t.Errorf("routeDocs documents %s, which no route serves", pattern)
		}
	}
	if _, err := json.Marshal(doc); err != nil {
		t.Fatal(err)
	}
}

// TestOpenAPINewRoute shows that a route added without an entry is caught.
func TestOpenAPINewRoute(t *testing.T) {
	s := NewServer()
	s.TestHelpers = true
	table := append(s.routes(), route{pattern: "GET /api/new_things", family: familyD, handle: s.handleHealthz})
	doc := buildOpenAPI(table, true)
	if !slices.Contains(doc.missing, "GET /api/new_things") {
		t.Errorf("a route without an entry is not reported: %v", doc.missing)
	}
}

// TestOpenAPIOperationIDs checks that operation ids are unique and every
// path parameter is declared.
func TestOpenAPIOperationIDs(t *testing.T) {
	s := NewServer()
	s.TestHelpers = true
	seen := map[string]string{}
	for _, rt := range s.routes() {
		method, path, _ := strings.Cut(rt.pattern, " ")
		id := operationID(method, path)
		if other, dup := seen[id]; dup {
			t.Errorf("%s and %s share the operation id %s", rt.pattern, other, id)
		}
		seen[id] = rt.pattern
	}
}
