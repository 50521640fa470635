package formula

import (
	"sync"
	"time"
)

// state is the state of one evaluation: its environment, clock and budgets.
type state struct {
	env      Env
	opt      Options
	now      time.Time
	haveNow  bool
	work     int64 // units of work done
	check    int64 // the work at which the clock is next read
	deadline time.Time
	built    int64 // bytes built so far
	stack    []Value
	method   string // the method being called, for errors
	pos      int    // its position
	pills    []Value
	read     uint64 // the pill slots below 64 already read into pills
}

// checkEvery is how many units of work pass between readings of the clock.
const checkEvery = 1 << 12

// Eval evaluates the formula against env with the given options (nil for
// the defaults). Errors are *Error values.
func (e *Expr) Eval(env Env, opt *Options) (Value, error) {
	s := newState(env, opt)
	v, err := e.root.eval(s)
	s.release()
	return v, err
}

var statePool = sync.Pool{New: func() any { return new(state) }}

func newState(env Env, opt *Options) *state {
	s := statePool.Get().(*state)
	stack, pills := s.stack[:0], s.pills[:0]
	*s = state{env: env, check: checkEvery, stack: stack, pills: pills}
	if opt != nil {
		s.opt = *opt
	}
	if s.opt.Timeout <= 0 {
		s.opt.Timeout = DefaultTimeout
	}
	if s.opt.MaxBytes <= 0 {
		s.opt.MaxBytes = DefaultMaxBytes
	}
	if s.opt.Location == nil {
		s.opt.Location = defaultLocation
	}
	return s
}

// charge counts n units of work and fails once the time budget is spent.
// The clock is first read after checkEvery units, so short formulas never read it.
func (s *state) charge(n int64) error {
	s.work += n
	if s.work < s.check {
		return nil
	}
	s.check = s.work + checkEvery
	now := time.Now()
	if s.deadline.IsZero() {
		s.deadline = now.Add(s.opt.Timeout)
		return nil
	}
	if now.After(s.deadline) {
		return &Error{Code: CodeTimeout, Message: "formula ran longer than " + s.opt.Timeout.String()}
	}
	return nil
}

// alloc counts a value of n bytes about to be built; it fails when the
// value passes the size budget or when all values built pass 8 times it.
func (s *state) alloc(n int64) error {
	if n > s.opt.MaxBytes || n < 0 {
		return s.tooLarge()
	}
	s.built += n
	if s.built > 8*s.opt.MaxBytes {
		return s.tooLarge()
	}
	return s.charge(n / 256)
}

func (s *state) tooLarge() error {
	return &Error{Code: CodeTooLarge, Pos: s.pos, Method: s.method,
		Message: "formula built a value over " + byteSize(s.opt.MaxBytes)}
}

func byteSize(n int64) string {
	if n%(1<<20) == 0 {
		return itoa(n>>20) + " MiB"
	}
	return itoa(n) + " bytes"
}

// fail returns an error of the method being called.
func (s *state) fail(code Code, format string, args ...any) error {
	e := errorf(code, s.pos, format, args...)
	e.Method = s.method
	return e
}

// clock returns the evaluation's now, read once.
func (s *state) clock() time.Time {
	if !s.haveNow {
		t := time.Now()
		if s.opt.Now != nil {
			t = s.opt.Now()
		}
		s.now, s.haveNow = t.In(s.opt.Location), true
	}
	return s.now
}

func (n *litNode) eval(s *state) (Value, error) { return n.v, nil }

// release returns the state to the pool, keeping no values alive.
func (s *state) release() {
	clear(s.pills)
	s.env = nil
	s.opt = Options{}
	statePool.Put(s)
}

func (n *pillNode) eval(s *state) (Value, error) {
	if s.env == nil {
		return Value{}, nil
	}
	if n.slot < 64 && s.read&(1<<n.slot) != 0 {
		return s.pills[n.slot], nil
	}
	v, _ := s.env.Pill(n.pill)
	if n.slot < 64 {
		for len(s.pills) <= n.slot {
			s.pills = append(s.pills, Value{})
		}
		s.pills[n.slot], s.read = v, s.read|1<<n.slot
	}
	return v, nil
}

func (n *nowNode) eval(s *state) (Value, error) { return Time(s.clock()), nil }

func (n *todayNode) eval(s *state) (Value, error) { return Date(s.clock()), nil }

func (n *notNode) eval(s *state) (Value, error) {
	v, err := n.x.eval(s)
	return Bool(!v.Truthy()), err
}

func (n *andNode) eval(s *state) (Value, error) {
	l, err := n.l.eval(s)
	if err != nil || !l.Truthy() {
		return l, err
	}
	return n.r.eval(s)
}

func (n *orNode) eval(s *state) (Value, error) {
	l, err := n.l.eval(s)
	if err != nil || l.Truthy() {
		return l, err
	}
	return n.r.eval(s)
}

func (n *condNode) eval(s *state) (Value, error) {
	c, err := n.cond.eval(s)
	if err != nil {
		return Value{}, err
	}
	if c.Truthy() {
		return n.then.eval(s)
	}
	return n.els.eval(s)
}

func (n *listNode) eval(s *state) (Value, error) {
	items := make([]Value, len(n.items))
	for i, x := range n.items {
		v, err := x.eval(s)
		if err != nil {
			return Value{}, err
		}
		items[i] = v
	}
	return List(items...), s.alloc(int64(len(items)) * valueSize)
}

func (n *hashNode) eval(s *state) (Value, error) {
	h := NewHash(len(n.keys))
	for i := range n.keys {
		k, err := n.keys[i].eval(s)
		if err != nil {
			return Value{}, err
		}
		v, err := n.vals[i].eval(s)
		if err != nil {
			return Value{}, err
		}
		h.Set(k.String(), v)
	}
	return HashValue(h), s.alloc(int64(len(n.keys)) * valueSize)
}

func (n *rangeNode) eval(s *state) (Value, error) {
	lo, err := n.lo.eval(s)
	if err != nil {
		return Value{}, err
	}
	hi, err := n.hi.eval(s)
	if err != nil {
		return Value{}, err
	}
	if lo.kind != KindInt || hi.kind != KindInt {
		return Value{}, errorf(CodeType, n.pos, "a range needs integer bounds")
	}
	return rangeOf(lo.num, hi.num, n.exclusive), nil
}

func (n *interpNode) eval(s *state) (Value, error) {
	var size int64
	texts := make([]string, len(n.parts))
	for i, p := range n.parts {
		v, err := p.eval(s)
		if err != nil {
			return Value{}, err
		}
		texts[i] = v.String()
		size += int64(len(texts[i]))
	}
	if err := s.alloc(size); err != nil {
		return Value{}, err
	}
	return String(concat(texts)), nil
}

func concat(texts []string) string {
	n := 0
	for _, t := range texts {
		n += len(t)
	}
	b := make([]byte, 0, n)
	for _, t := range texts {
		b = append(b, t...)
	}
	return string(b)
}

func (n *funcNode) eval(s *state) (Value, error) {
	s.method, s.pos = n.name, 0
	return n.fn(s)
}

// valueSize is the bytes a list item is counted as.
const valueSize = 16

func (n *callNode) eval(s *state) (Value, error) {
	recv, err := n.recv.eval(s)
	if err != nil {
		return Value{}, err
	}
	if n.safe && recv.kind == KindNil {
		return Value{}, nil
	}
	m := n.entry.byKind[recv.kind]
	if m == nil {
		return Value{}, &Error{Code: CodeNoMethod, Pos: n.pos, Method: n.name,
			Message: "undefined method '" + n.name + "' for " + describeKind(recv)}
	}
	if len(n.args) < m.min || (m.max >= 0 && len(n.args) > m.max) {
		return Value{}, &Error{Code: CodeBadArity, Pos: n.pos, Method: n.name,
			Message: "wrong number of arguments (" + itoa(int64(len(n.args))) + ") for '" + n.name + "' of " + recv.kind.String()}
	}
	if err := s.charge(1); err != nil {
		return Value{}, err
	}
	base := len(s.stack)
	for _, a := range n.args {
		v, err := a.eval(s)
		if err != nil {
			s.stack = s.stack[:base]
			return Value{}, err
		}
		s.stack = append(s.stack, v)
	}
	s.method, s.pos = n.name, n.pos
	v, err := m.fn(s, recv, s.stack[base:len(s.stack):len(s.stack)])
	clear(s.stack[base:])
	s.stack = s.stack[:base]
	return v, err
}

func describeKind(v Value) string {
	if v.kind == KindNil {
		return "nil"
	}
	return "a value of type " + v.kind.String()
}
