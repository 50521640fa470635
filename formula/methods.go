package formula

// methodFunc implements a method: recv is the receiver, args the evaluated
// arguments, which the method must not keep (copy what it keeps).
type methodFunc func(s *state, recv Value, args []Value) (Value, error)

// method is one implementation of a method name for some receiver kinds:
// it takes between min and max arguments (max -1: any number).
type method struct {
	min, max int
	fn       methodFunc
}

// methodTable maps method names to implementations; each receiver kind has one.
type methodTable map[string]method

// methodEntry holds every implementation of one method name, by receiver kind.
type methodEntry struct {
	name   string
	byKind [numKinds]*method
}

// registry holds every allowed method name; init fills it and it is only
// read afterwards.
var registry = map[string]*methodEntry{}

func init() { registerAll() }

// register adds a table's methods for receivers of the given kinds; a later
// registration for the same kind and name replaces an earlier one, so the
// tables of specific kinds are registered after the one for every kind.
func register(t methodTable, kinds ...Kind) {
	for name, m := range t {
		e := registry[name]
		if e == nil {
			e = &methodEntry{name: name}
			registry[name] = e
		}
		for _, k := range kinds {
			e.byKind[k] = &m
		}
	}
}

// allKinds lists every kind, for methods any value has.
var allKinds = func() []Kind {
	ks := make([]Kind, numKinds)
	for i := range ks {
		ks[i] = Kind(i)
	}
	return ks
}()

func lookupMethod(name string) *methodEntry { return registry[name] }

// accepts reports whether some receiver takes n arguments.
func (e *methodEntry) accepts(n int) bool {
	for _, m := range e.byKind {
		if m != nil && n >= m.min && (m.max < 0 || n <= m.max) {
			return true
		}
	}
	return false
}

// Methods returns the allowed method names and, for each, the receiver kinds it applies to.
func Methods() map[string][]Kind {
	out := make(map[string][]Kind, len(registry))
	for name, e := range registry {
		for k, m := range e.byKind {
			if m != nil {
				out[name] = append(out[name], Kind(k))
			}
		}
	}
	return out
}

// registerAll fills the registry, the methods of every value first so that
// those of a kind replace them.
func registerAll() {
	for _, unit := range []string{"seconds", "minutes", "hours", "days", "weeks", "months", "years"} {
		m := method{0, 0, makeDuration(unit)}
		durationMethods[unit] = m
		durationMethods[unit[:len(unit)-1]] = m
	}
	register(anyMethods, allKinds...)
	register(stringMethods, KindString)
	register(convertMethods, KindString)
	register(encodingMethods, KindString)
	register(numberTextMethods, KindString)
	register(numberMethods, KindInt, KindFloat)
	register(durationMethods, KindInt, KindFloat)
	register(durationValueMethods, KindDuration)
	register(timeMethods, KindDate, KindTime)
	register(listMethods, KindList)
	register(listHashMethods, KindList)
	register(hashMethods, KindHash)
}

// functions are the names callable without a receiver, besides the keywords.
var functions = map[string]func(s *state) (Value, error){
	"uuid": evalUUID,
}
