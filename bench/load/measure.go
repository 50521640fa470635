package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	nethttp "net/http"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/client"
)

// bench is one run of the benchmark: its settings and the seeded objects
// its workloads use.
type bench struct {
	cfg   *config
	data  *dataSet
	nonce string // sets apart what this run creates from what earlier runs did

	loadAverage string // the machine's at the start
}

// dataSet is what the workloads find in the seeded database.
type dataSet struct {
	customerID int64
	recipes    []int64 // the ids of the customer's newest recipes, newest first
	tables     map[string]int64
}

// figures are the process figures of partnerd.
type figures struct {
	ready        []time.Duration // from exec to the first 200 of /readyz, one per start
	idleRSS      int64           // after the start, before any load
	loadRSS      int64           // after the load
	peakRSS      int64           // VmHWM after the load
	listPageSize int             // the bytes of a 100-recipe page
}

// measure starts partnerd on dsn, takes its figures, and runs every
// workload against it and against the bare server.
func measure(ctx context.Context, cfg *config, binary, dsn, dir string, pinned bool) error {
	var fig figures
	for range cfg.repeat {
		p, err := startPartnerd(binary, dsn, dir, cfg.synchronous, pinned)
		if err != nil {
			return err
		}
		ready, err := p.waitReady(ctx)
		p.stop()
		if err != nil {
			return err
		}
		fig.ready = append(fig.ready, ready)
	}
	p, err := startPartnerd(binary, dsn, dir, cfg.synchronous, pinned)
	if err != nil {
		return err
	}
	defer p.stop()
	ready, err := p.waitReady(ctx)
	if err != nil {
		return err
	}
	fig.ready = append(fig.ready, ready)
	time.Sleep(2 * time.Second) // Idle: what starting left behind has settled.
	if fig.idleRSS, _, err = p.memory(); err != nil {
		return err
	}
	log.Printf("partnerd ready in %v, %.1f MiB resident", ready.Round(time.Millisecond), mib(fig.idleRSS))

	api := client.New("http://"+p.addr, client.WithToken(benchToken),
		client.WithHTTPClient(&nethttp.Client{Timeout: time.Minute}))
	data, err := discover(ctx, api)
	if err != nil {
		return err
	}
	b := &bench{cfg: cfg, data: data, nonce: partnerd.RandomString(6), loadAverage: loadAverage()}
	partnerdTarget := &target{name: "partnerd", addr: p.addr, proc: p, api: api}
	captures, err := b.capture(ctx, partnerdTarget)
	if err != nil {
		return err
	}
	for _, c := range captures {
		if c.Method == "GET" && c.Target == b.customerPath()+"/recipes?per_page=100" {
			fig.listPageSize = len(c.Body)
		}
	}
	capturesPath := filepath.Join(dir, "captures.json")
	if err := writeJSONFile(capturesPath, captures); err != nil {
		return err
	}
	bare, fsyncAddr, err := startBare(dir, capturesPath, pinned)
	if err != nil {
		return err
	}
	defer bare.stop()
	targets := []*target{partnerdTarget, {name: "bare", addr: bare.addr, proc: bare}, {name: "bare+fsync", addr: fsyncAddr, proc: bare}}

	results, err := b.runAll(ctx, targets)
	if err != nil {
		return err
	}
	if fig.loadRSS, fig.peakRSS, err = p.memory(); err != nil {
		return err
	}
	return writeReport(os.Stdout, b, pinned, dsn, results, fig)
}

// discover finds the seeded objects the workloads use through the API.
func discover(ctx context.Context, api *client.Client) (*dataSet, error) {
	customer, err := api.Customer(ctx, client.ExternalID(customerExternalID(1)))
	if err != nil {
		return nil, fmt.Errorf("find the seeded customer: %w", err)
	}
	data := &dataSet{customerID: customer.ID, tables: map[string]int64{}}
	mu := client.ID(customer.ID)
	for page := 1; len(data.recipes) < 100+maxConns; page++ {
		list, err := api.Recipes(ctx, mu, client.RecipeListOptions{ListOptions: client.ListOptions{Page: page, PerPage: 100}, ExcludeCode: true})
		if err != nil {
			return nil, fmt.Errorf("list the seeded recipes: %w", err)
		}
		if len(list) < 100 {
			return nil, fmt.Errorf("the seeded customer has %d recipes, fewer than %d", len(data.recipes)+len(list), 100+maxConns)
		}
		for _, r := range list {
			data.recipes = append(data.recipes, r.ID)
		}
	}
	for page := 1; len(data.tables) < 3; page++ {
		list, err := api.LookupTables(ctx, mu, client.ListOptions{Page: page, PerPage: 100})
		if err != nil {
			return nil, fmt.Errorf("list the seeded lookup tables: %w", err)
		}
		for _, t := range list {
			switch t.Name {
			case bigTableName, smallTableName, insertTableName:
				data.tables[t.Name] = t.ID
			}
		}
		if len(list) < 100 && len(data.tables) < 3 {
			return nil, fmt.Errorf("the seeded lookup tables are not all there: %v", data.tables)
		}
	}
	return data, nil
}

// capture sends partnerd the first requests of each workload, as many as
// its distinct answers, and returns the answers for the bare server.
func (b *bench) capture(ctx context.Context, t *target) ([]*captured, error) {
	h := newHTTPConn(t.addr, benchToken)
	var out []*captured
	for _, w := range b.cfg.workloads {
		perConn, distinct, err := w.requests(ctx, b, t, 0)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", w.name, err)
		}
		next := perConn(0)
		for range distinct {
			r := next()
			resp, body, err := h.capture(r)
			if err != nil {
				return nil, fmt.Errorf("%s: %s %s: %w", w.name, r.method, r.target, err)
			}
			// A refusal of Workato's kind is a 200 whose success is false.
			var ack struct{ Success *bool }
			json.Unmarshal(body, &ack)
			if resp.StatusCode < 200 || resp.StatusCode > 299 || (ack.Success != nil && !*ack.Success) {
				return nil, fmt.Errorf("%s: partnerd answered %s to %s %s: %.300s", w.name, resp.Status, r.method, r.target, body)
			}
			header := resp.Header.Clone()
			for _, name := range []string{"Date", "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive"} {
				header.Del(name)
			}
			out = append(out, &captured{Method: r.method, Target: r.target, Status: resp.StatusCode, Header: header,
				Length: resp.ContentLength >= 0 && len(resp.TransferEncoding) == 0, Body: body})
		}
	}
	return out, nil
}

// runAll measures every workload at every connection count against every
// target, repeat times: partnerd and its ceilings one after the other, so
// that a change in the machine's load weighs on them alike.
func (b *bench) runAll(ctx context.Context, targets []*target) ([]*result, error) {
	var results []*result
	run := 0
	for repeat := 1; repeat <= b.cfg.repeat; repeat++ {
		for _, w := range b.cfg.workloads {
			for _, conns := range b.cfg.conns {
				// Every other repeat the ceilings go first, so that the order
				// favours neither.
				order := slices.Clone(targets)
				if repeat%2 == 0 {
					slices.Reverse(order)
				}
				for _, t := range order {
					if t.name == "bare+fsync" && !w.durable {
						continue
					}
					if err := ctx.Err(); err != nil {
						return nil, err
					}
					run++
					perConn, _, err := w.requests(ctx, b, t, run)
					if err != nil {
						return nil, fmt.Errorf("%s: %w", w.name, err)
					}
					r := runLoad(t.proc, t.addr, conns, b.cfg.duration, perConn)
					r.workload, r.target, r.repeat = w, t.name, repeat
					log.Print(r)
					results = append(results, r)
				}
			}
		}
	}
	return results, nil
}

func writeJSONFile(path string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

func mib(n int64) float64 { return float64(n) / (1 << 20) }
