package http

import (
	"bufio"
	"container/list"
	"io"
	"os"
	"sync"
	"sync/atomic"
)

// Encodings of recipes with large code are kept on disk, not in memory,
// within a budget of bytes and of files.
const (
	recipeFileBudget = 1 << 30
	recipeFileCount  = 256
)

// keptFile is an encoding written to a temporary file that is unlinked at
// once: it takes disk rather than memory, is read by any number of
// answers at a time, and vanishes with its last reader.
type keptFile struct {
	f    *os.File
	size int64
	refs atomic.Int32 // one per answer writing it, plus the cache's while kept
}

// Size implements bodyPart.
func (k *keptFile) Size() int64 { return k.size }

// WriteTo implements bodyPart, copying the file a buffer at a time.
func (k *keptFile) WriteTo(w io.Writer) (int64, error) {
	return io.Copy(w, io.NewSectionReader(k.f, 0, k.size))
}

// release gives up a reference; the last one closes the file.
func (k *keptFile) release() {
	if k.refs.Add(-1) == 0 {
		k.f.Close()
	}
}

// newKeptFile writes what write writes to a new kept file in dir (the
// system's temporary directory when blank), holding one reference for the
// caller.
func newKeptFile(dir string, write func(io.Writer) error) (*keptFile, error) {
	f, err := os.CreateTemp(dir, "partnerd-recipe-*.json")
	if err != nil {
		return nil, err
	}
	if err := os.Remove(f.Name()); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	cw := &countingWriter{w: f}
	bw := bufio.NewWriterSize(cw, 64<<10)
	if err = write(bw); err == nil {
		err = bw.Flush()
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	k := &keptFile{f: f, size: cw.n}
	k.refs.Store(1)
	return k, nil
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// recipeFiles keeps kept files of encoded recipes by key, within a budget
// of bytes and of files, dropping the least recently used first. A file
// dropped while answers read it is closed when the last one ends.
type recipeFiles struct {
	dir     string
	budget  int64
	count   int
	mu      sync.Mutex
	size    int64
	order   *list.List // of *keptEntry, the most recently used first
	items   map[recipeKey]*list.Element
	pending map[recipeKey]chan struct{} // keys being written, closed when done
}

type keptEntry struct {
	key  recipeKey
	file *keptFile
}

func newRecipeFiles(dir string, budget int64, count int) *recipeFiles {
	return &recipeFiles{dir: dir, budget: budget, count: count, order: list.New(),
		items: map[recipeKey]*list.Element{}, pending: map[recipeKey]chan struct{}{}}
}

// getOrClaim returns the file kept for k with a reference for the caller.
// Without one, it claims k for the caller to write, who must unclaim it,
// or returns a channel closed when the request writing it is done.
func (c *recipeFiles) getOrClaim(k recipeKey) (*keptFile, <-chan struct{}) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[k]; ok {
		c.order.MoveToFront(e)
		f := e.Value.(*keptEntry).file
		f.refs.Add(1)
		return f, nil
	}
	if done, ok := c.pending[k]; ok {
		return nil, done
	}
	c.pending[k] = make(chan struct{})
	return nil, nil
}

// get returns the file kept for k with a reference for the caller.
func (c *recipeFiles) get(k recipeKey) (*keptFile, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[k]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	f := e.Value.(*keptEntry).file
	f.refs.Add(1)
	return f, true
}

// unclaim ends the caller's claim of k, waking those who wait for it.
func (c *recipeFiles) unclaim(k recipeKey) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if done, ok := c.pending[k]; ok {
		close(done)
		delete(c.pending, k)
	}
}

// put keeps f under k, unless it is too large to keep.
func (c *recipeFiles) put(k recipeKey, f *keptFile) {
	if f.size > c.budget/4 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.items[k]; ok {
		return
	}
	f.refs.Add(1)
	c.items[k] = c.order.PushFront(&keptEntry{key: k, file: f})
	c.size += f.size
	for c.size > c.budget || c.order.Len() > c.count {
		old := c.order.Remove(c.order.Back()).(*keptEntry)
		delete(c.items, old.key)
		c.size -= old.file.size
		old.file.release()
	}
}
