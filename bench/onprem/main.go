// Command onprem measures what the on-prem agent tunnel adds to a
// PostgreSQL statement: a one-row select by primary key at -concurrency
// callers, made straight through a pgx pool, then through the tunnel (the
// server's agent listener, an agent over mutual TLS on loopback, its pool
// of the same database). Then it streams large results through the
// tunnel: 10,000 rows, 50,000 wide rows in one select and 200,000 rows in
// four, with the peak heap and resident memory of both processes. The
// server's listener runs in this process over an in-memory SQLite store;
// the agent is this command run again as its own process.
//
// With -relay it also measures the one-row select relayed across two
// replicas: two agent listeners over their own pools of one PostgreSQL
// store (a schema of the -postgres database, dropped at the end), the
// agent connected to the second, the callers on the first; against the
// same select through the second's own agent.
//
// Run it from the repository root:
//
//	go run ./bench/onprem -postgres 'postgres://postgres@127.0.0.1:5432/wt_prem?sslmode=disable' [-relay]
//
// Flags: -duration per case (3s), -concurrency (32), -relay.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/agent"
	"github.com/partnerd/partnerd/store"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "agent" {
		runAgentProcess(os.Args[2:])
		return
	}
	duration := flag.Duration("duration", 3*time.Second, "how long each case runs")
	concurrency := flag.Int("concurrency", 32, "callers at once")
	postgres := flag.String("postgres", "", "a postgres:// URL whose database stands for the customer's (a table is created and dropped)")
	relay := flag.Bool("relay", false, "also measure the select relayed between two replicas on a PostgreSQL store")
	flag.Parse()
	if *postgres == "" {
		log.Fatal("-postgres is required")
	}
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, *postgres)
	if err != nil {
		log.Fatal(err)
	}
	defer pool.Close()
	table := fmt.Sprintf("bench_onprem_%d", time.Now().UnixNano())
	must(execSQL(ctx, pool, `CREATE TABLE `+table+` (id int PRIMARY KEY, body text NOT NULL)`))
	defer execSQL(context.Background(), pool, `DROP TABLE `+table)
	must(execSQL(ctx, pool, `INSERT INTO `+table+` SELECT g, 'row ' || g FROM generate_series(1, 10000) g`))

	mem, err := store.Open(ctx, ":memory:")
	must(err)
	server, ws, group, proc := startTunnel(ctx, mem, *postgres)
	defer server.Close()
	defer proc.stop()
	one := `SELECT * FROM ` + table + ` WHERE id = $1`
	fmt.Printf("one-row select, %d callers, %v each\n", *concurrency, *duration)
	report("direct (pgx pool)", *duration, measure(*duration, *concurrency, func(i int) error {
		rows, err := pool.Query(ctx, one, int64(i%10000+1))
		if err != nil {
			return err
		}
		rows.Close()
		return rows.Err()
	}))
	report("through the tunnel", *duration, measure(*duration, *concurrency, func(i int) error {
		_, err := server.Exec(ctx, ws, group, "bench_db", partnerd.OnPremOperation{Action: "select_rows", SQL: one, Args: []any{int64(i%10000 + 1)}, MaxRows: 1})
		return err
	}))
	if *relay {
		measureRelay(ctx, pool, *postgres, one, *duration, *concurrency)
	}

	fmt.Printf("large results through the tunnel, in rows messages of at most %d rows or about %d KiB: peaks of each process during the case\n", 1000, 256)
	serverMem := watchHeap()
	serverMem.reset()
	proc.reset()
	time.Sleep(200 * time.Millisecond)
	idleServer, idleAgent := serverMem.read(), proc.read()
	fmt.Printf("  %-36s server heap %9s  RSS %9s   agent heap %9s  RSS %9s\n", "idle", mib(idleServer.heap), mib(idleServer.rss), mib(idleAgent.heap), mib(idleAgent.rss))
	wide := `SELECT g AS id, repeat('x', 200) || g AS body, now() AS at FROM generate_series(1, 50000) g`
	for _, c := range []struct {
		name    string
		selects int
		op      partnerd.OnPremOperation
	}{
		{"10,000 rows, one select", 1, partnerd.OnPremOperation{Action: "select_rows", SQL: `SELECT * FROM ` + table, MaxRows: 10000}},
		{"50,000 wide rows, one select", 1, partnerd.OnPremOperation{Action: "select_rows", SQL: wide, MaxRows: 50000}},
		{"200,000 rows, four selects of 50,000", 4, partnerd.OnPremOperation{Action: "select_rows", SQL: wide, MaxRows: 50000}},
	} {
		serverMem.reset()
		proc.reset()
		start := time.Now()
		rows, encoded := 0, 0
		var last *partnerd.OnPremResult
		for range c.selects {
			last = nil
			res, err := server.Exec(ctx, ws, group, "bench_db", c.op)
			if err != nil {
				log.Fatal(err)
			}
			rows += len(res.Rows)
			last = res
		}
		took := time.Since(start)
		s, a := serverMem.read(), proc.read()
		b, _ := json.Marshal(last.Rows)
		encoded = len(b) * c.selects
		fmt.Printf("  %-36s server heap %9s  RSS %9s   agent heap %9s  RSS %9s   %d rows, %.1f MiB as JSON, in %v\n", c.name,
			mib(s.heap), mib(s.rss), mib(a.heap), mib(a.rss), rows, float64(encoded)/(1<<20), took.Round(time.Millisecond))
	}
}

// measureRelay measures the select relayed from a replica without an agent
// to one with the agent, against the select on the replica with the agent.
func measureRelay(ctx context.Context, pool *pgxpool.Pool, dsn, one string, d time.Duration, concurrency int) {
	schema := fmt.Sprintf("bench_relay_%d", time.Now().UnixNano())
	must(execSQL(ctx, pool, `CREATE SCHEMA `+schema))
	defer execSQL(context.Background(), pool, `DROP SCHEMA `+schema+` CASCADE`)
	u, err := url.Parse(dsn)
	must(err)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	withAgent, err := store.Open(ctx, u.String())
	must(err)
	defer withAgent.Close()
	b, ws, group, proc := startTunnel(ctx, withAgent, dsn)
	defer b.Close()
	defer proc.stop()
	without, err := store.Open(ctx, u.String())
	must(err)
	defer without.Close()
	a := &agent.Server{Store: without, Relay: without}
	must(a.Open(ctx, "127.0.0.1:0"))
	defer a.Close()
	op := func(s *agent.Server) func(i int) error {
		return func(i int) error {
			_, err := s.Exec(ctx, ws, group, "bench_db", partnerd.OnPremOperation{Action: "select_rows", SQL: one, Args: []any{int64(i%10000 + 1)}, MaxRows: 1})
			return err
		}
	}
	fmt.Printf("two replicas on a PostgreSQL store, the agent connected to the second\n")
	report("on the second", d, measure(d, concurrency, op(b)))
	measure(d/10, concurrency, op(a)) // warms the listeners of relayed operations up
	report("relayed from first", d, measure(d, concurrency, op(a)))
}

// startTunnel opens an agent listener over the store and runs an agent of
// a group, in a process of its own, whose config.yml names the database as
// bench_db. A store on PostgreSQL relays, as a replica's does.
func startTunnel(ctx context.Context, db *store.DB, dsn string) (*agent.Server, int64, int64, *agentProcess) {
	must(db.Migrate(ctx))
	_, hash := partnerd.NewToken()
	account, _, err := db.CreateAccount(ctx, &partnerd.NewAccount{Name: "A", Email: "a@example.com", ClientName: "c", TokenHash: hash})
	must(err)
	w := &partnerd.Workspace{Name: "Customer", NotificationEmail: "ops@example.com", PlanID: partnerd.DefaultPlanID,
		TimeZone: partnerd.DefaultTimeZone, TeamName: "Customer"}
	must(db.CreateCustomer(ctx, account.ID, w))
	g := &partnerd.OnPremGroup{Name: "Group"}
	must(db.CreateOnPremGroup(ctx, w.ID, g))
	rec := &partnerd.OnPremAgent{Name: "Agent", OS: "linux", GroupID: g.ID, AwaitingSetup: true, Enabled: true}
	must(db.CreateOnPremAgent(ctx, w.ID, rec))
	code, err := db.CreateOnPremActivationCode(ctx, w.ID, rec.ID)
	must(err)
	s := &agent.Server{Store: db}
	if db.IsPostgres() {
		s.Relay = db
	}
	must(s.Open(ctx, "127.0.0.1:0"))

	u, err := url.Parse(dsn)
	must(err)
	pass, _ := u.User.Password()
	config := fmt.Sprintf("database:\n  bench_db:\n    adapter: postgresql\n    host: %s\n    port: %s\n    database: %s\n    username: %s\n    password: %q\n    sslmode: %s\n",
		u.Hostname(), u.Port(), strings.TrimPrefix(u.Path, "/"), u.User.Username(), pass, u.Query().Get("sslmode"))
	dir, err := os.MkdirTemp("", "onprem-bench")
	must(err)
	configPath := filepath.Join(dir, "config.yml")
	must(os.WriteFile(configPath, []byte(config), 0o600))
	state := filepath.Join(dir, "state")
	server := "https://" + s.Addr().String()
	must((&agent.Agent{Server: server, StateDir: state}).Enrol(ctx, code.Code))
	proc := startAgentProcess(server, state, configPath)
	for deadline := time.Now().Add(10 * time.Second); len(s.InFlight()) == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			log.Fatal("the agent did not connect")
		}
	}
	return s, w.ID, g.ID, proc
}

// measure runs op at concurrency callers for d and returns each call's time.
func measure(d time.Duration, concurrency int, op func(i int) error) []time.Duration {
	var mu sync.Mutex
	var all []time.Duration
	var n atomic.Int64
	end := time.Now().Add(d)
	var wg sync.WaitGroup
	for range concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for time.Now().Before(end) {
				start := time.Now()
				if err := op(int(n.Add(1))); err != nil {
					log.Fatal(err)
				}
				mine = append(mine, time.Since(start))
			}
			mu.Lock()
			all = append(all, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return all
}

// report prints throughput over the case's duration d and percentiles.
func report(name string, d time.Duration, times []time.Duration) {
	slices.Sort(times)
	pct := func(p float64) time.Duration { return times[int(float64(len(times)-1)*p)] }
	fmt.Printf("  %-20s %8d ops  %8.0f ops/s  p50 %8v  p99 %8v\n", name, len(times),
		float64(len(times))/d.Seconds(), pct(0.5).Round(time.Microsecond), pct(0.99).Round(time.Microsecond))
}

func execSQL(ctx context.Context, pool *pgxpool.Pool, sql string) error {
	_, err := pool.Exec(ctx, sql)
	return err
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
