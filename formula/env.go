package formula

import "time"

// Env resolves datapills while a formula runs. The engine implements it over
// a job's step outputs; ok is false when the pill has no value (it reads as nil).
type Env interface {
	Pill(p Pill) (v Value, ok bool)
}

// Outputs is an Env over step outputs by line ("as" alias). It resolves
// current_item as the first item; an engine running foreach implements its own Env.
type Outputs map[string]Value

// Pill walks the pill's path through the output of its line.
func (o Outputs) Pill(p Pill) (Value, bool) {
	v, ok := o[p.Line]
	if !ok {
		return Value{}, false
	}
	return Walk(v, p.Path, func(Value) int { return 0 })
}

// Walk follows path from v: keys into hashes, indexes into lists, size of a
// list, and current_item into a list at the index item returns for it.
func Walk(v Value, path []PathElem, item func(list Value) int) (Value, bool) {
	for _, e := range path {
		switch e.Kind {
		case PathKey:
			h := v.AsHash()
			if v.kind != KindHash {
				return Value{}, false
			}
			var ok bool
			if v, ok = h.Get(e.Key); !ok {
				return Value{}, false
			}
		case PathIndex, PathCurrentItem:
			if v.kind != KindList {
				return Value{}, false
			}
			i := e.Index
			if e.Kind == PathCurrentItem {
				i = item(v)
			}
			if i < 0 {
				i += len(v.list)
			}
			if i < 0 || i >= len(v.list) {
				return Value{}, false
			}
			v = v.list[i]
		case PathSize:
			switch v.kind {
			case KindList:
				v = Int(int64(len(v.list)))
			case KindHash:
				v = Int(int64(v.AsHash().Len()))
			default:
				return Value{}, false
			}
		default:
			return Value{}, false
		}
	}
	return v, true
}

// Options tune an evaluation. The zero Options mean the defaults.
type Options struct {
	Now      func() time.Time // the clock of now and today; time.Now by default
	Location *time.Location   // the zone of now and today; America/Los_Angeles by default
	Timeout  time.Duration    // the time budget; 1 s by default
	MaxBytes int64            // the largest value built; 16 MiB by default
}

// The default budgets, as the runtime contract sets them.
const (
	DefaultTimeout  = time.Second
	DefaultMaxBytes = 16 << 20
)

var defaultLocation = func() *time.Location {
	loc, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		return time.UTC
	}
	return loc
}()
