package engine

import "github.com/partnerd/partnerd/formula"

// scope is what an enclosing foreach or catch gives its block: the
// current item, or the error caught.
type scope struct {
	provider string // "foreach" or "catch"
	line     string // the step's "as"
	value    formula.Value
	index    int
}

// Pill resolves a datapill for formula: a step's output by its line, or
// the item of an enclosing foreach, or the error of an enclosing catch.
func (r *run) Pill(p formula.Pill) (formula.Value, bool) {
	var v formula.Value
	switch p.Provider {
	case "foreach", "catch":
		s := r.scope(p.Provider, p.Line)
		if s == nil {
			return formula.Value{}, false
		}
		if len(p.Path) > 0 && p.Path[0].Kind == formula.PathCurrentIndex {
			return formula.Int(int64(s.index)), true
		}
		v = s.value
	default:
		var ok bool
		if v, ok = r.outputs[p.Line]; !ok {
			return formula.Value{}, false
		}
	}
	return formula.Walk(v, p.Path, r.currentItem)
}

// scope returns the innermost enclosing scope of provider and line, or nil.
func (r *run) scope(provider, line string) *scope {
	for i := len(r.scopes) - 1; i >= 0; i-- {
		if s := &r.scopes[i]; s.provider == provider && s.line == line {
			return s
		}
	}
	return nil
}

// currentItem is the index that current_item takes in a pill's path: that
// of the innermost enclosing foreach or list mapping, else the first.
func (r *run) currentItem(formula.Value) int {
	if n := len(r.items); n > 0 {
		return r.items[n-1]
	}
	return 0
}

// formulaOptions are the options of every evaluation of the job: the
// engine's clock, and the contract's budgets of time and size. They are
// made once a job, as evaluations copy them.
func (r *run) formulaOptions() *formula.Options {
	if r.opts == nil {
		r.opts = &formula.Options{Now: r.e.now, Location: r.loc, Timeout: formula.DefaultTimeout, MaxBytes: formula.DefaultMaxBytes}
	}
	return r.opts
}
