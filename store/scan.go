package store

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/partnerd/partnerd"
)

// Times are stored as Unix milliseconds in both dialects.
func toMS(t time.Time) int64 { return t.UnixMilli() }

func fromMS(ms int64) time.Time { return time.UnixMilli(ms) }

func nullTime(n sql.NullInt64) *time.Time {
	if !n.Valid {
		return nil
	}
	t := fromMS(n.Int64)
	return &t
}

// JSON columns hold small lists and maps as text.
func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("store: encode %T: %v", v, err))
	}
	return string(b)
}

// jsonColumn scans a JSON text column into a Go value.
type jsonColumn struct{ v any }

func (c jsonColumn) Scan(src any) error {
	switch s := src.(type) {
	case nil:
		return nil
	case string:
		return json.Unmarshal([]byte(s), c.v)
	case []byte:
		return json.Unmarshal(s, c.v)
	}
	return fmt.Errorf("store: cannot scan %T into JSON", src)
}

// placeholders returns "?, ?, …" for n values.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

func nullString(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}

func stringPtr(n sql.NullString) *string {
	if !n.Valid {
		return nil
	}
	return &n.String
}

func int64Ptr(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	return &n.Int64
}

func nullInt64(n *int64) any {
	if n == nil {
		return nil
	}
	return *n
}

// maxDecodedTexts bounds a decodedTexts; past it, texts are decoded on
// every read.
const maxDecodedTexts = 10000

// decodedTexts keeps values decoded from JSON texts that every request
// reads again, such as role privileges and lookup table schemas, by text.
// The values are shared: their readers must not change them.
type decodedTexts[T any] struct {
	m    sync.Map // string → T
	kept atomic.Int64
}

func (d *decodedTexts[T]) decode(text string) (T, error) {
	if v, ok := d.m.Load(text); ok {
		return v.(T), nil
	}
	var v T
	if err := json.Unmarshal([]byte(text), &v); err != nil {
		return v, err
	}
	if d.kept.Add(1) <= maxDecodedTexts {
		d.m.Store(text, v)
	}
	return v, nil
}

// changedOne turns the outcome of a statement that changed no row into
// ENOTFOUND.
func changedOne(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return partnerd.ErrNotFound()
	}
	return nil
}
