// Command lookup measures lookup table lookups on SQLite: whether the cost
// of GET …/lookup_tables/{id}/lookup?by[code]=… grows with the table or
// with the position of the row. It seeds a customer workspace with a table
// of 100 rows and one of 100,000 rows through the store, serves the API in
// process on a loopback port, and looks up the first and the last row of
// each, through the Go SDK (the whole stack) and through the store alone.
// For each case it prints lookups per second and the p50 and p99 latency.
//
// Run it from the repository root (about 40 s on 2 cores):
//
//	go run ./bench/lookup
//
// Flags: -duration per case (3s), -concurrency of the callers (1), -rows of
// the big table (100000).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"math/rand/v2"
	"net"
	nethttp "net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/partnerd/partnerd"
	"github.com/partnerd/partnerd/client"
	"github.com/partnerd/partnerd/http"
	"github.com/partnerd/partnerd/store"
)

func main() {
	duration := flag.Duration("duration", 3*time.Second, "how long each case runs")
	concurrency := flag.Int("concurrency", 1, "callers looking up at once")
	bigRows := flag.Int("rows", partnerd.MaxLookupRows, "rows of the big table")
	flag.Parse()
	if err := run(context.Background(), *duration, *concurrency, *bigRows); err != nil {
		log.Fatal(err)
	}
}

// table is a seeded lookup table and the codes of its first and last rows.
type table struct {
	name        string
	id          int64
	first, last string
}

func run(ctx context.Context, duration time.Duration, concurrency, bigRows int) error {
	dir, err := os.MkdirTemp("", "partnerd-bench-lookup")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "bench.db")
	token, customerID, tables, err := seedAll(ctx, path, bigRows)
	if err != nil {
		return err
	}
	// The lookups go through a fresh store, as those of a server started
	// on the seeded file do.
	db, err := store.Open(ctx, path)
	if err != nil {
		return err
	}
	defer db.Close()

	url, stop, err := serve(db)
	if err != nil {
		return err
	}
	defer stop()
	transport := &nethttp.Transport{MaxIdleConnsPerHost: concurrency}
	c := client.New(url, client.WithToken(token), client.WithHTTPClient(&nethttp.Client{Transport: transport}))
	mu := client.ID(customerID)

	var cases []*benchCase
	for _, layer := range []string{"http", "store"} {
		for _, t := range tables {
			for _, pos := range []struct{ name, code string }{{"first", t.first}, {"last", t.last}} {
				bc := &benchCase{name: fmt.Sprintf("%-6s %-14s %-5s", layer, t.name, pos.name)}
				bc.lookup = func() error {
					_, err := c.Lookup(ctx, mu, t.id, map[string]string{"code": pos.code})
					return err
				}
				if layer == "store" {
					by := []partnerd.LookupCondition{{Label: "code", Value: pos.code}}
					bc.lookup = func() error {
						_, err := db.FindFirstLookupRow(ctx, customerID, t.id, by)
						return err
					}
				}
				cases = append(cases, bc)
			}
		}
	}
	if err := measure(cases, duration, concurrency); err != nil {
		return err
	}
	fmt.Printf("\n%-6s %-14s %-5s %12s %10s %10s\n", "layer", "table", "row", "lookups/s", "p50", "p99")
	for _, bc := range cases {
		fmt.Printf("%s %12.0f %10v %10v\n", bc.name, bc.perSecond(), bc.percentile(0.50), bc.percentile(0.99))
	}
	return nil
}

// seedAll creates the database at path with an account, its customer,
// and a table of 100 rows and one of bigRows rows, and closes it.
func seedAll(ctx context.Context, path string, bigRows int) (token string, customerID int64, tables []table, err error) {
	db, err := store.Open(ctx, path)
	if err != nil {
		return "", 0, nil, err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return "", 0, nil, err
	}
	token, hash := partnerd.NewToken()
	account, _, err := db.CreateAccount(ctx, &partnerd.NewAccount{Name: "Bench", Email: "bench@partnerd.test",
		APIKeyHash: partnerd.HashSecret(partnerd.RandomString(32)), ClientName: "bench", TokenHash: hash})
	if err != nil {
		return "", 0, nil, err
	}
	customer := &partnerd.Workspace{Name: "Customer", NotificationEmail: "ops@customer.test",
		PlanID: partnerd.DefaultPlanID, TimeZone: partnerd.DefaultTimeZone, TeamName: "Customer"}
	if err := db.CreateCustomer(ctx, account.ID, customer); err != nil {
		return "", 0, nil, err
	}
	// An empty table takes id 1: SQLite seeks the rows of table 1, and of
	// no other, about 1.5 times slower, whatever their number (measured with
	// three tables of 100 rows; it goes with ORDER BY id on table_id = 1).
	if _, err := seed(ctx, db, customer.ID, 0); err != nil {
		return "", 0, nil, err
	}
	for _, n := range []int{100, bigRows} {
		start := time.Now()
		t, err := seed(ctx, db, customer.ID, n)
		if err != nil {
			return "", 0, nil, err
		}
		fmt.Printf("seeded %s in %v\n", t.name, time.Since(start).Round(time.Millisecond))
		tables = append(tables, t)
		if n == partnerd.MaxLookupRows {
			_, err := db.AddLookupRow(ctx, customer.ID, t.id, partnerd.LookupData{})
			fmt.Printf("one row more: %v\n", err)
		}
	}
	return token, customer.ID, tables, nil
}

// seed creates a table of n rows whose codes are C0000000 onwards, in one
// transaction.
func seed(ctx context.Context, db *store.DB, workspaceID int64, n int) (table, error) {
	t := &partnerd.LookupTable{Name: fmt.Sprintf("%d rows", n),
		Columns: []partnerd.LookupColumn{{Label: "code", Type: "string"}, {Label: "name", Type: "string"}}}
	if err := db.CreateLookupTable(ctx, workspaceID, t); err != nil {
		return table{}, err
	}
	code := func(i int) string { return fmt.Sprintf("C%07d", i) }
	rows := make([]partnerd.LookupData, n)
	for i := range rows {
		c, name := code(i), fmt.Sprintf("Name %d", i)
		rows[i] = partnerd.LookupData{"code": &c, "name": &name}
	}
	if err := db.AddLookupRows(ctx, workspaceID, t.ID, rows); err != nil {
		return table{}, err
	}
	return table{name: t.Name, id: t.ID, first: code(0), last: code(max(0, n-1))}, nil
}

// serve serves the API over the store on a loopback port and returns its
// URL and a function that stops it.
func serve(db *store.DB) (string, func(), error) {
	s := http.NewServer()
	s.Workspaces, s.Auth, s.LookupTables = db, db, db
	s.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &nethttp.Server{Handler: s}
	go srv.Serve(l)
	return "http://" + l.Addr().String(), func() { srv.Close() }, nil
}

// benchCase is one lookup to measure and what it measured.
type benchCase struct {
	name      string
	lookup    func() error
	latencies []time.Duration
	elapsed   time.Duration
}

func (bc *benchCase) perSecond() float64 { return float64(len(bc.latencies)) / bc.elapsed.Seconds() }

func (bc *benchCase) percentile(p float64) time.Duration {
	slices.Sort(bc.latencies)
	return bc.latencies[min(len(bc.latencies)-1, int(p*float64(len(bc.latencies))))].Round(time.Microsecond)
}

// round is how long a case runs at a time: the cases take turns, round
// after round and in a new order each round, so that a change in the
// machine's load, or the garbage one case leaves to the next, weighs on
// all alike.
const round = 250 * time.Millisecond

// measure warms every case up, then runs each for duration in all, in
// turns of one round, calling its lookup from concurrency goroutines.
func measure(cases []*benchCase, duration time.Duration, concurrency int) error {
	for _, bc := range cases {
		for range 200 {
			if err := bc.lookup(); err != nil {
				return fmt.Errorf("%s: %w", bc.name, err)
			}
		}
	}
	order := slices.Clone(cases)
	for range max(1, int(duration/round)) {
		rand.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, bc := range order {
			if err := bc.run(round, concurrency); err != nil {
				return fmt.Errorf("%s: %w", bc.name, err)
			}
		}
	}
	return nil
}

// run calls the lookup from concurrency goroutines for d and records the
// latencies.
func (bc *benchCase) run(d time.Duration, concurrency int) error {
	var (
		mu       sync.Mutex
		firstErr error
		wg       sync.WaitGroup
	)
	start := time.Now()
	deadline := start.Add(d)
	for range concurrency {
		wg.Go(func() {
			var mine []time.Duration
			var err error
			for time.Now().Before(deadline) && err == nil {
				t := time.Now()
				err = bc.lookup()
				mine = append(mine, time.Since(t))
			}
			mu.Lock()
			defer mu.Unlock()
			bc.latencies = append(bc.latencies, mine...)
			if firstErr == nil {
				firstErr = err
			}
		})
	}
	wg.Wait()
	bc.elapsed += time.Since(start)
	return firstErr
}
