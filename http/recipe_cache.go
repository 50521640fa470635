package http

import (
	"container/list"
	"context"
	"io"
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

// smallRecipe is the largest code of a recipe whose encoding is kept in
// memory; those with larger code are kept on disk (recipeFiles).
const smallRecipe = 64 << 10

// encodedRecipes returns the encodings of the recipes of stamps, in their
// order, encoding and keeping those not kept yet, and a function that
// gives up the kept files they name once written. A recipe deleted since
// its stamp was read is left out; one changed since is encoded as it is
// now. At most one recipe of large code is in memory at a time, while it
// is written to its kept file, and only within the server's load budget.
func (s *Server) encodedRecipes(ctx context.Context, workspaceID int64, stamps []partnerd.RecipeStamp, withCode bool) ([]bodyPart, func(), error) {
	e := &encoding{out: make([]bodyPart, len(stamps)), at: map[int64]int{}}
	var missing []int64
	for i, st := range stamps {
		k := keyOf(st, withCode)
		if b, ok := s.recipes.get(k); ok {
			e.out[i] = bytesPart(b)
		} else if f, ok := s.recipeFiles.get(k); ok {
			e.keep(i, f)
		} else {
			missing = append(missing, st.ID)
			e.at[st.ID] = i
		}
	}
	if len(missing) > 0 {
		if err := s.encodeMissing(ctx, workspaceID, e, missing, withCode); err != nil {
			e.release()
			return nil, nil, err
		}
	}
	kept := e.out[:0]
	for _, b := range e.out {
		if b != nil {
			kept = append(kept, b)
		}
	}
	return kept, e.release, nil
}

// encoding is the answer encodedRecipes assembles: a part per stamp, the
// index of each recipe's, and the kept files it holds.
type encoding struct {
	out   []bodyPart
	at    map[int64]int
	files []*keptFile
}

func (e *encoding) keep(i int, f *keptFile) {
	e.out[i] = f
	e.files = append(e.files, f)
}

func (e *encoding) release() {
	for _, f := range e.files {
		f.release()
	}
}

// encodeMissing encodes the recipes of ids into e: those of small code
// read together and kept in memory, the others each in turn to a kept file.
func (s *Server) encodeMissing(ctx context.Context, workspaceID int64, e *encoding, ids []int64, withCode bool) error {
	list, err := s.Recipes.FindRecipesByID(ctx, workspaceID, ids, true)
	if err != nil {
		return err
	}
	var small []int64
	for _, rec := range list {
		switch {
		case !withCode:
			if err := s.encodeInMemory(e, rec, false); err != nil {
				return err
			}
		case rec.CodeSize <= smallRecipe:
			small = append(small, rec.ID)
		default:
			f, err := s.keptRecipe(ctx, workspaceID, rec)
			if err != nil {
				return err
			}
			if f != nil {
				e.keep(e.at[rec.ID], f)
			}
		}
	}
	if len(small) == 0 {
		return nil
	}
	list, err = s.Recipes.FindRecipesByID(ctx, workspaceID, small, false)
	if err != nil {
		return err
	}
	for _, rec := range list {
		if err := s.encodeInMemory(e, rec, true); err != nil {
			return err
		}
	}
	return nil
}

// encodeInMemory encodes a recipe into e and keeps its encoding in memory.
func (s *Server) encodeInMemory(e *encoding, rec *partnerd.Recipe, withCode bool) error {
	b, err := marshalJSON(newRecipeJSON(rec, withCode, s.publicURL()))
	if err != nil {
		return err
	}
	s.recipes.put(keyOf(rec.Stamp(), withCode), b)
	e.out[e.at[rec.ID]] = bytesPart(b)
	return nil
}

// keptRecipe returns the kept file of the encoding with code of the recipe
// rec, read without code, with a reference for the caller; nil when the
// recipe has been deleted. The first request to want it reads and writes
// it, within the load budget, while the others wait.
func (s *Server) keptRecipe(ctx context.Context, workspaceID int64, rec *partnerd.Recipe) (*keptFile, error) {
	k := keyOf(rec.Stamp(), true)
	for {
		f, writing := s.recipeFiles.getOrClaim(k)
		if f != nil {
			return f, nil
		}
		if writing == nil {
			break // Claimed: this request writes it.
		}
		select {
		case <-writing:
		case <-ctx.Done():
			return nil, errBusy()
		}
	}
	defer s.recipeFiles.unclaim(k)
	cost := 2 * rec.CodeSize
	if err := s.recipeLoads.acquire(ctx, cost, recipeLoadWait); err != nil {
		return nil, err
	}
	defer s.recipeLoads.release(cost)
	list, err := s.Recipes.FindRecipesByID(ctx, workspaceID, []int64{rec.ID}, false)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	f, err := newKeptFile(s.recipeFiles.dir, func(w io.Writer) error { return writeRecipeJSON(w, list[0], true, s.publicURL()) })
	if err != nil {
		return nil, err
	}
	s.recipeFiles.put(keyOf(list[0].Stamp(), true), f)
	return f, nil
}
