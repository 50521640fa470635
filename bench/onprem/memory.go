package main

import (
	"fmt"
	"os"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/partnerd/partnerd/bench/procmem"
)

// heapWatch samples the heap in use of this process every two
// milliseconds and keeps its peak since the last reset.
type heapWatch struct {
	peak atomic.Uint64
}

// watchHeap starts the sampling.
func watchHeap() *heapWatch {
	w := &heapWatch{}
	go func() {
		var m runtime.MemStats
		for range time.Tick(2 * time.Millisecond) {
			runtime.ReadMemStats(&m)
			for old := w.peak.Load(); m.HeapInuse > old && !w.peak.CompareAndSwap(old, m.HeapInuse); old = w.peak.Load() {
			}
		}
	}()
	return w
}

// reset collects garbage and starts a new peak, of the heap and of the
// resident memory (VmHWM, through /proc/self/clear_refs).
func (w *heapWatch) reset() {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	w.peak.Store(m.HeapInuse)
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// figures are the peaks of a process since its last reset.
type figures struct {
	heap, rss int64 // peak heap in use, peak resident memory (VmHWM)
}

// read returns the peaks since the last reset.
func (w *heapWatch) read() figures {
	_, peak, err := procmem.Read(os.Getpid())
	if err != nil {
		peak = -1
	}
	return figures{heap: int64(w.peak.Load()), rss: peak}
}

// mib prints bytes in MiB.
func mib(n int64) string {
	if n < 0 {
		return "?"
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}
