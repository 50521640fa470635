package main

import (
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"time"
)

// result is what one measurement saw: one workload, at one connection
// count, against one target.
type result struct {
	workload *workload
	conns    int
	target   string
	repeat   int

	count    int           // answers completed within the window
	window   time.Duration // the measured time, after the warm-up
	p50, p99 time.Duration
	errors   map[string]int    // non-2xx answers by status, and failed requests ("transport")
	samples  map[string]string // the first body or error of each

	// The share of a CPU the server and the load generator used in the
	// window: a load generator near 100% says that the server was not
	// the bottleneck.
	serverCPU, loadCPU float64
}

func (r *result) rate() float64 { return float64(r.count) / r.window.Seconds() }

func (r *result) errorCount() int {
	n := 0
	for _, c := range r.errors {
		n += c
	}
	return n
}

// warmUp is how long connections send requests before the measurement
// starts: they connect, and both ends reach their steady state.
func warmUp(d time.Duration) time.Duration { return min(time.Second, d/5) }

// runLoad opens conns connections to addr, each sending the requests of
// perConn back to back, and measures for d after a warm-up. Every answer
// that is not 2xx, in the warm-up too, is counted.
func runLoad(server *process, addr string, conns int, d time.Duration, perConn func(conn int) func() request) *result {
	runtime.GC() // The garbage of the last measurement is not this one's.
	type connStats struct {
		latencies []time.Duration
		errors    map[string]int
		samples   map[string]string
	}
	stats := make([]connStats, conns)
	from := time.Now().Add(warmUp(d))
	deadline := from.Add(d)
	var wg sync.WaitGroup
	for i := range conns {
		wg.Go(func() {
			s := &stats[i]
			s.latencies = make([]time.Duration, 0, 4096)
			s.errors, s.samples = map[string]int{}, map[string]string{}
			h := newHTTPConn(addr, benchToken)
			defer h.close()
			next := perConn(i)
			for {
				start := time.Now()
				if !start.Before(deadline) {
					return
				}
				status, body, err := h.do(next())
				end := time.Now()
				kind, sample := "", ""
				switch {
				case err != nil:
					kind, sample = "transport", err.Error()
				case status < 200 || status > 299:
					kind, sample = strconv.Itoa(status), string(body)
				}
				if kind != "" {
					s.errors[kind]++
					if _, seen := s.samples[kind]; !seen {
						s.samples[kind] = sample
					}
					if err != nil {
						time.Sleep(10 * time.Millisecond) // Not a busy loop when the server is gone.
					}
					continue
				}
				if !end.Before(from) && !end.After(deadline) {
					s.latencies = append(s.latencies, end.Sub(start))
				}
			}
		})
	}
	time.Sleep(time.Until(from))
	serverStart, loadStart := server.cpuTime(), selfCPUTime()
	time.Sleep(time.Until(deadline))
	serverUsed, loadUsed := server.cpuTime()-serverStart, selfCPUTime()-loadStart
	wg.Wait()
	r := &result{conns: conns, window: d, errors: map[string]int{}, samples: map[string]string{},
		serverCPU: serverUsed.Seconds() / d.Seconds(), loadCPU: loadUsed.Seconds() / d.Seconds()}
	var all []time.Duration
	for _, s := range stats {
		all = append(all, s.latencies...)
		for k, n := range s.errors {
			r.errors[k] += n
			if _, seen := r.samples[k]; !seen {
				r.samples[k] = s.samples[k]
			}
		}
	}
	r.count = len(all)
	slices.Sort(all)
	r.p50, r.p99 = percentile(all, 0.50), percentile(all, 0.99)
	return r
}

// percentile returns the p-th latency of sorted, zero when it is empty.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(p*float64(len(sorted))))]
}

// String is the progress line of a measurement.
func (r *result) String() string {
	s := fmt.Sprintf("#%d %-10s %3d conns %-10s %9.0f req/s  p50 %-8v p99 %-8v CPU: server %3.0f%%, load %3.0f%%",
		r.repeat, r.workload.name, r.conns, r.target, r.rate(), roundLatency(r.p50), roundLatency(r.p99),
		100*r.serverCPU, 100*r.loadCPU)
	if n := r.errorCount(); n > 0 {
		s += fmt.Sprintf("  %d errors %v", n, r.errors)
	}
	return s
}

// roundLatency rounds a latency to three significant figures or so.
func roundLatency(d time.Duration) time.Duration {
	switch {
	case d >= 100*time.Millisecond:
		return d.Round(time.Millisecond)
	case d >= 10*time.Millisecond:
		return d.Round(100 * time.Microsecond)
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond)
	default:
		return d.Round(time.Microsecond)
	}
}
