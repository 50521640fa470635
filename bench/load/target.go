package main

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

var nan = math.NaN()

// check is one target of a row of the table and whether it was met.
type check struct {
	label string
	met   bool
	known bool // false when the figure it needs was not measured
}

type checkList []check

// cells returns the target column and the verdict column of a row.
func (cs checkList) cells() (label, verdict string) {
	if len(cs) == 0 {
		return "—", ""
	}
	var labels, missed []string
	unknown := false
	for _, c := range cs {
		labels = append(labels, c.label)
		switch {
		case !c.known:
			unknown = true
		case !c.met:
			missed = append(missed, c.label)
		}
	}
	switch {
	case len(missed) > 0:
		verdict = "**missed** " + strings.Join(missed, "; ")
	case unknown:
		verdict = "not measured"
	default:
		verdict = "met"
	}
	return strings.Join(labels, "; "), verdict
}

// ratioCheck is a target on the median ratio of the rate of a to that of b.
func ratioCheck(label string, a, b []*result, least float64) check {
	r := medianRatio(a, b)
	return check{label: label, met: r >= least, known: r == r}
}

// checks returns the targets of a row: the performance targets on SQLite, which
// are also shown on PostgreSQL.
func checks(b *bench, gs []*group, g *group) checkList {
	var cs checkList
	p := g.by["partnerd"]
	most := slices.Max(b.cfg.conns)
	switch g.workload.name {
	case "list":
		cs = append(cs, ratioCheck("≥ 40% of bare", p, g.by["bare"], 0.40))
	case "get":
		cs = append(cs, ratioCheck("≥ 50% of bare", p, g.by["bare"], 0.50))
	case "insert":
		if g.conns == most {
			cs = append(cs, check{label: "≥ 5,000/s", met: medianRate(p) >= 5000, known: true})
			if b.cfg.synchronous == "full" {
				cs = append(cs, ratioCheck("≥ bare+fsync", p, g.by["bare+fsync"], 1))
			}
		}
	case "lookup100k":
		var small []*result
		if s := find(gs, "lookup100", g.conns); s != nil {
			small = s.by["partnerd"]
		}
		cs = append(cs, ratioCheck("≥ 90% of lookup in 100 rows", p, small, 0.90))
	}
	if g.workload.read && g.conns >= 32 {
		p99 := medianOf(p, func(r *result) time.Duration { return r.p99 })
		cs = append(cs, check{label: "p99 ≤ 10 ms", met: p99 <= 10*time.Millisecond, known: true})
	}
	return cs
}

// targetsNote says how the targets are read.
func targetsNote(b *bench) string {
	set := "Targets"
	if b.cfg.db != "" {
		set += ", set for SQLite and shown here for comparison"
	}
	return fmt.Sprintf("%s: a ratio is the median, over the repeats, of partnerd's rate over the other's in the same "+
		"repeat; the insert rate is judged at %d connections; p99 at 32 connections or more.", set, slices.Max(b.cfg.conns))
}
