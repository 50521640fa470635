// Command jobs measures the recipe runtime of a partnerd serve process
// against the targets beyond raw throughput (bench/runtime):
//
//	go run ./bench/jobs                         # every part, SQLite
//	go run ./bench/jobs -parts foreach,burst    # some of them
//
// foreach: a callable recipe loops over 1,000 items, updating a variable
// in each, and returns it; the time from request to finished job through
// the trigger helper with wait=true (target ≤ 50 ms).
//
// schedules: 10,000 recipes scheduled every minute, their first times
// spread over -spread; the lateness of each firing (the job's start, when
// its event was stored, after its scheduled_time) over the first minute
// (target: every one within 1 s).
//
// burst: 100,000 events of one recipe queued through the trigger helper
// without waiting, faster than the recipe's one job at a time runs; the
// server's peak resident memory, before and after they all ran.
//
// It prints a Markdown table per part and exits 1 when the server fails.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/bench/child"
	"github.com/partnerd/partnerd/client"
)

// token is the API token of the account partnerd bootstraps.
var token = partnerd.TokenPrefix + "jobsbench00000000000000000000000000000000000000"

// bench is what every part works with.
type bench struct {
	srv *child.Server
	c   *client.Client
	mu  client.WorkspaceRef
}

func main() {
	db := flag.String("db", "", "a postgres:// URL to serve from; default: a fresh SQLite file")
	binary := flag.String("binary", "", "a partnerd binary to measure; default: build it from the checkout")
	parts := flag.String("parts", "foreach,schedules,burst", "the parts to run")
	items := flag.Int("items", 1000, "foreach: the items of the loop")
	recipes := flag.Int("recipes", 10_000, "schedules: the scheduled recipes")
	spread := flag.Duration("spread", time.Minute, "schedules: the span their first times are spread over (0: all at once)")
	events := flag.Int("events", 100_000, "burst: the events queued")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("jobs: ")
	dir, err := os.MkdirTemp("", "partnerd-bench-jobs-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if *binary, err = child.Build(*binary, dir); err != nil {
		log.Fatal(err)
	}
	dsn, dbName := *db, "PostgreSQL"
	if dsn == "" {
		dsn, dbName = filepath.Join(dir, "partnerd.db"), "SQLite"
	}
	srv, err := child.Start(*binary, dsn, dir, token, "--rate-limits", "off", "--test-helpers", "--access-log=false")
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Stop()
	hc := &http.Client{Timeout: 2 * time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	b := &bench{srv: srv, c: client.New(srv.URL(), client.WithToken(token), client.WithHTTPClient(hc),
		client.WithUserAgent("partnerd-bench-jobs"))}
	stamp := strconv.FormatInt(time.Now().UnixNano(), 36)
	cu, err := b.c.CreateCustomer(context.Background(), client.CreateCustomerParams{Name: "Jobs bench " + stamp,
		NotificationEmail: "ops@jobs-bench.test", ExternalID: "jobs-bench-" + stamp})
	if err != nil {
		log.Fatal(err)
	}
	b.mu = cu.Ref()
	fmt.Printf("\n## partnerd recipe runtime: loops, schedules, bursts (%s, %d CPUs)\n", dbName, runtime.NumCPU())
	for _, part := range strings.Split(*parts, ",") {
		var err error
		switch part {
		case "foreach":
			err = b.foreach(*items)
		case "schedules":
			err = b.schedules(*recipes, *spread)
		case "burst":
			err = b.burst(*events)
		default:
			err = fmt.Errorf("unknown part %q", part)
		}
		if err == nil && srv.Exited() {
			err = fmt.Errorf("partnerd exited; see %s", srv.LogPath)
		}
		if err != nil {
			log.Printf("%s: %v", part, err)
			srv.Stop()
			os.RemoveAll(dir) // os.Exit runs no deferred call
			os.Exit(1)
		}
	}
}

// pill is a datapill of a step's output, as recipes write it.
func pill(provider, line string, path ...string) string {
	b, _ := json.Marshal(map[string]any{"pill_type": "output", "provider": provider, "line": line, "path": path})
	return "_dp('" + string(b) + "')"
}

// step is an action step of a recipe's code.
func step(n int, provider, name, as string, input map[string]any) map[string]any {
	return map[string]any{"number": n, "keyword": "action", "provider": provider, "name": name, "as": as, "input": input}
}

// callable is a recipe function's code whose steps are block.
func callable(block ...any) map[string]any {
	return map[string]any{"number": 0, "keyword": "trigger", "provider": "workato_recipe_function", "name": "execute",
		"as": "trigger", "input": map[string]any{}, "block": block}
}

// createStarted creates a recipe and starts it.
func (b *bench) createStarted(ctx context.Context, name string, providers []string, code map[string]any) (int64, error) {
	config := make([]client.RecipeConfig, len(providers))
	for i, p := range providers {
		config[i] = client.RecipeConfig{Provider: p}
	}
	id, err := b.c.CreateRecipe(ctx, b.mu, client.RecipeParams{Name: name, Config: config, Code: code})
	if err != nil {
		return 0, fmt.Errorf("create recipe %s: %w", name, err)
	}
	if err := b.c.StartRecipe(ctx, b.mu, id); err != nil {
		return 0, fmt.Errorf("start recipe %s: %w", name, err)
	}
	return id, nil
}

// percentiles formats p50, p99 and max of sorted durations.
func percentiles(d []time.Duration) (p50, p99, max string) {
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }
	if len(d) == 0 {
		return "-", "-", "-"
	}
	return ms(d[(len(d)-1)*50/100]), ms(d[(len(d)-1)*99/100]), ms(d[len(d)-1])
}

// foreach runs a loop of items with a variable update, 20 times in turn.
func (b *bench) foreach(items int) error {
	ctx := context.Background()
	list := pill("workato_recipe_function", "trigger", "parameters", "items")
	count := pill("workato_variable", "count", "count")
	id, err := b.createStarted(ctx, "Loop", []string{"workato_recipe_function", "workato_variable"}, callable(
		step(1, "workato_variable", "declare_variable", "count", map[string]any{"variable_name": "count", "variable_type": "integer",
			"variable_value": "0"}),
		map[string]any{"number": 2, "keyword": "foreach", "as": "item", "input": map[string]any{}, "source": "#{" + list + "}",
			"block": []any{step(3, "workato_variable", "update_variables", "update", map[string]any{"variables": []any{
				map[string]any{"variable": "count", "value": "=" + count + " + " + pill("foreach", "item")}}})}},
		step(4, "workato_recipe_function", "return_result", "reply", map[string]any{"result": map[string]any{"count": "=" + count}}),
	))
	if err != nil {
		return err
	}
	numbers := make([]int, items)
	want := 0
	for i := range numbers {
		numbers[i] = i
		want += i
	}
	var took []time.Duration
	var lines int
	for range 20 {
		t0 := time.Now()
		job, err := b.c.TestTriggerRecipe(ctx, id, client.TestTriggerParams{
			Output: map[string]any{"parameters": map[string]any{"items": numbers}}, Wait: true, Timeout: "60s"})
		if err != nil {
			return err
		}
		took = append(took, time.Since(t0))
		if job.Status != "succeeded" || !strings.Contains(string(job.Result), `"count":`+strconv.Itoa(want)) {
			return fmt.Errorf("job %s: %s, result %s", job.ID, job.Status, job.Result)
		}
		lines = len(job.Lines)
	}
	slices.Sort(took)
	p50, _, max := percentiles(took)
	fmt.Printf("\n### foreach of %d items with a variable update\n\n", items)
	fmt.Printf("A callable recipe declares a variable, loops over %d items updating it with a formula, and returns it;\n"+
		"20 jobs in turn through the trigger helper with wait=true, each of %d lines.\n\n", items, lines)
	fmt.Printf("| figure | measured | target |\n|---|---|---|\n| request to finished job, p50 | %s | ≤ 50 ms |\n| max | %s | |\n",
		p50, max)
	return nil
}

// schedules starts recipes scheduled every minute whose first times are
// spread over spread from a minute on, and measures how late each fired.
func (b *bench) schedules(recipes int, spread time.Duration) error {
	ctx := context.Background()
	log.Printf("creating and starting %d scheduled recipes", recipes)
	first := time.Now().Add(time.Minute + recipesTime(recipes)).Truncate(time.Second)
	ids := make([]int64, recipes)
	due := map[int64]time.Time{}
	var mu sync.Mutex
	var next atomic.Int64
	var failed atomic.Value
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= recipes || failed.Load() != nil {
					return
				}
				at := first
				if spread > 0 {
					at = first.Add(spread * time.Duration(i) / time.Duration(recipes)).Truncate(time.Second)
				}
				id, err := b.createStarted(ctx, "Tick "+strconv.Itoa(i), []string{"clock", "logger"}, map[string]any{
					"number": 0, "keyword": "trigger", "provider": "clock", "name": "scheduled_event", "as": "tick",
					"input": map[string]any{"time_unit": "minutes", "trigger_every": "1", "start_after": at.UTC().Format(time.RFC3339)},
					"block": []any{step(1, "logger", "log_message", "log", map[string]any{"message": "Tick"})}})
				if err != nil {
					failed.Store(err)
					return
				}
				mu.Lock()
				ids[i], due[id] = id, at
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if err, _ := failed.Load().(error); err != nil {
		return err
	}
	if time.Now().After(first) {
		return fmt.Errorf("creating the recipes took past their first time; run fewer")
	}
	last := first
	if spread > 0 {
		last = first.Add(spread)
	}
	log.Printf("waiting for their first times, %s to %s", first.Format(time.TimeOnly), last.Format(time.TimeOnly))
	time.Sleep(time.Until(last.Add(5 * time.Second)))
	var fired, ran []time.Duration
	missing := 0
	for _, id := range ids {
		jobs, err := b.c.RecipeJobs(ctx, b.mu, id, client.JobListOptions{})
		if err != nil {
			return err
		}
		if len(jobs.Items) == 0 {
			missing++
			continue
		}
		j := jobs.Items[len(jobs.Items)-1] // the first
		fired = append(fired, j.StartedAt.Sub(due[id]))
		if j.CompletedAt != nil {
			ran = append(ran, j.CompletedAt.Sub(due[id]))
		}
	}
	slices.Sort(fired)
	slices.Sort(ran)
	within := 0
	for _, d := range fired {
		if d <= time.Second {
			within++
		}
	}
	f50, f99, fmax := percentiles(fired)
	r50, r99, rmax := percentiles(ran)
	fmt.Printf("\n### %d scheduled recipes\n\n", recipes)
	fmt.Printf("Recipes scheduled every minute (clock scheduled_event, a logger step), started through the API, their first\n"+
		"times spread over %v; lateness of each first firing after its scheduled_time.\n\n", spread)
	fmt.Printf("| lateness | p50 | p99 | max |\n|---|---|---|---|\n")
	fmt.Printf("| event stored (the job's started_at) | %s | %s | %s |\n", f50, f99, fmax)
	fmt.Printf("| job ended (its completed_at) | %s | %s | %s |\n", r50, r99, rmax)
	fmt.Printf("\n| figure | measured | target |\n|---|---|---|\n")
	fmt.Printf("| fired within 1 s of the due time | %d of %d | all |\n| did not fire | %d | 0 |\n", within, recipes, missing)
	return nil
}

// recipesTime is a generous guess of the time creating recipes takes.
func recipesTime(n int) time.Duration { return time.Duration(n) * 5 * time.Millisecond }

// burst queues events faster than they run and follows the server's memory.
func (b *bench) burst(events int) error {
	ctx := context.Background()
	id, err := b.createStarted(ctx, "Burst", []string{"workato_recipe_function", "logger"}, callable(
		step(1, "logger", "log_message", "log", map[string]any{"message": "Event #{" +
			pill("workato_recipe_function", "trigger", "parameters", "n") + "}"})))
	if err != nil {
		return err
	}
	idle, _ := b.srv.Memory()
	var peakRSS atomic.Int64
	stopSampling := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			if rss, _ := b.srv.Memory(); rss > peakRSS.Load() {
				peakRSS.Store(rss)
			}
			select {
			case <-stopSampling:
				return
			case <-t.C:
			}
		}
	}()
	log.Printf("queueing %d events from 32 callers", events)
	begin := time.Now()
	var next, failed atomic.Int64
	var wg sync.WaitGroup
	for range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= events {
					return
				}
				if _, err := b.c.TestTriggerRecipe(ctx, id, client.TestTriggerParams{
					Output: map[string]any{"parameters": map[string]any{"n": i}}}); err != nil {
					if failed.Add(1) == 1 {
						log.Printf("event %d: %v", i, err)
					}
				}
			}
		}()
	}
	wg.Wait()
	queued := time.Since(begin)
	r, err := b.c.Recipe(ctx, b.mu, id)
	if err != nil {
		return err
	}
	backlog := events - r.JobSucceededCount - r.JobFailedCount
	_, peakQueued := b.srv.Memory()
	log.Printf("queued in %v with %d jobs waiting; waiting for them to run", queued.Round(time.Millisecond), backlog)
	for {
		r, err = b.c.Recipe(ctx, b.mu, id)
		if err != nil {
			return err
		}
		if r.JobSucceededCount+r.JobFailedCount >= events-int(failed.Load()) {
			break
		}
		if b.srv.Exited() {
			return fmt.Errorf("partnerd exited; see %s", b.srv.LogPath)
		}
		time.Sleep(200 * time.Millisecond)
	}
	ran := time.Since(begin)
	close(stopSampling)
	<-sampled
	_, peak := b.srv.Memory()
	mib := func(n int64) string { return fmt.Sprintf("%d MiB", n>>20) }
	fmt.Printf("\n### a burst of %d queued events\n\n", events)
	fmt.Printf("One callable recipe (a logger step, concurrency 1), %d events through the trigger helper without wait\n"+
		"from 32 callers.\n\n", events)
	fmt.Printf("| figure | measured |\n|---|---|\n")
	fmt.Printf("| events queued/s | %.0f |\n| jobs waiting when the last was queued | %d |\n", float64(events)/queued.Seconds(), backlog)
	fmt.Printf("| jobs/s, first event to last job's end | %.0f |\n| events refused | %d |\n", float64(events)/ran.Seconds(), failed.Load())
	fmt.Printf("| resident memory idle before | %s |\n| peak (VmHWM) once all were queued | %s |\n", mib(idle), mib(peakQueued))
	fmt.Printf("| peak (VmHWM) once all had run | %s |\n| highest VmRSS sampled every 20 ms | %s |\n", mib(peak), mib(peakRSS.Load()))
	return nil
}
