package formula

import (
	"math"
	"math/bits"
	"strconv"
	"strings"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func (n *binNode) eval(s *state) (Value, error) {
	l, err := n.l.eval(s)
	if err != nil {
		return Value{}, err
	}
	r, err := n.r.eval(s)
	if err != nil {
		return Value{}, err
	}
	s.method, s.pos = n.op, n.pos
	if err := s.charge(1); err != nil {
		return Value{}, err
	}
	switch n.op {
	case "==":
		return Bool(Equal(l, r)), nil
	case "!=":
		return Bool(!Equal(l, r)), nil
	case "<", "<=", ">", ">=", "<=>":
		c, ok := compare(l, r)
		if !ok {
			if n.op == "<=>" {
				return Nil(), nil
			}
			return Value{}, s.fail(CodeArgument, "comparison of %s with %s failed", l.kind, r.kind)
		}
		switch n.op {
		case "<":
			return Bool(c < 0), nil
		case "<=":
			return Bool(c <= 0), nil
		case ">":
			return Bool(c > 0), nil
		case ">=":
			return Bool(c >= 0), nil
		}
		return Int(int64(c)), nil
	case "=~", "!~":
		re, err := s.pattern(r)
		if err != nil || l.kind != KindString {
			if err == nil {
				err = s.fail(CodeType, "=~ needs a string on its left")
			}
			return Value{}, err
		}
		loc := re.FindStringIndex(l.str)
		if n.op == "!~" {
			return Bool(loc == nil), nil
		}
		if loc == nil {
			return Nil(), nil
		}
		return Int(int64(runeCount(l.str[:loc[0]]))), nil
	case "+":
		return s.add(l, r)
	case "-":
		return s.sub(l, r)
	case "*":
		return s.mul(l, r)
	case "/", "%":
		return s.divmod(n.op, l, r)
	case "**":
		return s.pow(l, r)
	}
	return Value{}, s.fail(CodeType, "unknown operator %s", n.op)
}

func (s *state) typeErr(op string, l, r Value) error {
	return s.fail(CodeType, "%s cannot be applied to %s and %s", op, l.kind, r.kind)
}

func (s *state) add(l, r Value) (Value, error) {
	switch {
	case l.kind == KindInt && r.kind == KindInt:
		sum, carry := bits.Add64(uint64(l.num), uint64(r.num), 0)
		_ = carry
		if (l.num >= 0) == (r.num >= 0) && (int64(sum) >= 0) != (l.num >= 0) {
			return Float(float64(l.num) + float64(r.num)), nil
		}
		return Int(int64(sum)), nil
	case l.isNumber() && r.isNumber():
		return Float(l.AsFloat() + r.AsFloat()), nil
	case l.kind == KindString && r.kind == KindString:
		if err := s.alloc(int64(len(l.str) + len(r.str))); err != nil {
			return Value{}, err
		}
		return String(l.str + r.str), nil
	case l.kind == KindList && r.kind == KindList:
		if err := s.alloc(int64(len(l.list)+len(r.list)) * valueSize); err != nil {
			return Value{}, err
		}
		out := make([]Value, 0, len(l.list)+len(r.list))
		return List(append(append(out, l.list...), r.list...)...), nil
	case (l.kind == KindDate || l.kind == KindTime) && (r.kind == KindDuration || r.isNumber()):
		return s.shiftTime(l, r, 1)
	case l.kind == KindDuration && (r.kind == KindDate || r.kind == KindTime):
		return s.shiftTime(r, l, 1)
	case l.kind == KindDuration && r.kind == KindDuration:
		return durationValue(l.durationSeconds()+r.durationSeconds(), "seconds"), nil
	case l.kind == KindString:
		return Value{}, s.fail(CodeType, "no implicit conversion of %s into String", r.kind)
	}
	return Value{}, s.typeErr("+", l, r)
}

func (s *state) sub(l, r Value) (Value, error) {
	switch {
	case l.kind == KindInt && r.kind == KindInt:
		d := l.num - r.num
		if (l.num >= 0) != (r.num >= 0) && (d >= 0) != (l.num >= 0) {
			return Float(float64(l.num) - float64(r.num)), nil
		}
		return Int(d), nil
	case l.isNumber() && r.isNumber():
		return Float(l.AsFloat() - r.AsFloat()), nil
	case l.kind == KindList && r.kind == KindList:
		out := make([]Value, 0, len(l.list))
		if err := s.charge(int64(len(l.list) * len(r.list) / 16)); err != nil {
			return Value{}, err
		}
		for _, x := range l.list {
			if !containsValue(r.list, x) {
				out = append(out, x)
			}
		}
		return List(out...), nil
	case (l.kind == KindDate || l.kind == KindTime) && (r.kind == KindDuration || r.isNumber()):
		return s.shiftTime(l, r, -1)
	case l.kind == KindDate && r.kind == KindDate:
		return Int(int64(l.tm.Sub(r.tm).Hours() / 24)), nil
	case (l.kind == KindDate || l.kind == KindTime) && (r.kind == KindDate || r.kind == KindTime):
		return Float(l.tm.Sub(r.tm).Seconds()), nil
	case l.kind == KindDuration && r.kind == KindDuration:
		return durationValue(l.durationSeconds()-r.durationSeconds(), "seconds"), nil
	}
	return Value{}, s.typeErr("-", l, r)
}

func (s *state) mul(l, r Value) (Value, error) {
	switch {
	case l.kind == KindInt && r.kind == KindInt:
		hi, lo := bits.Mul64(uint64(absInt(l.num)), uint64(absInt(r.num)))
		if hi != 0 || lo > math.MaxInt64 {
			return Float(float64(l.num) * float64(r.num)), nil
		}
		return Int(l.num * r.num), nil
	case l.isNumber() && r.isNumber():
		return Float(l.AsFloat() * r.AsFloat()), nil
	case l.kind == KindString && r.kind == KindInt:
		if r.num < 0 {
			return Value{}, s.fail(CodeArgument, "negative argument")
		}
		if err := s.alloc(int64(len(l.str)) * min(r.num, s.opt.MaxBytes+1)); err != nil {
			return Value{}, err
		}
		return String(strings.Repeat(l.str, int(r.num))), nil
	case l.kind == KindList && r.kind == KindString:
		return s.join(l, r.str)
	case l.kind == KindList && r.kind == KindInt:
		if r.num < 0 {
			return Value{}, s.fail(CodeArgument, "negative argument")
		}
		if err := s.alloc(int64(len(l.list)) * valueSize * min(r.num, s.opt.MaxBytes+1)); err != nil {
			return Value{}, err
		}
		out := make([]Value, 0, len(l.list)*int(r.num))
		for range r.num {
			out = append(out, l.list...)
		}
		return List(out...), nil
	case l.kind == KindDuration && r.kind == KindInt:
		return durationValue(l.num*r.num, l.str), nil
	}
	return Value{}, s.typeErr("*", l, r)
}

func absInt(i int64) int64 {
	if i < 0 {
		return -i
	}
	return i
}

// divmod divides or takes the remainder as Ruby does: integers floor toward
// negative infinity, and the remainder takes the divisor's sign.
func (s *state) divmod(op string, l, r Value) (Value, error) {
	switch {
	case l.kind == KindInt && r.kind == KindInt:
		if r.num == 0 {
			return Value{}, s.fail(CodeZeroDivision, "divided by 0")
		}
		if l.num == math.MinInt64 && r.num == -1 {
			return Float(-float64(l.num)), nil
		}
		q, m := l.num/r.num, l.num%r.num
		if m != 0 && (m < 0) != (r.num < 0) {
			q--
			m += r.num
		}
		if op == "/" {
			return Int(q), nil
		}
		return Int(m), nil
	case l.isNumber() && r.isNumber():
		a, b := l.AsFloat(), r.AsFloat()
		if op == "/" {
			return Float(a / b), nil
		}
		m := math.Mod(a, b)
		if m != 0 && (m < 0) != (b < 0) {
			m += b
		}
		return Float(m), nil
	}
	return Value{}, s.typeErr(op, l, r)
}

func (s *state) pow(l, r Value) (Value, error) {
	if !l.isNumber() || !r.isNumber() {
		return Value{}, s.typeErr("**", l, r)
	}
	if l.kind == KindInt && r.kind == KindInt && r.num >= 0 {
		result, base, e := int64(1), l.num, r.num
		for e > 0 {
			if err := s.charge(1); err != nil {
				return Value{}, err
			}
			if e&1 == 1 {
				v, _ := s.mul(Int(result), Int(base))
				if v.kind != KindInt {
					return Float(math.Pow(l.AsFloat(), r.AsFloat())), nil
				}
				result = v.num
			}
			e >>= 1
			if e > 0 {
				v, _ := s.mul(Int(base), Int(base))
				if v.kind != KindInt {
					return Float(math.Pow(l.AsFloat(), r.AsFloat())), nil
				}
				base = v.num
			}
		}
		return Int(result), nil
	}
	return Float(math.Pow(l.AsFloat(), r.AsFloat())), nil
}

func (n *negNode) eval(s *state) (Value, error) {
	v, err := n.x.eval(s)
	if err != nil {
		return Value{}, err
	}
	switch v.kind {
	case KindInt:
		if v.num == math.MinInt64 {
			return Float(-float64(v.num)), nil
		}
		return Int(-v.num), nil
	case KindFloat:
		return Float(-v.AsFloat()), nil
	case KindDuration:
		return durationValue(-v.num, v.str), nil
	}
	return Value{}, errorf(CodeType, n.pos, "undefined method '-@' for %s", describeKind(v))
}

func containsValue(list []Value, x Value) bool {
	for _, e := range list {
		if Equal(e, x) {
			return true
		}
	}
	return false
}
