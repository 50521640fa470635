package formula

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Pill is a datapill: a reference to a field of an earlier step's output
// (provider and line, the step's "as" alias) or of an enclosing foreach
// (provider "foreach") or catch (provider "catch").
type Pill struct {
	Type     string     // pill_type, "output" for step outputs
	Provider string     // the source step's provider
	Line     string     // the source step's "as" alias
	Path     []PathElem // the way into the output
	Pos      int        // where the pill starts in the text, from 1
}

// PathKind is the kind of one element of a pill's path.
type PathKind uint8

// The kinds of path elements.
const (
	PathKey          PathKind = iota // a hash key
	PathIndex                        // a list index
	PathCurrentItem                  // the item of the list an enclosing foreach is at
	PathSize                         // the number of items of the list
	PathCurrentIndex                 // the index an enclosing foreach is at
)

// PathElem is one step of a pill's path.
type PathElem struct {
	Kind  PathKind
	Key   string
	Index int
}

// String renders the element as JSON renders it in a pill.
func (p PathElem) String() string {
	switch p.Kind {
	case PathIndex:
		return strconv.Itoa(p.Index)
	case PathCurrentItem:
		return "current_item"
	case PathSize:
		return "size"
	case PathCurrentIndex:
		return "current_index"
	}
	return p.Key
}

// String renders the pill as provider.line.path, for messages.
func (p Pill) String() string {
	var b strings.Builder
	b.WriteString(p.Provider + "." + p.Line)
	for _, e := range p.Path {
		b.WriteString("." + e.String())
	}
	return b.String()
}

// dpJSON is the JSON a _dp('…') pill holds.
type dpJSON struct {
	PillType string            `json:"pill_type"`
	Provider string            `json:"provider"`
	Line     string            `json:"line"`
	Path     []json.RawMessage `json:"path"`
}

// parseDP reads the JSON of a _dp('…') pill.
func parseDP(text string, pos int) (Pill, error) {
	var j dpJSON
	if err := json.Unmarshal([]byte(text), &j); err != nil {
		return Pill{}, errorf(CodeBadPill, pos, "datapill is not valid JSON: %v", err)
	}
	if j.Line == "" || j.Provider == "" {
		return Pill{}, errorf(CodeBadPill, pos, "datapill names no provider or line")
	}
	p := Pill{Type: j.PillType, Provider: j.Provider, Line: j.Line, Pos: pos, Path: make([]PathElem, 0, len(j.Path))}
	for _, raw := range j.Path {
		e, err := parsePathElem(raw)
		if err != nil {
			return Pill{}, errorf(CodeBadPill, pos, "datapill path: %v", err)
		}
		p.Path = append(p.Path, e)
	}
	return p, nil
}

func parsePathElem(raw json.RawMessage) (PathElem, error) {
	var key string
	if json.Unmarshal(raw, &key) == nil {
		return PathElem{Kind: PathKey, Key: key}, nil
	}
	var n int
	if json.Unmarshal(raw, &n) == nil {
		return PathElem{Kind: PathIndex, Index: n}, nil
	}
	var typed struct {
		Type string `json:"path_element_type"`
	}
	if json.Unmarshal(raw, &typed) == nil {
		switch typed.Type {
		case "current_item":
			return PathElem{Kind: PathCurrentItem}, nil
		case "size":
			return PathElem{Kind: PathSize}, nil
		case "current_index":
			return PathElem{Kind: PathCurrentIndex}, nil
		}
	}
	return PathElem{}, fmt.Errorf("bad element %s", raw)
}

// parseLegacyPill reads the older _('data.<provider>.<line>.<path…>') spelling.
func parseLegacyPill(text string, pos int) (Pill, error) {
	parts := strings.Split(text, ".")
	if len(parts) < 3 || parts[0] != "data" || parts[1] == "" || parts[2] == "" {
		return Pill{}, errorf(CodeBadPill, pos, "datapill %q is not data.<provider>.<line>.<path>", text)
	}
	p := Pill{Type: "output", Provider: parts[1], Line: parts[2], Pos: pos}
	for _, k := range parts[3:] {
		if k == "" {
			return Pill{}, errorf(CodeBadPill, pos, "datapill %q has an empty path element", text)
		}
		p.Path = append(p.Path, PathElem{Kind: PathKey, Key: k})
	}
	return p, nil
}
