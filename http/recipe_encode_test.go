package http

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/partnerd/partnerd"
)

// TestWriteRecipeJSON: a recipe written piece by piece is byte for byte
// the recipe encoded whole, whatever its code holds and wherever a piece
// of it ends.
func TestWriteRecipeJSON(t *testing.T) {
	edge := strings.Repeat("x", escapeChunk-1)
	for name, code := range map[string]string{
		"plain":              `{"keyword":"trigger"}`,
		"escapes":            "{\"a\":\"q\\\"<b>&amp;\\\\\u2028\u2029\t\n\x01\x7f\"}",
		"rune across a cut":  edge + "é€😀" + edge + "é",
		"invalid utf-8":      edge + "\xe2\x82" + "A" + edge + "\xff\xfe" + strings.Repeat("\x80", 5),
		"large with quotes":  strings.Repeat(`{"message":"said \"hi\" <at> #{_('data.x')}"},`, 20000),
		"escape at the edge": edge + `"` + edge + `\` + edge,
	} {
		r := &partnerd.Recipe{ID: 7, Name: "R", Code: code, Config: []partnerd.RecipeConfig{}, CreatedAt: time.Unix(0, 0)}
		for _, withCode := range []bool{true, false} {
			want, err := marshalJSON(newRecipeJSON(r, withCode, "http://partnerd.test"))
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			if err := writeRecipeJSON(&got, r, withCode, "http://partnerd.test"); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("%s (code %v): written %d bytes differ from the %d encoded whole", name, withCode, got.Len(), len(want))
			}
		}
	}
}

// TestByteBudget: work beyond the budget waits, and is turned away with
// EUNAVAILABLE when none ends in time; work larger than the whole runs alone.
func TestByteBudget(t *testing.T) {
	ctx := context.Background()
	b := newByteBudget(100)
	if err := b.acquire(ctx, 60, time.Second); err != nil {
		t.Fatal(err)
	}
	if err := b.acquire(ctx, 60, 10*time.Millisecond); partnerd.ErrorCode(err) != partnerd.EUNAVAILABLE {
		t.Fatalf("acquire beyond the budget = %v, want EUNAVAILABLE", err)
	}
	done := make(chan error)
	go func() { done <- b.acquire(ctx, 500, time.Minute) }()
	b.release(60)
	if err := <-done; err != nil {
		t.Fatalf("acquire of more than the whole = %v, want it admitted alone", err)
	}
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	if err := b.acquire(canceled, 1, time.Minute); partnerd.ErrorCode(err) != partnerd.EUNAVAILABLE {
		t.Fatalf("acquire on a canceled context = %v, want EUNAVAILABLE", err)
	}
	b.release(500)
	if err := b.acquire(ctx, 100, 0); err != nil {
		t.Fatalf("acquire of the whole when free = %v", err)
	}
}
