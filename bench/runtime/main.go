// Command runtime measures how fast partnerd runs recipes: a started
// callable recipe of three steps is fired through the trigger test helper
// with wait=true by concurrent callers, each waiting for its job to end.
//
//	go run ./bench/runtime
//
// It prints jobs/s, the latency from request to finished job, the answers
// that were not 200 and the server's peak resident memory, beside the rate
// of GET /healthz of the same server with the same callers: the ceiling of
// the HTTP stack on this machine, measured in the same run. It asserts
// nothing; it exits 1 only when the server fails or a job does not succeed.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
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
var token = partnerd.TokenPrefix + "runtime0000000000000000000000000000000000000000"

// The targets of the issue, printed beside the figures.
const (
	targetJobsPerSec = 2000
	targetP99        = 20 * time.Millisecond
)

func main() {
	db := flag.String("db", "", "a postgres:// URL to serve from; default: a fresh SQLite file")
	binary := flag.String("binary", "", "a partnerd binary to measure; default: build it from the checkout")
	duration := flag.Duration("duration", 10*time.Second, "each measurement, after a warm-up of a fifth of it (at most 1s); at most 5m")
	callers := flag.Int("callers", 32, "concurrent callers, each on its own keep-alive connection; at most 256")
	maxRequests := flag.Int("max-requests", 2_000_000, "requests per measurement at most, warm-up included")
	debugAddr := flag.String("debug-addr", "", "serve the server's pprof profiles there (its --debug-addr), to profile it during the run")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("runtime: ")
	if *duration <= 0 || *duration > 5*time.Minute || *callers < 1 || *callers > 256 || *maxRequests < 1 {
		log.Fatal("-duration must be within (0, 5m], -callers within [1, 256], -max-requests at least 1")
	}

	dir, err := os.MkdirTemp("", "partnerd-bench-runtime-")
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
	args := []string{"--rate-limits", "off", "--test-helpers", "--access-log=false"}
	if *debugAddr != "" {
		args = append(args, "--debug-addr", *debugAddr)
	}
	srv, err := child.Start(*binary, dsn, dir, token, args...)
	if err != nil {
		log.Fatal(err)
	}
	code := run(srv, dbName, *duration, *callers, *maxRequests)
	srv.Stop()
	os.RemoveAll(dir) // os.Exit runs no deferred call
	os.Exit(code)
}

func run(srv *child.Server, dbName string, duration time.Duration, callers, maxRequests int) int {
	ctx := context.Background()
	hc := &http.Client{
		Timeout:   60 * time.Second,
		Transport: &http.Transport{MaxIdleConns: callers, MaxIdleConnsPerHost: callers, MaxConnsPerHost: callers},
	}
	c := client.New(srv.URL(), client.WithToken(token), client.WithHTTPClient(hc), client.WithUserAgent("partnerd-bench-runtime"))
	stamp := strconv.FormatInt(time.Now().UnixNano(), 36)
	cu, err := c.CreateCustomer(ctx, client.CreateCustomerParams{
		Name: "Runtime Bench " + stamp, NotificationEmail: "ops@runtime-bench.test", ExternalID: "runtime-bench-" + stamp})
	if err != nil {
		log.Printf("create customer: %v", err)
		return 1
	}
	mu := cu.Ref()
	id, err := c.CreateRecipe(ctx, mu, client.RecipeParams{Name: "Greet", Config: []client.RecipeConfig{
		{Provider: "workato_recipe_function"}, {Provider: "logger"}}, Code: recipeCode()})
	if err != nil {
		log.Printf("create recipe: %v", err)
		return 1
	}
	if err := c.StartRecipe(ctx, mu, id); err != nil {
		log.Printf("start recipe %d: %v", id, err)
		return 1
	}

	// One job first, to check that the recipe runs as it should.
	job, err := c.TestTriggerRecipe(ctx, id, client.TestTriggerParams{Output: triggerOutput, Wait: true, Timeout: "30s"})
	if err != nil {
		log.Printf("trigger recipe %d: %v", id, err)
		return 1
	}
	if job.Status != "succeeded" || len(job.Lines) != 3 || !strings.Contains(string(job.Lines[1].Output), "Ada Lovelace") {
		log.Printf("the first job did not run as expected: %+v, lines %+v", job.Job, job.Lines)
		return 1
	}
	idle, _ := srv.Memory()

	body, _ := json.Marshal(client.TestTriggerParams{Output: triggerOutput, Wait: true, Timeout: "30s"})
	triggerURL := srv.URL() + "/_partnerd/recipes/" + strconv.FormatInt(id, 10) + "/trigger"
	fire := func() (int, bool, error) {
		req, _ := http.NewRequest(http.MethodPost, triggerURL, bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		res, err := hc.Do(req)
		if err != nil {
			return 0, false, err
		}
		defer res.Body.Close()
		answer, err := io.ReadAll(res.Body)
		if err != nil {
			return res.StatusCode, false, err
		}
		var j struct{ Status string }
		if res.StatusCode == http.StatusOK {
			json.Unmarshal(answer, &j)
		}
		return res.StatusCode, j.Status == "succeeded", nil
	}
	healthURL := srv.URL() + "/healthz"
	health := func() (int, bool, error) {
		res, err := hc.Get(healthURL)
		if err != nil {
			return 0, false, err
		}
		defer res.Body.Close()
		_, err = io.Copy(io.Discard, res.Body)
		return res.StatusCode, res.StatusCode == http.StatusOK, err
	}

	log.Printf("firing recipe %d from %d callers for %v after a warm-up", id, callers, duration)
	jobs := measure(fire, callers, duration, maxRequests)
	if srv.Exited() {
		log.Printf("partnerd exited during the measurement; see %s", srv.LogPath)
		return 1
	}
	_, served := srv.Memory()
	log.Printf("GET /healthz from %d callers for %v after a warm-up", callers, duration)
	ceiling := measure(health, callers, duration, maxRequests)
	if srv.Exited() {
		log.Printf("partnerd exited during the measurement; see %s", srv.LogPath)
		return 1
	}

	mib := func(n int64) string { return fmt.Sprintf("%d MiB", n>>20) }
	ms := func(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }
	met := func(ok bool) string {
		if ok {
			return "met"
		}
		return "missed"
	}
	fmt.Printf("\n## partnerd recipe runtime (%s, %d callers, %v each after a warm-up, %d CPUs)\n\n",
		dbName, callers, duration, runtime.NumCPU())
	fmt.Printf("recipe: callable (workato_recipe_function execute), a logger step whose message is the formula\n" +
		"`=<first_name>.present? ? <first_name> + ' ' + <last_name> : 'nobody'` over pills of the trigger's parameters,\n" +
		"then return_result; fired through POST /_partnerd/recipes/{id}/trigger with wait=true\n\n")
	fmt.Printf("| loop | requests/s | p50 | p99 | max | requests | non-200 | not succeeded | errors |\n|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range []struct {
		name string
		s    stats
	}{{"trigger, wait for the job", jobs}, {"GET /healthz (ceiling)", ceiling}} {
		fmt.Printf("| %s | %.0f | %s | %s | %s | %d | %d | %d | %d |\n", r.name, r.s.rate(), ms(r.s.p(50)), ms(r.s.p(99)), ms(r.s.max()),
			len(r.s.latencies), r.s.non200, r.s.failed, r.s.errors)
	}
	fmt.Printf("\n| figure | measured | target | |\n|---|---|---|---|\n")
	fmt.Printf("| jobs/s | %.0f | ≥ %d | %s |\n", jobs.rate(), targetJobsPerSec, met(jobs.rate() >= targetJobsPerSec))
	fmt.Printf("| p99, request to finished job | %s | ≤ %s | %s |\n", ms(jobs.p(99)), ms(targetP99), met(jobs.p(99) <= targetP99))
	fmt.Printf("| jobs/s against the /healthz ceiling | %.1f%% | | |\n", 100*jobs.rate()/ceiling.rate())
	fmt.Printf("\nserver resident memory: %s idle after the first job (VmRSS), %s at its peak while running jobs (VmHWM)\n",
		mib(idle), mib(served))
	if jobs.non200 > 0 || jobs.failed > 0 || jobs.errors > 0 {
		log.Printf("%d jobs did not succeed (%d answers not 200, %d errors); see %s", jobs.non200+jobs.failed+jobs.errors,
			jobs.non200, jobs.errors, srv.LogPath)
		return 1
	}
	return 0
}

// messageFormula is the logger step's message: a pill, present?, a ternary
// and +, the shape most recipes' formulas have.
var messageFormula = pill("first_name") + ".present? ? " + pill("first_name") + " + ' ' + " + pill("last_name") + " : 'nobody'"

var triggerOutput = map[string]any{"parameters": map[string]any{"first_name": "Ada", "last_name": "Lovelace"}}

// pill is a datapill of a parameter of the trigger, as recipes write it.
func pill(name string) string {
	b, _ := json.Marshal(map[string]any{"pill_type": "output", "provider": "workato_recipe_function", "line": "trigger",
		"path": []string{"parameters", name}})
	return "_dp('" + string(b) + "')"
}

// recipeCode is the callable recipe: trigger, a logger step, return_result.
func recipeCode() map[string]any {
	return map[string]any{"number": 0, "keyword": "trigger", "provider": "workato_recipe_function", "name": "execute",
		"as": "trigger", "input": map[string]any{}, "block": []any{
			map[string]any{"number": 1, "keyword": "action", "provider": "logger", "name": "log_message", "as": "log",
				"input": map[string]any{"message": "=" + messageFormula}},
			map[string]any{"number": 2, "keyword": "action", "provider": "workato_recipe_function", "name": "return_result", "as": "reply",
				"input": map[string]any{"result": map[string]any{"greeting": "#{" + pill("first_name") + "}"}}},
		}}
}

// stats are the results of one measured loop.
type stats struct {
	elapsed   time.Duration
	latencies []time.Duration // sorted
	non200    int             // answers whose status was not 200
	failed    int             // 200 answers whose job did not succeed
	errors    int             // requests that got no answer
}

func (s stats) rate() float64 { return float64(len(s.latencies)) / s.elapsed.Seconds() }

func (s stats) p(q int) time.Duration {
	if len(s.latencies) == 0 {
		return 0
	}
	return s.latencies[(len(s.latencies)-1)*q/100]
}

func (s stats) max() time.Duration {
	if len(s.latencies) == 0 {
		return 0
	}
	return s.latencies[len(s.latencies)-1]
}

// measure runs do from callers goroutines back to back: a warm-up of a
// fifth of duration (at most 1s), then duration, counting only the
// requests sent within it; at most maxRequests in all.
func measure(do func() (status int, ok bool, err error), callers int, duration time.Duration, maxRequests int) stats {
	warmup := min(duration/5, time.Second)
	begin := time.Now()
	from, until := begin.Add(warmup), begin.Add(warmup+duration)
	var sent atomic.Int64
	results := make([]stats, callers)
	var wg sync.WaitGroup
	for i := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := &results[i]
			for sent.Add(1) <= int64(maxRequests) {
				t0 := time.Now()
				if !t0.Before(until) {
					return
				}
				status, ok, err := do()
				d := time.Since(t0)
				if t0.Before(from) {
					continue
				}
				switch {
				case err != nil:
					r.errors++
				case status != http.StatusOK:
					r.non200++
				case !ok:
					r.failed++
				}
				if err == nil {
					r.latencies = append(r.latencies, d)
				}
			}
		}()
	}
	wg.Wait()
	// The requests sent within duration count, over duration: callers are
	// few, and each waits for its answer before it sends again.
	all := stats{elapsed: duration}
	for _, r := range results {
		all.latencies = append(all.latencies, r.latencies...)
		all.non200 += r.non200
		all.failed += r.failed
		all.errors += r.errors
	}
	slices.Sort(all.latencies)
	return all
}
