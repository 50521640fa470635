package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// group is the measurements of one workload at one connection count, by
// target, in the order of their repeats.
type group struct {
	workload *workload
	conns    int
	by       map[string][]*result
}

// groups sorts results into groups, in the order they were measured.
func groups(results []*result) []*group {
	var out []*group
	for _, r := range results {
		i := slices.IndexFunc(out, func(g *group) bool { return g.workload == r.workload && g.conns == r.conns })
		if i < 0 {
			out = append(out, &group{workload: r.workload, conns: r.conns, by: map[string][]*result{}})
			i = len(out) - 1
		}
		out[i].by[r.target] = append(out[i].by[r.target], r)
	}
	return out
}

// find returns the group of a workload at a connection count, or nil.
func find(gs []*group, name string, conns int) *group {
	for _, g := range gs {
		if g.workload.name == name && g.conns == conns {
			return g
		}
	}
	return nil
}

// writeReport prints the Markdown report: the setting, the table of
// workloads, partnerd's process figures, and every non-2xx answer.
func writeReport(w io.Writer, b *bench, pinned bool, dsn string, results []*result, fig figures) error {
	gs := groups(results)
	fmt.Fprintln(w)
	writeSetting(w, b, pinned, dsn, fig)
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| workload | conns | partnerd req/s | p50 | p99 | bare req/s | partnerd/bare | bare+fsync req/s | partnerd/bare+fsync | CPU partnerd · bare | non-2xx | target | |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|")
	for _, g := range gs {
		p, bare, fsync := g.by["partnerd"], g.by["bare"], g.by["bare+fsync"]
		errs := 0
		for _, rs := range g.by {
			for _, r := range rs {
				errs += r.errorCount()
			}
		}
		fsyncRate, fsyncRatio := "—", "—"
		if fsync != nil {
			fsyncRate, fsyncRatio = rateCell(fsync), percent(medianRatio(p, fsync))
		}
		label, verdict := checks(b, gs, g).cells()
		cpu := percent(medianShare(p, func(r *result) float64 { return r.serverCPU })) + " · " +
			percent(medianShare(bare, func(r *result) float64 { return r.serverCPU }))
		fmt.Fprintf(w, "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %d | %s | %s |\n", g.workload.title, g.conns,
			rateCell(p), latency(medianOf(p, func(r *result) time.Duration { return r.p50 })),
			latency(medianOf(p, func(r *result) time.Duration { return r.p99 })),
			rateCell(bare), percent(medianRatio(p, bare)), fsyncRate, fsyncRatio, cpu, errs, label, verdict)
	}
	loadCPU := 0.0
	for _, r := range results {
		loadCPU = max(loadCPU, r.loadCPU)
	}
	fmt.Fprintf(w, "\nCPU is the share of its core the server used while measured; the load generator used at most %s of its own. "+
		"A server below 100%% waited: on the disk, on a lock, or for a core that other processes held.\n", percent(loadCPU))
	fmt.Fprintln(w)
	writeFigures(w, fig)
	fmt.Fprintln(w)
	writeErrors(w, results)
	return nil
}

// writeFigures prints partnerd's ready time and resident memory against
// their targets.
func writeFigures(w io.Writer, fig figures) {
	ready := make([]float64, len(fig.ready))
	for i, d := range fig.ready {
		ready[i] = float64(d)
	}
	middle := time.Duration(median(ready))
	worst := time.Duration(slices.Max(ready))
	fmt.Fprintln(w, "| partnerd | value | target | |")
	fmt.Fprintln(w, "|---|---:|---|---|")
	fmt.Fprintf(w, "| ready to serve (exec to the first 200 of /readyz) | %s median, %s worst of %d starts | ≤ 200 ms | %s |\n",
		latency(middle), latency(worst), len(ready), verdict(worst <= 200*time.Millisecond))
	fmt.Fprintf(w, "| resident memory idle, after the start | %.1f MiB | ≤ 40 MiB | %s |\n", mib(fig.idleRSS), verdict(fig.idleRSS <= 40<<20))
	fmt.Fprintf(w, "| resident memory at its peak under load (VmHWM) | %.1f MiB | ≤ 150 MiB | %s |\n", mib(fig.peakRSS), verdict(fig.peakRSS <= 150<<20))
	fmt.Fprintf(w, "| resident memory after the load | %.1f MiB | | |\n", mib(fig.loadRSS))
}

// writeErrors lists the answers that were not 2xx, with the first body of
// each status.
func writeErrors(w io.Writer, results []*result) {
	type key struct{ workload, target, kind string }
	counts, samples := map[key]int{}, map[key]string{}
	var order []key
	for _, r := range results {
		for kind, n := range r.errors {
			k := key{r.workload.name, r.target, kind}
			if counts[k] == 0 {
				order = append(order, k)
				samples[k] = r.samples[kind]
			}
			counts[k] += n
		}
	}
	if len(order) == 0 {
		fmt.Fprintln(w, "Every answer was 2xx.")
		return
	}
	fmt.Fprintln(w, "Answers that were not 2xx (the figures above leave them out):")
	fmt.Fprintln(w)
	for _, k := range order {
		sample := strings.Join(strings.Fields(samples[k]), " ")
		fmt.Fprintf(w, "- %s against %s: %d × %s, the first: `%.300s`\n", k.workload, k.target, counts[k], k.kind, sample)
	}
}

// medianOf returns the median of f over results.
func medianOf(results []*result, f func(*result) time.Duration) time.Duration {
	if len(results) == 0 {
		return 0
	}
	values := make([]float64, len(results))
	for i, r := range results {
		values[i] = float64(f(r))
	}
	return time.Duration(median(values))
}

// medianShare returns the median of f over results, NaN without any.
func medianShare(results []*result, f func(*result) float64) float64 {
	if len(results) == 0 {
		return nan
	}
	values := make([]float64, len(results))
	for i, r := range results {
		values[i] = f(r)
	}
	return median(values)
}

// medianRate returns the median requests/s of results.
func medianRate(results []*result) float64 {
	rates := make([]float64, len(results))
	for i, r := range results {
		rates[i] = r.rate()
	}
	return median(rates)
}

// medianRatio returns the median, over the repeats, of the rate of a
// divided by that of b in the same repeat; NaN without both.
func medianRatio(a, b []*result) float64 {
	var ratios []float64
	for i := range min(len(a), len(b)) {
		if b[i].rate() > 0 {
			ratios = append(ratios, a[i].rate()/b[i].rate())
		}
	}
	return median(ratios)
}

// median returns the median of values, which it sorts: the mean of the
// middle two of an even count; NaN for none.
func median(values []float64) float64 {
	if len(values) == 0 {
		return nan
	}
	slices.Sort(values)
	n := len(values)
	if n%2 == 0 {
		return (values[n/2-1] + values[n/2]) / 2
	}
	return values[n/2]
}

// rateCell writes the median requests/s, and their range over the repeats.
func rateCell(results []*result) string {
	if len(results) == 0 {
		return "—"
	}
	s := thousands(medianRate(results))
	if len(results) > 1 {
		lo, hi := results[0].rate(), results[0].rate()
		for _, r := range results {
			lo, hi = min(lo, r.rate()), max(hi, r.rate())
		}
		s += fmt.Sprintf(" (%s–%s)", thousands(lo), thousands(hi))
	}
	return s
}

// thousands writes a rate rounded to a whole number, with thin separators.
func thousands(f float64) string {
	s := fmt.Sprintf("%.0f", f)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func percent(f float64) string {
	if f != f {
		return "—"
	}
	return fmt.Sprintf("%.0f%%", 100*f)
}

func latency(d time.Duration) string {
	return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
}

func verdict(met bool) string {
	if met {
		return "met"
	}
	return "**missed**"
}
