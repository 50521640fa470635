package engine

import (
	"strings"

	"github.com/partnerd/partnerd/formula"
)

// inputSideEffects is a Provider whose actions change something or not
// by their input, as an HTTP request does by its method; the engine asks
// it rather than SideEffects.
type inputSideEffects interface {
	InputSideEffects(action string, in formula.Value) bool
}

// sideEffects reports whether a step of provider p may change anything
// outside its job, given its evaluated input.
func sideEffects(p Provider, action string, in formula.Value) bool {
	if ip, ok := p.(inputSideEffects); ok {
		return ip.InputSideEffects(action, in)
	}
	return p.SideEffects(action)
}

// safeMethod reports whether an HTTP method only reads (GET, HEAD,
// OPTIONS); an empty method is a GET.
func safeMethod(method string) bool {
	switch strings.ToUpper(strings.TrimSpace(method)) {
	case "", "GET", "HEAD", "OPTIONS":
		return true
	}
	return false
}

// InputSideEffects reports a request's side effects: none for a GET,
// HEAD or OPTIONS.
func (restProvider) InputSideEffects(action string, in formula.Value) bool {
	if action == downloadAction {
		return false
	}
	if action == adhocHTTPAction {
		return !safeMethod(hashField(in, "verb").String())
	}
	return !safeMethod(hashField(hashField(in, "request"), "method").String())
}

// InputSideEffects reports an ad-hoc request's side effects: none for a
// GET, HEAD or OPTIONS.
func (adhocProvider) InputSideEffects(_ string, in formula.Value) bool {
	return !safeMethod(hashField(in, "verb").String())
}
