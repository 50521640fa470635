package formula

import "strings"

// Equal reports whether a and b are equal as Ruby's == sees them: numbers by
// value (1 == 1.0), lists item by item, hashes key by key in any order.
func Equal(a, b Value) bool {
	if a.isNumber() && b.isNumber() {
		if a.kind == KindInt && b.kind == KindInt {
			return a.num == b.num
		}
		return a.AsFloat() == b.AsFloat()
	}
	if a.kind != b.kind {
		return false
	}
	switch a.kind {
	case KindNil, KindSkip, KindClear:
		return true
	case KindBool, KindDuration:
		return a.num == b.num && a.str == b.str
	case KindString, KindRegexp:
		return a.str == b.str
	case KindDate, KindTime:
		return a.tm.Equal(b.tm)
	case KindRange:
		return a.rng() == b.rng()
	case KindList:
		if len(a.list) != len(b.list) {
			return false
		}
		for i := range a.list {
			if !Equal(a.list[i], b.list[i]) {
				return false
			}
		}
		return true
	case KindHash:
		ha, hb := a.AsHash(), b.AsHash()
		if ha.Len() != hb.Len() {
			return false
		}
		for _, k := range ha.Keys() {
			bv, ok := hb.Get(k)
			if !ok || !Equal(ha.m[k], bv) {
				return false
			}
		}
		return true
	}
	return false
}

// compare orders a and b as Ruby's <=> does; ok is false when they do not compare.
func compare(a, b Value) (c int, ok bool) {
	switch {
	case a.kind == KindInt && b.kind == KindInt:
		return cmp3(a.num < b.num, a.num > b.num), true
	case a.isNumber() && b.isNumber():
		x, y := a.AsFloat(), b.AsFloat()
		if x != x || y != y {
			return 0, false
		}
		return cmp3(x < y, x > y), true
	case a.kind == KindString && b.kind == KindString:
		return strings.Compare(a.str, b.str), true
	case (a.kind == KindDate || a.kind == KindTime) && (b.kind == KindDate || b.kind == KindTime):
		return a.tm.Compare(b.tm), true
	case a.kind == KindBool && b.kind == KindBool:
		return int(a.num - b.num), a.num == b.num
	case a.kind == KindList && b.kind == KindList:
		for i := 0; i < len(a.list) && i < len(b.list); i++ {
			c, ok := compare(a.list[i], b.list[i])
			if !ok || c != 0 {
				return c, ok
			}
		}
		return cmp3(len(a.list) < len(b.list), len(a.list) > len(b.list)), true
	}
	return 0, false
}

func cmp3(less, greater bool) int {
	switch {
	case less:
		return -1
	case greater:
		return 1
	}
	return 0
}
