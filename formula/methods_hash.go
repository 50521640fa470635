package formula

import (
	"slices"
	"strings"
)

// hashMethods apply to hashes.
var hashMethods = methodTable{
	"keys":            {0, 0, hashKeys},
	"values":          {0, 0, hashValues},
	"size":            {0, 0, hashSize},
	"length":          {0, 0, hashSize},
	"count":           {0, 0, hashSize},
	"has_key?":        {1, 1, hashHasKey},
	"key?":            {1, 1, hashHasKey},
	"include?":        {1, 1, hashHasKey},
	"merge":           {1, -1, hashMerge},
	"except":          {1, -1, hashPick(false)},
	"slice":           {1, -1, hashPick(true)},
	"compact":         {0, 0, hashCompact},
	"dig":             {1, -1, digValue},
	"to_param":        {0, 0, toParam},
	"encode_www_form": {0, 0, encodeWWWForm},
}

// listHashMethods apply to lists as well as hashes.
var listHashMethods = methodTable{
	"dig":             {1, -1, digValue},
	"to_param":        {0, 0, toParam},
	"encode_www_form": {0, 0, encodeWWWForm},
}

func hashKeys(s *state, v Value, _ []Value) (Value, error) {
	keys := v.AsHash().Keys()
	out := make([]Value, len(keys))
	for i, k := range keys {
		out[i] = String(k)
	}
	return List(out...), s.alloc(int64(len(out)) * valueSize)
}

func hashValues(s *state, v Value, _ []Value) (Value, error) {
	h := v.AsHash()
	out := make([]Value, 0, h.Len())
	for _, k := range h.Keys() {
		out = append(out, h.m[k])
	}
	return List(out...), s.alloc(int64(len(out)) * valueSize)
}

func hashSize(s *state, v Value, _ []Value) (Value, error) { return Int(int64(v.AsHash().Len())), nil }

func hashHasKey(s *state, v Value, args []Value) (Value, error) {
	_, ok := v.AsHash().Get(args[0].String())
	return Bool(ok), nil
}

func hashMerge(s *state, v Value, args []Value) (Value, error) {
	out := v.AsHash().clone()
	for _, a := range args {
		if a.kind != KindHash {
			return Value{}, s.fail(CodeArgument, "merge takes hashes, not %s", a.kind)
		}
		h := a.AsHash()
		for _, k := range h.Keys() {
			out.Set(k, h.m[k])
		}
	}
	return HashValue(out), s.alloc(int64(out.Len()) * valueSize)
}

// hashPick keeps (slice) or drops (except) the named keys.
func hashPick(keep bool) methodFunc {
	return func(s *state, v Value, args []Value) (Value, error) {
		names := make([]string, len(args))
		for i, a := range args {
			names[i] = a.String()
		}
		h := v.AsHash()
		out := NewHash(h.Len())
		for _, k := range h.Keys() {
			if slices.Contains(names, k) == keep {
				out.Set(k, h.m[k])
			}
		}
		return HashValue(out), nil
	}
}

func hashCompact(s *state, v Value, _ []Value) (Value, error) {
	h := v.AsHash()
	out := NewHash(h.Len())
	for _, k := range h.Keys() {
		if h.m[k].kind != KindNil {
			out.Set(k, h.m[k])
		}
	}
	return HashValue(out), nil
}

// digValue follows keys into hashes and indexes into lists; nil when a step is missing.
func digValue(s *state, v Value, args []Value) (Value, error) {
	for _, a := range args {
		switch {
		case v.kind == KindHash:
			v, _ = v.AsHash().Get(a.String())
		case v.kind == KindList && a.kind == KindInt:
			v, _ = s.index(v, []Value{a})
		case v.kind == KindNil:
			return v, nil
		default:
			return Value{}, s.fail(CodeArgument, "%s does not have #dig", v.kind)
		}
	}
	return v, nil
}

// toParam renders a hash as a query string with sorted keys and nested
// keys in brackets (a[b]=1), as ActiveSupport's to_query does.
func toParam(s *state, v Value, _ []Value) (Value, error) {
	var parts []string
	queryParts(&parts, "", v)
	slices.Sort(parts)
	return String(strings.Join(parts, "&")), nil
}

func queryParts(parts *[]string, prefix string, v Value) {
	switch v.kind {
	case KindHash:
		h := v.AsHash()
		for _, k := range h.Keys() {
			key := k
			if prefix != "" {
				key = prefix + "[" + k + "]"
			}
			queryParts(parts, key, h.m[k])
		}
	case KindList:
		for _, e := range v.list {
			queryParts(parts, prefix+"[]", e)
		}
	default:
		*parts = append(*parts, formEncode(prefix)+"="+formEncode(v.String()))
	}
}

// encodeWWWForm renders a hash, or a list of [key, value] pairs, as a form
// body in order: q=ruby&lang=en.
func encodeWWWForm(s *state, v Value, _ []Value) (Value, error) {
	var parts []string
	add := func(k, val Value) {
		if val.kind == KindList {
			for _, e := range val.list {
				parts = append(parts, formEncode(k.String())+"="+formEncode(e.String()))
			}
			return
		}
		p := formEncode(k.String())
		if val.kind != KindNil {
			p += "=" + formEncode(val.String())
		}
		parts = append(parts, p)
	}
	if v.kind == KindHash {
		h := v.AsHash()
		for _, k := range h.Keys() {
			add(String(k), h.m[k])
		}
	} else {
		for _, pair := range v.list {
			if pair.kind != KindList || len(pair.list) == 0 {
				return Value{}, s.fail(CodeArgument, "encode_www_form takes [key, value] pairs")
			}
			val := Nil()
			if len(pair.list) > 1 {
				val = pair.list[1]
			}
			add(pair.list[0], val)
		}
	}
	return String(strings.Join(parts, "&")), nil
}
