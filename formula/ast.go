package formula

// node is one node of a parsed formula.
type node interface {
	eval(s *state) (Value, error)
}

// The nodes of a formula's tree.
type (
	litNode  struct{ v Value }
	pillNode struct {
		pill Pill
		slot int // the same slot for the same pill, so one evaluation reads it once
	}
	nowNode   struct{}
	todayNode struct{}
	notNode   struct{ x node }
	negNode   struct {
		x   node
		pos int
	}
	binNode struct {
		op   string
		l, r node
		pos  int
	}
	andNode  struct{ l, r node }
	orNode   struct{ l, r node }
	condNode struct{ cond, then, els node }
	listNode struct{ items []node }
	hashNode struct{ keys, vals []node }
	// rangeNode is lo..hi or lo...hi.
	rangeNode struct {
		lo, hi    node
		exclusive bool
		pos       int
	}
	// interpNode joins the text of its parts, as "a #{b} c" does.
	interpNode struct{ parts []node }
	indexNode  struct {
		x    node
		args []node
		pos  int
	}
	// callNode calls a method on a receiver: recv.name(args), or recv&.name.
	callNode struct {
		recv  node
		name  string
		entry *methodEntry
		args  []node
		safe  bool
		pos   int
	}
	// funcNode calls a function of no receiver, such as uuid.
	funcNode struct {
		name string
		fn   func(s *state) (Value, error)
	}
)
