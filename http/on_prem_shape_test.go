package http_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// seedShapes pairs each golden file with the seed 000 sample of its route.
var seedShapes = map[string]string{
	"list_groups": "list_groups", "create_group": "create_group", "get_group": "get_group",
	"update_group": "update_group", "delete_group": "delete", "group_status": "group_status",
	"list_agents": "list_agents", "create_agent": "create_agent", "get_agent_active": "get_agent",
	"update_agent": "update_agent", "delete_agent": "delete", "agent_status": "agent_status",
	"search_by_cn": "search",
}

// TestOnPremSeedShapes checks the golden file of every seed 000 route
// against the seed's sample of it, kept verbatim in testdata/on_prem/seed:
// the same envelope, every field of the sample with the same JSON type (a
// null in the sample allows any), and, as every route answers the fields
// of the list samples in their order, the sample's fields in its order.
func TestOnPremSeedShapes(t *testing.T) {
	for golden, sample := range seedShapes {
		got := readOrderedJSON(t, filepath.Join("testdata", "on_prem", golden+".json"))
		want := readOrderedJSON(t, filepath.Join("testdata", "on_prem", "seed", sample+".json"))
		ordered := sample == "list_groups" || sample == "list_agents" || sample == "get_agent"
		sameShape(t, golden, want, got, ordered)
	}
}

// sameShape reports where got lacks a field of want or has another JSON
// type; ordered also requires the fields at want's positions.
func sameShape(t *testing.T, path string, want, got any, ordered bool) {
	t.Helper()
	switch w := want.(type) {
	case nil:
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) == 0 || len(w) == 0 {
			t.Errorf("%s: %v, want an array like %v", path, got, w)
			return
		}
		sameShape(t, path+"[0]", w[0], g[0], ordered)
	case object:
		g, ok := got.(object)
		if !ok {
			t.Errorf("%s: %v, want an object", path, got)
			return
		}
		for i, f := range w {
			j := g.index(f.key)
			if j < 0 {
				t.Errorf("%s: no field %q", path, f.key)
				continue
			}
			if ordered && j != i {
				t.Errorf("%s: field %q at position %d, want %d", path, f.key, j, i)
			}
			sameShape(t, path+"."+f.key, f.value, g[j].value, ordered)
		}
	default:
		if got == nil || jsonKind(want) != jsonKind(got) {
			t.Errorf("%s: %v, want a %s like %v", path, got, jsonKind(want), want)
		}
	}
}

// object is a JSON object with its fields in order.
type object []field

type field struct {
	key   string
	value any
}

func (o object) index(key string) int {
	for i, f := range o {
		if f.key == key {
			return i
		}
	}
	return -1
}

func jsonKind(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case json.Number:
		return "number"
	case bool:
		return "boolean"
	}
	return "value"
}

// readOrderedJSON reads a JSON file, keeping the order of object fields.
func readOrderedJSON(t *testing.T, path string) any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	v, err := decodeOrdered(dec)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return v
}

func decodeOrdered(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch tok {
	case json.Delim('{'):
		o := object{}
		for dec.More() {
			key, err := dec.Token()
			if err != nil {
				return nil, err
			}
			v, err := decodeOrdered(dec)
			if err != nil {
				return nil, err
			}
			o = append(o, field{key.(string), v})
		}
		_, err = dec.Token()
		return o, err
	case json.Delim('['):
		a := []any{}
		for dec.More() {
			v, err := decodeOrdered(dec)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
		_, err = dec.Token()
		return a, err
	}
	return tok, nil
}
