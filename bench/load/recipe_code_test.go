package main

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/partnerd/partnerd"
)

// TestNewRecipeCode checks that the seeded recipes are valid recipes of a
// realistic size, with a config entry for each of their applications, and
// that the code of a recipe is the same from one run to the next.
func TestNewRecipeCode(t *testing.T) {
	const n = 200
	total, quoted := 0, 0
	for i := range n {
		code := newRecipeCode(i)
		if len(code) < 1500 || len(code) > 3000 {
			t.Errorf("recipe %d: %d bytes", i, len(code))
		}
		encoded, err := json.Marshal(code)
		if err != nil {
			t.Fatal(err)
		}
		total, quoted = total+len(code), quoted+len(encoded)
		r := &partnerd.Recipe{Name: recipeName(i), Code: code, Config: recipeConfig(1, 2)}
		if err := r.Validate(); err != nil {
			t.Fatalf("recipe %d: %v", i, err)
		}
		for _, app := range r.Applications() {
			if !slices.ContainsFunc(r.Config, func(c partnerd.RecipeConfig) bool { return c.Provider == app }) {
				t.Errorf("recipe %d: no config entry for %s", i, app)
			}
		}
	}
	t.Logf("mean recipe code: %d bytes, %d as a JSON string", total/n, quoted/n)
	if newRecipeCode(7) != newRecipeCode(7) {
		t.Error("the code of a recipe changes between calls")
	}
}
