package http

import (
	"container/list"
	"context"
	"sync"

	"github.com/partnerd/partnerd"
)

// recipeCacheBudget is how many bytes of encoded recipes a server keeps.
const recipeCacheBudget = 32 << 20

// recipeKey names an encoding of one state of a recipe: its stamp, the
// project written out (0 for none), and whether the code is in it.
type recipeKey struct {
	id, revision, project int64
	code                  bool
}

func keyOf(s partnerd.RecipeStamp, withCode bool) recipeKey {
	k := recipeKey{id: s.ID, revision: s.Revision, code: withCode}
	if s.ProjectID != nil {
		k.project = *s.ProjectID
	}
	return k
}

// recipeCache keeps encoded recipes by stamp, within a budget of bytes,
// dropping the least recently used first. A stamp changes with every
// change of a recipe, so an entry is never stale: the recipe's newer
// states are simply other entries.
type recipeCache struct {
	mu     sync.Mutex
	budget int
	size   int
	order  *list.List // of *cachedRecipe, the most recently used first
	items  map[recipeKey]*list.Element
}

type cachedRecipe struct {
	key  recipeKey
	json []byte
}

func newRecipeCache(budget int) *recipeCache {
	return &recipeCache{budget: budget, order: list.New(), items: map[recipeKey]*list.Element{}}
}

func (c *recipeCache) get(k recipeKey) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[k]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cachedRecipe).json, true
}

func (c *recipeCache) put(k recipeKey, b []byte) {
	if len(b) > c.budget/16 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.items[k]; ok {
		return
	}
	c.items[k] = c.order.PushFront(&cachedRecipe{key: k, json: b})
	c.size += len(b)
	for c.size > c.budget {
		last := c.order.Back()
		old := c.order.Remove(last).(*cachedRecipe)
		delete(c.items, old.key)
		c.size -= len(old.json)
	}
}

// encodedRecipes returns the JSON of the recipes of stamps, in their order,
// encoding and keeping those the cache lacks. A recipe deleted since its
// stamp was read is left out; one changed since is encoded as it is now.
func (s *Server) encodedRecipes(ctx context.Context, workspaceID int64, stamps []partnerd.RecipeStamp, withCode bool) ([][]byte, error) {
	out := make([][]byte, len(stamps))
	var missing []int64
	at := map[int64]int{}
	for i, st := range stamps {
		if b, ok := s.recipes.get(keyOf(st, withCode)); ok {
			out[i] = b
			continue
		}
		missing = append(missing, st.ID)
		at[st.ID] = i
	}
	if len(missing) == 0 {
		return out, nil
	}
	list, err := s.Recipes.FindRecipesByID(ctx, workspaceID, missing, !withCode)
	if err != nil {
		return nil, err
	}
	for _, rec := range list {
		b, err := marshalJSON(newRecipeJSON(rec, withCode, s.publicURL()))
		if err != nil {
			return nil, err
		}
		s.recipes.put(keyOf(rec.Stamp(), withCode), b)
		out[at[rec.ID]] = b
	}
	kept := out[:0]
	for _, b := range out {
		if b != nil {
			kept = append(kept, b)
		}
	}
	return kept, nil
}
