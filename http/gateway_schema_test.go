package http

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/partnerd/partnerd"
)

// TestGatewaySchemas checks that a response body is shaped by the schema
// its trigger declares for its status, and that a request is validated
// against the request schema.
func TestGatewaySchemas(t *testing.T) {
	code, _ := json.Marshal(map[string]any{"input": map[string]any{
		"request": map[string]any{"schema": `[{"name":"email","type":"string","optional":false},{"name":"tags","type":"array","of":"object","properties":[{"name":"n","type":"integer","optional":false}]}]`},
		"response": map[string]any{"responses": []any{
			map[string]any{"name": "Success", "http_status_code": "200",
				"body_schema": `[{"name":"id","type":"string"},{"name":"ok","type":"boolean"},{"name":"n","type":"integer"},{"name":"inner","type":"object","properties":[{"name":"x","type":"number"}]}]`},
			map[string]any{"name": "Bad", "http_status_code": 400, "body_schema": `not json`},
		}}}})
	fields, ok := responseSchema(string(code), 200)
	if !ok || len(fields) != 4 {
		t.Fatalf("schema of 200 = %+v, %v", fields, ok)
	}
	got := shapeResponse(fields, json.RawMessage(`{"ok":"true","extra":1,"n":"42","id":7,"inner":{"x":"1.5","y":2}}`))
	if want := `{"id":"7","ok":true,"n":42,"inner":{"x":1.5}}`; string(got) != want {
		t.Errorf("shaped = %s, want %s", got, want)
	}
	if _, ok := responseSchema(string(code), 400); ok {
		t.Error("a body schema that is not JSON shapes nothing")
	}
	if _, ok := responseSchema(string(code), 201); ok {
		t.Error("an undeclared status shapes nothing")
	}
	if got := shapeResponse(fields, json.RawMessage(`[1]`)); string(got) != `[1]` {
		t.Errorf("a list is left as it is: %s", got)
	}

	request := requestSchema(string(code))
	if err := validateRequest(request, json.RawMessage(`{"email":"a@b.test","tags":[{"n":"3"}]}`)); err != nil {
		t.Errorf("valid request: %v", err)
	}
	err := validateRequest(request, json.RawMessage(`{"tags":[{"n":"x"},5]}`))
	var perr *partnerd.Error
	if !errors.As(err, &perr) || len(perr.Fields["email"]) != 1 || len(perr.Fields["tags[0].n"]) != 1 || len(perr.Fields["tags[1]"]) != 1 {
		t.Errorf("invalid request: %v %+v", err, perr)
	}
}
