package formula

import (
	"slices"
	"strings"
)

// listMethods apply to lists.
var listMethods = methodTable{
	"first":      {0, 1, listEnd(true)},
	"last":       {0, 1, listEnd(false)},
	"second":     {0, 0, listAt(1)},
	"third":      {0, 0, listAt(2)},
	"fourth":     {0, 0, listAt(3)},
	"fifth":      {0, 0, listAt(4)},
	"size":       {0, 0, listSize},
	"length":     {0, 0, listSize},
	"count":      {0, 1, listCount},
	"join":       {0, 1, listJoin(false)},
	"smart_join": {0, 1, listJoin(true)},
	"uniq":       {0, 0, listUniq},
	"sort":       {0, 0, listSort},
	"reverse":    {0, 0, listReverse},
	"compact":    {0, 0, listCompact},
	"flatten":    {0, 1, listFlatten},
	"include?":   {1, 1, func(s *state, v Value, a []Value) (Value, error) { return Bool(containsValue(v.list, a[0])), nil }},
	"exclude?":   {1, 1, func(s *state, v Value, a []Value) (Value, error) { return Bool(!containsValue(v.list, a[0])), nil }},
	"index":      {1, 1, listIndex},
	"concat":     {0, -1, listConcat},
	"sum":        {0, 0, listSum},
	"max":        {0, 0, listExtreme(1)},
	"min":        {0, 0, listExtreme(-1)},
	"pluck":      {1, -1, listPluck},
	"where":      {1, 1, listWhere},
	"format_map": {1, 1, listFormatMap},
	"to_csv":     {0, 0, listToCSV},
	"slice":      {1, 2, func(s *state, v Value, a []Value) (Value, error) { return s.index(v, a) }},
	"take":       {1, 1, listEnd(true)},
	"drop":       {1, 1, listDrop},
}

// rangeList returns the integers of a Range value as a list.
func (v Value) rangeList() Value {
	r := v.rng()
	hi := r.hi
	if r.exclusive {
		hi--
	}
	var out []Value
	for i := r.lo; i <= hi && len(out) < 1<<16; i++ {
		out = append(out, Int(i))
	}
	return List(out...)
}

func listEnd(first bool) methodFunc {
	return func(s *state, v Value, args []Value) (Value, error) {
		if len(args) == 0 {
			if len(v.list) == 0 {
				return Nil(), nil
			}
			if first {
				return v.list[0], nil
			}
			return v.list[len(v.list)-1], nil
		}
		n, err := s.argInt(args, 0)
		if err != nil {
			return Value{}, err
		}
		if n < 0 {
			return Value{}, s.fail(CodeArgument, "negative array size")
		}
		n = min(n, int64(len(v.list)))
		if first {
			return List(slices.Clone(v.list[:n])...), nil
		}
		return List(slices.Clone(v.list[int64(len(v.list))-n:])...), nil
	}
}

func listDrop(s *state, v Value, args []Value) (Value, error) {
	n, err := s.argInt(args, 0)
	if err != nil || n < 0 {
		if err == nil {
			err = s.fail(CodeArgument, "attempt to drop negative size")
		}
		return Value{}, err
	}
	n = min(n, int64(len(v.list)))
	return List(slices.Clone(v.list[n:])...), nil
}

func listAt(i int) methodFunc {
	return func(s *state, v Value, _ []Value) (Value, error) {
		if i < len(v.list) {
			return v.list[i], nil
		}
		return Nil(), nil
	}
}

func listSize(s *state, v Value, _ []Value) (Value, error) { return Int(int64(len(v.list))), nil }

func listCount(s *state, v Value, args []Value) (Value, error) {
	if len(args) == 0 {
		return Int(int64(len(v.list))), nil
	}
	n := 0
	for _, e := range v.list {
		if Equal(e, args[0]) {
			n++
		}
	}
	return Int(int64(n)), nil
}

// listJoin joins the items' text; smart_join first drops blank items and strips the rest.
func listJoin(smart bool) methodFunc {
	return func(s *state, v Value, args []Value) (Value, error) {
		sep := ""
		if len(args) == 1 {
			sep = args[0].String()
		}
		if smart {
			var kept []Value
			for _, e := range flattenList(v.list, -1) {
				if !isBlank(e) {
					kept = append(kept, String(strings.TrimSpace(e.String())))
				}
			}
			return s.join(List(kept...), sep)
		}
		return s.join(v, sep)
	}
}

// join joins the text of a list's items (nested lists flattened) with sep.
func (s *state) join(v Value, sep string) (Value, error) {
	items := flattenList(v.list, -1)
	parts := make([]string, len(items))
	size := int64(len(sep) * len(items))
	for i, e := range items {
		parts[i] = e.String()
		size += int64(len(parts[i]))
	}
	if err := s.alloc(size); err != nil {
		return Value{}, err
	}
	return String(strings.Join(parts, sep)), nil
}

func flattenList(items []Value, depth int) []Value {
	nested := false
	for _, e := range items {
		if e.kind == KindList {
			nested = true
			break
		}
	}
	if !nested || depth == 0 {
		return items
	}
	var out []Value
	for _, e := range items {
		if e.kind == KindList {
			out = append(out, flattenList(e.list, depth-1)...)
		} else {
			out = append(out, e)
		}
	}
	return out
}

func listFlatten(s *state, v Value, args []Value) (Value, error) {
	depth := int64(-1)
	if len(args) == 1 {
		var err error
		if depth, err = s.argInt(args, 0); err != nil {
			return Value{}, err
		}
	}
	out := flattenList(v.list, int(max(min(depth, 1000), -1)))
	return List(slices.Clone(out)...), s.alloc(int64(len(out)) * valueSize)
}

func listUniq(s *state, v Value, _ []Value) (Value, error) {
	if err := s.charge(int64(len(v.list) * len(v.list) / 64)); err != nil {
		return Value{}, err
	}
	var out []Value
	for _, e := range v.list {
		if !containsValue(out, e) {
			out = append(out, e)
		}
	}
	return List(out...), nil
}

func listSort(s *state, v Value, _ []Value) (Value, error) {
	out := slices.Clone(v.list)
	var bad bool
	slices.SortStableFunc(out, func(a, b Value) int {
		c, ok := compare(a, b)
		bad = bad || !ok
		return c
	})
	if bad {
		return Value{}, s.fail(CodeArgument, "comparison of list items failed")
	}
	return List(out...), s.alloc(int64(len(out)) * valueSize)
}

func listReverse(s *state, v Value, _ []Value) (Value, error) {
	out := slices.Clone(v.list)
	slices.Reverse(out)
	return List(out...), s.alloc(int64(len(out)) * valueSize)
}

func listCompact(s *state, v Value, _ []Value) (Value, error) {
	var out []Value
	for _, e := range v.list {
		if e.kind != KindNil {
			out = append(out, e)
		}
	}
	return List(out...), nil
}

func listIndex(s *state, v Value, args []Value) (Value, error) {
	for i, e := range v.list {
		if Equal(e, args[0]) {
			return Int(int64(i)), nil
		}
	}
	return Nil(), nil
}

func listConcat(s *state, v Value, args []Value) (Value, error) {
	out := slices.Clone(v.list)
	for _, a := range args {
		if a.kind != KindList {
			return Value{}, s.fail(CodeArgument, "concat takes lists, not %s", a.kind)
		}
		out = append(out, a.list...)
	}
	return List(out...), s.alloc(int64(len(out)) * valueSize)
}

// listSum adds the items: numbers, or (from the first) strings or lists.
func listSum(s *state, v Value, _ []Value) (Value, error) {
	if len(v.list) == 0 {
		return Int(0), nil
	}
	acc := Int(0)
	items := v.list
	if !items[0].isNumber() {
		acc, items = items[0], items[1:]
	}
	for _, e := range items {
		var err error
		if acc, err = s.add(acc, e); err != nil {
			return Value{}, err
		}
	}
	return acc, nil
}

func listExtreme(sign int) methodFunc {
	return func(s *state, v Value, _ []Value) (Value, error) {
		if len(v.list) == 0 {
			return Nil(), nil
		}
		best := v.list[0]
		for _, e := range v.list[1:] {
			c, ok := compare(e, best)
			if !ok {
				return Value{}, s.fail(CodeArgument, "comparison of %s with %s failed", e.kind, best.kind)
			}
			if c*sign > 0 {
				best = e
			}
		}
		return best, nil
	}
}
