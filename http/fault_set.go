package http

import (
	"slices"
	"sync"
)

// faultSet holds the fault rules of each account, and the id the next rule
// of each account takes.
type faultSet struct {
	mu    sync.RWMutex
	rules map[int64][]*faultRule
	next  map[int64]int64
}

// set replaces the rules of an account; none clears them. Each rule gets
// an id of its own.
func (fs *faultSet) set(accountID int64, rules []*faultRule) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.number(accountID, rules)
	if len(rules) == 0 {
		delete(fs.rules, accountID)
		return
	}
	fs.rules[accountID] = rules
}

// add appends a rule to an account's, within maxFaultRules.
func (fs *faultSet) add(accountID int64, f *faultRule) bool {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if len(fs.rules[accountID]) >= maxFaultRules {
		return false
	}
	fs.number(accountID, []*faultRule{f})
	// A new slice: requests may be reading the old one.
	fs.rules[accountID] = append(slices.Clip(fs.rules[accountID]), f)
	return true
}

// remove deletes an account's rule by id and reports whether it was there.
func (fs *faultSet) remove(accountID, id int64) bool {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	rules := fs.rules[accountID]
	i := slices.IndexFunc(rules, func(f *faultRule) bool { return f.ID == id })
	if i < 0 {
		return false
	}
	if len(rules) == 1 {
		delete(fs.rules, accountID)
	} else {
		fs.rules[accountID] = slices.Delete(slices.Clone(rules), i, i+1)
	}
	return true
}

// number gives each rule the account's next id; fs.mu is held.
func (fs *faultSet) number(accountID int64, rules []*faultRule) {
	if fs.rules == nil {
		fs.rules, fs.next = map[int64][]*faultRule{}, map[int64]int64{}
	}
	for _, f := range rules {
		fs.next[accountID]++
		f.ID = fs.next[accountID]
	}
}

// of returns the rules of an account, in their order; the slice is never
// changed in place.
func (fs *faultSet) of(accountID int64) []*faultRule {
	fs.mu.RLock()
	defer fs.mu.RUnlock()
	return fs.rules[accountID]
}
