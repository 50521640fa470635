package formula

func (n *indexNode) eval(s *state) (Value, error) {
	x, err := n.x.eval(s)
	if err != nil {
		return Value{}, err
	}
	args := make([]Value, len(n.args))
	for i, a := range n.args {
		if args[i], err = a.eval(s); err != nil {
			return Value{}, err
		}
	}
	s.method, s.pos = "[]", n.pos
	return s.index(x, args)
}

// index applies x[args] to a list, string or hash: an index (negative from
// the end), a range, or a start and a length; a key for a hash.
func (s *state) index(x Value, args []Value) (Value, error) {
	switch x.kind {
	case KindHash:
		if len(args) != 1 {
			return Value{}, s.fail(CodeArgument, "a hash takes one key")
		}
		v, _ := x.AsHash().Get(args[0].String())
		return v, nil
	case KindList:
		n := len(x.list)
		start, length, single, ok, err := s.sliceBounds(n, args)
		if err != nil || !ok {
			return Value{}, err
		}
		if single {
			return x.list[start], nil
		}
		return List(append([]Value(nil), x.list[start:start+length]...)...), nil
	case KindString:
		if len(args) == 1 && args[0].kind == KindString {
			if containsString(x.str, args[0].str) {
				return args[0], nil
			}
			return Nil(), nil
		}
		runes := []rune(x.str)
		start, length, single, ok, err := s.sliceBounds(len(runes), args)
		if err != nil || !ok {
			return Value{}, err
		}
		if single {
			return String(string(runes[start])), nil
		}
		return String(string(runes[start : start+length])), nil
	case KindNil:
		return Value{}, s.fail(CodeNoMethod, "undefined method '[]' for nil")
	}
	return Value{}, s.fail(CodeNoMethod, "undefined method '[]' for %s", describeKind(x))
}

// sliceBounds reads index arguments for a sequence of n items: single is a
// lone index; ok is false when the result is nil (out of range).
func (s *state) sliceBounds(n int, args []Value) (start, length int, single, ok bool, err error) {
	switch {
	case len(args) == 1 && args[0].kind == KindInt:
		i := args[0].num
		if i < 0 {
			i += int64(n)
		}
		if i < 0 || i >= int64(n) {
			return 0, 0, false, false, nil
		}
		return int(i), 1, true, true, nil
	case len(args) == 1 && args[0].kind == KindRange:
		r := args[0].rng()
		lo, hi := r.lo, r.hi
		if lo < 0 {
			lo += int64(n)
		}
		if hi < 0 {
			hi += int64(n)
		}
		if !r.exclusive {
			hi++
		}
		if lo < 0 || lo > int64(n) {
			return 0, 0, false, false, nil
		}
		hi = min(hi, int64(n))
		return int(lo), int(max(hi-lo, 0)), false, true, nil
	case len(args) == 2 && args[0].kind == KindInt && args[1].kind == KindInt:
		lo, l := args[0].num, args[1].num
		if lo < 0 {
			lo += int64(n)
		}
		if lo < 0 || lo > int64(n) || l < 0 {
			return 0, 0, false, false, nil
		}
		return int(lo), int(min(l, int64(n)-lo)), false, true, nil
	}
	return 0, 0, false, false, s.fail(CodeArgument, "bad index")
}
