package main

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"
)

// figures are the latencies of one case.
type figures struct {
	name    string
	n       int
	elapsed time.Duration
	cpu     time.Duration // the process's CPU time over the case
	mallocs uint64        // the process's heap allocations over the case
	lat     []time.Duration
}

// cpuPerOp is the process's CPU time per call, the server's included.
func (f *figures) cpuPerOp() time.Duration { return f.cpu / time.Duration(f.n) }

// allocsPerOp is the process's heap allocations per call, the server's included.
func (f *figures) allocsPerOp() float64 { return float64(f.mallocs) / float64(f.n) }

// mallocs returns how many heap allocations the process has made.
func mallocs() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.Mallocs
}

// processCPU returns the CPU time the process has used.
func processCPU() time.Duration {
	var u syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &u)
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

func (f *figures) print() {
	fmt.Printf("| %s | %.0f | %s | %.0f | %s | %s | %s |\n", f.name, float64(f.n)/f.elapsed.Seconds(),
		us(f.cpuPerOp()), f.allocsPerOp(), us(f.mean()), us(f.pct(0.5)), us(f.pct(0.99)))
}

// pct returns a percentile of the latencies.
func (f *figures) pct(p float64) time.Duration {
	slices.Sort(f.lat)
	return f.lat[int(float64(len(f.lat)-1)*p)]
}

// us shows a duration in microseconds.
func us(d time.Duration) string { return fmt.Sprintf("%.0f µs", float64(d)/float64(time.Microsecond)) }

// printCost prints what with costs over base, and over base and direct
// together: the step's cost, and what it adds to the service's own time.
func printCost(label string, base, with, direct *figures) {
	fmt.Println()
	fmt.Println("| figure | p50 | p99 | mean | CPU/op | allocs/op |")
	fmt.Println("|---|---|---|---|---|---|")
	row := func(name string, sub ...*figures) {
		p50, p99, mean, cpu, allocs := with.pct(0.5), with.pct(0.99), with.mean(), with.cpuPerOp(), with.allocsPerOp()
		for _, f := range sub {
			p50, p99, mean, cpu, allocs = p50-f.pct(0.5), p99-f.pct(0.99), mean-f.mean(), cpu-f.cpuPerOp(), allocs-f.allocsPerOp()
		}
		fmt.Printf("| %s | %s | %s | %s | %s | %.0f |\n", name, us(p50), us(p99), us(mean), us(cpu), allocs)
	}
	row(label+": job with it − job without it", base)
	row(label+" over the service's own time: that − direct call", base, direct)
}

// loadAverage returns the first line of /proc/loadavg, or "unknown".
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(b))
}

// printHeader opens a table of cases.
func printHeader() {
	fmt.Println("| case | calls/s | CPU/op | allocs/op | mean | p50 | p99 |")
	fmt.Println("|---|---|---|---|---|---|---|")
}

func (f *figures) mean() time.Duration {
	var sum time.Duration
	for _, d := range f.lat {
		sum += d
	}
	return sum / time.Duration(len(f.lat))
}
