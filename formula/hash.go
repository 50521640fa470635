package formula

// Hash is an ordered map from string keys to values, as a JSON object is.
// A Hash is immutable once it is part of a Value.
type Hash struct {
	keys []string
	m    map[string]Value
}

// NewHash returns an empty hash with room for n keys.
func NewHash(n int) *Hash {
	return &Hash{keys: make([]string, 0, n), m: make(map[string]Value, n)}
}

// Set sets key to v, keeping the key's first position.
func (h *Hash) Set(key string, v Value) {
	if _, ok := h.m[key]; !ok {
		h.keys = append(h.keys, key)
	}
	h.m[key] = v
}

// Get returns the value of key.
func (h *Hash) Get(key string) (Value, bool) {
	if h == nil {
		return Value{}, false
	}
	v, ok := h.m[key]
	return v, ok
}

// Keys returns the keys in order; the caller must not change them.
func (h *Hash) Keys() []string {
	if h == nil {
		return nil
	}
	return h.keys
}

// Len returns the number of keys.
func (h *Hash) Len() int {
	if h == nil {
		return 0
	}
	return len(h.keys)
}

// clone returns a copy of h that can be changed.
func (h *Hash) clone() *Hash {
	c := NewHash(h.Len())
	for _, k := range h.Keys() {
		c.Set(k, h.m[k])
	}
	return c
}
