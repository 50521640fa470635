package engine

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/partnerd/partnerd/formula"
)

// inputNode is a parsed step input: a string (a literal, an interpolation
// or a formula), another JSON scalar, a list, or a hash whose keys keep
// their order. A hash with a "____source" key maps a list: it evaluates to
// one hash of its other keys per item of the source.
type inputNode struct {
	text   *formula.Input
	scalar formula.Value
	list   []*inputNode
	keys   []string
	fields []*inputNode
	isHash bool
	isList bool
	source *inputNode // "____source" of a hash
}

// sourceKey is the key of a hash that maps a list.
const sourceKey = "____source"

// parseInputJSON parses a step's input JSON.
func parseInputJSON(raw json.RawMessage) (*inputNode, error) {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	return parseInputNode(d, 0)
}

func parseInputNode(d *json.Decoder, depth int) (*inputNode, error) {
	if depth > 200 {
		return nil, fmt.Errorf("input is nested too deeply")
	}
	tok, err := d.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		n := &inputNode{}
		if t == '[' {
			n.isList = true
			for d.More() {
				c, err := parseInputNode(d, depth+1)
				if err != nil {
					return nil, err
				}
				n.list = append(n.list, c)
			}
		} else {
			n.isHash = true
			for d.More() {
				kt, err := d.Token()
				if err != nil {
					return nil, err
				}
				k, _ := kt.(string)
				c, err := parseInputNode(d, depth+1)
				if err != nil {
					return nil, err
				}
				if k == sourceKey {
					n.source = c
					continue
				}
				n.keys, n.fields = append(n.keys, k), append(n.fields, c)
			}
		}
		_, err := d.Token()
		return n, err
	case string:
		in, err := formula.ParseInput(t)
		if err != nil {
			return nil, err
		}
		return &inputNode{text: in}, nil
	}
	v, err := formula.FromGo(tok)
	return &inputNode{scalar: v}, err
}

// eval evaluates the input against the job; fields that evaluate to skip
// are left out.
func (n *inputNode) eval(r *run) (formula.Value, error) {
	switch {
	case n == nil:
		return formula.Nil(), nil
	case n.text != nil:
		return n.text.Eval(r, r.formulaOptions())
	case n.isList:
		items := make([]formula.Value, 0, len(n.list))
		for _, c := range n.list {
			v, err := c.eval(r)
			if err != nil {
				return formula.Value{}, err
			}
			if !v.IsSkip() {
				items = append(items, v)
			}
		}
		return formula.List(items...), nil
	case n.isHash && n.source != nil:
		return n.evalMapping(r)
	case n.isHash:
		h := formula.NewHash(len(n.keys))
		for i, k := range n.keys {
			v, err := n.fields[i].eval(r)
			if err != nil {
				return formula.Value{}, err
			}
			if !v.IsSkip() {
				h.Set(k, v)
			}
		}
		return formula.HashValue(h), nil
	}
	return n.scalar, nil
}

// evalMapping evaluates a hash with a source: the other keys once per
// item of the source list, with current_item at that item.
func (n *inputNode) evalMapping(r *run) (formula.Value, error) {
	src, err := n.source.eval(r)
	if err != nil {
		return formula.Value{}, err
	}
	if src.Kind() != formula.KindList {
		return formula.List(), nil
	}
	plain := &inputNode{isHash: true, keys: n.keys, fields: n.fields}
	out := make([]formula.Value, 0, len(src.Items()))
	for i := range src.Items() {
		r.items = append(r.items, i)
		v, err := plain.eval(r)
		r.items = r.items[:len(r.items)-1]
		if err != nil {
			return formula.Value{}, err
		}
		out = append(out, v)
	}
	return formula.List(out...), nil
}

// hashField returns a field of a hash value, or nil.
func hashField(v formula.Value, key string) formula.Value {
	if h := v.AsHash(); h != nil {
		if f, ok := h.Get(key); ok {
			return f
		}
	}
	return formula.Nil()
}

// toJSON renders a value as JSON for a job line; a value that has no JSON
// form is shown as text.
func toJSON(v formula.Value) json.RawMessage {
	b, err := v.MarshalJSON()
	if err != nil {
		b, _ = json.Marshal(v.String())
	}
	return b
}
