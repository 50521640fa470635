package http

import (
	"bytes"
	"encoding/json"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/partnerd/partnerd"
)

// flexInt is an integer id that arrives as a JSON number or a string of one.
type flexInt int64

// UnmarshalJSON implements json.Unmarshaler.
func (n *flexInt) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	s := strings.Trim(string(b), `"`)
	v, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil {
		return &json.UnmarshalTypeError{Value: string(b), Type: reflect.TypeFor[int64]()}
	}
	*n = flexInt(v)
	return nil
}

// flexInts is a list of ids, each a number or a string of one.
type flexInts []flexInt

func (l flexInts) ids() []int64 {
	if l == nil {
		return nil
	}
	out := make([]int64, len(l))
	for i, n := range l {
		out[i] = int64(n)
	}
	return out
}

// flexBool is a boolean that arrives as JSON true/false or a string of one.
type flexBool bool

// UnmarshalJSON implements json.Unmarshaler.
func (v *flexBool) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	parsed, ok := parseBool(strings.Trim(string(b), `"`))
	if !ok {
		return &json.UnmarshalTypeError{Value: string(b), Type: reflect.TypeFor[bool]()}
	}
	*v = flexBool(parsed)
	return nil
}

// parseBool reads true/false/1/0 in any case.
func parseBool(s string) (value, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1":
		return true, true
	case "false", "0":
		return false, true
	}
	return false, false
}

// optional is a field of an update: Set when the key is present, Null when
// its value is null.
type optional[T any] struct {
	Set   bool
	Null  bool
	Value T
}

// UnmarshalJSON implements json.Unmarshaler.
func (o *optional[T]) UnmarshalJSON(b []byte) error {
	o.Set = true
	if bytes.Equal(b, []byte("null")) {
		o.Null = true
		return nil
	}
	return json.Unmarshal(b, &o.Value)
}

// ptr returns the value as a pointer, nil when null.
func (o optional[T]) ptr() *T {
	if o.Null {
		return nil
	}
	v := o.Value
	return &v
}

// applyTo sets *dst when the field was given, clearing it on null.
func (o optional[T]) applyTo(dst **T) {
	if o.Set {
		*dst = o.ptr()
	}
}

// queryInt reads an integer query parameter; absent is ok=false.
func queryInt(r *http.Request, name string) (n int64, ok bool, err error) {
	s := r.URL.Query().Get(name)
	if s == "" {
		return 0, false, nil
	}
	n, err = strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil {
		return 0, false, partnerd.FieldError(name, "must be a number")
	}
	return n, true, nil
}

// queryBool reads a boolean query parameter; absent is ok=false.
func queryBool(r *http.Request, name string) (v, ok bool, err error) {
	s := r.URL.Query().Get(name)
	if s == "" {
		return false, false, nil
	}
	v, ok = parseBool(s)
	if !ok {
		return false, false, partnerd.FieldError(name, "must be true or false")
	}
	return v, true, nil
}

// pageOf reads page and per_page: page 0 is 1, per_page defaults to 100 and
// is clamped to max.
func pageOf(r *http.Request, maxPerPage int) (partnerd.Page, error) {
	page, _, err := queryInt(r, "page")
	if err != nil {
		return partnerd.Page{}, err
	}
	perPage, given, err := queryInt(r, "per_page")
	if err != nil {
		return partnerd.Page{}, err
	}
	if !given || perPage < 1 {
		perPage = 100
	}
	page = max(page, 1)
	const maxPage = 1 << 40 // far past any list, and far from overflowing an offset
	return partnerd.Page{Page: int(min(page, maxPage)), PerPage: int(min(perPage, int64(maxPerPage)))}, nil
}

// pathID reads an integer path parameter; anything else is not found.
func pathID(r *http.Request, name string) (int64, error) {
	n, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || n <= 0 {
		return 0, partnerd.ErrNotFound()
	}
	return n, nil
}

// workspaceRef is a parsed {mu}: a numeric id, or an external id, and the
// environment a suffix names.
type workspaceRef struct {
	ID         int64
	ExternalID string
	// Environment is DEV, TEST or PROD when {mu} ends in _dev, _test or
	// _prod, "" otherwise.
	Environment string
}

// environmentSuffixes maps the suffixes of {mu} to the environments they name.
var environmentSuffixes = []struct{ suffix, env string }{
	{"_dev", partnerd.EnvironmentDev}, {"_test", partnerd.EnvironmentTest}, {"_prod", partnerd.EnvironmentProd},
}

// parseWorkspaceRef reads {mu}: digits are an id and E with the (already
// unescaped) rest an external id, either with an optional _dev, _test or
// _prod suffix naming an environment of the customer. An external id is
// kept whole as well: the resolver tries it as given first, since an
// external id may itself end in a suffix.
func parseWorkspaceRef(s string) (workspaceRef, bool) {
	if strings.HasPrefix(s, "E") {
		ref := workspaceRef{ExternalID: s[1:]}
		return ref, len(s) > 1
	}
	var ref workspaceRef
	for _, e := range environmentSuffixes {
		if strings.HasSuffix(s, e.suffix) {
			s, ref.Environment = strings.TrimSuffix(s, e.suffix), e.env
			break
		}
	}
	if s == "" || s[0] < '0' || s[0] > '9' {
		return workspaceRef{}, false
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return workspaceRef{}, false
	}
	ref.ID = id
	return ref, true
}

// splitEnvironment splits an environment suffix off an external id: the
// rest and the environment, or ok false when it has none (or nothing
// before it).
func splitEnvironment(externalID string) (rest, env string, ok bool) {
	for _, e := range environmentSuffixes {
		if rest, found := strings.CutSuffix(externalID, e.suffix); found && rest != "" {
			return rest, e.env, true
		}
	}
	return "", "", false
}

// optionalID returns a given id field, and nil when it is absent or null.
func optionalID(o optional[flexInt]) *int64 {
	if !o.Set || o.Null {
		return nil
	}
	id := int64(o.Value)
	return &id
}
