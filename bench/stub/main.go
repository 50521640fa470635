// Command stub measures what a stubbed step costs: the engine runs jobs of
// a recipe whose steps are all stubbed connector calls, and of the same
// recipe with a built-in step that does no I/O in their place, on the
// store partnerd serves from; the difference per step is the stub's
// overhead (finding the account's stubs, matching the input, recording
// the call).
//
//	go run ./bench/stub
//	go run ./bench/stub -db 'postgres://postgres@127.0.0.1:5432/bench?sslmode=disable'
//
// Every job is stored claimed and finished through the store's job queue,
// as a job run at once is (its heartbeats are left out): both recipes pay
// that alike, and the stubbed job's calls are written in its finish. On
// PostgreSQL the bench's commits do not wait for the log's flush unless
// -durable is given: both recipes would wait alike, and on a shared disk
// that wait varies by milliseconds, far more than what is measured. The
// two recipes take turns, so that both meet the same load of the machine. It
// prints the median and p99 time of a job of each kind with one job at a
// time, the throughput of steps with -concurrency jobs at once, and the
// overhead per stubbed step from each, beside the target. It asserts
// nothing.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/engine"
	"github.com/partnerd/partnerd/store"
)

// targetOverhead is the target for a stubbed step.
const targetOverhead = 50 * time.Microsecond

func main() {
	dsn := flag.String("db", "", "a postgres:// URL; default: a fresh SQLite file")
	steps := flag.Int("steps", 20, "steps per job")
	jobs := flag.Int("jobs", 1000, "jobs per measurement, after a tenth as warm-up")
	misses := flag.Int("misses", 3, "stubs of the same action whose match fails before the one that answers")
	concurrency := flag.Int("concurrency", 32, "jobs at once for the throughput measurement")
	durable := flag.Bool("durable", false, "on PostgreSQL, let every commit wait for the log's flush (synchronous_commit on)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the runs to this file")
	blockprofile := flag.String("blockprofile", "", "write a profile of where goroutines waited in the runs to this file")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("stub: ")
	if *steps < 1 || *jobs < 10 || *misses < 0 || *concurrency < 1 {
		log.Fatal("-steps and -concurrency must be at least 1, -jobs at least 10, -misses at least 0")
	}
	ctx := context.Background()
	if *dsn == "" {
		dir, err := os.MkdirTemp("", "partnerd-bench-stub-")
		if err != nil {
			log.Fatal(err)
		}
		defer os.RemoveAll(dir)
		*dsn = filepath.Join(dir, "partnerd.db")
	}
	if strings.HasPrefix(*dsn, "postgres") && !*durable {
		*dsn += map[bool]string{false: "?", true: "&"}[strings.Contains(*dsn, "?")] + "synchronous_commit=off"
	}
	db, err := store.Open(ctx, *dsn)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		log.Fatal(err)
	}
	_, hash := partnerd.NewToken()
	account, _, err := db.CreateAccount(ctx, &partnerd.NewAccount{Name: "Bench", Email: fmt.Sprintf("bench-%d@partnerd.test", time.Now().UnixNano()),
		APIKeyHash: partnerd.HashSecret(partnerd.RandomString(32)), ClientName: "bench", TokenHash: hash})
	if err != nil {
		log.Fatal(err)
	}
	defer db.DeleteStubs(ctx, account.ID)
	defer db.DeleteConnectorCalls(ctx, account.ID)
	for i := range *misses {
		mustStub(ctx, db, account.ID, fmt.Sprintf(`{"sobject_name":"Lead%d"}`, i))
	}
	mustStub(ctx, db, account.ID, `{"sobject_name":"Contact"}`)

	conn := &partnerd.Connection{Name: "Salesforce", Provider: "salesforce", Input: partnerd.ConnectionInput{}}
	conn.MarkAuthorized(time.Now())
	if err := db.CreateConnection(ctx, account.ID, conn); err != nil {
		log.Fatal(err)
	}
	stubbed := recipe(ctx, db, *steps, account.ID, &conn.ID, func(n int) map[string]any {
		return map[string]any{"number": n, "keyword": "action", "provider": "salesforce", "name": "search_records", "as": fmt.Sprintf("s%d", n),
			"input": map[string]any{"sobject_name": "Contact", "Email": "ada@example.com", "limit": "1"}}
	})
	builtin := recipe(ctx, db, *steps, account.ID, nil, func(n int) map[string]any {
		return map[string]any{"number": n, "keyword": "action", "provider": "workato_variable", "name": "declare_variable", "as": fmt.Sprintf("s%d", n),
			"input": map[string]any{"variable_name": fmt.Sprintf("v%d", n), "variable_type": "string", "variable_value": "ada@example.com"}}
	})
	e := &engine.Engine{Jobs: noHeartbeat{db}, Recipes: db, LookupTables: db, Stubs: db, Calls: db,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: db.Now}

	fmt.Printf("store %s, %d steps per job, %d jobs, %d failing matches before the answer\n\n", db.Dialect(), *steps, *jobs, *misses)
	fmt.Println("| recipe | job p50 | job p99 | steps/s at", *concurrency, "jobs |")
	fmt.Println("|---|---|---|---|")
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			log.Fatal(err)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	if *blockprofile != "" {
		runtime.SetBlockProfileRate(int(time.Microsecond))
		defer writeProfile("block", *blockprofile)
	}
	// The two recipes take turns, so that both meet the same load of the
	// machine: their jobs alternate one at a time, and the runs at once go
	// built-in, stubbed, stubbed, built-in.
	recipes := [2]*partnerd.Recipe{builtin, stubbed}
	lats := sequential(ctx, e, recipes, *jobs)
	var took [2]time.Duration
	for _, i := range []int{0, 1, 1, 0} {
		took[i] += parallel(ctx, e, recipes[i], *jobs, *concurrency)
	}
	var p50 [2]time.Duration
	var rate [2]float64
	for i, lat := range lats {
		rate[i] = float64(2**jobs**steps) / took[i].Seconds()
		p50[i] = lat[len(lat)/2]
		fmt.Printf("| %s | %v | %v | %.0f |\n", []string{"built-in steps", "stubbed steps"}[i], p50[i].Round(time.Microsecond),
			lat[len(lat)*99/100].Round(time.Microsecond), rate[i])
	}
	one := (p50[1] - p50[0]) / time.Duration(*steps)
	many := time.Duration(float64(time.Second)/rate[1] - float64(time.Second)/rate[0])
	fmt.Printf("\noverhead of a stubbed step: %v one job at a time (p50), %v per step of throughput at %d jobs; target <= %v\n",
		one.Round(100*time.Nanosecond), many.Round(100*time.Nanosecond), *concurrency, targetOverhead)
}

// writeProfile writes the named runtime profile to path.
func writeProfile(name, path string) {
	f, err := os.Create(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	if err := pprof.Lookup(name).WriteTo(f, 0); err != nil {
		log.Fatal(err)
	}
}

// noHeartbeat is the store's job queue without the heartbeats of the
// jobs that change the app: a stubbed search changes nothing.
type noHeartbeat struct{ partnerd.JobQueue }

func (noHeartbeat) HeartbeatJob(context.Context, int64, string, time.Duration, bool) error {
	return nil
}

func mustStub(ctx context.Context, db *store.DB, accountID int64, contains string) {
	s := &partnerd.Stub{Provider: "salesforce", Action: "search_records", Match: &partnerd.StubMatch{Contains: json.RawMessage(contains)},
		Answers: []partnerd.StubAnswer{{Output: json.RawMessage(`{"Contact":[{"Id":"003Ada","Email":"ada@example.com"}]}`)}}}
	if err := db.CreateStub(ctx, accountID, s); err != nil {
		log.Fatal(err)
	}
}

// recipe stores and starts a recipe of n steps made by step, triggered
// by recipe calls; connection, when set, is its Salesforce connection.
func recipe(ctx context.Context, db *store.DB, n int, workspaceID int64, connection *int64, step func(n int) map[string]any) *partnerd.Recipe {
	block := make([]any, n)
	for i := range block {
		block[i] = step(i + 1)
	}
	code, _ := json.Marshal(map[string]any{"number": 0, "keyword": "trigger", "provider": "workato_recipe_function", "name": "execute",
		"as": "trigger", "input": map[string]any{}, "block": block})
	r := &partnerd.Recipe{Name: fmt.Sprintf("bench %d", time.Now().UnixNano()), Code: string(code),
		Config: []partnerd.RecipeConfig{{Keyword: "application", Provider: "workato_recipe_function", Name: "workato_recipe_function"}}}
	if connection != nil {
		r.Config = append(r.Config, partnerd.RecipeConfig{Keyword: "application", Provider: "salesforce", Name: "salesforce", AccountID: connection})
	} else {
		r.Config = append(r.Config, partnerd.RecipeConfig{Keyword: "application", Provider: "workato_variable", Name: "workato_variable"})
	}
	if err := db.CreateRecipe(ctx, workspaceID, r); err != nil {
		log.Fatal(err)
	}
	if problems, err := db.StartRecipe(ctx, workspaceID, r.ID); err != nil || problems != nil {
		log.Fatalf("start recipe: %v %+v", err, problems)
	}
	return r
}

// runJob runs one job of the recipe, stored claimed, and fails the program
// unless it succeeds.
func runJob(ctx context.Context, e *engine.Engine, r *partnerd.Recipe) {
	c, err := e.Jobs.ClaimEvent(ctx, r.WorkspaceID, r.ID, &partnerd.TriggerEvent{Output: json.RawMessage(`{}`),
		Worker: "bench", Lease: time.Minute})
	if err != nil {
		log.Fatalf("claim a job of recipe %d: %v", r.ID, err)
	}
	res := e.Run(ctx, c)
	if res == nil || res.Status != partnerd.JobSucceeded {
		msg := "unfinished"
		if res != nil && res.Error != nil {
			msg = *res.Error
		}
		log.Fatalf("job of recipe %d: %s", r.ID, msg)
	}
}

// sequential runs jobs of the two recipes one at a time, in turn, and
// returns each recipe's sorted times.
func sequential(ctx context.Context, e *engine.Engine, recipes [2]*partnerd.Recipe, jobs int) [2][]time.Duration {
	for range jobs / 10 {
		runJob(ctx, e, recipes[0])
		runJob(ctx, e, recipes[1])
	}
	var lats [2][]time.Duration
	for range jobs {
		for i, r := range recipes {
			start := time.Now()
			runJob(ctx, e, r)
			lats[i] = append(lats[i], time.Since(start))
		}
	}
	for _, lat := range lats {
		slices.Sort(lat)
	}
	return lats
}

// parallel runs the jobs on n workers and returns the time they took.
func parallel(ctx context.Context, e *engine.Engine, r *partnerd.Recipe, jobs, n int) time.Duration {
	var next atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(jobs) {
				runJob(ctx, e, r)
			}
		}()
	}
	wg.Wait()
	return time.Since(start)
}
