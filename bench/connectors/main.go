// Command connectors measures what the connectors that reach outside add
// to the time of the service they reach.
//
// HTTP: a bare net/http server on loopback answers a small JSON body. The
// command times, at -concurrency callers, GET requests sent straight to it
// with net/http (the server's own time, as a client sees it), then jobs of
// a recipe with no step (the engine's own cost), and jobs of the same
// recipe with one step (rest make_request_v2, a GET of the same URL), all
// in the same run. The step's cost is the job with it less the job without
// it; what it adds over the server's own time is that less the direct GET.
// The connection is read from a SQLite store with its input sealed, and
// the step's call is recorded for the call log, as a server does. Both
// recipes run twice: by the engine alone, with a job queue that keeps
// nothing, and with every job stored claimed and finished through that
// store's job queue, as a job run at once is, so that the step's line and
// the row of its call are paid where they are written (-queue none or
// store runs one of the two).
//
// PostgreSQL (with -postgres URL): a one-row select by primary key through
// a pgx pool straight, then through jobs of a select_rows step, one caller
// at a time.
//
// Run it from the repository root:
//
//	go run ./bench/connectors
//	go run ./bench/connectors -postgres 'postgres://postgres@127.0.0.1:5432/wt_conn?sslmode=disable'
//
// Flags: -duration per case (3s), -concurrency of the HTTP callers (32),
// -queue (both, none or store),
// -server-time (0) the HTTP server's own time to answer, -cpuprofile and
// -memprofile.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	nethttp "net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/engine"
	"github.com/partnerd/partnerd/mock"
	"github.com/partnerd/partnerd/store"
)

func main() {
	duration := flag.Duration("duration", 3*time.Second, "how long each case runs")
	concurrency := flag.Int("concurrency", 32, "HTTP callers at once")
	queue := flag.String("queue", "both", "the job queues: none (the engine alone), store (claim and finish through the SQLite store), or both")
	serverTime := flag.Duration("server-time", 0, "how long the HTTP server takes to answer (0: at once, the bare server)")
	postgres := flag.String("postgres", "", "a postgres:// URL whose database the PostgreSQL case uses (it creates and drops a table)")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the run to this file")
	memProfile := flag.String("memprofile", "", "write a profile of the run's allocations to this file")
	flag.Parse()
	if *memProfile != "" {
		defer func() {
			f, err := os.Create(*memProfile)
			if err != nil {
				log.Fatal(err)
			}
			defer f.Close()
			pprof.Lookup("allocs").WriteTo(f, 0)
		}()
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			log.Fatal(err)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	queued := map[string][]bool{"both": {false, true}, "none": {false}, "store": {true}}[*queue]
	if queued == nil {
		log.Fatal("-queue must be both, none or store")
	}
	if err := run(context.Background(), *duration, *concurrency, *serverTime, queued, *postgres); err != nil {
		log.Print(err)
		os.Exit(1)
	}
}

// measure runs call from callers goroutines for d after a short warm-up.
func measure(name string, callers int, d time.Duration, call func(ctx context.Context) error) (*figures, error) {
	ctx := context.Background()
	warm := time.Now().Add(d / 10)
	for time.Now().Before(warm) {
		if err := call(ctx); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	var mu sync.Mutex
	var failed atomic.Value
	f := &figures{name: name}
	cpu, allocs := processCPU(), mallocs()
	start := time.Now()
	end := start.Add(d)
	var wg sync.WaitGroup
	for range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var lat []time.Duration
			for time.Now().Before(end) {
				t := time.Now()
				if err := call(ctx); err != nil {
					failed.Store(err)
					return
				}
				lat = append(lat, time.Since(t))
			}
			mu.Lock()
			f.lat = append(f.lat, lat...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	f.elapsed, f.n, f.cpu, f.mallocs = time.Since(start), len(f.lat), processCPU()-cpu, mallocs()-allocs
	if err, _ := failed.Load().(error); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return f, nil
}

// bench is an engine over a SQLite store that holds the connections and
// the recipes, and two engines: one whose job queue keeps nothing, and
// one whose queue is the store's.
type bench struct {
	alone, queued *engine.Engine
	db            *store.DB
	ws            int64
	seq           atomic.Int64
}

func newBench(ctx context.Context, dir string) (*bench, error) {
	db, err := store.Open(ctx, filepath.Join(dir, "bench.db"))
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		return nil, err
	}
	if err := db.InitSecretKey(ctx, nil); err != nil { // as a server does at its start
		return nil, err
	}
	acct, _, err := db.CreateAccount(ctx, &partnerd.NewAccount{Name: "Bench", Email: "bench@example.com",
		ClientName: "bench", TokenHash: partnerd.HashSecret("bench")})
	if err != nil {
		return nil, err
	}
	jobs := &mock.JobQueue{
		HeartbeatJobFn: func(context.Context, int64, string, time.Duration, bool) error { return nil },
		FinishJobFn:    func(context.Context, int64, string, *partnerd.JobResult) error { return nil },
		// A job that outlasts the live lines' period (a slow machine) stores its lines early.
		AppendJobLinesFn: func(context.Context, int64, string, int, []*partnerd.JobLine, []*partnerd.ConnectorCall) error {
			return nil
		},
	}
	engine := func(jobs partnerd.JobQueue) *engine.Engine {
		return &engine.Engine{Jobs: jobs, Connections: db, Calls: db, Logger: slog.New(slog.DiscardHandler), Now: time.Now,
			Egress: &engine.Egress{Mode: engine.EgressDevelopment}}
	}
	return &bench{alone: engine(jobs), queued: engine(db), db: db, ws: acct.ID}, nil
}

func (b *bench) close() {
	b.alone.Close()
	b.queued.Close()
	b.db.Close()
}

// connection stores an authorized connection and returns its id.
func (b *bench) connection(ctx context.Context, provider string, input partnerd.ConnectionInput) (int64, error) {
	c := &partnerd.Connection{Name: provider, Provider: provider, Input: input}
	c.MarkAuthorized(time.Now())
	err := b.db.CreateConnection(ctx, b.ws, c)
	return c.ID, err
}

// recipe stores and starts a recipe of the steps, called as a function,
// whose config gives provider the connection.
func (b *bench) recipe(ctx context.Context, provider string, connectionID int64, steps ...map[string]any) (*partnerd.Recipe, error) {
	root := map[string]any{"number": 0, "keyword": "trigger", "provider": "workato_recipe_function", "name": "execute",
		"as": "trigger", "input": map[string]any{}, "block": steps}
	code, _ := json.Marshal(root)
	r := &partnerd.Recipe{Name: fmt.Sprintf("bench %d", b.seq.Add(1)), Code: string(code), Config: []partnerd.RecipeConfig{
		{Keyword: "application", Provider: "workato_recipe_function", Name: "workato_recipe_function"},
		{Keyword: "application", Provider: provider, Name: provider, AccountID: &connectionID}}}
	if err := b.db.CreateRecipe(ctx, b.ws, r); err != nil {
		return nil, err
	}
	if problems, err := b.db.StartRecipe(ctx, b.ws, r.ID); err != nil || problems != nil {
		return nil, fmt.Errorf("start recipe: %v %+v", err, problems)
	}
	return r, nil
}

// idPill is a pill of the trigger's id.
const idPill = `{"pill_type":"output","provider":"workato_recipe_function","line":"trigger","path":["id"]}`

// job runs one job of the recipe, through the store's queue when queued,
// and fails unless it succeeded.
func (b *bench) job(ctx context.Context, r *partnerd.Recipe, queued bool) error {
	c := &partnerd.ClaimedJob{Job: &partnerd.Job{ID: b.seq.Add(1), RecipeID: r.ID}, WorkspaceID: b.ws, Recipe: r,
		TriggerOutput: json.RawMessage(`{"id":1}`), Attempt: 1, Worker: "bench"}
	eng := b.alone
	if queued {
		var err error
		if c, err = b.db.ClaimEvent(ctx, b.ws, r.ID, &partnerd.TriggerEvent{Output: json.RawMessage(`{"id":1}`),
			Worker: "bench", Lease: time.Minute}); err != nil {
			return err
		}
		eng = b.queued
	}
	res := eng.Run(ctx, c)
	if res == nil || res.Status != partnerd.JobSucceeded {
		msg := "unfinished"
		if res != nil && res.Error != nil {
			msg = *res.Error
		}
		return fmt.Errorf("job failed: %s", msg)
	}
	return nil
}

// jobCases measures jobs of the recipe without the step and with it, by
// the engine alone or through the store's queue, and returns them by
// twos.
func (b *bench) jobCases(callers int, d time.Duration, empty, step *partnerd.Recipe, stepName string, queues []bool) ([]*figures, error) {
	var out []*figures
	for _, queued := range queues {
		prefix := "job"
		if queued {
			prefix = "queued job"
		}
		for _, c := range []struct {
			name string
			r    *partnerd.Recipe
		}{{prefix + ", no step", empty}, {prefix + ", one " + stepName + " step", step}} {
			f, err := measure(c.name, callers, d, func(ctx context.Context) error { return b.job(ctx, c.r, queued) })
			if err != nil {
				return nil, err
			}
			out = append(out, f)
		}
	}
	return out, nil
}

// printCases prints the direct calls, the jobs, and the step's cost by
// the engine alone and through the queue.
func printCases(stepName string, direct *figures, jobs []*figures, target time.Duration) {
	printHeader()
	direct.print()
	for _, f := range jobs {
		f.print()
	}
	for i := 0; i+1 < len(jobs); i += 2 {
		label := stepName + " step, engine alone"
		if strings.HasPrefix(jobs[i].name, "queued") {
			label = stepName + " step, jobs through the store's queue"
		}
		printCost(label, jobs[i], jobs[i+1], direct)
	}
	fmt.Printf("\ntarget: the step adds ≤ %s over the service's own time (p50); ", us(target))
	fmt.Println("a difference of p99s is noise on a shared machine; CPU/op is the steady figure.")
}

func run(ctx context.Context, d time.Duration, callers int, serverTime time.Duration, queues []bool, postgres string) error {
	dir, err := os.MkdirTemp("", "partnerd-bench-connectors")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	b, err := newBench(ctx, dir)
	if err != nil {
		return err
	}
	defer b.close()

	fmt.Printf("load average %s; GOMAXPROCS %d\n\nHTTP, %d callers, %s per case, the server answering after %s\n\n",
		loadAverage(), runtime.GOMAXPROCS(0), callers, d, serverTime)
	if err := benchHTTP(ctx, b, d, callers, serverTime, queues); err != nil {
		return err
	}
	if postgres != "" {
		fmt.Printf("\nPostgreSQL, 1 caller, %s per case\n\n", d)
		return benchPostgres(ctx, b, d, postgres, queues)
	}
	return nil
}

func benchHTTP(ctx context.Context, b *bench, d time.Duration, callers int, serverTime time.Duration, queues []bool) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &nethttp.Server{Handler: nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		if serverTime > 0 {
			time.Sleep(serverTime)
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"id":"cus_1","status":"ok"}`))
	})}
	go srv.Serve(ln)
	defer srv.Close()
	url := "http://" + ln.Addr().String()

	client := &nethttp.Client{Transport: &nethttp.Transport{MaxIdleConnsPerHost: callers}}
	direct, err := measure("direct GET", callers, d, func(ctx context.Context) error {
		req, _ := nethttp.NewRequestWithContext(ctx, "GET", url+"/v1/customers/1", nil)
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		io.Copy(io.Discard, resp.Body)
		return resp.Body.Close()
	})
	if err != nil {
		return err
	}
	connID, err := b.connection(ctx, "rest", partnerd.ConnectionInput{"auth_type": "bearer", "token": "t", "base_url": url})
	if err != nil {
		return err
	}
	empty, err := b.recipe(ctx, "rest", connID)
	if err != nil {
		return err
	}
	step, err := b.recipe(ctx, "rest", connID, map[string]any{"number": 1, "keyword": "action", "provider": "rest",
		"name": "make_request_v2", "as": "get", "input": map[string]any{"request": map[string]any{"method": "GET",
			"url": "/v1/customers/#{_dp('" + idPill + "')}"}}})
	if err != nil {
		return err
	}
	jobs, err := b.jobCases(callers, d, empty, step, "HTTP", queues)
	if err != nil {
		return err
	}
	printCases("HTTP", direct, jobs, 200*time.Microsecond)
	if serverTime == 0 {
		fmt.Printf("\nAt %d callers on %d CPUs that the callers keep busy, each call waits for the others' CPU: a latency\n"+
			"difference is about %d/%d times the difference of CPU/op (-server-time 2ms leaves the CPUs idle part of the time).\n",
			callers, runtime.GOMAXPROCS(0), callers, runtime.GOMAXPROCS(0))
	}
	return nil
}

func benchPostgres(ctx context.Context, b *bench, d time.Duration, dsn string, queues []bool) error {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return err
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	table := fmt.Sprintf("bench_connectors_%d", time.Now().UnixNano())
	if _, err := pool.Exec(ctx, `CREATE TABLE `+table+` (id int PRIMARY KEY, name text, score numeric)`); err != nil {
		return err
	}
	defer pool.Exec(context.Background(), `DROP TABLE `+table)
	if _, err := pool.Exec(ctx, `INSERT INTO `+table+` SELECT g, 'name ' || g, g * 1.5 FROM generate_series(1, 1000) g`); err != nil {
		return err
	}
	direct, err := measure("direct select (pool)", 1, d, func(ctx context.Context) error {
		rows, err := pool.Query(ctx, `SELECT * FROM `+table+` WHERE id = $1 LIMIT $2 OFFSET $3`, 1, 100, 0)
		if err != nil {
			return err
		}
		for rows.Next() {
			if _, err := rows.Values(); err != nil {
				return err
			}
		}
		rows.Close()
		return rows.Err()
	})
	if err != nil {
		return err
	}
	pass := cfg.ConnConfig.Password
	connID, err := b.connection(ctx, "postgresql", partnerd.ConnectionInput{"host": cfg.ConnConfig.Host,
		"port": fmt.Sprint(cfg.ConnConfig.Port), "database": cfg.ConnConfig.Database, "username": cfg.ConnConfig.User,
		"password": pass, "sslmode": "disable"})
	if err != nil {
		return err
	}
	step, err := b.recipe(ctx, "postgresql", connID, map[string]any{"number": 1, "keyword": "action", "provider": "postgresql",
		"name": "select_rows", "as": "sel", "input": map[string]any{"table": table, "where": "id = :id",
			"parameters": map[string]any{"id": "=_dp('" + idPill + "')"}}})
	if err != nil {
		return err
	}
	empty, err := b.recipe(ctx, "postgresql", connID)
	if err != nil {
		return err
	}
	jobs, err := b.jobCases(1, d, empty, step, "select_rows", queues)
	if err != nil {
		return err
	}
	printCases("select_rows", direct, jobs, time.Millisecond)
	return nil
}
